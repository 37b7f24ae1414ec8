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
import { CoverageFacts, checkColumns, portfolioColumns } from "./columns.js"
import { Requirement, Status, explainCoverage, projectFromColumns, requirementOf, runCoverage } from "./coverage.js"

const date = isoDate("2023-06-30")
const arbFacts = (id: string) =>
  fc.record({
    own: fc.boolean(),
    work: fc.uniqueArray(fc.constantFrom(...WorkCoverageForms.values), { maxLength: 3 })
  }).map((f) => new CoverageFacts({ projectId: id, ownOrganization: f.own, work: f.work, redSiteCreation: false, qualityPlan: false }))
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

  it("classifies the cover: an organization of its own is organizational, Party work alone is work, else none", () => {
    fc.assert(fc.property(arbPortfolio, ([projects, facts]) => {
      const cols = portfolioColumns(projects, facts)
      const r = run(cols)
      facts.forEach((f, i) => {
        const expected = f.ownOrganization ? Status.organizational : f.work.length > 0 ? Status.work : Status.none
        expect(r.status[i]).toBe(expected)
        const e = explainCoverage(cols, r, i, projects[i])
        expect(e.work).toEqual(WorkCoverageForms.values.filter((w) => f.work.includes(w)))
        expect(e.statusReason.citation.document).toBe("seed-003")
        // a required project without an organization of its own carries a gap reason and a remedy
        const uncovered = requirementOf(r, i) === "required" && !f.ownOrganization
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
    expect(cases.map((_, i) => requirementOf(r, i))).toEqual(["required", "notRequired", "notRequired", "notRequired", "required"])
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
