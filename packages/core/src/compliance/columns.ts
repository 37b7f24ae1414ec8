/**
 * The reporting cycle in columns, for the overdue list of a big portfolio: per site its district and reporting
 * organization (codes into dictionaries), the month its creation started and its last month, and its monthly
 * reports stored once for all sites (the reports of site `i` are rows `reportStart[i]` to
 * `reportStart[i + 1] - 1`). {@link overdueColumns} lists the overdue reports in one pass; it agrees with
 * `overdueReports` on every site (a differential test).
 *
 * Months are numbered `year * 12 + month - 1` ({@link monthIndex}).
 *
 * @module
 */
import { Either } from "effect"
import type { IsoDate } from "../model/primitives.js"
import type { Project } from "../model/project.js"
import { dictionary } from "../coverage/columns.js"
import type { PolicyResolutionError } from "../policy/policy.js"
import { ParameterProblem, compileValues } from "../rules/read.js"
import { daysBetween, monthOf, reportDueOn } from "../rules/obligation/define.js"
import { obligationsOf } from "./obligations.js"
import type { ObligationPolicy } from "./obligations.js"
import { NO_RECORDS, projectRecords } from "./records.js"
import type { RecordBook } from "./records.js"
import { reportingOrganizationOf } from "./queries.js"
import type { PolicyFor } from "./queries.js"

/** Codes of the `reportState` column. */
export const ReportCode = { submitted: 0, reviewed: 1, returned: 2 } as const

/** The number of a month `YYYY-MM` (or of a date's month): `year * 12 + month - 1`. */
export const monthIndex = (m: string): number => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1

/** The month `YYYY-MM` of a month number. */
export const monthOfIndex = (k: number): string => `${String(Math.floor(k / 12)).padStart(4, "0")}-${String((k % 12) + 1).padStart(2, "0")}`

/** A portfolio's reporting cycle as columns. */
export interface ReportingColumns {
  readonly size: number
  readonly ids: ReadonlyArray<string>
  readonly districts: ReadonlyArray<string>
  /** Index into `districts`, -1 for none. */
  readonly district: Int32Array
  readonly organizations: ReadonlyArray<string>
  /** Index into `organizations`, -1 for none. */
  readonly organization: Int32Array
  /** Month number of the creation start; -1 when the site owes no report. */
  readonly startMonth: Int32Array
  /** Month number of the last month owed (completion); -1 for none. */
  readonly lastMonth: Int32Array
  /** The day of the following month a report is due by (the policy's `monthlyReportDueDay`). */
  readonly dueDay: Int32Array
  /** Length `size + 1`. */
  readonly reportStart: Int32Array
  /** Month number of each report. */
  readonly reportMonth: Int32Array
  /** {@link ReportCode} of each report (its latest review). */
  readonly reportState: Uint8Array
}

/**
 * Builds the reporting columns of projects from the record log as it stood on `date`, each site under its own
 * policy (a site whose policy has no monthly-report obligation, or that has not started red-site creation, owes
 * none: `startMonth` -1).
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { isoDate, overdueColumns, policies, reportingColumns } from "@redsite/core"
 * const cols = Either.getOrThrow(reportingColumns(projects, policies.wenzhouRedSite2022, book, isoDate("2022-09-30")))
 * overdueColumns(cols, isoDate("2022-09-30")).count
 * ```
 */
export const reportingColumns = (
  projects: ReadonlyArray<Project>,
  policy: PolicyFor,
  book: RecordBook,
  date: IsoDate
): Either.Either<ReportingColumns, PolicyResolutionError> => {
  const cache = new Map<unknown, Either.Either<ObligationPolicy, PolicyResolutionError>>()
  const byProject = projectRecords(book, date)
  const n = projects.length
  const districts = dictionary()
  const organizations = dictionary()
  const district = new Int32Array(n)
  const organization = new Int32Array(n)
  const startMonth = new Int32Array(n).fill(-1)
  const lastMonth = new Int32Array(n).fill(-1)
  const dueDay = new Int32Array(n)
  const reportStart = new Int32Array(n + 1)
  const months: Array<number> = []
  const states: Array<number> = []
  for (let i = 0; i < n; i++) {
    const p = projects[i]!
    reportStart[i] = months.length
    district[i] = districts.code(p.district)
    const pol = typeof policy === "function" ? policy(p) : policy
    let op = cache.get(pol)
    if (op === undefined) cache.set(pol, (op = obligationsOf(pol)))
    if (Either.isLeft(op)) return Either.left(op.left)
    const records = byProject.get(p.id) ?? NO_RECORDS
    const org = reportingOrganizationOf(records)
    organization[i] = org === "" ? -1 : organizations.code(org)
    const started = records.milestones.get("redSiteCreationStarted")
    const values = compileValues(op.right.parameters, { monthlyReportDueDay: "number" })
    if (started === undefined || values instanceof ParameterProblem || !op.right.rules.some((r) => r.kind === "obligation.monthlyReport")) continue
    startMonth[i] = monthIndex(started.date)
    const completed = records.milestones.get("completed")
    if (completed !== undefined) lastMonth[i] = monthIndex(completed.date)
    dueDay[i] = values.monthlyReportDueDay
    for (const r of records.reports.values()) {
      months.push(monthIndex(r.month))
      states.push(ReportCode[r.state])
    }
  }
  reportStart[n] = months.length
  return Either.right({
    size: n, ids: projects.map((p) => p.id), districts: districts.values, district, organizations: organizations.values, organization,
    startMonth, lastMonth, dueDay, reportStart, reportMonth: Int32Array.from(months), reportState: Uint8Array.from(states)
  })
}

/** A copy of `a` in an array of length `cap`. */
const grown = (a: Int32Array<ArrayBuffer>, cap: number): Int32Array<ArrayBuffer> => {
  const b = new Int32Array(cap)
  b.set(a)
  return b
}

/** The overdue reports found by {@link overdueColumns}: `count` rows of site index, month number and days late. */
export interface OverdueRows {
  readonly count: number
  readonly site: Int32Array
  readonly month: Int32Array
  readonly daysLate: Int32Array
}

/**
 * The overdue reports of every site on `date` in one pass over the columns: a month is owed from the site's
 * start month up to the month before the date's (and its last month), and overdue when no report of it stands
 * (none, or only returned ones) after its due date. Rows come site by site, oldest month first, as
 * `overdueReports` lists them.
 */
export const overdueColumns = (cols: ReportingColumns, date: IsoDate): OverdueRows => {
  const current = monthIndex(monthOf(date))
  const { startMonth, lastMonth, dueDay, reportStart, reportMonth, reportState } = cols
  const n = cols.size
  // first pass: the earliest start (the window of months) and the months owed in all (the rows' upper bound)
  let minStart = current
  let owed = 0
  for (let i = 0; i < n; i++) {
    const s = startMonth[i]!
    if (s < 0) continue
    if (s < minStart) minStart = s
    const l = lastMonth[i]!
    const end = l >= 0 && l < current - 1 ? l : current - 1
    if (end >= s) owed += end - s + 1
  }
  const span = Math.max(1, current - minStart)
  // days late of each month from minStart, one table per due day met (computed on first use)
  const tables: Array<Int32Array | undefined> = []
  const tableFor = (day: number) => {
    let t = tables[day]
    if (t === undefined) {
      t = new Int32Array(span)
      for (let k = 0; k < span; k++) t[k] = daysBetween(reportDueOn(monthOfIndex(minStart + k), day), date)
      tables[day] = t
    }
    return t
  }
  // rows: room for an eighth of the months owed, doubled when full (usually most reports are in)
  let cap = Math.max(16, Math.min(owed, (owed >> 3) + 1024))
  let site = new Int32Array(cap)
  let month = new Int32Array(cap)
  let days = new Int32Array(cap)
  const grow = () => {
    cap *= 2
    site = grown(site, cap); month = grown(month, cap); days = grown(days, cap)
  }
  let count = 0
  let day = -1
  let late: Int32Array = new Int32Array(0)
  if (span <= 31) {
    // the months a site reported as a bit mask over the window
    for (let i = 0; i < n; i++) {
      const s = startMonth[i]!
      if (s < 0) continue
      const l = lastMonth[i]!
      const end = l >= 0 && l < current - 1 ? l : current - 1
      if (end < s) continue
      const dd = dueDay[i]!
      if (dd !== day) { day = dd; late = tableFor(Math.max(1, Math.min(31, dd))) }
      let mask = 0
      for (let r = reportStart[i]!; r < reportStart[i + 1]!; r++) {
        const m = reportMonth[r]!
        if (m >= s && m <= end && reportState[r] !== ReportCode.returned) mask |= 1 << (m - minStart)
      }
      for (let m = s; m <= end; m++) {
        const k = m - minStart
        if ((mask & (1 << k)) !== 0) continue
        const d = late[k]!
        if (d <= 0) continue
        if (count === cap) grow()
        site[count] = i
        month[count] = m
        days[count] = d
        count++
      }
    }
  } else {
    // a longer window: a byte per month, cleared as it is read
    const seen = new Uint8Array(span)
    for (let i = 0; i < n; i++) {
      const s = startMonth[i]!
      if (s < 0) continue
      const l = lastMonth[i]!
      const end = l >= 0 && l < current - 1 ? l : current - 1
      if (end < s) continue
      const dd = dueDay[i]!
      if (dd !== day) { day = dd; late = tableFor(Math.max(1, Math.min(31, dd))) }
      for (let r = reportStart[i]!; r < reportStart[i + 1]!; r++) {
        const m = reportMonth[r]!
        if (m >= s && m <= end && reportState[r] !== ReportCode.returned) seen[m - minStart] = 1
      }
      for (let m = s; m <= end; m++) {
        const k = m - minStart
        if (seen[k] === 1) { seen[k] = 0; continue }
        const d = late[k]!
        if (d <= 0) continue
        if (count === cap) grow()
        site[count] = i
        month[count] = m
        days[count] = d
        count++
      }
    }
  }
  return { count, site: site.subarray(0, count), month: month.subarray(0, count), daysLate: days.subarray(0, count) }
}
