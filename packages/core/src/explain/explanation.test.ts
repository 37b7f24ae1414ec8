import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { cite } from "../policy/sources.js"
import {
  Citation,
  EXPLANATION_FORMAT,
  EXPLANATION_FORMAT_V1,
  Finding,
  PolicyGap,
  Reason,
  gap
} from "./explanation.js"

const GapJson = Schema.parseJson(PolicyGap)
const FindingJson = Schema.parseJson(Finding(Schema.String))

const reasonJson = (format: string) => ({
  format,
  policyId: "national",
  ruleId: "national.requirement",
  citation: { document: "cpc-branch-regulations-2018", section: "Art. 5" },
  facts: [{ name: "plannedMonths", value: 12 }],
  parameters: [{ key: "projectMinMonths", value: 6, unit: "months", assumption: false }],
  text: { zh: "应当建立", en: "required" }
})

describe("explanation format", () => {
  it("is version 2", () => {
    expect(EXPLANATION_FORMAT).toBe("redsite.explanation/2")
  })

  it("a gap names the clause that leaves its question open, and keeps it through JSON", () => {
    const g = gap("shanghai-site", "requirement", { zh: "未规定", en: "silent" }, cite("seed-000-site", "§二(二)", "6个月至2年"))
    const json = Schema.encodeSync(GapJson)(g.gap)
    expect(JSON.parse(json)).toMatchObject({
      format: EXPLANATION_FORMAT,
      citation: { document: "seed-000-site", section: "§二(二)", note: "6个月至2年" }
    })
    const back = Schema.decodeSync(GapJson)(json)
    expect(back.citation).toEqual(new Citation({ document: "seed-000-site", section: "§二(二)", note: "6个月至2年" }))
  })

  it("a version-1 gap still decodes, with no citation, and encodes as version 2", () => {
    const old = JSON.stringify({ _tag: "PolicyGap", format: EXPLANATION_FORMAT_V1, policyId: "national", question: "lead", text: { zh: "未规定", en: "silent" } })
    const g = Schema.decodeSync(GapJson)(old)
    expect(g.citation).toBeUndefined()
    expect(g.format).toBe(EXPLANATION_FORMAT)
    expect(JSON.parse(Schema.encodeSync(GapJson)(g)).format).toBe(EXPLANATION_FORMAT)
  })

  it("a version-1 settled finding decodes, without the rules it passed over", () => {
    const old = JSON.stringify({ _tag: "Settled", value: "required", reasons: [reasonJson(EXPLANATION_FORMAT_V1)] })
    const f = Schema.decodeSync(FindingJson)(old)
    expect(f._tag).toBe("Settled")
    if (f._tag === "Settled") {
      expect(f.passedOver).toBeUndefined()
      expect(f.reasons[0]!.format).toBe(EXPLANATION_FORMAT)
    }
  })

  it("a settled finding keeps the rules it passed over through JSON", () => {
    const silent = Schema.decodeUnknownSync(Reason)({ ...reasonJson(EXPLANATION_FORMAT), ruleId: "fuding-site-2020.requirement", policyId: "fuding-site-2020" })
    const f = { _tag: "Settled" as const, value: "required", reasons: [Schema.decodeUnknownSync(Reason)(reasonJson(EXPLANATION_FORMAT))] as const, passedOver: [silent] }
    const back = Schema.decodeSync(FindingJson)(Schema.encodeSync(FindingJson)(f))
    expect(back._tag === "Settled" && back.passedOver?.map((r) => r.ruleId)).toEqual(["fuding-site-2020.requirement"])
  })

  it("an unknown format is refused", () => {
    expect(() => Schema.decodeUnknownSync(Reason)(reasonJson("redsite.explanation/9"))).toThrow()
  })
})
