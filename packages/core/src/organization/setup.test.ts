import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Finding, Settled } from "../explain/explanation.js"
import { reasonsOf, valueOf } from "../explain/explanation.js"
import { arbProject, withExtraMembers } from "../model/arbitraries.js"
import { isoDate, monthsOfPeriod, periodEnd } from "../model/primitives.js"
import type { Project } from "../model/project.js"
import type { SetupForm } from "../model/vocabulary.js"
import { catalogue, findPolicy, policies, resolve } from "../policy/catalogue/index.js"
import { Policy as PolicySchema } from "../policy/policy.js"
import type { Policy, ResolvedPolicy } from "../policy/policy.js"
import { reform } from "../policy/reform.js"
import { assumed, policy as buildPolicy, rule } from "../policy/catalogue/build.js"
import { cite } from "../policy/sources.js"
import { makeProject, seedScenarios } from "../scenarios/seeds.js"
import { compareDecisions } from "./compare.js"
import type { SetupDecision } from "./decision.js"
import { DECISION_ELEMENTS, SetupDecision as SetupDecisionSchema } from "./decision.js"
import { decideSetup, evaluateSetup } from "./setup.js"

const resolved = (p: Policy): ResolvedPolicy => Either.getOrThrow(resolve(p))
const decide = (project: Project, policy: Policy, date = "2021-06-01"): SetupDecision =>
  decideSetup(project, resolved(policy), isoDate(date))
const scenario = (id: string) => {
  const s = seedScenarios.find((x) => x.id === id)!
  return decide(s.project, findPolicy(s.policyId)!, s.date)
}
const forms = (d: SetupDecision) => (valueOf(d.forms) ?? []).map((f) => f.form)
const ruleIds = (f: Finding<unknown> | undefined) => (f === undefined ? [] : reasonsOf(f).map((r) => r.ruleId))

/** A project in one general-contractor unit with the members given, planned for `months` whole months from 2021-01-01. */
const site = (o: { full: number; probationary?: number; months?: number; costYuan?: number; major?: boolean }) =>
  makeProject({
    id: "site", name: "site", kind: "building", costYuan: o.costYuan ?? 10_000_000, major: o.major ?? false,
    plannedStart: "2021-01-01", plannedEnd: periodEnd("2021-01-01", o.months ?? 12),
    units: [{ id: "gc", name: "GC", role: "generalContractor", hasOrganization: true, members: { full: o.full, probationary: o.probationary ?? 0 } }]
  })

const LEVEL: Record<SetupForm, number> = {
  instructorOnly: 0, massOrganization: 0, attachment: 0, departmentManaged: 0, jointOffice: 1, workGroup: 1,
  jointBranch: 2, combinedBranch: 2, branch: 3, generalBranch: 4, committee: 5
}
const level = (d: SetupDecision) => LEVEL[forms(d)[0] ?? "instructorOnly"]
const answeredBy = (f: Finding<unknown> | undefined) => (f !== undefined && f._tag === "Settled" ? f.reasons[0].ruleId : undefined)

// Conformance tables written from the clauses: each threshold at n-1, n and n+1.
describe("conformance: national thresholds", () => {
  // Branch Work Regulations Art. 4: 凡是有正式党员3人以上的,都应当成立党支部 (full members only)
  it.each([
    [2, 0, ["jointBranch"]],
    [3, 0, ["branch"]],
    [4, 0, ["branch"]],
    [2, 5, ["jointBranch"]]
  ] as const)("BR Art. 4: %i full and %i probationary members → %j", (full, probationary, expected) => {
    expect(forms(decide(site({ full, probationary }), policies.national))).toEqual(expected)
  })

  // SOE primary-organization regulations 2019 Art. 4: 党员人数50人以上、100人以下的,设立党的总支部委员会 (all members, 以上 inclusive)
  it.each([
    [49, 0, ["branch"]],
    [50, 0, ["generalBranch", "branch"]],
    [51, 0, ["generalBranch", "branch"]],
    [40, 9, ["branch"]],
    [40, 10, ["generalBranch", "branch"]],
    [40, 11, ["generalBranch", "branch"]]
  ] as const)("SOE regulations Art. 4: %i full and %i probationary members → %j", (full, probationary, expected) => {
    expect(forms(decide(site({ full, probationary }), policies.national))).toEqual(expected)
  })

  // SOE primary-organization regulations 2019 Art. 4: 党员人数100人以上的,设立党的基层委员会 (all members, 以上 inclusive)
  it.each([
    [99, 0, ["generalBranch", "branch"]],
    [100, 0, ["committee", "generalBranch"]],
    [101, 0, ["committee", "generalBranch"]],
    [90, 9, ["generalBranch", "branch"]],
    [90, 10, ["committee", "generalBranch"]],
    [90, 11, ["committee", "generalBranch"]]
  ] as const)("SOE regulations Art. 4: %i full and %i probationary members → %j", (full, probationary, expected) => {
    expect(forms(decide(site({ full, probationary }), policies.national))).toEqual(expected)
  })

  // Branch Work Regulations Ch. 6: 有正式党员7人以上的党支部,应当设立党支部委员会 (full members only)
  it.each([
    [6, 0, "SecretaryOnly"],
    [7, 0, "Committee"],
    [8, 0, "Committee"],
    [6, 3, "SecretaryOnly"]
  ] as const)("BR Ch. 6: %i full and %i probationary members → %s", (full, probationary, tag) => {
    const c = valueOf(decide(site({ full, probationary }), policies.national).committee)!
    expect(c._tag).toBe(tag)
    if (c._tag === "Committee") expect([c.sizeMin, c.sizeMax, c.sizeCeiling]).toEqual([3, 5, 7])
  })

  // Branch Work Regulations Art. 5: 为期6个月以上的工程……符合条件的,应当成立党支部
  it.each([
    [5, "notRequired"],
    [6, "required"],
    [7, "required"]
  ] as const)("BR Art. 5: a planned period of %i whole months → %s", (months, expected) => {
    expect(valueOf(decide(site({ full: 3, months }), policies.national).requirement)).toBe(expected)
  })

  it("BR Art. 5: the planned period counts its first and last day of work (2021-01-01..2021-06-30 is six months, a day less is five)", () => {
    const p = site({ full: 3, months: 6 })
    expect(monthsOfPeriod(p.plannedStart, p.plannedEnd)).toBe(6)
    expect(valueOf(decide(p, policies.national).requirement)).toBe("required")
    const dayLess = makeProject({ ...p, plannedEnd: "2021-06-29", units: [{ id: "gc", name: "GC", role: "generalContractor", members: { full: 3 } }] } as never)
    expect(valueOf(decide(dayLess, policies.national).requirement)).toBe("notRequired")
  })

  // BR Art. 5's 符合条件, read as projectMinFullMembers (assumption, default 1) at n-1, n, n+1: no full member, no
  // organization; 1 or 2 should form a joint branch (Art. 5: 正式党员不足3人的单位,应当……成立联合党支部); probationary
  // members never make a project qualify
  it.each([
    [0, 0, "notRequired"],
    [0, 4, "notRequired"],
    [1, 0, "required"],
    [2, 5, "required"],
    [3, 0, "required"]
  ] as const)("BR Art. 5: a 12-month project with %i full and %i probationary members → %s", (full, probationary, expected) => {
    const d = decide(site({ full, probationary }), policies.national)
    expect(valueOf(d.requirement)).toBe(expected)
    const used = reasonsOf(d.requirement).flatMap((r) => r.parameters).find((x) => x.key === "projectMinFullMembers")!
    expect(used).toMatchObject({ value: 1, assumption: true, counts: "full" })
  })

  it("a national project organization is temporary by the flagged default (BR Art. 6 可以), its secretary appointed by the approving organization", () => {
    const d = decide(site({ full: 4 }), policies.national)
    expect(valueOf(d.forms)![0]!.temporary).toBe(true)
    expect(valueOf(d.secretary)!.sources).toEqual(["appointedByApprover"])
    expect(reasonsOf(d.forms).flatMap((r) => r.parameters).find((x) => x.key === "projectOrganizationsTemporary")!.assumption).toBe(true)
  })

  it("national rules say nothing about the lead unit: a typed gap", () => {
    const d = decide(site({ full: 4 }), policies.national)
    expect(d.lead._tag).toBe("Gap")
    expect(d.gaps.map((g) => g.question)).toContain("lead")
  })

  it("each member threshold of the reasons says which members it counts", () => {
    const d = decide(site({ full: 60, probationary: 2 }), policies.national)
    const used = reasonsOf(d.forms).flatMap((r) => r.parameters)
    expect(used.find((x) => x.key === "generalBranchMinMembers")).toMatchObject({ value: 50, counts: "all" })
    expect(used.find((x) => x.key === "committeeMinMembers")).toMatchObject({ value: 100, counts: "all" })
    expect(reasonsOf(d.forms)[0]!.facts).toEqual(expect.arrayContaining([expect.objectContaining({ name: "members", value: 62 })]))
  })
})

describe("conformance: Fuding's scope (seed-002 §一 实施动因: 工程造价5000万元以上、工期2年以上的重点项目)", () => {
  const fuding = (costYuan: number, months: number) => decide(site({ full: 4, costYuan, months, major: true }), policies.fudingSite2020)
  it.each([
    [49_999_999, 24, "national.requirement"],
    [50_000_000, 24, "fuding-site-2020.requirement"],
    [50_000_001, 24, "fuding-site-2020.requirement"],
    [50_000_000, 23, "national.requirement"],
    [50_000_000, 25, "fuding-site-2020.requirement"]
  ] as const)("cost %i yuan, %i whole months: answered by %s", (cost, months, rule) => {
    const d = fuding(cost, months)
    expect(valueOf(d.requirement)).toBe("required")
    expect(answeredBy(d.requirement)).toBe(rule)
    expect(forms(d)[0]).toBe(rule === "fuding-site-2020.requirement" ? "combinedBranch" : "branch")
  })
})

describe("layers: a local rule answers within its scope and is silent elsewhere", () => {
  it("Fuding: an 18-month, 30-million-yuan site with 10 full members is required by the national rule, with a branch and no combined-branch duties", () => {
    const d = scenario("fuding-outside-scope")
    expect(valueOf(d.requirement)).toBe("required")
    expect(answeredBy(d.requirement)).toBe("national.requirement")
    const req = d.requirement as Settled<unknown>
    expect(req.passedOver!.map((r) => [r.ruleId, r.policyId])).toEqual([["fuding-site-2020.requirement", "fuding-site-2020"]])
    expect(req.passedOver![0]!.text.en).toMatch(/outside the policy's scope.*next layer answers/)
    expect(forms(d)).toEqual(["branch"])
    expect(answeredBy(d.forms)).toBe("national.forms")
    expect((d.forms as Settled<unknown>).passedOver!.map((r) => r.ruleId)).toEqual(["fuding-site-2020.forms"])
    // the instructor and the liaison of a combined branch are not due where there is none
    expect(reasonsOf(d.instructor)).toEqual([])
    expect(d.instructor._tag).toBe("Gap")
    expect(d.liaison._tag).toBe("Gap")
    expect(valueOf(d.committee)).toMatchObject({ _tag: "Committee" })
  })

  it("Shanghai: a non-major site of 30 months is answered by the national rule; the gap cites §二(二)", () => {
    const d = scenario("shanghai-long-ordinary")
    expect(valueOf(d.requirement)).toBe("required")
    expect(answeredBy(d.requirement)).toBe("national.requirement")
    const note = d.gaps.find((g) => g.question === "requirement")!
    expect(note.citation).toMatchObject({ document: "seed-000-site", section: "§二(二)" })
    expect(note.text.en).toMatch(/shanghai-site\.requirement.*30 months/)
  })

  it("Shanghai: a site under six months is not required by the national rule", () => {
    const d = scenario("shanghai-short-site")
    expect(valueOf(d.requirement)).toBe("notRequired")
    expect(answeredBy(d.requirement)).toBe("national.requirement")
  })

  it("Expo: a unit below 3 full members is a declared narrowing, and the reason names both rules", () => {
    const s = seedScenarios.find((x) => x.id === "expo-units")!
    const small = makeProject({ ...s.project, units: [{ id: "b", name: "b", role: "contractor", members: { full: 2 } }] } as never)
    const d = decide(small, policies.shanghaiExpo, s.date)
    expect(valueOf(d.requirement)).toBe("notRequired")
    expect(answeredBy(d.requirement)).toBe("shanghai-expo.requirement")
    expect(reasonsOf(d.requirement)[0]!.text.en).toContain("national.requirement")
    expect(policies.shanghaiExpo.displaces).toContain("national.requirement")
  })

  it("a middle layer's rules apply where its own scope applies, even when a layer above it answered the requirement", () => {
    // a town policy on Fuding's: its own scope rule (key projects of 100 million yuan), nothing else
    const town = buildPolicy({
      id: "fuding-town", name: ["某镇", "a town"], jurisdiction: ["某镇", "a town"], basis: "fuding-site-2020", effective: { from: "2020-09-03" },
      parameters: [
        assumed("keyProjectsRequired", true, "flag", "重点项目", "key projects", cite("redsite-assumption", "test"), "assumption: a test layer"),
        assumed("keyProjectMinCostYuan", 100_000_000, "yuan", "造价", "cost", cite("redsite-assumption", "test"), "assumption: a test layer")
      ],
      rules: [rule("fuding-town.requirement", "requirement", "requirement.keyProject", "镇重点项目", "town key projects", cite("redsite-assumption", "test"), ["keyProjectsRequired", "keyProjectMinCostYuan"])]
    })
    const inBoth = decide(site({ full: 4, costYuan: 200_000_000, months: 30, major: true }), town)
    expect(answeredBy(inBoth.requirement)).toBe("fuding-town.requirement")
    expect(answeredBy(inBoth.forms)).toBe("fuding-site-2020.forms")
    expect(valueOf(inBoth.instructor)).toBe("required")
    const fudingOnly = decide(site({ full: 4, costYuan: 60_000_000, months: 30, major: true }), town)
    expect(answeredBy(fudingOnly.requirement)).toBe("fuding-site-2020.requirement")
    expect(answeredBy(fudingOnly.forms)).toBe("fuding-site-2020.forms")
    const neither = decide(site({ full: 4, costYuan: 20_000_000, months: 30, major: true }), town)
    expect(answeredBy(neither.requirement)).toBe("national.requirement")
    expect(answeredBy(neither.forms)).toBe("national.forms")
  })

  const localPolicies = catalogue.filter((p) => p.id !== "national")
  it("property: a local policy never answers 'not required' where the national baseline requires, unless it declares the narrowing and names the national rule", () => {
    fc.assert(fc.property(arbProject(), fc.constantFrom(...localPolicies), (p, policy) => {
      const national = valueOf(decide(p, policies.national).requirement)
      const local = decide(p, policy).requirement
      if (national !== "required" || valueOf(local) !== "notRequired") return
      expect(policy.displaces).toContain("national.requirement")
      expect(reasonsOf(local)[0]!.text.en).toContain("national.requirement")
    }), { numRuns: 300 })
  })

  it("property: where a local scope rule does not answer, the national rule's answer stands unchanged", () => {
    const layered = localPolicies.filter((p) => !p.displaces.includes("national.requirement"))
    fc.assert(fc.property(arbProject(), fc.constantFrom(...layered), (p, policy) => {
      const local = decide(p, policy).requirement
      if (local._tag === "Settled" && local.reasons[0].policyId === policy.id) return
      expect(valueOf(local)).toBe(valueOf(decide(p, policies.national).requirement))
      expect(answeredBy(local)).toBe("national.requirement")
    }), { numRuns: 300 })
  })
})

describe("seed scenarios", () => {
  it("Expo: the unit with 3 full members forms its own temporary organization, the one with 2 is managed by the department", () => {
    const d = scenario("expo-units")
    const units = valueOf(d.units)!
    expect(units.find((u) => u.unitId === "pavilion-a")).toMatchObject({ fullMembers: 3, arrangement: "ownOrganization", form: "branch" })
    // its probationary member does not count toward the unit's 3 full members (§二(三): 3名以上正式党员)
    expect(units.find((u) => u.unitId === "service-b")).toMatchObject({ fullMembers: 2, arrangement: "departmentManaged" })
    expect(valueOf(d.secondSuperior!)).toMatchObject({ kind: "bureauCommittee" })
    expect(valueOf(d.lead)).toMatchObject({ kind: "dispatchingUnitOrganization" })
    expect(valueOf(d.instructor)).toBe("optional")
  })

  it("Expo: its dates are inferred and the 2018 baseline is not in force in 2010: both are inForce gaps", () => {
    const d = scenario("expo-units")
    const inForce = d.gaps.filter((g) => g.question === "inForce")
    expect(inForce.some((g) => /inferred/.test(g.text.en))).toBe(true)
    const basis = d.gaps.find((g) => g.question === "inForce" && g.text.en.includes("basis policy national"))
    // national rules answered (e.g. the committee) though the Branch Work Regulations date from 2018
    expect(basis?.citation?.document).toBe("cpc-branch-regulations-2018")
  })

  it("Shanghai: a one-year site with 2 full members is required, with the few-members forms, not temporary-forced units", () => {
    const year = scenario("shanghai-site-few-members")
    expect(valueOf(year.requirement)).toBe("required")
    expect(answeredBy(year.requirement)).toBe("shanghai-site.requirement")
    expect(forms(year)).toEqual(["jointBranch", "workGroup", "jointOffice", "attachment", "instructorOnly"])
    expect(valueOf(year.instructor)).toBe("optional")
    // the general contractor has no organization: the owner's organization leads
    expect(valueOf(year.lead)).toMatchObject({ kind: "unitOrganization", unitId: "owner" })
  })

  it("Shanghai: a major project forms a temporary general branch (§二(二) 临时党委(总支、支部)) with a mass-work member and four synchronizations", () => {
    const d = scenario("shanghai-major")
    expect(valueOf(d.forms)![0]).toMatchObject({ form: "generalBranch", temporary: true })
    expect(valueOf(d.massWorkMember)).toBe(true)
    expect(valueOf(d.atStart)).toEqual(expect.arrayContaining(["establishWithProject", "appointSecretaryWithProject", "workBeforeConstruction", "reportToSiteOrganization"]))
    expect(valueOf(d.lead)).toMatchObject({ unitId: "gc" })
  })

  it("Shanghai: a branch of 5 full members has no committee, so no mass-work committee member, and a gap citing §二(二) says who does it is open", () => {
    const d = scenario("shanghai-small-branch")
    expect(valueOf(d.committee)).toMatchObject({ _tag: "SecretaryOnly" })
    expect(valueOf(d.massWorkMember)).toBe(false)
    const g = d.gaps.find((x) => x.question === "massWorkMember")!
    expect(g.citation).toMatchObject({ document: "seed-000-site", section: "§二(二)" })
  })

  it("Langshan: a project branch under the street's project committee, itself under the street working committee (seed-001 §二 一是)", () => {
    const d = scenario("langshan-project")
    expect(forms(d)).toEqual(["branch"])
    expect(valueOf(d.forms)![0]!.temporary).toBe(false)
    expect(valueOf(d.lead)).toMatchObject({ kind: "projectCommittee", superior: "streetWorkingCommittee" })
    expect(valueOf(d.groups)).toHaveLength(5)
    expect(valueOf(d.secretary)!.sources).toEqual(["streetLiaisonLeader"])
    expect(valueOf(d.atStart)).toEqual(["establishWithProject", "secretaryWithProjectManager", "bundledAssessment"])
    expect(valueOf(d.committee)).toMatchObject({ _tag: "Committee" })
  })

  it("Langshan: the practice's scope is a flagged assumption — a key project under one billion yuan is answered by the national baseline", () => {
    const s = seedScenarios.find((x) => x.id === "langshan-project")!
    const smaller = makeProject({ ...s.project, costYuan: 999_999_999, units: [{ id: "b", name: "builder", role: "generalContractor", members: { full: 5 } }] } as never)
    const d = decide(smaller, policies.langshanStreet, s.date)
    expect(answeredBy(d.requirement)).toBe("national.requirement")
    expect(answeredBy(d.secretary)).toBe("national.secretary")
    const scope = reasonsOf(decide(s.project, policies.langshanStreet, s.date).requirement)[0]!.parameters
    expect(scope.find((x) => x.key === "keyProjectMinCostYuan")).toMatchObject({ value: 1_000_000_000, assumption: true })
    expect(scope.find((x) => x.key === "keyProjectsRequired")).toMatchObject({ assumption: true })
  })

  it("Langshan says nothing about a project with fewer than 3 full members: the national rule answers, and the gap is noted with its clause", () => {
    const s = seedScenarios.find((x) => x.id === "langshan-project")!
    const small = makeProject({ ...s.project, units: [{ id: "b", name: "builder", role: "generalContractor", members: { full: 2 } }] } as never)
    const d = decide(small, policies.langshanStreet, s.date)
    expect(forms(d)).toEqual(["jointBranch"])
    expect(ruleIds(d.forms)).toEqual(["national.forms"])
    const g = d.gaps.find((x) => x.question === "forms" && x.text.en.includes("langshan-street.forms"))!
    expect(g.citation).toMatchObject({ document: "seed-001" })
  })

  it("Fuding: exactly 50 million yuan and 2 years is in scope: a combined branch, not temporary (it admits members on site), with instructor and liaison", () => {
    const at = seedScenarios.find((s) => s.id === "fuding-at-threshold")!
    const d = decide(at.project, policies.fudingSite2020, at.date)
    expect(valueOf(d.requirement)).toBe("required")
    expect(valueOf(d.forms)).toEqual([expect.objectContaining({ form: "combinedBranch", temporary: false })])
    expect(valueOf(d.instructor)).toBe("required")
    expect(valueOf(d.liaison)).toBe("required")
    expect(valueOf(d.groups)).toHaveLength(4)
    expect(d.gaps.map((g) => g.question)).toContain("memberThreshold")
    // one yuan, one day or the key-project flag less: Fuding is silent and the national rule answers
    for (const change of [{ costYuan: 49_999_999 }, { plannedEnd: "2022-08-30" }, { major: false }]) {
      const out = makeProject({ ...at.project, ...change, units: at.project.units.map((u) => ({ ...u, members: { full: 3 } })) } as never)
      const o = decide(out, policies.fudingSite2020, at.date)
      expect(answeredBy(o.requirement)).toBe("national.requirement")
      expect(forms(o)).not.toContain("combinedBranch")
    }
  })

  it("Wenzhou: eligibility uses assumed parameters and says so; its branches are not forced temporary", () => {
    const d = scenario("wenzhou-eligible")
    expect(valueOf(d.requirement)).toBe("required")
    const params = reasonsOf(d.requirement).flatMap((r) => r.parameters)
    expect(params.every((p) => p.assumption)).toBe(true)
    expect(valueOf(d.forms)!.every((f) => !f.temporary)).toBe(true)
  })

  it("five joint modes: with too few members, a union bridge first", () => {
    expect(forms(scenario("five-joint-union"))[0]).toBe("massOrganization")
  })

  it("Party groups only in sections with members", () => {
    const p = makeProject({
      id: "g", name: "g", kind: "road", costYuan: 60_000_000, major: true, plannedStart: "2021-01-01", plannedEnd: "2023-12-31",
      sections: ["A1标段", "A2标段", "空标段"],
      units: [{ id: "gc", name: "GC", role: "generalContractor", members: { full: 4 }, sections: ["A1标段", "A2标段"] }]
    })
    const d = decide(p, policies.fudingSite2020)
    expect(valueOf(d.groups)).toEqual(["A1标段", "A2标段"])
    expect(reasonsOf(d.groups)[0]!.facts).toEqual(expect.arrayContaining([expect.objectContaining({ name: "sectionsWithoutMembers", value: ["空标段"] })]))
  })
})

describe("properties", () => {
  const setupPolicies = [policies.national, policies.shanghaiSite, policies.wenzhouRedSite2022, policies.shanghaiFiveJoint, policies.langshanStreet, policies.fudingSite2020]
  const arbPolicy = fc.constantFrom(...setupPolicies)

  it("adding a full member never lowers the organization level", () => {
    fc.assert(fc.property(arbProject(), arbPolicy, (p, policy) => {
      const before = level(decide(p, policy))
      const after = level(decide(withExtraMembers(p, "full", 1, p.units[0]?.id), policy))
      expect(after).toBeGreaterThanOrEqual(before)
    }), { numRuns: 150 })
  })

  it("adding probationary members never lowers the organization level", () => {
    fc.assert(fc.property(arbProject(), arbPolicy, fc.integer({ min: 1, max: 120 }), (p, policy, n) => {
      const before = level(decide(p, policy))
      const after = level(decide(withExtraMembers(p, "probationary", n, p.units[0]?.id), policy))
      expect(after).toBeGreaterThanOrEqual(before)
    }), { numRuns: 150 })
  })

  it("fewer than 3 full members never yields a stand-alone branch", () => {
    fc.assert(fc.property(arbProject(), arbPolicy, (p, policy) => {
      fc.pre(p.members.filter((m) => m.status === "full").length < 3)
      const f = forms(decide(p, policy))
      expect(f.filter((x) => x === "branch" || x === "generalBranch" || x === "committee")).toEqual([])
    }), { numRuns: 150 })
  })

  it("members in the recruitment pipeline (applicants, activists, candidates) never count", () => {
    fc.assert(fc.property(arbProject(), fc.constantFrom(...catalogue), fc.integer({ min: 1, max: 120 }), (p, policy, n) => {
      const strip = (d: SetupDecision) => DECISION_ELEMENTS.map((e) => JSON.stringify(valueOf((d[e] ?? { _tag: "Gap" }) as Finding<unknown>)))
      expect(strip(decide(withExtraMembers(p, "activist", n), policy))).toEqual(strip(decide(p, policy)))
    }), { numRuns: 150 })
  })

  it("every explanation cites a rule that exists in the policy, with that rule's citation; passed-over rules come from other layers or earlier rules", () => {
    fc.assert(fc.property(arbProject(), fc.constantFrom(...catalogue), (p, policy) => {
      const r = resolved(policy)
      const d = decideSetup(p, r, isoDate("2021-06-01"))
      for (const e of DECISION_ELEMENTS) {
        const f = d[e] as Finding<unknown> | undefined
        if (f === undefined) continue
        for (const reason of [...reasonsOf(f), ...(f._tag === "Settled" ? f.passedOver ?? [] : [])]) {
          const rule = r.rules.find((x) => x.id === reason.ruleId)
          expect(rule, reason.ruleId).toBeDefined()
          expect(reason.citation).toEqual(rule!.citation)
          expect(reason.policyId).toBe(rule!.origin)
          for (const param of reason.parameters) {
            expect(r.parameters.find((x) => x.key === param.key)!.value).toEqual(param.value)
          }
        }
        if (f._tag === "Settled") {
          const order = r.rules.map((x) => x.id)
          for (const skipped of f.passedOver ?? []) expect(order.indexOf(skipped.ruleId)).toBeLessThan(order.indexOf(f.reasons[0].ruleId))
        }
      }
    }), { numRuns: 150 })
  })

  it("a decision encodes to JSON and decodes back unchanged", () => {
    const codec = Schema.parseJson(SetupDecisionSchema)
    fc.assert(fc.property(arbProject(), fc.constantFrom(...catalogue), (p, policy) => {
      const d = decide(p, policy)
      const json = Schema.encodeSync(codec)(d)
      expect(Schema.encodeSync(codec)(Schema.decodeSync(codec)(json))).toEqual(json)
    }), { numRuns: 100 })
  })
})

describe("explanation format", () => {
  it("a decision written in format version 1 still decodes (its gaps without a citation)", () => {
    const codec = Schema.parseJson(SetupDecisionSchema)
    const json = Schema.encodeSync(codec)(scenario("shanghai-long-ordinary"))
    const v1 = JSON.parse(json.replaceAll("redsite.explanation/2", "redsite.explanation/1"))
    for (const g of v1.gaps) delete g.citation
    const back = Schema.decodeUnknownSync(codec)(JSON.stringify(v1))
    expect(back.format).toBe("redsite.explanation/2")
    expect(back.gaps.every((g) => g.citation === undefined)).toBe(true)
    expect(valueOf(back.requirement)).toBe("required")
  })
})

describe("stored policies", () => {
  it("a policy stored before projectOrganizationsTemporary was named (siteOrganizationsTemporary) still decides", () => {
    const encoded = JSON.parse(JSON.stringify(Schema.encodeSync(PolicySchema)(policies.national)).replaceAll("projectOrganizationsTemporary", "siteOrganizationsTemporary"))
    const old = Schema.decodeUnknownSync(PolicySchema)(encoded)
    const d = decide(site({ full: 4 }), old)
    expect(valueOf(d.forms)![0]).toMatchObject({ form: "branch", temporary: true })
    expect(reasonsOf(d.forms)[0]!.parameters.map((x) => x.key)).toContain("siteOrganizationsTemporary")
  })
})

describe("comparison", () => {
  it("names the rule and the parameter behind each difference", () => {
    // 40 million yuan: outside Fuding's scope (the national rule answers, and with no member requires nothing),
    // inside a reform's 30 million
    const p = makeProject({
      id: "site", name: "site", kind: "building", costYuan: 40_000_000, major: true,
      plannedStart: "2021-01-01", plannedEnd: periodEnd("2021-01-01", 30), units: []
    })
    const thirty = Either.getOrThrow(reform(policies.fudingSite2020, { id: "fuding-30m", parameters: { costThresholdYuan: 30_000_000 } }))
    const a = decide(p, policies.fudingSite2020)
    const b = Either.getOrThrow(evaluateSetup(p, thirty, isoDate("2021-06-01")))
    const cmp = compareDecisions(a, b)
    const diff = cmp.differences.find((d) => d.element === "requirement")!
    expect([valueOf(a.requirement), valueOf(b.requirement)]).toEqual(["notRequired", "required"])
    expect(diff.rules).toEqual({ left: ["national.requirement"], right: ["fuding-site-2020.requirement"] })
    const cost = diff.parameters.find((x) => x.key === "costThresholdYuan")!
    expect([cost.left?.value, cost.right?.value]).toEqual([50_000_000, 30_000_000])
    expect(cmp.differences.find((d) => d.element === "forms")!.rules).toEqual({ left: ["national.forms"], right: ["fuding-site-2020.forms"] })
  })

  it("compares two different policies side by side", () => {
    const s = seedScenarios.find((x) => x.id === "shanghai-major")!
    const cmp = compareDecisions(decide(s.project, policies.shanghaiSite, s.date), decide(s.project, policies.fudingSite2020, s.date))
    const forms = cmp.differences.find((d) => d.element === "forms")!
    expect(forms.rules.left).toEqual(["shanghai-site.forms"])
    expect(forms.rules.right).toEqual(["fuding-site-2020.forms"])
    expect(cmp.same.length + cmp.differences.length).toBe(DECISION_ELEMENTS.length)
  })
})
