import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { arbProject } from "../model/arbitraries.js"
import { isoDate } from "../model/primitives.js"
import { WorkCoverageForms } from "../model/vocabulary.js"
import { evaluateSetup } from "../organization/setup.js"
import { catalogue, policies } from "../policy/catalogue/index.js"
import { reform } from "../policy/reform.js"
import { makeProject } from "../scenarios/seeds.js"
import { CoverageFacts, OrganizationCover, checkColumns, portfolioColumns } from "./columns.js"
import { Requirement, Status, explainCoverage, projectFromColumns, requirementOf, runCoverage } from "./coverage.js"
import { reportOf } from "./report.js"

const date = isoDate("2023-06-30")
const arbFacts = (id: string) =>
  fc.record({
    own: fc.boolean(),
    joint: fc.boolean(),
    work: fc.uniqueArray(fc.constantFrom(...WorkCoverageForms.values), { maxLength: 3 })
  }).map((f) => new CoverageFacts({ projectId: id, ownOrganization: f.own, jointOrganization: f.joint, work: f.work, redSiteCreation: false, qualityPlan: false }))
const arbPortfolio = fc.uniqueArray(arbProject({ maxUnits: 4, maxMembersPerUnit: 6 }), { selector: (p) => p.id, maxLength: 25 })
  .chain((projects) => fc.tuple(fc.constant(projects), fc.tuple(...projects.map((p) => arbFacts(p.id)))))

const run = (cols: ReturnType<typeof portfolioColumns>, policy = policies.fudingSite2020) => Either.getOrThrow(runCoverage(cols, policy, date))

describe("coverage of one project", () => {
  it("agrees with the setup decision's requirement for every project under every policy", () => {
    fc.assert(fc.property(arbPortfolio, ([projects]) => {
      const cols = portfolioColumns(projects)
      for (const policy of catalogue) {
        const r = run(cols, policy)
        projects.forEach((p, i) => {
          const d = Either.getOrThrow(evaluateSetup(p, policy, date))
          const expected = d.requirement._tag === "Gap" ? "gap" : d.requirement.value
          expect(requirementOf(r, i), `${policy.id} ${p.id}`).toBe(expected)
          // the explanation, built from the columns alone, says the same with the same rule
          const explained = explainCoverage(cols, r, i)
          expect(explained.required._tag === "Gap" ? "gap" : explained.required.value).toBe(expected)
          if (d.requirement._tag === "Settled" && explained.required._tag === "Settled") {
            expect(explained.required.reasons[0].ruleId).toBe(d.requirement.reasons[0].ruleId)
          }
        })
      }
    }), { numRuns: 40 })
  })

  it("classifies the cover: an organization of its own or a joint one is organizational, Party work alone is work, else none", () => {
    fc.assert(fc.property(arbPortfolio, ([projects, facts]) => {
      const cols = portfolioColumns(projects, facts)
      const r = run(cols)
      facts.forEach((f, i) => {
        const organized = f.ownOrganization || f.jointOrganization
        const expected = organized ? Status.organizational : f.work.length > 0 ? Status.work : Status.none
        expect(r.status[i]).toBe(expected)
        const e = explainCoverage(cols, r, i, projects[i])
        expect(e.work).toEqual(WorkCoverageForms.values.filter((w) => f.work.includes(w)))
        expect([e.ownOrganization, e.jointOrganization]).toEqual([f.ownOrganization, f.jointOrganization && !f.ownOrganization])
        expect(e.statusReason.citation).toMatchObject({ document: "seed-003", section: "§三 3" })
        // a required project covered by no organization (its own or a joint one) carries a gap reason and a remedy
        const uncovered = requirementOf(r, i) === "required" && !organized
        expect(e.gapReason !== undefined && e.remedy !== undefined).toBe(uncovered)
      })
    }), { numRuns: 30 })
  })

  it("rebuilds a project from its columns with the same coverage facts", () => {
    fc.assert(fc.property(arbPortfolio, ([projects, facts]) => {
      const cols = portfolioColumns(projects, facts)
      projects.forEach((_, i) => {
        const again = portfolioColumns([projectFromColumns(cols, i)])
        expect(again.costYuan[0]).toBe(cols.costYuan[i])
        expect(again.plannedMonths[0]).toBe(cols.plannedMonths[i])
        expect(again.major[0]).toBe(cols.major[i])
        expect(again.fullMembers[0]).toBe(cols.fullMembers[i])
        expect([...again.unitFullMembers]).toEqual([...cols.unitFullMembers.subarray(cols.unitStart[i]!, cols.unitStart[i + 1]!)])
      })
    }), { numRuns: 30 })
  })
})

describe("coverage classes (seed-003 §三 3; seed-000 §二(二))", () => {
  // a non-major Shanghai site of one year: required by 半年以上、两年以内 (seed-000 §二(二)); its one unit has
  // only 2 full members, too few to set up a branch of its own
  const site = makeProject({
    id: "sh-small", name: "小型市政工地", kind: "road", costYuan: 8_000_000, plannedStart: "2023-01-01", plannedEnd: "2023-12-31", major: false,
    units: [{ id: "gc", name: "总承包公司", role: "generalContractor", members: { full: 2 } }]
  })
  const covered = (facts: Omit<ConstructorParameters<typeof CoverageFacts>[0], "projectId">) => {
    const cols = portfolioColumns([site], [new CoverageFacts({ projectId: site.id, ...facts })])
    const r = run(cols, policies.shanghaiSite)
    return { r, e: explainCoverage(cols, r, 0, site), totals: reportOf(cols, r).totals }
  }

  it("a site whose 2 full members are in a joint branch serving it, with an instructor, is organizationally covered: no gap", () => {
    const { r, e, totals } = covered({ ownOrganization: false, jointOrganization: true, work: ["instructor"] })
    expect(requirementOf(r, 0)).toBe("required")
    expect(e).toMatchObject({ status: "organizational", ownOrganization: false, jointOrganization: true, work: ["instructor"] })
    expect(e.gapReason).toBeUndefined()
    expect(e.remedy).toBeUndefined()
    expect(e.statusReason.text.en).toContain("joint organization")
    expect(totals).toMatchObject({ required: 1, requiredOrganizational: 1, requiredJointOrganizational: 1, requiredWork: 0, organizationalRate: 1 })
  })

  it("an instructor alone is work coverage: a required site it reaches is a gap, with the setup rules' remedy", () => {
    const { e, totals } = covered({ ownOrganization: false, work: ["instructor"] })
    expect(e).toMatchObject({ status: "work", ownOrganization: false, jointOrganization: false })
    expect(e.gapReason?.en).toContain("only Party work")
    expect(e.remedy).toBeDefined()
    expect(totals).toMatchObject({ requiredOrganizational: 0, requiredJointOrganizational: 0, requiredWork: 1, organizationalRate: 0, coveredRate: 1 })
  })

  it("members sitting in a joint organization elsewhere (not serving the site) are work coverage, not a joint branch of the site", () => {
    const { e } = covered({ ownOrganization: false, work: ["jointBranchElsewhere", "instructor"] })
    expect(e).toMatchObject({ status: "work", jointOrganization: false })
    expect(e.gapReason).toBeDefined()
  })

  it("an organization of its own is counted as its own, not as a joint one, when both are recorded", () => {
    const { e, totals } = covered({ ownOrganization: true, jointOrganization: true })
    expect(e).toMatchObject({ status: "organizational", ownOrganization: true, jointOrganization: false })
    expect(totals).toMatchObject({ requiredOrganizational: 1, requiredJointOrganizational: 0, organizational: 1, jointOrganizational: 0 })
  })

  it("columns built elsewhere say a joint organization with code 2, and a code above it is refused", () => {
    const cols = portfolioColumns([site])
    expect(Either.isRight(checkColumns({ ...cols, ownOrganization: Uint8Array.of(OrganizationCover.joint) }))).toBe(true)
    const bad = checkColumns({ ...cols, ownOrganization: Uint8Array.of(3) })
    expect(Either.isLeft(bad) && bad.left.issues.map((x) => x.path)).toEqual(["ownOrganization[0]"])
  })
})

describe("Fuding boundaries (cost ≥ 50,000,000 yuan and period ≥ 24 months, key project)", () => {
  const site = (id: string, costYuan: number, end: string, major = true) =>
    makeProject({ id, name: id, kind: "road", costYuan, plannedStart: "2021-01-01", plannedEnd: end, major, units: [{ id: "gc", name: "gc", role: "generalContractor", members: { full: 3 } }] })
  const cases = [
    // 2021-01-01..2022-12-31 is 24 months of work: the planned end is the last day of work (monthsOfPeriod)
    site("at-threshold", 50_000_000, "2022-12-31"),
    site("one-yuan-short", 49_999_999, "2022-12-31"),
    site("one-day-short", 50_000_000, "2022-12-30"),
    site("not-key", 80_000_000, "2024-01-01", false),
    site("well-above", 3_000_000_000, "2025-06-30")
  ]
  it("requires exactly the projects at or above both thresholds", () => {
    const cols = portfolioColumns(cases)
    const r = run(cols)
    // outside Fuding's scope its rule is silent and the national rule (six months, members) answers (issue 14 item 4)
    expect(cases.map((_, i) => requirementOf(r, i))).toEqual(["required", "required", "required", "required", "required"])
    expect(cases.map((_, i) => { const x = explainCoverage(cols, r, i).required; return x._tag === "Settled" && x.reasons[0].ruleId }))
      .toEqual(["fuding-site-2020.requirement", "national.requirement", "national.requirement", "national.requirement", "fuding-site-2020.requirement"])
    const e = explainCoverage(cols, r, 0)
    expect(e.required._tag === "Settled" && e.required.reasons[0].ruleId).toBe("fuding-site-2020.requirement")
    expect(e.required._tag === "Settled" && e.required.reasons[0].citation.document).toBe("seed-002")
  })
})

describe("thresholds and reforms", () => {
  it("lowering Fuding's cost threshold never reduces the number of required projects", () => {
    fc.assert(fc.property(arbPortfolio, fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: 100_000_000 }), ([projects], a, b) => {
      const cols = portfolioColumns(projects)
      const count = (threshold: number) => {
        const policy = Either.getOrThrow(reform(policies.fudingSite2020, { id: `t${threshold}`, parameters: { costThresholdYuan: threshold } }))
        return run(cols, policy).requirement.filter((c) => c === Requirement.required).length
      }
      expect(count(Math.min(a, b))).toBeGreaterThanOrEqual(count(Math.max(a, b)))
    }), { numRuns: 40 })
  })
})

describe("every threshold of a requirement is monotone", () => {
  // lowering a period or member threshold never reduces the required projects (Fuding seed-002 §一, Wenzhou
  // seed-004 §一(二), national Branch Work Regulations Art. 5)
  const cases = [
    [policies.fudingSite2020, "periodThresholdMonths", 0, 60],
    [policies.wenzhouRedSite2022, "eligibleMinMonths", 0, 36],
    [policies.wenzhouRedSite2022, "eligibleMinFullMembers", 0, 12],
    [policies.national, "projectMinMonths", 0, 36]
  ] as const
  for (const [policy, key, min, max] of cases) {
    it(`${policy.id}: ${key}`, () => {
      fc.assert(fc.property(arbPortfolio, fc.integer({ min, max }), fc.integer({ min, max }), ([projects], a, b) => {
        const cols = portfolioColumns(projects)
        const count = (value: number) => {
          const p = Either.getOrThrow(reform(policy, { id: `${policy.id}-${key}-${value}`, parameters: { [key]: value } }))
          return run(cols, p).requirement.filter((c) => c === Requirement.required).length
        }
        expect(count(Math.min(a, b))).toBeGreaterThanOrEqual(count(Math.max(a, b)))
      }), { numRuns: 30 })
    })
  }
})

describe("columns checked at the door", () => {
  it("names the column and row of every bad value", () => {
    const cols = portfolioColumns([makeProject({ id: "a", name: "a", kind: "road", costYuan: 1, plannedStart: "2021-01-01", plannedEnd: "2022-01-01", major: false, units: [] })])
    const bad = { ...cols, costYuan: Float64Array.of(Number.NaN), phase: Uint8Array.of(99), major: Uint8Array.of(3) }
    const r = checkColumns(bad)
    expect(Either.isLeft(r)).toBe(true)
    if (Either.isLeft(r)) expect(r.left.issues.map((i) => i.path)).toEqual(["costYuan[0]", "major[0]", "phase[0]"])
    expect(Either.isRight(checkColumns(cols))).toBe(true)
    const short = checkColumns({ ...cols, fullMembers: new Int32Array(0) })
    expect(Either.isLeft(short) && short.left.issues[0]!.path).toBe("fullMembers")
  })
})
