/**
 * Queries over a portfolio's records, each site judged under its own policy: the overdue monthly reports on a
 * date (per district and per organization), a district's monthly reporting rate over time, the candidates for
 * the annual evaluation with the reason each criterion is or is not met, and the credit-file entries an
 * evaluation produces.
 *
 * @module
 */
import { Either, Schema } from "effect"
import { EXPLANATION_FORMAT, FactUsed, Reason } from "../explain/explanation.js"
import { trusted } from "../internal/trusted.js"
import { Id, IsoDate, Label, isoDate } from "../model/primitives.js"
import type { Project } from "../model/project.js"
import type { CoverageFacts } from "../coverage/columns.js"
import type { Policy, PolicyResolutionError } from "../policy/policy.js"
import { ParameterProblem, citeParameter, compileValues, lookupParameter } from "../rules/read.js"
import type { ProjectRecords } from "../rules/obligation/define.js"
import { monthOf, reportDueOn } from "../rules/obligation/define.js"
import { monthsOwed, reportMonths, runsRedSiteCreation } from "../rules/obligation/index.js"
import { obligationsOf } from "./obligations.js"
import type { ObligationPolicy } from "./obligations.js"
import type { ObligationSpec } from "./policyObligations.js"
import { CreditFileEntered, HonourAwarded, NO_RECORDS, projectRecords } from "./records.js"
import type { RecordBook } from "./records.js"
import { coverageFactsFromRecords, scorecardOf } from "./scorecard.js"
import { Honours } from "./vocabulary.js"
import type { Honour } from "./vocabulary.js"

/** The policy of every project, or a function giving each project its own (its jurisdiction's). */
export type PolicyFor = Policy | ((project: Project) => Policy)

/** Resolves each distinct policy once. */
const policyCache = (policyFor: PolicyFor) => {
  const cache = new Map<Policy, Either.Either<ObligationPolicy, PolicyResolutionError>>()
  return (project: Project) => {
    const policy = typeof policyFor === "function" ? policyFor(project) : policyFor
    let op = cache.get(policy)
    if (op === undefined) cache.set(policy, (op = obligationsOf(policy)))
    return op
  }
}

const specOf = (op: ObligationPolicy, kind: ObligationSpec["kind"]) => op.rules.find((r) => r.kind === kind)

/** The organization a site's reports are grouped under: its organization's id, else the last reporter's, else "". */
export const reportingOrganizationOf = (records: ProjectRecords): string => {
  const org = records.steps.get("organizationEstablished")?.organizationId ?? records.steps.get("jointOrganizationJoined")?.organizationId
  if (org !== undefined) return org
  let last: { date: string; org: string } | undefined
  for (const r of records.reports.values()) if (r.organizationId !== undefined && (last === undefined || r.date > last.date)) last = { date: r.date, org: r.organizationId }
  return last?.org ?? ""
}

/** One monthly report not submitted by its due date (or returned and not resubmitted). */
export class OverdueReport extends Schema.Class<OverdueReport>("OverdueReport")({
  projectId: Id,
  /** The policy of the obligation (its origin) and the rule's id. */
  policyId: Schema.String,
  ruleId: Schema.String,
  /** The project's district, "" for none. */
  district: Schema.String,
  /** The reporting organization ({@link reportingOrganizationOf}), "" when none is recorded. */
  organizationId: Schema.String,
  month: Schema.String,
  dueOn: IsoDate,
  daysLate: Schema.Number
}) {}

/** A site's reporting setting, or undefined when it owes no report (no monthly-report rule, not creating, start unknown). */
const reportingOf = (op: ObligationPolicy, records: ProjectRecords) => {
  const spec = specOf(op, "obligation.monthlyReport")
  if (spec === undefined) return undefined
  const values = compileValues(op.parameters, { monthlyReportDueDay: "number" })
  if (values instanceof ParameterProblem) return undefined
  const started = records.milestones.get("redSiteCreationStarted")
  if (started === undefined) return undefined
  const completed = records.milestones.get("completed")
  return {
    spec, dueDay: values.monthlyReportDueDay, startMonth: monthOf(started.date),
    ...(completed === undefined ? {} : { lastMonth: monthOf(completed.date) })
  }
}

/**
 * The overdue monthly reports of a portfolio on a date, oldest month first per site, sites in the order given.
 * A site owes reports under a policy with a monthly-report obligation, from the month its red-site creation
 * started (a `redSiteCreationStarted` record); see `obligation.monthlyReport`.
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { groupOverdue, isoDate, overdueReports, policies } from "@redsite/core"
 * const rows = Either.getOrThrow(overdueReports(projects, policies.wenzhouRedSite2022, book, isoDate("2022-09-30")))
 * groupOverdue(rows, "district") // per district: sites late, reports late, the worst delay
 * ```
 */
export const overdueReports = (
  projects: ReadonlyArray<Project>,
  policy: PolicyFor,
  book: RecordBook,
  date: IsoDate
): Either.Either<ReadonlyArray<OverdueReport>, PolicyResolutionError> => {
  const opOf = policyCache(policy)
  const byProject = projectRecords(book, date)
  const out: Array<OverdueReport> = []
  for (const project of projects) {
    const op = opOf(project)
    if (Either.isLeft(op)) return Either.left(op.left)
    const records = byProject.get(project.id) ?? NO_RECORDS
    const r = reportingOf(op.right, records)
    if (r === undefined) continue
    const { late } = reportMonths(r.startMonth, date, r.dueDay, records.reports, r.lastMonth)
    if (late.length === 0) continue
    const organizationId = reportingOrganizationOf(records)
    for (const month of late) {
      const dueOn = reportDueOn(month, r.dueDay) as IsoDate
      out.push(new OverdueReport({
        projectId: project.id, policyId: r.spec.origin ?? op.right.id, ruleId: r.spec.id, district: project.district ?? "", organizationId,
        month, dueOn, daysLate: daysFrom(dueOn, date)
      }, trusted))
    }
  }
  return Either.right(out)
}

const daysFrom = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000)

/** Overdue reports of one district or organization. */
export class OverdueGroup extends Schema.Class<OverdueGroup>("OverdueGroup")({
  /** The district or organization id ("" for none). */
  key: Schema.String,
  /** Sites with at least one overdue report. */
  sites: Schema.Number,
  /** Overdue reports. */
  reports: Schema.Number,
  /** The longest delay, in days. */
  maxDaysLate: Schema.Number
}) {}

/**
 * Groups overdue reports per district or per organization (keys sorted).
 *
 * @example
 * ```ts
 * import { groupOverdue } from "@redsite/core"
 * groupOverdue([], "organization") // []
 * ```
 */
export const groupOverdue = (rows: ReadonlyArray<OverdueReport>, by: "district" | "organization"): ReadonlyArray<OverdueGroup> => {
  const groups = new Map<string, { sites: Set<string>; reports: number; max: number }>()
  for (const r of rows) {
    const key = by === "district" ? r.district : r.organizationId
    let g = groups.get(key)
    if (g === undefined) groups.set(key, (g = { sites: new Set(), reports: 0, max: 0 }))
    g.sites.add(r.projectId)
    g.reports++
    g.max = Math.max(g.max, r.daysLate)
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, g]) => new OverdueGroup({ key, sites: g.sites.size, reports: g.reports, maxDaysLate: g.max }, trusted))
}

/** A district's reporting in one month. Rates are shares of the reports owed, `null` when none is owed. */
export class MonthlyReporting extends Schema.Class<MonthlyReporting>("MonthlyReporting")({
  month: Schema.String,
  /** Sites that owe a report for the month (creating, the month closed by the date). */
  owed: Schema.Number,
  /** Of those, with a report standing (submitted or reviewed, not returned). */
  submitted: Schema.Number,
  /** Submitted by the due date. */
  onTime: Schema.Number,
  /** Reviewed and accepted by the local authority. */
  reviewed: Schema.Number,
  rate: Schema.NullOr(Schema.Number),
  onTimeRate: Schema.NullOr(Schema.Number)
}) {}

const monthsFrom = (from: string, to: string) => {
  const out: Array<string> = []
  for (let m = from; m <= to; m = next(m)) out.push(m)
  return out
}
const next = (m: string) => (m.slice(5) === "12" ? `${String(Number(m.slice(0, 4)) + 1).padStart(4, "0")}-01` : `${m.slice(0, 5)}${String(Number(m.slice(5)) + 1).padStart(2, "0")}`)

/**
 * A district's monthly reporting rate over time (`district` undefined: every site), months `from` to `to`
 * (`YYYY-MM`), from the records as they stood on `date`.
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { isoDate, policies, reportingRate } from "@redsite/core"
 * const series = Either.getOrThrow(reportingRate(projects, policies.wenzhouRedSite2022, book,
 *   { district: "鹿城区", from: "2022-06", to: "2022-12" }, isoDate("2023-01-31")))
 * series.map((m) => [m.month, m.rate])
 * ```
 */
export const reportingRate = (
  projects: ReadonlyArray<Project>,
  policy: PolicyFor,
  book: RecordBook,
  range: { readonly district?: string; readonly from: string; readonly to: string },
  date: IsoDate
): Either.Either<ReadonlyArray<MonthlyReporting>, PolicyResolutionError> => {
  const opOf = policyCache(policy)
  const byProject = projectRecords(book, date)
  const months = monthsFrom(range.from, range.to)
  const owed = new Array<number>(months.length).fill(0)
  const submitted = new Array<number>(months.length).fill(0)
  const onTime = new Array<number>(months.length).fill(0)
  const reviewed = new Array<number>(months.length).fill(0)
  const current = monthOf(date)
  for (const project of projects) {
    if (range.district !== undefined && project.district !== range.district) continue
    const op = opOf(project)
    if (Either.isLeft(op)) return Either.left(op.left)
    const records = byProject.get(project.id) ?? NO_RECORDS
    const r = reportingOf(op.right, records)
    if (r === undefined) continue
    months.forEach((m, k) => {
      if (m < r.startMonth || m >= current || (r.lastMonth !== undefined && m > r.lastMonth)) return
      owed[k]!++
      const v = records.reports.get(m)
      if (v === undefined || v.state === "returned") return
      submitted[k]!++
      if (v.date <= reportDueOn(m, r.dueDay)) onTime[k]!++
      if (v.state === "reviewed") reviewed[k]!++
    })
  }
  return Either.right(months.map((month, k) => new MonthlyReporting({
    month, owed: owed[k]!, submitted: submitted[k]!, onTime: onTime[k]!, reviewed: reviewed[k]!,
    rate: owed[k] === 0 ? null : submitted[k]! / owed[k]!, onTimeRate: owed[k] === 0 ? null : onTime[k]! / owed[k]!
  }, trusted)))
}

/** One criterion of the annual evaluation for a site: met or not, with its reason. */
export class EvaluationCriterion extends Schema.Class<EvaluationCriterion>("EvaluationCriterion")({
  criterion: Schema.String,
  met: Schema.Boolean,
  reason: Reason
}) {}

/** A site considered for the year's evaluation: whether it qualifies, and each criterion with its reason. */
export class EvaluationCandidate extends Schema.Class<EvaluationCandidate>("EvaluationCandidate")({
  projectId: Id,
  policyId: Schema.String,
  year: Schema.Int,
  qualifies: Schema.Boolean,
  criteria: Schema.Array(EvaluationCriterion)
}) {}

/** The criteria redsite knows how to check (a policy's `evaluationCriteria` names some of them). */
export const EvaluationCriteria = {
  redSiteCreation: { zh: "开展红色工地创建", en: "runs red-site creation" },
  creationRecords: { zh: "创建台账齐全", en: "creation records complete" },
  monthlyReportsReviewed: { zh: "当年应报月报均已上报并经审核", en: "every monthly report owed in the year submitted and reviewed" },
  noOverdueObligations: { zh: "年末无逾期义务", en: "no overdue obligation at year end" },
  fiveGood: { zh: "最近一次\"五好\"考评各项均达标", en: "the latest five-good assessment meets every criterion" }
} as const

/**
 * The candidates for a year's evaluation: every site whose policy has an annual-evaluation rule, judged at the
 * year's last day against the policy's `evaluationCriteria`, each criterion with its reason (the rule's clause,
 * the facts read). `coverage` may give a site's coverage facts (default: from its records).
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { evaluationCandidates, policies } from "@redsite/core"
 * const candidates = Either.getOrThrow(evaluationCandidates(projects, policies.wenzhouRedSite2022, book, 2022))
 * candidates.filter((c) => c.qualifies).map((c) => c.projectId)
 * ```
 */
export const evaluationCandidates = (
  projects: ReadonlyArray<Project>,
  policy: PolicyFor,
  book: RecordBook,
  year: number,
  coverage?: ReadonlyMap<string, CoverageFacts>
): Either.Either<ReadonlyArray<EvaluationCandidate>, PolicyResolutionError> => {
  const opOf = policyCache(policy)
  const date = isoDate(`${String(year).padStart(4, "0")}-12-31`)
  const byProject = projectRecords(book, date)
  const out: Array<EvaluationCandidate> = []
  for (const project of projects) {
    const op = opOf(project)
    if (Either.isLeft(op)) return Either.left(op.left)
    const spec = specOf(op.right, "obligation.annualEvaluation")
    if (spec === undefined) continue
    const param = lookupParameter(op.right.parameters, "evaluationCriteria", "list")
    const records = byProject.get(project.id) ?? NO_RECORDS
    const facts = coverage?.get(project.id) ?? coverageFactsFromRecords(project.id, records)
    const card = scorecardOf(op.right, project, records, date, { coverage: facts })
    const criteria = param instanceof ParameterProblem ? [] : (param.value as ReadonlyArray<string>)
    const results = criteria.map((criterion) => {
      const { met, used } = checkCriterion(criterion, { op: op.right, records, coverage: facts, card, year, date })
      const label = (EvaluationCriteria as Record<string, { zh: string; en: string }>)[criterion] ?? { zh: `未知条件${criterion}`, en: `unknown criterion ${criterion}` }
      return new EvaluationCriterion({
        criterion, met,
        reason: new Reason({
          format: EXPLANATION_FORMAT, policyId: spec.origin ?? op.right.id, ruleId: spec.id, citation: spec.citation,
          facts: used.map(([name, value]) => new FactUsed({ name, value }, trusted)),
          parameters: param instanceof ParameterProblem ? [] : [citeParameter(param)],
          text: new Label({ zh: `${label.zh}:${met ? "符合" : "不符合"}`, en: `${label.en}: ${met ? "met" : "not met"}` }, trusted)
        }, trusted)
      }, trusted)
    })
    out.push(new EvaluationCandidate({
      projectId: project.id, policyId: spec.origin ?? op.right.id, year,
      qualifies: criteria.length > 0 && results.every((r) => r.met), criteria: results
    }, trusted))
  }
  return Either.right(out)
}

type FactPair = readonly [string, string | number | boolean | null | ReadonlyArray<string>]

const checkCriterion = (
  criterion: string,
  x: { op: ObligationPolicy; records: ProjectRecords; coverage: CoverageFacts; card: ReturnType<typeof scorecardOf>; year: number; date: string }
): { met: boolean; used: ReadonlyArray<FactPair> } => {
  switch (criterion) {
    case "redSiteCreation": {
      const creating = runsRedSiteCreation({ coverage: x.coverage, records: x.records })
      return { met: creating, used: [["redSiteCreation", creating]] }
    }
    case "creationRecords": {
      const item = x.card.items.find((i) => i.kind === "obligation.creationRecords")
      return { met: item?.status === "met", used: [["creationRecords", item?.status ?? null]] }
    }
    case "monthlyReportsReviewed": {
      const r = reportingOf(x.op, x.records)
      if (r === undefined) return { met: false, used: [["monthsOwed", 0]] }
      const inYear = monthsOwed(r.startMonth, x.date, r.lastMonth).filter((m) => m.startsWith(`${x.year}-`))
      const reviewed = inYear.filter((m) => x.records.reports.get(m)?.state === "reviewed")
      return { met: inYear.length > 0 && reviewed.length === inYear.length, used: [["monthsOwed", inYear.length], ["monthsReviewed", reviewed.length]] }
    }
    case "noOverdueObligations": {
      const overdue = x.card.items.filter((i) => i.status === "overdue").map((i) => i.ruleId)
      return { met: overdue.length === 0, used: [["overdue", overdue]] }
    }
    case "fiveGood": {
      const p = lookupParameter(x.op.parameters, "fiveGoodCriteria", "list")
      const wanted = p instanceof ParameterProblem ? [] : (p.value as ReadonlyArray<string>)
      const latest = [...x.records.assessments].filter((a) => a.assessment === "fiveGood").sort((a, b) => (a.date < b.date ? -1 : 1)).pop()
      const met = latest !== undefined && wanted.length > 0 && wanted.every((c) => latest.criteriaMet.includes(c))
      return { met, used: [["criteriaMet", latest === undefined ? [] : [...latest.criteriaMet]]] }
    }
    default:
      return { met: false, used: [["unknownCriterion", criterion]] }
  }
}

/** An honour entered in an enterprise's credit file (信用档案良好信息). */
export class CreditFileEntry extends Schema.Class<CreditFileEntry>("CreditFileEntry")({
  enterpriseId: Id,
  enterpriseName: Schema.String,
  projectId: Id,
  year: Schema.Int,
  honour: Honours.schema,
  reason: Reason
}) {}

/**
 * The credit-file entries an evaluation produces: for each site selected (with the honour it received), one
 * entry per enterprise of the roles its policy's `creditFileRoles` names, citing the clause. A site whose policy
 * has no credit-file rule produces none.
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { creditFileEntries, policies } from "@redsite/core"
 * const entries = Either.getOrThrow(creditFileEntries([{ project, honour: "excellentRedSite", year: 2022 }], policies.wenzhouRedSite2022))
 * entries.map((e) => e.enterpriseId)
 * ```
 */
export const creditFileEntries = (
  selected: ReadonlyArray<{ readonly project: Project; readonly honour: Honour; readonly year: number }>,
  policy: PolicyFor
): Either.Either<ReadonlyArray<CreditFileEntry>, PolicyResolutionError> => {
  const opOf = policyCache(policy)
  const out: Array<CreditFileEntry> = []
  for (const s of selected) {
    const op = opOf(s.project)
    if (Either.isLeft(op)) return Either.left(op.left)
    const spec = specOf(op.right, "obligation.creditFileEntry")
    if (spec === undefined) continue
    const param = lookupParameter(op.right.parameters, "creditFileRoles", "list")
    if (param instanceof ParameterProblem) continue
    const roles = param.value as ReadonlyArray<string>
    for (const u of s.project.units.filter((x) => roles.includes(x.role))) {
      out.push(new CreditFileEntry({
        enterpriseId: u.id, enterpriseName: u.name, projectId: s.project.id, year: s.year, honour: s.honour,
        reason: new Reason({
          format: EXPLANATION_FORMAT, policyId: spec.origin ?? op.right.id, ruleId: spec.id, citation: spec.citation,
          facts: [new FactUsed({ name: "role", value: u.role }, trusted), new FactUsed({ name: "honour", value: s.honour }, trusted)],
          parameters: [citeParameter(param)],
          text: new Label({
            zh: `${Honours.labels[s.honour].zh}(${s.year}年度)作为良好信息记入${u.name}的信用档案`,
            en: `${Honours.labels[s.honour].en} (${s.year}) entered as good information in the credit file of ${u.name}`
          }, trusted)
        }, trusted)
      }, trusted))
    }
  }
  return Either.right(out)
}

/**
 * The record events of an evaluation's result, to append to the log: an honour per site and a credit-file
 * entry per enterprise (ids `<prefix>-<project>` and `<prefix>-<project>-<enterprise>`).
 *
 * @example
 * ```ts
 * import { isoDate, recordEvaluation } from "@redsite/core"
 * recordEvaluation([], isoDate("2023-01-15"), "eval-2022") // []
 * ```
 */
export const recordEvaluation = (entries: ReadonlyArray<CreditFileEntry>, date: IsoDate, prefix: string): ReadonlyArray<HonourAwarded | CreditFileEntered> => {
  const out: Array<HonourAwarded | CreditFileEntered> = []
  const honoured = new Set<string>()
  for (const e of entries) {
    const honourId = `${prefix}-${e.projectId}`
    if (!honoured.has(honourId)) {
      honoured.add(honourId)
      out.push(new HonourAwarded({ id: honourId, projectId: e.projectId, date, honour: e.honour, year: e.year }))
    }
    out.push(new CreditFileEntered({ id: `${honourId}-${e.enterpriseId}`, projectId: e.projectId, date, honourId, enterpriseId: e.enterpriseId }))
  }
  return out
}
