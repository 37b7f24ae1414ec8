import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { catalogue, findPolicy, policies, resolve } from "./catalogue/index.js"
import { Policy, RuleSpec, decodePolicy, inForceAt } from "./policy.js"
import { reform } from "./reform.js"
import { sources } from "./sources.js"

describe("policy catalogue", () => {
  it("holds the policies of DOMAIN.md §3", () => {
    expect(catalogue.map((p) => p.id)).toEqual([
      "national", "shanghai-site", "shanghai-expo", "langshan-street", "fuding-site-2020", "shanghai-five-joint", "wenzhou-red-site-2022"
    ])
  })

  it.each(catalogue.map((p) => [p.id, p] as const))("%s decodes and encodes unchanged", (_id, policy) => {
    const encoded = Schema.encodeSync(Policy)(policy)
    const again = decodePolicy(JSON.parse(JSON.stringify(encoded)))
    expect(Either.isRight(again)).toBe(true)
    if (Either.isRight(again)) expect(Schema.encodeSync(Policy)(again.right)).toEqual(encoded)
  })

  it.each(catalogue.map((p) => [p.id, p] as const))("%s resolves: every rule reads existing parameters and cites a known source", (_id, policy) => {
    const resolved = resolve(policy)
    expect(Either.isRight(resolved)).toBe(true)
    if (Either.isLeft(resolved)) return
    const keys = new Set(resolved.right.parameters.map((p) => p.key))
    for (const rule of resolved.right.rules) {
      for (const k of rule.parameters) expect(keys, `${rule.id} reads ${k}`).toContain(k)
      expect(Object.keys(sources), rule.id).toContain(rule.citation.document)
      expect(rule.origin).toBeDefined()
    }
    for (const p of resolved.right.parameters) {
      expect(Object.keys(sources), p.key).toContain(p.citation.document)
      // an assumption must say so in its note
      if (p.assumption) expect(p.note, p.key).toMatch(/assum/i)
    }
  })

  it("local policies displace only rules their basis has", () => {
    for (const p of catalogue) {
      const basis = p.basis === undefined ? undefined : findPolicy(p.basis)
      for (const id of p.displaces) expect(basis?.rules.map((r) => r.id), `${p.id} displaces ${id}`).toContain(id)
    }
  })

  it("knows when a policy is in force, and when that is unknown", () => {
    expect(inForceAt(policies.shanghaiExpo, "2010-06-01")).toBe(true)
    expect(inForceAt(policies.shanghaiExpo, "2011-01-01")).toBe(false)
    expect(inForceAt(policies.shanghaiSite, "2019-01-01")).toBe("unknown")
    expect(inForceAt(policies.fudingSite2020, "2020-09-02")).toBe(false)
  })

  it("rejects a policy whose rule reads a parameter it does not have", () => {
    const encoded = Schema.encodeSync(Policy)(policies.national)
    const broken = { ...encoded, parameters: encoded.parameters.filter((p) => p.key !== "projectMinMonths") }
    const r = decodePolicy(broken)
    expect(Either.isLeft(r)).toBe(true)
    if (Either.isLeft(r)) expect(r.left.issues.map((i) => i.message).join()).toMatch(/unknown parameter projectMinMonths/)
  })
})

describe("reform", () => {
  it("derives a policy with a parameter changed, recording the change", () => {
    const r = reform(policies.fudingSite2020, { parameters: { costThresholdYuan: 30_000_000 } })
    expect(Either.isRight(r)).toBe(true)
    if (Either.isLeft(r)) return
    const p = r.right
    expect(p.id).toBe("fuding-site-2020~reform")
    expect(p.parameters.find((x) => x.key === "costThresholdYuan")!.value).toBe(30_000_000)
    expect(p.derivedFrom!.changes).toEqual([{ key: "costThresholdYuan", before: 50_000_000, after: 30_000_000 }])
    // the basis is merged in, so a national parameter can be reformed too
    const r2 = reform(policies.fudingSite2020, { id: "fuding-5", parameters: { branchMinFullMembers: 5 } })
    expect(Either.isRight(r2)).toBe(true)
  })

  it("rejects unknown parameters, wrong types, negative numbers and shares above one", () => {
    const r = reform(policies.wenzhouRedSite2022, {
      parameters: { nope: 1, costThresholdYuan: 5, eligibleMinMonths: "six", eligibleMinFullMembers: -1, creatingShare2022: 1.5 }
    })
    expect(Either.isLeft(r)).toBe(true)
    if (Either.isLeft(r) && r.left._tag === "ReformError") {
      expect(r.left.issues.map((i) => i.path).sort()).toEqual([
        "parameters.costThresholdYuan", "parameters.creatingShare2022", "parameters.eligibleMinFullMembers",
        "parameters.eligibleMinMonths", "parameters.nope"
      ])
    } else throw new Error("expected a ReformError")
  })

  it("rejects a chain that defines a rule twice without displacing it", () => {
    const local = policies.shanghaiSite
    const basis = findPolicy(local.basis!)!
    const kept = basis.rules.find((r) => !local.displaces.includes(r.id))!
    const encoded = Schema.encodeSync(Policy)(local)
    const clash = Schema.decodeSync(Policy)({ ...encoded, rules: [...encoded.rules, Schema.encodeSync(RuleSpec)(kept)] })
    const r = resolve(clash)
    expect(Either.isLeft(r)).toBe(true)
    if (Either.isLeft(r)) expect(r.left.message).toContain(`rule ${kept.id} is defined twice`)
  })
})
