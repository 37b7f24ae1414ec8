/**
 * Monthly data reports (月报, seed-004 §三(一)): "按时上报每月“红色工地”创建活动数据汇总并及时对智建之家党建系统里
 * 企业上报的数据进行认真审核". The plan has the local authority summarize each month's creation data from what
 * enterprises report and review it; redsite reads that as one report per creating site per month (stated:
 * 每月), reviewed by the local authority (reviewed / returned). The day a month's report is due is not in the
 * plan (按时, on time): `monthlyReportDueDay`, a flagged assumption, is the day of the following month. A
 * returned report counts as not submitted until a new one is. Months run from the creation-start month up to
 * the month before the date (and no later than the completion month).
 *
 * Applied by `wenzhou-red-site-2022.obligations.monthlyReport`.
 *
 * @module
 */
import { daysBetween, defineObligation, monthOf, nextMonth, reportDueOn } from "./define.js"
import { creating } from "./creationRecords.js"

/** The months a creating site owes a report for on a date: from `startMonth` through the month before `date`, capped at `lastMonth`. */
export const monthsOwed = (startMonth: string, date: string, lastMonth?: string): ReadonlyArray<string> => {
  const out: Array<string> = []
  const current = monthOf(date)
  for (let m = startMonth; m < current && (lastMonth === undefined || m <= lastMonth); m = nextMonth(m)) out.push(m)
  return out
}

/** A month's report as the overdue computation reads it (the report standing for the month, if any). */
export interface MonthReport {
  readonly state: string
}

/**
 * The months owed on a date and, of those, the outstanding ones (no report, or its report returned) and the
 * late ones (outstanding after their due date). One function for the scorecard and the overdue queries.
 */
export const reportMonths = (
  startMonth: string,
  date: string,
  dueDay: number,
  reports: ReadonlyMap<string, MonthReport>,
  lastMonth?: string
) => {
  const owed = monthsOwed(startMonth, date, lastMonth)
  const outstanding = owed.filter((m) => { const v = reports.get(m); return v === undefined || v.state === "returned" })
  const late = outstanding.filter((m) => daysBetween(reportDueOn(m, dueDay), date) > 0)
  return { owed, outstanding, late }
}

/** Monthly data reports. */
export const monthlyReport = defineObligation({
  kind: "obligation.monthlyReport",
  question: "obligations",
  summary: { zh: "每月上报红色工地创建活动数据,由属地主管部门审核", en: "monthly creation-data reports, reviewed by the local authority" },
  site: true,
  parameters: { monthlyReportDueDay: "number" },
  facts: ["redSiteCreation", "creationStartedOn", "completedOn", "monthsOwed", "monthsReported", "monthsReviewed"],
  schedule: {
    recurrence: "monthly", deadline: "assumed",
    text: { zh: "每月(来源所定);次月第几日前上报为假设参数", en: "monthly (stated); the day of the following month it is due by is a flagged assumption" }
  },
  assess: (ctx, r) => {
    if (!r.fact("redSiteCreation", creating(ctx))) {
      return { status: "notApplicable", text: { zh: "工地未开展红色工地创建", en: "the site does not run red-site creation" } }
    }
    const started = ctx.records.milestones.get("redSiteCreationStarted")
    r.fact("creationStartedOn", started?.date ?? null)
    if (started === undefined) {
      return { status: "undetermined", text: { zh: "红色工地创建开始日期未记录,无法确定应报月份", en: "the date red-site creation started is not recorded: the months owed cannot be told" } }
    }
    const completed = ctx.records.milestones.get("completed")
    r.fact("completedOn", completed?.date ?? null)
    const dueDay = r.num("monthlyReportDueDay")
    const owed = monthsOwed(monthOf(started.date), ctx.date, completed === undefined ? undefined : monthOf(completed.date))
    r.fact("monthsOwed", owed.length)
    const standing = owed.map((m) => ctx.records.reports.get(m)).filter((v) => v !== undefined && v.state !== "returned")
    r.fact("monthsReported", standing.length)
    r.fact("monthsReviewed", standing.filter((v) => v!.state === "reviewed").length)
    const { outstanding, late } = reportMonths(monthOf(started.date), ctx.date, dueDay, ctx.records.reports, completed === undefined ? undefined : monthOf(completed.date))
    const evidence = standing.map((v) => v!.id)
    if (late.length > 0) {
      const dueOn = reportDueOn(late[0]!, dueDay)
      const days = daysBetween(dueOn, ctx.date)
      return {
        status: "overdue", dueOn, daysLate: days, periods: late, evidence,
        text: { zh: `逾期未报月报:${late.join("、")};最早一期应于${dueOn}前上报,已逾期${days}天`, en: `monthly reports overdue: ${late.join(", ")}; the oldest was due by ${dueOn}, ${days} days overdue` }
      }
    }
    if (outstanding.length > 0) {
      const dueOn = reportDueOn(outstanding[0]!, dueDay)
      return { status: "due", dueOn, evidence, text: { zh: `${outstanding[0]}月报应于${dueOn}前上报`, en: `the ${outstanding[0]} report is due by ${dueOn}` } }
    }
    const next = reportDueOn(owed.length === 0 ? monthOf(started.date) : nextMonth(owed[owed.length - 1]!), dueDay)
    if (owed.length === 0) {
      return { status: "due", dueOn: next, text: { zh: `首期月报应于${next}前上报`, en: `the first report is due by ${next}` } }
    }
    const reviewed = standing.filter((v) => v!.state === "reviewed").length
    return {
      status: "met", evidence, nextDue: next,
      text: {
        zh: `应报${owed.length}期月报均已上报(已审核${reviewed}期);下期应于${next}前上报`,
        en: `all ${owed.length} monthly reports owed are submitted (${reviewed} reviewed); the next is due by ${next}`
      }
    }
  }
})
