/**
 * The contract of the scoring and pipeline endpoints: member points (积分) for a period from a batch of
 * ledger events, the yearly appraisal (民主评议) combining points and ballots, the talks due (三必谈), and
 * the check of a person's path to membership (发展党员). These endpoints compute from what the request
 * carries; they store nothing.
 *
 * @module
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as OpenApi from "@effect/platform/OpenApi"
import {
  AppraisalBallots,
  AppraisalOutcome,
  AttendanceInterval,
  DueTalk,
  Finding,
  IncidentRecord,
  IsoDate,
  LedgerRejection,
  MemberScore,
  OrganizationKinds,
  OrganizationStats,
  PipelineCheck,
  PipelineRecord,
  PointEvent,
  ScoringScheme,
  SitePipelineCounts,
  TalentEvent,
  Talk,
  TalkRule,
  TalkTriggerEvent
} from "@redsite/core"
import * as Schema from "effect/Schema"
import { Authentication } from "./security.js"
import { MAX_ITEMS, MAX_PAGE, MAX_SHORT_LIST, withBoundedRange } from "./bounds.js"
import { Forbidden, InvalidInput, NotFound } from "./errors.js"

const ALL_ERRORS = { errors: "all" } as const
const MAX_EVENTS = MAX_ITEMS

/** A batch of ledger events and what scoring them needs. */
export class ScoreRequest extends Schema.Class<ScoreRequest>("ScoreRequest")(Schema.Struct({
  /** The events, in recording order; corrections may follow the entries they correct. */
  events: Schema.Array(PointEvent).pipe(Schema.maxItems(MAX_EVENTS)),
  /**
   * The policy (a catalogue id or a stored reform's) whose points scheme scores, when `schemes` is absent: its
   * data's `scoring`, or its basis's. Default: Fuding's (`fuding-site-2020`). An unknown id is a 404; a policy
   * that sets no scheme in any layer is a 400 naming `policyId`.
   */
  policyId: Schema.optional(Schema.String),
  /** The versions of one scoring scheme; default: the policy's (`policyId`), else Fuding's scheme as the seed describes it. */
  schemes: Schema.optional(Schema.NonEmptyArray(ScoringScheme).pipe(Schema.maxItems(MAX_SHORT_LIST))),
  /**
   * Who attended which organization when. Each event's member must attend the event's organization on its
   * date; members attending without events are scored with the base score.
   */
  roster: Schema.Array(AttendanceInterval).pipe(Schema.maxItems(MAX_EVENTS)),
  /**
   * First and last day to score; default: from the first event or attendance to the last event. At most
   * {@link MAX_RANGE_DAYS} days, given or not (400 otherwise).
   */
  from: Schema.optional(IsoDate),
  to: Schema.optional(IsoDate)
}).pipe(withBoundedRange).annotations({ parseOptions: ALL_ERRORS })) {}

/** Points of every member and statistics of every organization, per period. */
export class ScoreResponse extends Schema.Class<ScoreResponse>("ScoreResponse")({
  scores: Schema.Array(MemberScore),
  organizations: Schema.Array(OrganizationStats)
}) {}

/** 422: some ledger events break the ledger's rules; each rejection says which and why, with citations. */
export class LedgerRejected extends Schema.TaggedError<LedgerRejected>()(
  "LedgerRejected",
  {
    code: Schema.Literal("ledger.rejected"),
    message: Schema.String,
    messageZh: Schema.String,
    rejections: Schema.Array(LedgerRejection)
  },
  HttpApiSchema.annotations({ status: 422 })
) {}

/** Scores and ballots of one appraisal, under a policy. */
export class AppraisalRequest extends Schema.Class<AppraisalRequest>("AppraisalRequest")(Schema.Struct({
  policyId: Schema.String,
  /** Member scores of the period, as returned by `POST /scoring/results`. */
  scores: Schema.Array(MemberScore).pipe(Schema.maxItems(MAX_EVENTS)),
  ballots: Schema.Array(AppraisalBallots).pipe(Schema.maxItems(MAX_EVENTS))
}).annotations({ parseOptions: ALL_ERRORS })) {}

/** Talks due at a date: the rules, what triggers talks, and the talks held. */
export class ObligationsRequest extends Schema.Class<ObligationsRequest>("ObligationsRequest")(Schema.Struct({
  asOf: IsoDate,
  /**
   * The policy (a catalogue id or a stored reform's) whose talks and points scheme apply where `rules` and
   * `schemes` are absent: its data's `talks` (its own, then its basis's for other triggers) and `scoring`.
   * Default: Fuding's (`fuding-site-2020`). An unknown id is a 404. A policy without talks for a trigger leaves
   * that trigger `uncovered` (listed, not judged); one that sets no scheme while `events` are given is a 400
   * naming `policyId`.
   */
  policyId: Schema.optional(Schema.String),
  /** Talk rules; default: the talks of the policy (`policyId`), else those of the Fuding seed and the national applicant talk. */
  rules: Schema.optional(Schema.Array(TalkRule).pipe(Schema.maxItems(MAX_SHORT_LIST))),
  /** Arrivals are derived from the roster (first day of each interval). */
  roster: Schema.Array(AttendanceInterval).pipe(Schema.maxItems(MAX_EVENTS)),
  /** Ledger events whose items trigger talks (e.g. a safety violation); they are checked like a score request. */
  events: Schema.Array(PointEvent).pipe(Schema.maxItems(MAX_EVENTS)),
  schemes: Schema.optional(Schema.NonEmptyArray(ScoringScheme).pipe(Schema.maxItems(MAX_SHORT_LIST))),
  /** Other triggers (e.g. hardship, an application). */
  triggers: Schema.optional(Schema.Array(TalkTriggerEvent).pipe(Schema.maxItems(MAX_EVENTS))),
  /**
   * Recorded personal or family incidents (党员个人或家庭发生变故, append-only, a record made in error withdrawn by a
   * later one): each one not withdrawn makes the `familyIncident` talk due (the core's `incidentTriggers`,
   * seed-002 §三 注重组织关爱).
   */
  incidents: Schema.optional(Schema.Array(IncidentRecord).pipe(Schema.maxItems(MAX_EVENTS))),
  talks: Schema.Array(Talk).pipe(Schema.maxItems(MAX_EVENTS))
}).annotations({ parseOptions: ALL_ERRORS })) {}

/** The talks due, done, late, open or overdue. */
export class ObligationsResponse extends Schema.Class<ObligationsResponse>("ObligationsResponse")({
  asOf: Schema.String,
  due: Schema.Array(DueTalk),
  overdue: Schema.Array(DueTalk),
  /** Triggers no rule covers: listed, not judged. */
  uncovered: Schema.Array(TalkTriggerEvent)
}) {}

/** What the pipeline needs to know of an organization. */
export const AdmittingOrganizationSchema = Schema.Struct({
  id: Schema.String,
  kind: OrganizationKinds.schema,
  temporary: Schema.Boolean
})

/** One person's path to membership, checked at a date under a policy. */
export class PipelineCheckRequest extends Schema.Class<PipelineCheckRequest>("PipelineCheckRequest")(Schema.Struct({
  policyId: Schema.String,
  asOf: IsoDate,
  record: PipelineRecord,
  /** The organizations the record's steps name. */
  organizations: Schema.Array(AdmittingOrganizationSchema).pipe(Schema.maxItems(MAX_SHORT_LIST))
}).annotations({ parseOptions: ALL_ERRORS })) {}

/** People's paths to membership and talent milestones, counted per site over a window. */
export class PipelineCountsRequest extends Schema.Class<PipelineCountsRequest>("PipelineCountsRequest")(Schema.Struct({
  records: Schema.Array(PipelineRecord).pipe(Schema.maxItems(MAX_EVENTS)),
  talent: Schema.optional(Schema.Array(TalentEvent).pipe(Schema.maxItems(MAX_EVENTS))),
  /** First and last day of the window (at most {@link MAX_RANGE_DAYS} days). */
  from: IsoDate,
  to: IsoDate
}).pipe(withBoundedRange).annotations({ parseOptions: ALL_ERRORS })) {}

/** Point events to record in the stored ledger. */
export class LedgerAppendRequest extends Schema.Class<LedgerAppendRequest>("LedgerAppendRequest")(Schema.Struct({
  events: Schema.Array(PointEvent).pipe(Schema.minItems(1), Schema.maxItems(10_000)),
  /** The scheme versions; default: Fuding's scheme. */
  schemes: Schema.optional(Schema.NonEmptyArray(ScoringScheme).pipe(Schema.maxItems(MAX_SHORT_LIST)))
}).annotations({ parseOptions: ALL_ERRORS })) {}

/** How many events were recorded, and how many the ledger holds. */
export class LedgerAppendResponse extends Schema.Class<LedgerAppendResponse>("LedgerAppendResponse")({
  accepted: Schema.Number,
  total: Schema.Number
}) {}

/**
 * A range of the stored ledger to score (at most {@link MAX_RANGE_DAYS} days), and a page of its member
 * scores: `limit` rows (1 to {@link MAX_PAGE}, default {@link MAX_PAGE}) after `cursor` (the previous page's
 * `nextCursor`).
 */
export const LedgerResultsQuery = Schema.Struct({
  from: IsoDate,
  to: IsoDate,
  limit: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, MAX_PAGE))),
  cursor: Schema.optional(Schema.String)
}).pipe(withBoundedRange)

/**
 * A page of the stored ledger's scores over a range: member scores in the order of period, scheme,
 * organization and member, `nextCursor` while more follow; every organization's statistics on each page.
 */
export class LedgerResultsPage extends Schema.Class<LedgerResultsPage>("LedgerResultsPage")({
  scores: Schema.Array(MemberScore),
  organizations: Schema.Array(OrganizationStats),
  nextCursor: Schema.optional(Schema.String)
}) {}

/** The scoring and pipeline endpoints. */
export const scoringGroup = HttpApiGroup.make("scoring")
  .add(
    HttpApiEndpoint.post("results", "/scoring/results")
      .setPayload(ScoreRequest)
      .addSuccess(ScoreResponse)
      .addError(LedgerRejected)
      .addError(InvalidInput)
      .addError(NotFound)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "Points of every member per period (积分), with caps, grades, ranks and cited reasons; 422 lists rejected events")
  )
  .add(
    HttpApiEndpoint.post("record", "/scoring/ledger")
      .setPayload(LedgerAppendRequest)
      .addSuccess(LedgerAppendResponse)
      .addError(LedgerRejected)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "Record point events in the stored ledger (all or none): each member must attend the event's organization on its date, as the structure says")
  )
  .add(
    HttpApiEndpoint.get("ledgerResults", "/scoring/ledger/results")
      .setUrlParams(LedgerResultsQuery)
      .addSuccess(LedgerResultsPage)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "Points per member and period from the stored ledger, the roster taken from the structure's attendance")
  )
  .add(
    HttpApiEndpoint.post("appraisal", "/scoring/appraisal")
      .setPayload(AppraisalRequest)
      .addSuccess(Finding(Schema.Array(AppraisalOutcome)))
      .addError(NotFound)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "Yearly appraisal (民主评议): points and ballots combined under the policy, or a policy gap")
  )
  .add(
    HttpApiEndpoint.post("obligations", "/scoring/obligations")
      .setPayload(ObligationsRequest)
      .addSuccess(ObligationsResponse)
      .addError(LedgerRejected)
      .addError(InvalidInput)
      .addError(NotFound)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "Talks due (三必谈): arrival, violation and hardship talks, and the family-incident talk of each recorded incident not withdrawn (`incidents`), done, late, open or overdue")
  )
  .add(
    HttpApiEndpoint.post("pipeline", "/pipeline/check")
      .setPayload(PipelineCheckRequest)
      .addSuccess(Finding(PipelineCheck))
      .addError(NotFound)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "A person's path to membership (发展党员): order, intervals, age and admitting organization")
  )
  .add(
    HttpApiEndpoint.post("pipelineCounts", "/pipeline/counts")
      .setPayload(PipelineCountsRequest)
      .addSuccess(Schema.Array(SitePipelineCounts))
      .addError(Forbidden)
      .annotate(OpenApi.Description, "Per site over a window: how many reached each stage (applications, activists, candidates, admitted, made full), how many stand at each at its end, and talent milestones (三培两推)")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Scoring, appraisal, talks and pipeline")
