/**
 * Generators of portfolios with a year or so of records, for the compliance property tests.
 */
import fc from "fast-check"
import { Schema } from "effect"
import { isoDate } from "../model/primitives.js"
import type { Project } from "../model/project.js"
import { makeProject } from "../scenarios/seeds.js"
import { plusDays, reportDueOn } from "../rules/obligation/define.js"
import { monthOfIndex } from "./columns.js"
import type { RecordFact } from "./records.js"
import { AssessmentRecorded, LetterSigned, MeetingHeld, MilestoneRecorded, ReportReviewed, ReportSubmitted, StepRecorded, YearMonth } from "./records.js"
import { Steps } from "./vocabulary.js"

const month = Schema.decodeSync(YearMonth)

/** One site's reporting history: when creation started, whether it completed, each month's report (or none). */
export interface SiteHistory {
  readonly district: number
  readonly organization: number | null
  /** Months after 2022-01 that creation started (null: never). */
  readonly start: number | null
  readonly completedAfter: number | null
  /** Per month from the start: null (no report), or the days after the due date it was submitted, and its review. */
  readonly reports: ReadonlyArray<{ readonly offset: number; readonly review: "none" | "reviewed" | "returned"; readonly resubmit: boolean } | null>
}

export const arbSite: fc.Arbitrary<SiteHistory> = fc.record({
  district: fc.integer({ min: 0, max: 2 }),
  organization: fc.option(fc.integer({ min: 0, max: 3 })),
  start: fc.option(fc.integer({ min: 0, max: 14 }), { freq: 5 }),
  completedAfter: fc.option(fc.integer({ min: 0, max: 10 }), { freq: 3 }),
  reports: fc.array(fc.option(fc.record({
    offset: fc.integer({ min: -25, max: 40 }),
    review: fc.constantFrom("none" as const, "reviewed" as const, "returned" as const),
    resubmit: fc.boolean()
  }), { freq: 4 }), { maxLength: 18 })
})

/** A Wenzhou site (eligible: 2 years, 5 full members). */
export const wenzhouSite = (id: string, district: string): Project => makeProject({
  id, name: id, kind: "building", costYuan: 2e8, plannedStart: "2022-01-01", plannedEnd: "2023-12-31", major: false, district,
  units: [{ id: "gc", name: "建工集团", role: "generalContractor", hasOrganization: true, members: { full: 5 } }]
})

/** The records of site histories (ids unique per site). */
export const historyRecords = (id: string, h: SiteHistory, dueDay = 10): Array<RecordFact> => {
  const out: Array<RecordFact> = []
  const org = h.organization === null ? undefined : `org-${h.organization}`
  out.push(new StepRecorded({ id: `${id}-org`, projectId: id, date: isoDate("2021-12-01"), step: "organizationEstablished", ...(org === undefined ? {} : { organizationId: org }) }))
  if (h.start === null) return out
  const startMonth = 2022 * 12 + h.start
  out.push(new MilestoneRecorded({ id: `${id}-start`, projectId: id, date: isoDate(`${monthOfIndex(startMonth)}-15`), milestone: "redSiteCreationStarted" }))
  if (h.completedAfter !== null) {
    out.push(new MilestoneRecorded({ id: `${id}-done`, projectId: id, date: isoDate(`${monthOfIndex(startMonth + h.completedAfter)}-20`), milestone: "completed" }))
  }
  h.reports.forEach((r, k) => {
    if (r === null) return
    const m = monthOfIndex(startMonth + k)
    const date = plusDays(reportDueOn(m, dueDay), r.offset)
    const rid = `${id}-rep-${m}`
    out.push(new ReportSubmitted({ id: rid, projectId: id, date: isoDate(date), month: month(m), ...(org === undefined ? {} : { organizationId: org }) }))
    if (r.review !== "none") {
      out.push(new ReportReviewed({ id: `${rid}-rv`, projectId: id, date: isoDate(plusDays(date, 3)), reportId: rid, outcome: r.review, reviewerId: "authority" }))
      if (r.review === "returned" && r.resubmit) {
        out.push(new ReportSubmitted({ id: `${rid}-2`, projectId: id, date: isoDate(plusDays(date, 9)), month: month(m) }))
      }
    }
  })
  return out
}

/** A date from 2022-01 to 2024-06. */
export const arbDate = fc.integer({ min: 0, max: 910 }).map((d) => isoDate(plusDays("2022-01-01", d)))

/** Evidence a site may add (never a milestone, a review or an honour: those can make something due). */
export const arbEvidence = (projectId: string): fc.Arbitrary<(id: string) => RecordFact> => {
  const date = fc.integer({ min: 0, max: 700 }).map((d) => isoDate(plusDays("2021-06-01", d)))
  return fc.oneof(
    fc.record({ date, step: fc.constantFrom(...Steps.values) }).map((x) => (id: string) => new StepRecorded({ id, projectId, ...x })),
    fc.record({ date, letter: fc.constantFrom("dualStandard" as const, "pairing" as const), covers: fc.subarray(["quality", "safety", "schedule", "civilizedSite"] as const) })
      .map((x) => (id: string) => new LetterSigned({ id, projectId, ...x })),
    date.map((d) => (id: string) => new MeetingHeld({ id, projectId, date: d, meeting: "jointMeeting" })),
    fc.record({ date, assessment: fc.constantFrom("bundled" as const, "fiveGood" as const) }).map((x) => (id: string) => new AssessmentRecorded({ id, projectId, ...x })),
    fc.record({ date, m: fc.integer({ min: 0, max: 23 }) }).map((x) => (id: string) => new ReportSubmitted({ id, projectId, date: x.date, month: month(monthOfIndex(2022 * 12 + x.m)) }))
  )
}
