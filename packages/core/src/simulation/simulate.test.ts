import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CoverageFacts, portfolioColumns, workFormsOf } from "../coverage/columns.js"
import { projectFromColumns, runCoverage } from "../coverage/coverage.js"
import { GroupKeys, coverageReport } from "../coverage/report.js"
import { arbProject } from "../model/arbitraries.js"
import { isoDate } from "../model/primitives.js"
import { evaluateSetup } from "../organization/setup.js"
import { catalogue, policies } from "../policy/catalogue/index.js"
import { reform } from "../policy/reform.js"
import { syntheticPortfolio } from "./generator.js"
import { comparePolicies, needsOf, sweepParameter } from "./simulate.js"

const date = isoDate("2021-06-30")

describe("needs", () => {
  it("count instructors and liaisons exactly as each project's own setup decision does", () => {
    const arb = fc.uniqueArray(arbProject({ maxUnits: 4, maxMembersPerUnit: 6 }), { selector: (p) => p.id, maxLength: 30 })
    fc.assert(fc.property(arb, (projects) => {
      const cols = portfolioColumns(projects)
      for (const policy of catalogue) {
        const run = Either.getOrThrow(runCoverage(cols, policy, date))
        let instructors = 0
        let optional = 0
        let liaisons = 0
        let organizations = 0
        for (const p of projects) {
          const d = Either.getOrThrow(evaluateSetup(p, policy, date))
          if (d.requirement._tag !== "Settled" || d.requirement.value !== "required") continue
          organizations++ // no coverage facts: no project has an organization of its own
          if (d.instructor._tag === "Settled" && d.instructor.value === "required") instructors++
          if (d.instructor._tag === "Settled" && d.instructor.value === "optional") optional++
          if (d.liaison._tag === "Settled" && d.liaison.value === "required") liaisons++
        }
        expect(needsOf(cols, run), policy.id).toMatchObject({ organizations, instructors, instructorsOptional: optional, liaisons })
      }
    }), { numRuns: 25 })
  })
})

describe("synthetic portfolio", () => {
  it("is the same for the same seed, and different for another", () => {
    const a = syntheticPortfolio({ size: 500, seed: 3 })
    const b = syntheticPortfolio({ size: 500, seed: 3 })
    const c = syntheticPortfolio({ size: 500, seed: 4 })
    expect([...a.costYuan]).toEqual([...b.costYuan])
    expect([...a.unitFullMembers]).toEqual([...b.unitFullMembers])
    expect([...a.costYuan]).not.toEqual([...c.costYuan])
  })

  it("matches the calibration figures: about 2 % of workers are members, about a fifth of key projects exceed one billion yuan", () => {
    const cols = syntheticPortfolio({ size: 40_000, seed: 11 })
    let key = 0
    let billion = 0
    let keyMembers = 0
    for (let i = 0; i < cols.size; i++) {
      if (cols.major[i] !== 1) continue
      key++
      keyMembers += cols.fullMembers[i]!
      if (cols.costYuan[i]! > 1e9) billion++
    }
    expect(billion / key).toBeGreaterThan(0.15) // Langshan: 10 of 52 (19 %)
    expect(billion / key).toBeLessThan(0.26)
    // Fuding: 251 members on 82 key projects, about 3 each; the log-normal's mean is above its median of 155 workers
    expect(keyMembers / key).toBeGreaterThan(2.5)
    expect(keyMembers / key).toBeLessThan(5)
    // units hold exactly the project's full members
    for (let i = 0; i < 200; i++) {
      const units = cols.unitFullMembers.subarray(cols.unitStart[i]!, cols.unitStart[i + 1]!)
      expect(units.reduce((s, x) => s + x, 0)).toBe(cols.fullMembers[i])
    }
  })

  it("gives the same report in columns as rebuilt into Project objects", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(...catalogue), (seed, policy) => {
      const cols = syntheticPortfolio({ size: 60, seed })
      const projects = Array.from({ length: cols.size }, (_, i) => projectFromColumns(cols, i))
      const facts = projects.map((p, i) => new CoverageFacts({
        projectId: p.id, ownOrganization: cols.ownOrganization[i] === 1, work: [...workFormsOf(cols.workForms[i]!)],
        redSiteCreation: cols.redSiteCreation[i] === 1, qualityPlan: cols.qualityPlan[i] === 1
      }))
      const fromObjects = portfolioColumns(projects, facts)
      const options = { groupBy: [...GroupKeys], targetYear: 2023 }
      const a = Either.getOrThrow(coverageReport(cols, policy, isoDate("2023-12-31"), options))
      const b = Either.getOrThrow(coverageReport(fromObjects, policy, isoDate("2023-12-31"), options))
      expect(b.totals).toEqual(a.totals)
      // district rows follow each portfolio's district dictionary (the synthetic one lists every district, the
      // rebuilt one the districts in order of first appearance): the same rows, in their own order
      const byValue = (g: (typeof a.groups)[number]) => g.by === "district" ? { ...g, rows: [...g.rows].sort((x, y) => x.value.localeCompare(y.value)) } : g
      expect(b.groups.map(byValue)).toEqual(a.groups.map(byValue))
      expect(b.groups.map((g) => g.by)).toEqual([...GroupKeys])
      expect(JSON.stringify(b.targets)).toBe(JSON.stringify(a.targets))
    }), { numRuns: 20 })
  })
})

describe("comparison and sweep", () => {
  const cols = syntheticPortfolio({ size: 3000, seed: 5 })
  const at = (threshold: number) => Either.getOrThrow(reform(policies.fudingSite2020, { id: `fuding-${threshold / 1e6}m`, parameters: { costThresholdYuan: threshold } }))

  it("explains each project that a 30-million threshold brings in, with the parameter that changed", () => {
    const cmp = Either.getOrThrow(comparePolicies(cols, [policies.fudingSite2020, at(30_000_000), at(80_000_000)], date))
    expect(cmp.outcomes.map((o) => o.policyId)).toEqual(["fuding-site-2020", "fuding-30m", "fuding-80m"])
    // outside Fuding's scope the national rule answers (issue 14 item 4): lowering the threshold brings sites into
    // Fuding's model (a combined branch with an instructor and a liaison); only sites without a full member, which
    // the national rule does not require, change their requirement
    expect(cmp.deltas[0]!.required).toBeGreaterThanOrEqual(0)
    expect(cmp.deltas[1]!.required).toBeLessThanOrEqual(0)
    const toThirty = cmp.changes.filter((c) => c.policy === 1)
    expect(toThirty.length).toBeGreaterThan(0)
    for (const c of toThirty) {
      if (c.from !== c.to) {
        expect([c.from, c.to]).toEqual(["notRequired", "required"])
        expect(c.after?.ruleId).toBe("fuding-site-2020.requirement")
      } else {
        expect(c.elements.map((e) => e.element)).toContain("forms")
        const forms = c.elements.find((e) => e.element === "forms")!
        expect([forms.before?.ruleId, forms.after?.ruleId]).toEqual(["national.forms", "fuding-site-2020.forms"])
      }
    }
    // a combined branch each needs an instructor and a liaison
    expect(cmp.deltas[0]!.needs.instructors).toBeGreaterThan(0)
    expect(cmp.deltas[0]!.needs.instructors).toBe(cmp.deltas[0]!.needs.liaisons)
  })

  it("lists the projects whose forms or instructor change under a member-threshold reform, as their own setup decisions say", () => {
    // Shanghai (seed-000 §二(二)): a site with fewer than `branchMinFullMembers` full members forms a joint branch
    // or lighter form and may receive an instructor; raising the threshold to 6 moves sites with 3 to 5 members
    const six = Either.getOrThrow(reform(policies.shanghaiSite, { id: "shanghai-6", parameters: { branchMinFullMembers: 6 } }))
    const cmp = Either.getOrThrow(comparePolicies(cols, [policies.shanghaiSite, six], date, { explainLimit: 10_000 }))
    expect(cmp.changedCount[1]).toBe(cmp.changes.length)
    expect(cmp.changes.length).toBeGreaterThan(0)
    const decision = (policy: typeof six, i: number) => Either.getOrThrow(evaluateSetup(projectFromColumns(cols, i), policy, date))
    const text = (f: any) => f._tag === "Gap" ? "gap" : typeof f.value === "string" ? f.value : f.value.map((o: any) => `${o.temporary ? "temporary " : ""}${o.form}`).join(" > ")
    const listed = new Map(cmp.changes.map((c) => [c.projectId, c]))
    for (let i = 0; i < cols.size; i++) {
      const before = decision(policies.shanghaiSite, i)
      const after = decision(six, i)
      const req = (d: typeof before) => d.requirement._tag === "Gap" ? "gap" : d.requirement.value
      const differing = req(before) === "required" && req(after) === "required"
        ? (["forms", "instructor", "liaison"] as const).filter((e) => text(before[e]) !== text(after[e]))
        : []
      const c = listed.get(cols.ids[i]!)
      if (req(before) !== req(after)) expect(c?.to).toBe(req(after))
      else if (differing.length === 0) expect(c).toBeUndefined()
      else {
        expect(c!.elements.map((e) => e.element)).toEqual(differing)
        for (const e of c!.elements) {
          expect([e.from, e.to]).toEqual([text(before[e.element]), text(after[e.element])])
          expect(e.parameters.map((p) => [p.key, p.before?.value, p.after?.value])).toContainEqual(["branchMinFullMembers", 3, 6])
        }
      }
    }
    expect(cmp.changes.some((c) => c.elements.some((e) => e.element === "forms"))).toBe(true)
  })

  it("sweeps the cost threshold: one row per value, the required count never rising with the threshold", () => {
    const values = Array.from({ length: 8 }, (_, k) => 10_000_000 * (k + 1))
    const seen: Array<number> = []
    const rows = Either.getOrThrow(sweepParameter(cols, policies.fudingSite2020, "costThresholdYuan", values, date, { onProgress: (d) => seen.push(d) }))
    expect(rows.map((r) => r.value)).toEqual(values)
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    for (let k = 1; k < rows.length; k++) expect(rows[k]!.required).toBeLessThanOrEqual(rows[k - 1]!.required)
    const fifty = Either.getOrThrow(comparePolicies(cols, [policies.fudingSite2020], date)).outcomes[0]!
    expect(rows[4]!.required).toBe(fifty.totals.required)
    expect(rows[4]!.instructorsNeeded).toBe(fifty.needs.instructors)
  })

  it("rejects a sweep of a parameter the policy does not have", () => {
    const r = sweepParameter(cols, policies.fudingSite2020, "noSuchThing", [1], date)
    expect(Either.isLeft(r)).toBe(true)
  })
})
