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

  // Chinese numerals as the clauses write small numbers (一年, 十八岁, 两年)
  const ZH = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
  const zhNumber = (n: number): Array<string> =>
    n <= 10 ? [ZH[n]!, ...(n === 2 ? ["两"] : [])] : n < 20 ? [`十${ZH[n - 10]}`] : []
  /** The ways a clause may write a parameter's value: as is, in 万 for yuan, in years or 半年 for months, in % for a share. */
  const renderings = (value: number, unit: string): Array<string> => {
    const out = [String(value), ...zhNumber(value)]
    if (unit === "yuan") out.push(`${value / 10_000}万`, `${value / 100_000_000}亿`)
    if (unit === "months" && value % 12 === 0) out.push(`${value / 12}年`, ...zhNumber(value / 12).map((z) => `${z}年`))
    if (unit === "months" && value === 6) out.push("半年")
    if (unit === "months" && value === 1) out.push("一个月")
    if (unit === "share") out.push(`${Math.round(value * 100)}%`)
    return out
  }

  it.each(catalogue.map((p) => [p.id, p] as const))("%s: every parameter marked stated quotes the clause that states its value", (_id, policy) => {
    for (const p of policy.parameters.filter((x) => !x.assumption)) {
      const quote = p.citation.quote
      expect(quote, `${p.key} quotes its clause`).toBeTypeOf("string")
      expect(quote!.length, p.key).toBeGreaterThan(0)
      if (typeof p.value === "number") {
        expect(renderings(p.value, p.unit).some((r) => quote!.includes(r)), `${p.key} = ${p.value}: ${quote}`).toBe(true)
      }
      if (p.key === "duesBrackets") for (const rate of ["0.5%", "1%", "1.5%", "2%"]) expect(quote).toContain(rate)
    }
  })

  it.each(catalogue.map((p) => [p.id, p] as const))("%s: every member-count parameter says which members it counts", (_id, policy) => {
    const thresholds = policy.parameters.filter((p) => p.unit === "members" && /Min|Max/.test(p.key) && !/^branchCommitteeSize/.test(p.key))
    for (const p of thresholds) expect(p.counts, p.key).toBeDefined()
  })

  it("counts full members for the branch and the branch committee, all members for the general branch and the committee (以上 includes the number)", () => {
    const n = (key: string) => policies.national.parameters.find((p) => p.key === key)!
    expect([n("branchMinFullMembers").value, n("branchMinFullMembers").counts]).toEqual([3, "full"])
    expect([n("branchCommitteeMinFullMembers").value, n("branchCommitteeMinFullMembers").counts]).toEqual([7, "full"])
    expect([n("generalBranchMinMembers").value, n("generalBranchMinMembers").counts]).toEqual([50, "all"])
    expect([n("committeeMinMembers").value, n("committeeMinMembers").counts]).toEqual([100, "all"])
    // the numbers are cited from the regulation that states them, not from the Constitution's Art. 30
    expect(n("generalBranchMinMembers").citation).toMatchObject({ document: "cpc-soe-primary-regulations-2019", section: "Art. 4" })
    expect(n("committeeMinMembers").citation).toMatchObject({ document: "cpc-soe-primary-regulations-2019", section: "Art. 4" })
  })

  it("sections are spelled one way: Art. / Arts. / Ch. for regulations, § for the seeds", () => {
    for (const p of catalogue) {
      for (const c of [...p.parameters.map((x) => x.citation), ...p.rules.map((r) => r.citation)]) {
        const kind = sources[c.document as keyof typeof sources]?.kind
        if (kind === "regulation") expect(c.section, `${p.id} ${c.document}`).toMatch(/^(Art\. \d+|Arts\. \d+(-\d+|, \d+)|Ch\. \d+|§\d+)$/)
        if (c.document.startsWith("seed-")) expect(c.section, `${p.id} ${c.document}`).toMatch(/^§/)
      }
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
    // the Expo's dates are redsite's inference from the Expo's operation (the source elides the year)
    expect(policies.shanghaiExpo.effective.inferred).toBe(true)
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
