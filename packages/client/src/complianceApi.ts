/**
 * The contract of compliance and the reporting cycle (issue 19): the compliance records (工地党建台账) as one
 * append-only log of dated events (appended at the log's version, each event checked by the core; a broken
 * integrity rule is a 422 naming it and its clause), a project's records and scorecard at a date, and the
 * queries over the stored portfolio — overdue monthly reports per district or organization, a district's
 * monthly reporting rate, the candidates for a year's evaluation, the credit-file entries of the honours
 * awarded. Each project is judged under its own jurisdiction's catalogue policy (the core's
 * `jurisdictionPolicyOf`) unless `policyId` names one for all.
 *
 * @module
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as OpenApi from "@effect/platform/OpenApi"
import {
  CreditFileEntry,
  EvaluationCandidate,
  IsoDate,
  MonthlyReporting,
  OverdueGroup,
  OverdueReport,
  RecordEvent,
  RecordFact,
  Scorecard,
  YearMonth
} from "@redsite/core"
import * as Schema from "effect/Schema"
import { MAX_PAGE } from "./bounds.js"
import { Conflict, Forbidden, InvalidInput, NotFound, PreconditionRequired, RuleViolation } from "./errors.js"
import { Authentication } from "./security.js"

const ALL_ERRORS = { errors: "all" } as const
const projectId = HttpApiSchema.param("id", Schema.String)

/**
 * The most events one append may carry: a district office's month of reports and reviews fits many times
 * over. An assumption of this API, not a rule of any source.
 */
export const MAX_RECORD_EVENTS = 10_000

/**
 * The longest range of months a reporting-rate request may cover: 120 months (ten years, as
 * `MAX_RANGE_DAYS` for days). An assumption of this API.
 */
export const MAX_MONTHS = 120

/** A year a query may name (an evaluation year): 2000 to 2100, a bound of this API (the sources' plans date from the 2010s). */
export const EvaluationYear = Schema.NumberFromString.pipe(Schema.int(), Schema.between(2000, 2100))

/** Records to append, in order, to the log at the version named by `If-Match`. */
export class AppendRecordsRequest extends Schema.Class<AppendRecordsRequest>("AppendRecordsRequest")(Schema.Struct({
  events: Schema.Array(RecordEvent).pipe(Schema.minItems(1), Schema.maxItems(MAX_RECORD_EVENTS))
}).annotations({ parseOptions: ALL_ERRORS })) {}

/** The log's version after an append (its number of events; also the `ETag`). */
export class AppendRecordsResponse extends Schema.Class<AppendRecordsResponse>("AppendRecordsResponse")({
  version: Schema.Number,
  accepted: Schema.Number
}) {}

/** Query of a project's records: with `date`, the facts in effect that day (corrections dated by then applied). */
export const ProjectRecordsQuery = Schema.Struct({ date: Schema.optional(IsoDate) })

/** A project's records: its events in log order (corrections included) and the facts in effect on the date. */
export class ProjectRecordsView extends Schema.Class<ProjectRecordsView>("ProjectRecordsView")({
  projectId: Schema.String,
  /** The version of the whole log (also the `ETag`): the `If-Match` of the next append. */
  version: Schema.Number,
  /** The date the facts are read at (today when not given). */
  date: IsoDate,
  events: Schema.Array(RecordEvent),
  facts: Schema.Array(RecordFact)
}) {}

/** Which policy judges the projects: `policyId` for all, else each project's jurisdiction's (see the module). */
const PolicyChoice = { policyId: Schema.optional(Schema.String) }

/** Query of a project's scorecard. */
export const ScorecardQuery = Schema.Struct({ date: IsoDate, ...PolicyChoice })

/** Query of the overdue monthly reports. */
export const OverdueQuery = Schema.Struct({
  date: IsoDate,
  /** Group per district (default) or per reporting organization. */
  by: Schema.optional(Schema.Literal("district", "organization")),
  /** Only the projects of this district. */
  district: Schema.optional(Schema.String),
  /** Only the sites reporting through this organization. */
  organizationId: Schema.optional(Schema.String),
  /** The most overdue reports listed (the groups always count all of them); default 100. */
  limit: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, MAX_PAGE))),
  ...PolicyChoice
})

/** The overdue monthly reports on a date: counts per group, and the reports themselves (longest delay first). */
export class OverdueView extends Schema.Class<OverdueView>("OverdueView")({
  date: IsoDate,
  by: Schema.Literal("district", "organization"),
  groups: Schema.Array(OverdueGroup),
  /** Every overdue report counted. */
  total: Schema.Number,
  /** At most `limit` of them, longest delay first (empty for analysts: counts only). */
  reports: Schema.Array(OverdueReport),
  truncated: Schema.Boolean
}) {}

const monthsBetween = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1

/** Why a range of months is not accepted, or undefined: `from` after `to`, or more than {@link MAX_MONTHS} months. */
export const monthRangeProblem = (from: string, to: string): string | undefined => {
  const n = monthsBetween(from, to)
  return n < 1
    ? `from (${from}) is after to (${to})`
    : n > MAX_MONTHS
    ? `a range of at most ${MAX_MONTHS} months is accepted; ${from} to ${to} is ${n} months`
    : undefined
}

/** Query of a district's monthly reporting rate. */
export const ReportingRateQuery = Schema.Struct({
  /** The district; every stored project when absent. */
  district: Schema.optional(Schema.String),
  from: YearMonth,
  to: YearMonth,
  /** The records as they stood on this date (default: today). */
  date: Schema.optional(IsoDate),
  ...PolicyChoice
}).pipe(Schema.filter((q) => {
  const problem = monthRangeProblem(q.from, q.to)
  return problem === undefined ? true : { path: ["to"], message: problem }
}))

/** A district's reporting, month by month. */
export class ReportingRateView extends Schema.Class<ReportingRateView>("ReportingRateView")({
  district: Schema.optional(Schema.String),
  date: IsoDate,
  months: Schema.Array(MonthlyReporting)
}) {}

/** Query of a year's evaluation candidates. */
export const EvaluationQuery = Schema.Struct({
  year: EvaluationYear,
  district: Schema.optional(Schema.String),
  /** Only the candidates that qualify. */
  qualifyingOnly: Schema.optional(Schema.BooleanFromString),
  ...PolicyChoice
})

/** The candidates for a year's evaluation, each criterion with its reason. */
export class EvaluationView extends Schema.Class<EvaluationView>("EvaluationView")({
  year: Schema.Number,
  candidates: Schema.Array(EvaluationCandidate)
}) {}

/** Query of the credit-file entries of the honours of a year. */
export const CreditFileQuery = Schema.Struct({
  year: EvaluationYear,
  /** The honours as recorded on this date (default: today). */
  date: Schema.optional(IsoDate),
  ...PolicyChoice
})

/**
 * The credit-file entries the honours awarded for a year produce (each with its reason and clause), and which
 * of them the log already records (`CreditFileEntered`).
 */
export class CreditFileView extends Schema.Class<CreditFileView>("CreditFileView")({
  year: Schema.Number,
  date: IsoDate,
  entries: Schema.Array(Schema.Struct({ entry: CreditFileEntry, recorded: Schema.Boolean }))
}) {}

/** The compliance endpoints. */
export const complianceGroup = HttpApiGroup.make("compliance")
  .add(
    HttpApiEndpoint.post("append", "/compliance/records")
      .setPayload(AppendRecordsRequest)
      .setHeaders(Schema.Struct({ "if-match": Schema.optional(Schema.String) }))
      .addSuccess(AppendRecordsResponse)
      .addError(RuleViolation)
      .addError(NotFound)
      .addError(Forbidden)
      .addError(InvalidInput)
      .addError(Conflict)
      .addError(PreconditionRequired)
      .annotate(OpenApi.Description,
        "Append compliance records (milestones, steps, letters, meetings, assessments, monthly reports, reviews, honours, corrections); all or none, at the log's version (`If-Match`); 422 names the broken integrity rule. Secretaries record the site facts of projects in their subtree; reviews, honours and credit-file entries are recorded by a reviewer or the administrator")
  )
  .add(
    HttpApiEndpoint.get("records")`/compliance/projects/${projectId}/records`
      .setUrlParams(ProjectRecordsQuery)
      .addSuccess(ProjectRecordsView)
      .addError(NotFound)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "A project's records: its events in log order and the facts in effect on a date (not for analysts: reviewer and recorder ids)")
  )
  .add(
    HttpApiEndpoint.get("scorecard")`/compliance/projects/${projectId}/scorecard`
      .setUrlParams(ScorecardQuery)
      .addSuccess(Scorecard)
      .addError(NotFound)
      .addError(Forbidden)
      .addError(InvalidInput)
      .annotate(OpenApi.Description, "A project's scorecard on a date: every obligation of its policy (its jurisdiction's, or `policyId`) met, due, overdue or not applicable, with reasons and citations; one standing (not for analysts)")
  )
  .add(
    HttpApiEndpoint.get("overdue", "/compliance/overdue")
      .setUrlParams(OverdueQuery)
      .addSuccess(OverdueView)
      .addError(NotFound)
      .addError(Forbidden)
      .addError(InvalidInput)
      .annotate(OpenApi.Description, "Monthly reports overdue on a date, counted per district or per reporting organization, and listed (longest delay first; analysts get the counts only)")
  )
  .add(
    HttpApiEndpoint.get("reportingRate", "/compliance/reporting-rate")
      .setUrlParams(ReportingRateQuery)
      .addSuccess(ReportingRateView)
      .addError(NotFound)
      .addError(Forbidden)
      .addError(InvalidInput)
      .annotate(OpenApi.Description, `A district's monthly reporting rate over a range of months (at most ${MAX_MONTHS}): reports owed, submitted, on time and reviewed`)
  )
  .add(
    HttpApiEndpoint.get("evaluation", "/compliance/evaluation")
      .setUrlParams(EvaluationQuery)
      .addSuccess(EvaluationView)
      .addError(NotFound)
      .addError(Forbidden)
      .addError(InvalidInput)
      .annotate(OpenApi.Description, "The candidates for a year's evaluation of excellent red sites, with the reason each criterion is or is not met (not for analysts)")
  )
  .add(
    HttpApiEndpoint.get("creditFile", "/compliance/credit-file")
      .setUrlParams(CreditFileQuery)
      .addSuccess(CreditFileView)
      .addError(NotFound)
      .addError(Forbidden)
      .addError(InvalidInput)
      .annotate(OpenApi.Description, "The credit-file entries the honours awarded for a year produce, per enterprise, and whether each is recorded (not for analysts)")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Compliance and the reporting cycle")
