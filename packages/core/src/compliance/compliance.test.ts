/**
 * Properties of the scorecard and the queries: evidence never worsens a standing; every site of a generated
 * portfolio has a scorecard agreeing with the coverage report; the column pass lists the same overdue reports
 * as the one-site path.
 */
import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CoverageFacts, workFormsOf } from "../coverage/columns.js"
import { Status, projectFromColumns, requirementOf, runCoverage } from "../coverage/coverage.js"
import { isoDate } from "../model/primitives.js"
import { catalogue, policies } from "../policy/catalogue/index.js"
import { makeProject } from "../scenarios/seeds.js"
import { daysBetween, plusDays } from "../rules/obligation/define.js"
import { syntheticPortfolio } from "../simulation/generator.js"
import { obligationsOf } from "./obligations.js"
import { indexProjectRecords, replayRecords } from "./records.js"
import type { RecordFact } from "./records.js"
import { scorecardOf, standingRank } from "./scorecard.js"
import { overdueColumns, reportingColumns, monthOfIndex } from "./columns.js"
import { creditFileEntries, evaluationCandidates, groupOverdue, overdueReports, recordEvaluation, reportingRate } from "./queries.js"
import { arbDate, arbEvidence, arbSite, historyRecords, wenzhouSite } from "./records.arbitraries.js"
import { MilestoneRecorded, ReportReviewed, ReportSubmitted, StepRecorded, YearMonth } from "./records.js"
import { Schema } from "effect"

const month = Schema.decodeSync(YearMonth)

// one required site per policy that has obligations, with the dated milestones obligations count from
const SITES = [
  { policy: policies.shanghaiSite, project: makeProject({ id: "p", name: "p", kind: "rail", costYuan: 3e9, plannedStart: "2022-03-01", plannedEnd: "2024-02-29", major: true, units: [{ id: "gc", name: "gc", role: "generalContractor", members: { full: 12 } }] }) },
  { policy: policies.langshanStreet, project: makeProject({ id: "p", name: "p", kind: "building", costYuan: 1.2e9, plannedStart: "2022-03-01", plannedEnd: "2024-12-31", major: true, units: [{ id: "gc", name: "gc", role: "generalContractor", members: { full: 15 } }] }) },
  { policy: policies.fudingSite2020, project: makeProject({ id: "p", name: "p", kind: "road", costYuan: 2e9, plannedStart: "2021-06-01", plannedEnd: "2024-12-31", major: true, units: [{ id: "gc", name: "gc", role: "generalContractor", members: { full: 6 } }] }) },
  { policy: policies.wenzhouRedSite2022, project: makeProject({ id: "p", name: "p", kind: "building", costYuan: 2e8, plannedStart: "2022-05-01", plannedEnd: "2024-04-30", major: false, units: [{ id: "gc", name: "gc", role: "generalContractor", members: { full: 5 } }] }) },
  { policy: policies.shanghaiExpo, project: makeProject({ id: "p", name: "p", kind: "event", costYuan: 0, plannedStart: "2010-05-01", plannedEnd: "2010-10-31", major: true, units: [{ id: "u", name: "u", role: "owner", members: { full: 4 } }] }) }
]
const MILESTONES: ReadonlyArray<RecordFact> = [
  new MilestoneRecorded({ id: "m1", projectId: "p", date: isoDate("2022-01-10"), milestone: "projectSetUp" }),
  new MilestoneRecorded({ id: "m2", projectId: "p", date: isoDate("2022-02-01"), milestone: "projectDepartmentFormed" }),
  new MilestoneRecorded({ id: "m3", projectId: "p", date: isoDate("2022-06-15"), milestone: "redSiteCreationStarted" })
]

describe("adding evidence never worsens a standing", () => {
  it.each(SITES.map((s) => [s.policy.id, s] as const))("%s", (_id, s) => {
    const op = Either.getOrThrow(obligationsOf(s.policy))
    fc.assert(fc.property(fc.array(arbEvidence("p"), { maxLength: 12 }), arbEvidence("p"), arbDate, fc.boolean(), (evidence, more, date, withMilestones) => {
      const facts = [...(withMilestones ? MILESTONES : []), ...evidence.map((e, k) => e(`e${k}`))]
      // the Expo ran in 2010: the same day of the range, moved into the park's operation
      const at = s.policy.id === "shanghai-expo" ? isoDate(plusDays("2010-03-01", daysBetween("2022-01-01", date) % 240)) : date
      const before = scorecardOf(op, s.project, indexProjectRecords(facts.filter((f) => f.date <= at)), at)
      const added = [...facts, more("extra")]
      const after = scorecardOf(op, s.project, indexProjectRecords(added.filter((f) => f.date <= at)), at)
      expect(standingRank(after.standing)).toBeGreaterThanOrEqual(standingRank(before.standing))
    }), { numRuns: 150 })
  })
})

describe("every site of a generated portfolio: the scorecard agrees with the coverage report", () => {
  it.each(catalogue.map((p) => [p.id, p] as const))("%s", (_id, policy) => {
    const cols = syntheticPortfolio({ size: 250, seed: 19 })
    const date = isoDate(policy.id === "shanghai-expo" ? "2010-06-30" : "2022-06-30")
    const run = Either.getOrThrow(runCoverage(cols, policy, date))
    const op = Either.getOrThrow(obligationsOf(policy))
    let gaps = 0
    for (let i = 0; i < cols.size; i++) {
      const project = projectFromColumns(cols, i)
      const coverage = new CoverageFacts({
        projectId: project.id, ownOrganization: cols.ownOrganization[i] === 1, jointOrganization: cols.ownOrganization[i] === 2,
        work: workFormsOf(cols.workForms[i]!), redSiteCreation: cols.redSiteCreation[i] === 1, qualityPlan: cols.qualityPlan[i] === 1
      })
      const card = scorecardOf(op, project, indexProjectRecords([]), date, { coverage })
      const gap = requirementOf(run, i) === "required" && run.status[i] !== Status.organizational
      expect(card.coverageGap, project.id).toBe(gap)
      const org = card.items.find((x) => x.kind === "obligation.siteOrganization")!
      if (requirementOf(run, i) === "required") expect(org.status === "met" || org.status === "metThroughAlternative", project.id).toBe(!gap)
      // a compliant site is never a gap, and a gap is never compliant
      if (card.standing === "compliant") expect(gap).toBe(false)
      if (gap) expect(card.standing).not.toBe("compliant")
      if (gap) gaps++
    }
    // the portfolio has gaps to check (every policy requires some of its sites)
    expect(gaps).toBeGreaterThan(0)
  })
})

describe("overdue reports: the column pass and the one-site path agree", () => {
  it("on random portfolios and dates", () => {
    // dates to mid-2025: windows of more than 31 months take the byte-per-month path
    const arbLaterDate = fc.integer({ min: 0, max: 1270 }).map((d) => isoDate(plusDays("2022-01-01", d)))
    fc.assert(fc.property(fc.array(arbSite, { maxLength: 12 }), arbLaterDate, (histories, date) => {
      const projects = histories.map((h, k) => wenzhouSite(`w${k}`, `区${h.district}`))
      const book = Either.getOrThrow(replayRecords(histories.flatMap((h, k) => historyRecords(`w${k}`, h))))
      const rows = Either.getOrThrow(overdueReports(projects, policies.wenzhouRedSite2022, book, date))
      const cols = Either.getOrThrow(reportingColumns(projects, policies.wenzhouRedSite2022, book, date))
      const fast = overdueColumns(cols, date)
      expect(fast.count).toBe(rows.length)
      rows.forEach((r, k) => {
        expect(cols.ids[fast.site[k]!]).toBe(r.projectId)
        expect(monthOfIndex(fast.month[k]!)).toBe(r.month)
        expect(fast.daysLate[k]).toBe(r.daysLate)
      })
      // the groups count what the rows hold
      const byDistrict = groupOverdue(rows, "district")
      expect(byDistrict.reduce((s, g) => s + g.reports, 0)).toBe(rows.length)
      expect(groupOverdue(rows, "organization").reduce((s, g) => s + g.sites, 0)).toBe(new Set(rows.map((r) => r.projectId)).size)
    }), { numRuns: 150 })
  })
})

describe("a district's reporting rate, the evaluation and the credit file (Wenzhou)", () => {
  const a = wenzhouSite("wa", "鹿城区")
  const b = wenzhouSite("wb", "鹿城区")
  const c = wenzhouSite("wc", "瓯海区")
  const rep = (p: string, m: string, date: string) => new ReportSubmitted({ id: `${p}-${m}`, projectId: p, date: isoDate(date), month: month(m), organizationId: `${p}-branch` })
  const ok = (p: string, m: string, date: string) => new ReportReviewed({ id: `${p}-${m}-rv`, projectId: p, date: isoDate(date), reportId: `${p}-${m}`, outcome: "reviewed", reviewerId: "鹿城区住建局" })
  const setup = (p: string) => [
    new StepRecorded({ id: `${p}-org`, projectId: p, date: isoDate("2022-09-01"), step: "organizationEstablished", organizationId: `${p}-branch` }),
    new MilestoneRecorded({ id: `${p}-start`, projectId: p, date: isoDate("2022-10-01"), milestone: "redSiteCreationStarted" }),
    ...(["venue", "rules", "signage", "members"] as const).map((s) => new StepRecorded({ id: `${p}-${s}`, projectId: p, date: isoDate("2022-10-05"), step: s }))
  ]
  const book = Either.getOrThrow(replayRecords([
    ...setup("wa"), ...setup("wb"), ...setup("wc"),
    rep("wa", "2022-10", "2022-11-08"), ok("wa", "2022-10", "2022-11-12"), rep("wa", "2022-11", "2022-12-09"), ok("wa", "2022-11", "2022-12-12"),
    rep("wa", "2022-12", "2023-01-05"), ok("wa", "2022-12", "2023-01-06"),
    rep("wb", "2022-10", "2022-11-20"), rep("wc", "2022-10", "2022-11-01")
  ]))
  const projects = [a, b, c]

  it("the monthly rate of a district over time", () => {
    const series = Either.getOrThrow(reportingRate(projects, policies.wenzhouRedSite2022, book, { district: "鹿城区", from: "2022-09", to: "2022-12" }, isoDate("2023-01-31")))
    expect(series.map((m) => [m.month, m.owed, m.submitted, m.onTime, m.reviewed])).toEqual([
      ["2022-09", 0, 0, 0, 0], ["2022-10", 2, 2, 1, 1], ["2022-11", 2, 1, 1, 1], ["2022-12", 2, 1, 1, 1]
    ])
    expect(series[1]!.rate).toBe(1)
    expect(series[0]!.rate).toBeNull()
  })

  it("overdue per district and per organization", () => {
    const rows = Either.getOrThrow(overdueReports(projects, policies.wenzhouRedSite2022, book, isoDate("2023-01-31")))
    expect(groupOverdue(rows, "district").map((g) => [g.key, g.sites, g.reports])).toEqual([["瓯海区", 1, 2], ["鹿城区", 1, 2]])
    expect(groupOverdue(rows, "organization").map((g) => g.key)).toEqual(["wb-branch", "wc-branch"])
  })

  it("candidates for 2022 with the reason each criterion is or is not met, and the credit-file entries of the one selected", () => {
    const candidates = Either.getOrThrow(evaluationCandidates(projects, policies.wenzhouRedSite2022, book, 2022))
    expect(candidates.map((x) => [x.projectId, x.qualifies])).toEqual([["wa", true], ["wb", false], ["wc", false]])
    const wb = candidates[1]!.criteria.find((x) => x.criterion === "monthlyReportsReviewed")!
    expect(wb.met).toBe(false)
    expect(wb.reason.citation.quote).toContain("每年度评选")
    expect(wb.reason.parameters[0]).toMatchObject({ key: "evaluationCriteria", assumption: true })
    const entries = Either.getOrThrow(creditFileEntries([{ project: a, honour: "excellentRedSite", year: 2022 }], policies.wenzhouRedSite2022))
    expect(entries.map((e) => e.enterpriseId)).toEqual(["gc"])
    expect(entries[0]!.reason.citation.quote).toContain("信用档案")
    // recorded, the honour's credit-file obligation is met
    const events = recordEvaluation(entries, isoDate("2023-01-20"), "eval-2022")
    const after = Either.getOrThrow(replayRecords(events, book))
    const op = Either.getOrThrow(obligationsOf(policies.wenzhouRedSite2022))
    const card = (evs: typeof events) => scorecardOf(op, a, indexProjectRecords(
      [...Either.getOrThrow(replayRecords(evs, book)).events].filter((e) => e._tag !== "Correct" && e.projectId === "wa") as Array<RecordFact>), isoDate("2023-02-01"))
    expect(card(events).items.find((i) => i.kind === "obligation.creditFileEntry")!.status).toBe("met")
    expect(card(events.slice(0, 1)).items.find((i) => i.kind === "obligation.creditFileEntry")!.status).toBe("due")
    expect(after.events.length).toBe(book.events.length + 2)
  })
})
