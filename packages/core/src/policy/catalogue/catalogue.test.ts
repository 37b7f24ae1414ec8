import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Policy, PolicyTalk, decodePolicy, resolvePolicy } from "../policy.js"
import { findPolicy, fudingSite2020, national } from "./index.js"
import { fudingDefaultScheme, schemesOf } from "../../scoring/scheme.js"
import { fudingTalkRules, talkRulesOf } from "../../scoring/obligations.js"

describe("what was code is now data", () => {
  it("Fuding's points scheme is the first scheme of its policy's data", () => {
    expect(fudingDefaultScheme).toBe(fudingSite2020.scoring?.schemes[0])
    expect(schemesOf(fudingSite2020)).toEqual([fudingDefaultScheme])
    expect(schemesOf(national)).toEqual([])
  })

  it("the talk rules are read from the policies' talks: Fuding's three, then the national applicant talk from its parameter", () => {
    expect(fudingTalkRules.map((r) => [r.trigger, r.window.amount, r.window.unit, r.policyId, r.assumption])).toEqual([
      ["newArrival", 7, "days", "fuding-site-2020", true],
      ["safetyViolation", 3, "days", "fuding-site-2020", true],
      ["familyIncident", 7, "days", "fuding-site-2020", true],
      ["application", national.parameters.find((p) => p.key === "applicantTalkWithinMonths")!.value, "months", "national", false]
    ])
    expect(talkRulesOf(national).map((r) => r.trigger)).toEqual(["application"])
  })

  it("a local talk refines the basis's talk of the same trigger, and a window naming an unknown parameter is refused on resolution", () => {
    const own = decodePolicy({
      ...Schema.encodeSync(Policy)(fudingSite2020),
      id: "t", talks: [{ trigger: "application", window: { amount: 14, unit: "days" }, rule: "fuding-site-2020.talks", citation: { document: "redsite-assumption", section: "test" }, assumption: true }]
    })
    if (Either.isLeft(own)) throw new Error(own.left.message)
    const rules = talkRulesOf(own.right)
    expect(rules.filter((r) => r.trigger === "application").map((r) => [r.window.amount, r.policyId])).toEqual([[14, "t"]])
    const broken = new Policy({ ...own.right, talks: [new PolicyTalk({ ...own.right.talks![0]!, window: { parameter: "nope", unit: "months" } })] })
    const r = resolvePolicy(broken, findPolicy)
    expect(Either.isLeft(r) && r.left.message).toContain("talk application reads unknown parameter nope")
  })

  it("a window given as a number must say whether it is an assumption", () => {
    const r = decodePolicy({
      ...Schema.encodeSync(Policy)(national),
      talks: [{ trigger: "newArrival", window: { amount: 7, unit: "days" }, rule: "national.pipeline.intervals", citation: { document: "redsite-assumption", section: "x" } }]
    })
    expect(Either.isLeft(r) && r.left.issues.map((i) => i.path)).toEqual(["talks[0].assumption"])
  })
})

describe("a talk names a rule of its policy", () => {
  it("is refused on resolution when the rule is unknown", () => {
    const broken = new Policy({ ...fudingSite2020, id: "t", talks: [new PolicyTalk({ ...fudingSite2020.talks![0]!, rule: "t.nope" })] })
    const r = resolvePolicy(broken, findPolicy)
    expect(Either.isLeft(r) && r.left.message).toContain("talk newArrival names unknown rule t.nope")
  })
})
