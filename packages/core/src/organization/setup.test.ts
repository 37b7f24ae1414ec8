import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Finding } from "../explain/explanation.js"
import { reasonsOf, valueOf } from "../explain/explanation.js"
import { arbProject, withExtraMembers } from "../model/arbitraries.js"
import { isoDate } from "../model/primitives.js"
import type { Project } from "../model/project.js"
import type { SetupForm } from "../model/vocabulary.js"
import { catalogue, findPolicy, policies, resolve } from "../policy/catalogue/index.js"
import type { Policy, ResolvedPolicy } from "../policy/policy.js"
import { reform } from "../policy/reform.js"
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

/** A project with `full` full members in one general-contractor unit. */
const siteWith = (full: number, months = 12, extra: Partial<Parameters<typeof makeProject>[0]> = {}) =>
  makeProject({
    id: "site", name: "site", kind: "building", costYuan: 10_000_000, major: false,
    plannedStart: "2021-01-01", plannedEnd: `${2021 + Math.floor(months / 12)}-${String(1 + (months % 12)).padStart(2, "0")}-01`,
    units: [{ id: "gc", name: "GC", role: "generalContractor", hasOrganization: true, members: { full } }],
    ...extra
  })

const LEVEL: Record<SetupForm, number> = {
  instructorOnly: 0, massOrganization: 0, attachment: 0, departmentManaged: 0, jointOffice: 1, workGroup: 1,
  jointBranch: 2, combinedBranch: 2, branch: 3, generalBranch: 4, committee: 5
}
const level = (d: SetupDecision) => LEVEL[forms(d)[0] ?? "instructorOnly"]

describe("national thresholds (Branch Work Regulations Art. 4-6, Constitution Art. 30)", () => {
  it.each([
    [2, ["jointBranch"]],
    [3, ["branch"]],
    [50, ["branch"]],
    [51, ["generalBranch", "branch"]],
    [99, ["generalBranch", "branch"]],
    [100, ["committee", "generalBranch"]]
  ] as const)("%i full members → %j", (full, expected) => {
    expect(forms(decide(siteWith(full), policies.national))).toEqual(expected)
  })

  it.each([[6, "SecretaryOnly"], [7, "Committee"]] as const)("%i full members → %s", (full, tag) => {
    const d = decide(siteWith(full), policies.national)
    const c = valueOf(d.committee)!
    expect(c._tag).toBe(tag)
    if (c._tag === "Committee") expect([c.sizeMin, c.sizeMax, c.sizeCeiling]).toEqual([3, 5, 7])
  })

  it("a project of six months or more requires an organization, shorter does not", () => {
    expect(valueOf(decide(siteWith(3, 6), policies.national).requirement)).toBe("required")
    expect(valueOf(decide(siteWith(3, 5), policies.national).requirement)).toBe("notRequired")
  })

  it("site organizations are temporary and their secretary is appointed by the approving organization", () => {
    const d = decide(siteWith(4), policies.national)
    expect(valueOf(d.forms)![0]!.temporary).toBe(true)
    expect(valueOf(d.secretary)!.sources).toEqual(["appointedByApprover"])
  })

  it("national rules say nothing about the lead unit: a typed gap", () => {
    const d = decide(siteWith(4), policies.national)
    expect(d.lead._tag).toBe("Gap")
    expect(d.gaps.map((g) => g.question)).toContain("lead")
  })
})

describe("seed scenarios", () => {
  it("Expo: the unit with 3 full members forms its own temporary organization, the one with 2 is managed by the department", () => {
    const d = scenario("expo-units")
    const units = valueOf(d.units)!
    expect(units.find((u) => u.unitId === "pavilion-a")).toMatchObject({ fullMembers: 3, arrangement: "ownOrganization", form: "branch" })
    // its probationary member does not count: still 2
    expect(units.find((u) => u.unitId === "service-b")).toMatchObject({ fullMembers: 2, arrangement: "departmentManaged" })
    expect(valueOf(d.secondSuperior!)).toMatchObject({ kind: "bureauCommittee" })
    expect(valueOf(d.lead)).toMatchObject({ kind: "dispatchingUnitOrganization" })
    expect(valueOf(d.instructor)).toBe("optional")
  })

  it("Shanghai: a site under six months is not required, a one-year site is", () => {
    expect(valueOf(scenario("shanghai-short-site").requirement)).toBe("notRequired")
    const year = scenario("shanghai-site-few-members")
    expect(valueOf(year.requirement)).toBe("required")
    expect(forms(year)).toEqual(["jointBranch", "workGroup", "jointOffice", "attachment", "instructorOnly"])
    expect(valueOf(year.instructor)).toBe("optional")
    // the general contractor has no organization: the owner's organization leads
    expect(valueOf(year.lead)).toMatchObject({ kind: "unitOrganization", unitId: "owner" })
  })

  it("Shanghai: a major project forms a temporary general branch with a mass-work member and four synchronizations", () => {
    const d = scenario("shanghai-major")
    expect(valueOf(d.forms)![0]).toMatchObject({ form: "generalBranch", temporary: true })
    expect(valueOf(d.massWorkMember)).toBe(true)
    expect(valueOf(d.atStart)).toEqual(expect.arrayContaining(["establishWithProject", "appointSecretaryWithProject", "workBeforeConstruction", "reportToSiteOrganization"]))
    expect(valueOf(d.lead)).toMatchObject({ unitId: "gc" })
  })

  it("Shanghai is silent on a non-major site longer than two years: a gap naming the rule", () => {
    const d = scenario("shanghai-long-ordinary")
    expect(d.requirement._tag).toBe("Gap")
    if (d.requirement._tag === "Gap") expect(d.requirement.gap.text.en).toMatch(/shanghai-site\.requirement.*30 months/)
  })

  it("Langshan: a project branch under the street working committee, groups per workstream, three synchronizations", () => {
    const d = scenario("langshan-project")
    expect(forms(d)).toEqual(["branch"])
    expect(valueOf(d.lead)).toMatchObject({ kind: "streetWorkingCommittee" })
    expect(valueOf(d.groups)).toHaveLength(5)
    expect(valueOf(d.secretary)!.sources).toEqual(["streetLiaisonLeader"])
    expect(valueOf(d.atStart)).toEqual(["establishWithProject", "secretaryWithProjectManager", "bundledAssessment"])
    expect(valueOf(d.committee)).toMatchObject({ _tag: "Committee" })
  })

  it("Langshan says nothing about a project with fewer than 3 full members: the national rule answers, and the gap is noted", () => {
    const s = seedScenarios.find((x) => x.id === "langshan-project")!
    const small = makeProject({ ...s.project, units: [{ id: "b", name: "builder", role: "generalContractor", members: { full: 2 } }] } as never)
    const d = decide(small, policies.langshanStreet, s.date)
    expect(forms(d)).toEqual(["jointBranch"])
    expect(ruleIds(d.forms)).toEqual(["national.forms"])
    expect(d.gaps.some((g) => g.question === "forms" && g.text.en.includes("langshan-street.forms"))).toBe(true)
  })

  it("Fuding: exactly 50 million yuan and 2 years is in scope, one yuan or one month less is not", () => {
    const at = seedScenarios.find((s) => s.id === "fuding-at-threshold")!
    const d = decide(at.project, policies.fudingSite2020, at.date)
    expect(valueOf(d.requirement)).toBe("required")
    expect(forms(d)).toEqual(["combinedBranch"])
    expect(valueOf(d.instructor)).toBe("required")
    expect(valueOf(d.liaison)).toBe("required")
    expect(valueOf(d.groups)).toHaveLength(4)
    expect(d.gaps.map((g) => g.question)).toContain("memberThreshold")
    const cheaper = makeProject({ ...at.project, costYuan: 49_999_999, units: [] } as never)
    expect(valueOf(decide(cheaper, policies.fudingSite2020, at.date).requirement)).toBe("notRequired")
    const shorter = makeProject({ ...at.project, plannedEnd: "2022-08-30", units: [] } as never)
    expect(valueOf(decide(shorter, policies.fudingSite2020, at.date).requirement)).toBe("notRequired")
    const notKey = makeProject({ ...at.project, major: false, units: [] } as never)
    expect(valueOf(decide(notKey, policies.fudingSite2020, at.date).requirement)).toBe("notRequired")
  })

  it("Wenzhou: eligibility uses assumed parameters and says so", () => {
    const d = scenario("wenzhou-eligible")
    expect(valueOf(d.requirement)).toBe("required")
    const params = reasonsOf(d.requirement).flatMap((r) => r.parameters)
    expect(params.every((p) => p.assumption)).toBe(true)
  })

  it("five joint modes: with too few members, a union bridge first", () => {
    expect(forms(scenario("five-joint-union"))[0]).toBe("massOrganization")
  })
})

describe("properties", () => {
  const setupPolicies = [policies.national, policies.shanghaiSite, policies.wenzhouRedSite2022, policies.shanghaiFiveJoint, policies.langshanStreet]
  const arbPolicy = fc.constantFrom(...setupPolicies)

  it("adding a full member never lowers the organization level", () => {
    fc.assert(fc.property(arbProject(), arbPolicy, (p, policy) => {
      const before = level(decide(p, policy))
      const after = level(decide(withExtraMembers(p, "full", 1, p.units[0]?.id), policy))
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

  it("probationary (and pipeline) members never count toward thresholds", () => {
    fc.assert(fc.property(arbProject(), fc.constantFrom(...catalogue), fc.integer({ min: 1, max: 120 }), (p, policy, n) => {
      const strip = (d: SetupDecision) => DECISION_ELEMENTS.map((e) => JSON.stringify(valueOf((d[e] ?? { _tag: "Gap" }) as Finding<unknown>)))
      const base = decide(p, policy)
      expect(strip(decide(withExtraMembers(p, "probationary", n, p.units[0]?.id), policy))).toEqual(strip(base))
      expect(strip(decide(withExtraMembers(p, "activist", n), policy))).toEqual(strip(base))
    }), { numRuns: 150 })
  })

  it("every explanation cites a rule that exists in the policy, with that rule's citation", () => {
    fc.assert(fc.property(arbProject(), fc.constantFrom(...catalogue), (p, policy) => {
      const r = resolved(policy)
      const d = decideSetup(p, r, isoDate("2021-06-01"))
      for (const e of DECISION_ELEMENTS) {
        const f = d[e] as Finding<unknown> | undefined
        if (f === undefined) continue
        for (const reason of reasonsOf(f)) {
          const rule = r.rules.find((x) => x.id === reason.ruleId)
          expect(rule, reason.ruleId).toBeDefined()
          expect(reason.citation).toEqual(rule!.citation)
          expect(reason.policyId).toBe(rule!.origin)
          for (const param of reason.parameters) {
            expect(r.parameters.find((x) => x.key === param.key)!.value).toEqual(param.value)
          }
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

describe("comparison", () => {
  it("names the rule and the parameter behind each difference", () => {
    const p = siteWith(4, 30, { costYuan: 40_000_000, major: true })
    const thirty = Either.getOrThrow(reform(policies.fudingSite2020, { id: "fuding-30m", parameters: { costThresholdYuan: 30_000_000 } }))
    const a = decide(p, policies.fudingSite2020)
    const b = Either.getOrThrow(evaluateSetup(p, thirty, isoDate("2021-06-01")))
    const cmp = compareDecisions(a, b)
    expect(cmp.differences.map((d) => d.element)).toEqual(["requirement"])
    const diff = cmp.differences[0]!
    expect(diff.rules).toEqual({ left: ["fuding-site-2020.requirement"], right: ["fuding-site-2020.requirement"] })
    expect(diff.parameters.map((x) => x.key)).toEqual(["costThresholdYuan"])
    expect(ruleIds(a.forms)).toEqual(ruleIds(b.forms))
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
