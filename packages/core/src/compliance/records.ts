/**
 * Compliance records (工地党建台账) as an append-only log of dated events, in the structure's style: a record is
 * never edited in place; a {@link Correct} event names the record it replaces (or withdraws) and the replay reads
 * the log with the correction's effect instead of the corrected record's. {@link replayRecords} applies a log,
 * refusing an event that breaks the log's integrity with a typed `Rejection`; {@link recordsAsOf} gives the
 * records as they stood on a date; {@link projectRecords} indexes one project's records for the obligation rules.
 *
 * @module
 */
import { Either, Schema } from "effect"
import { trusted } from "../internal/trusted.js"
import { DecodeError, decoderFor } from "../model/decode.js"
import { Id, IsoDate } from "../model/primitives.js"
import { cite } from "../policy/sources.js"
import { Rejection, breach } from "../structure/apply.js"
import type { Dated, ProjectRecords, ReportView } from "../rules/obligation/define.js"
import { Assessments, Honours, LetterGoals, Letters, Meetings, Milestones, Steps } from "./vocabulary.js"
import type { Milestone, Step } from "./vocabulary.js"

/** A month as `YYYY-MM` (the month a monthly report is for). */
export const YearMonth = Schema.String.pipe(
  Schema.pattern(/^\d{4}-(0[1-9]|1[0-2])$/, { message: () => "expected a month as YYYY-MM" }),
  Schema.brand("YearMonth")
)
/** @see {@link YearMonth} */
export type YearMonth = typeof YearMonth.Type

const common = {
  /** The record's own id (unique in the log; a correction names it). */
  id: Id,
  projectId: Id,
  /** When it happened (for a report: when it was submitted). */
  date: IsoDate,
  /** Who recorded it (a person or office id), if known. */
  recordedBy: Schema.optional(Id)
}

/** A date in the project's life (set-up, construction start, completion…): obligations count from it. */
export class MilestoneRecorded extends Schema.TaggedClass<MilestoneRecorded>()("MilestoneRecorded", {
  ...common,
  milestone: Milestones.schema
}) {}

/**
 * A step the site took (organization established, secretary appointed, creation-record item entered…).
 * `organizationId` names the organization concerned, where there is one (the overdue lists group by it).
 */
export class StepRecorded extends Schema.TaggedClass<StepRecorded>()("StepRecorded", {
  ...common,
  step: Steps.schema,
  organizationId: Schema.optional(Id)
}) {}

/** A signed letter or agreement, with the construction goals it binds to Party work. */
export class LetterSigned extends Schema.TaggedClass<LetterSigned>()("LetterSigned", {
  ...common,
  letter: Letters.schema,
  covers: Schema.optionalWith(Schema.Array(LetterGoals.schema), { default: () => [] }),
  /** The other party of a pairing (a village, community or unit), if any. */
  partner: Schema.optional(Schema.String)
}) {}

/** A meeting held, with who took part (roles or organization names, free text). */
export class MeetingHeld extends Schema.TaggedClass<MeetingHeld>()("MeetingHeld", {
  ...common,
  /**
   * The kind of meeting. Optional while there is one kind (the joint meeting): a field holding a single literal
   * would make the record union index MeetingHeld by it, and every other record failing to decode would then
   * report "meeting is missing" beside its real problem.
   */
  meeting: Schema.optionalWith(Meetings.schema, { default: () => Meetings.values[0]! }),
  participants: Schema.optionalWith(Schema.Array(Schema.String), { default: () => [] })
}) {}

/** An assessment made, with the criteria found met (e.g. the five-good criteria). */
export class AssessmentRecorded extends Schema.TaggedClass<AssessmentRecorded>()("AssessmentRecorded", {
  ...common,
  assessment: Assessments.schema,
  criteriaMet: Schema.optionalWith(Schema.Array(Schema.String), { default: () => [] }),
  assessedBy: Schema.optional(Id)
}) {}

/** A monthly data report (月报) submitted for a month. */
export class ReportSubmitted extends Schema.TaggedClass<ReportSubmitted>()("ReportSubmitted", {
  ...common,
  month: YearMonth,
  /** The organization that reports (the site's organization or its enterprise). */
  organizationId: Schema.optional(Id)
}) {}

/** The local authority's review of a submitted report: accepted (`reviewed`) or `returned` for correction. */
export class ReportReviewed extends Schema.TaggedClass<ReportReviewed>()("ReportReviewed", {
  ...common,
  /** The id of the {@link ReportSubmitted} record reviewed. */
  reportId: Id,
  outcome: Schema.Literal("reviewed", "returned"),
  reviewerId: Id,
  note: Schema.optional(Schema.String)
}) {}

/** An honour awarded to a site for a year (named a red site, or selected an excellent one). */
export class HonourAwarded extends Schema.TaggedClass<HonourAwarded>()("HonourAwarded", {
  ...common,
  honour: Honours.schema,
  year: Schema.Int
}) {}

/** The honour entered in an enterprise's credit file as good information (信用档案良好信息). */
export class CreditFileEntered extends Schema.TaggedClass<CreditFileEntered>()("CreditFileEntered", {
  ...common,
  /** The {@link HonourAwarded} record entered. */
  honourId: Id,
  enterpriseId: Id
}) {}

/** Every kind of recorded fact (what a {@link Correct} may put in place of another). */
export const RecordFact = Schema.Union(
  MilestoneRecorded, StepRecorded, LetterSigned, MeetingHeld, AssessmentRecorded, ReportSubmitted, ReportReviewed, HonourAwarded,
  CreditFileEntered
)
/** @see {@link RecordFact} */
export type RecordFact = typeof RecordFact.Type

/**
 * Corrects a record: from `date` on, the record `corrects` has no effect, and `replacement` (a fact with its own
 * id) has it instead; without a replacement the record is withdrawn. The corrected record stays in the log.
 */
export class Correct extends Schema.TaggedClass<Correct>()("Correct", {
  id: Id,
  date: IsoDate,
  corrects: Id,
  replacement: Schema.optional(RecordFact),
  reason: Schema.optional(Schema.String),
  recordedBy: Schema.optional(Id)
}) {}

/** Every event of the compliance log. */
export const RecordEvent = Schema.Union(
  MilestoneRecorded, StepRecorded, LetterSigned, MeetingHeld, AssessmentRecorded, ReportSubmitted, ReportReviewed, HonourAwarded,
  CreditFileEntered, Correct
)
/** @see {@link RecordEvent} */
export type RecordEvent = typeof RecordEvent.Type

/**
 * Decodes one event from unknown input (e.g. JSON), naming the path of every bad field.
 *
 * @example
 * ```ts
 * import { decodeRecordEvent } from "@redsite/core"
 * decodeRecordEvent({ _tag: "ReportSubmitted", id: "r1", projectId: "p1", date: "2022-07-05", month: "2022-13" })
 * // Left: month: expected a month as YYYY-MM
 * ```
 */
export const decodeRecordEvent: (input: unknown) => Either.Either<RecordEvent, DecodeError> = decoderFor("compliance record", RecordEvent)

/**
 * Decodes a whole log from unknown input (an array of events), every bad field named by its path
 * (`[3].month`).
 *
 * @example
 * ```ts
 * import { decodeRecordLog } from "@redsite/core"
 * decodeRecordLog([{ _tag: "MilestoneRecorded", id: "m1", projectId: "p1", date: "2022-01-05", milestone: "projectSetUp" }])
 * ```
 */
export const decodeRecordLog: (input: unknown) => Either.Either<ReadonlyArray<RecordEvent>, DecodeError> =
  decoderFor("compliance record log", Schema.Array(RecordEvent))

/** The log as replayed: every accepted event in order (corrections included). */
export class RecordBook extends Schema.Class<RecordBook>("RecordBook")({
  events: Schema.Array(RecordEvent)
}) {}

/** The empty log. */
export const emptyRecordBook = new RecordBook({ events: [] })

/** The clause the log's integrity rules cite (redsite's own, as the structure's are). */
export const RECORDS_CITATION = cite("redsite-assumption", "compliance records",
  "records are append-only: ids are unique, a correction names a live record and replaces it with a record of the same project, a review names a submitted report of the same project and is not dated before it")

const reject = breach(Rejection)

/** Live state used to check a new event: which ids exist, which are live (not corrected), reports by id. */
interface Index {
  readonly ids: Set<string>
  readonly live: Map<string, RecordFact>
}

/**
 * The index of the last book an append or replay produced, kept so that the next append to that book does not
 * rebuild it from the whole log. A book's index is handed over to the book built from it (and dropped from the
 * old one), so an index is never shared by two books; a book without one rebuilds it (linear in its length).
 */
const indexes = new WeakMap<RecordBook, Index>()

const takeIndex = (book: RecordBook): Index => {
  const cached = indexes.get(book)
  if (cached !== undefined) {
    indexes.delete(book)
    return cached
  }
  const ix: Index = { ids: new Set(), live: new Map() }
  for (const e of book.events) admit(ix, e)
  return ix
}

const admit = (ix: Index, e: RecordEvent): void => {
  ix.ids.add(e.id)
  if (e._tag === "Correct") {
    ix.live.delete(e.corrects)
    if (e.replacement !== undefined) {
      ix.ids.add(e.replacement.id)
      ix.live.set(e.replacement.id, e.replacement)
    }
  } else {
    ix.live.set(e.id, e)
  }
}

const checkFact = (ix: Index, f: RecordFact, replacing?: string): Rejection | undefined => {
  if (ix.ids.has(f.id)) return reject("records.duplicateId", [f.id], RECORDS_CITATION, `记录编号${f.id}已存在`, `record id ${f.id} is already in the log`)
  if (f._tag === "ReportReviewed") {
    const r = ix.live.get(f.reportId)
    if (r === undefined || r._tag !== "ReportSubmitted" || f.reportId === replacing) {
      return reject("records.reviewOfUnknownReport", [f.id, f.reportId], RECORDS_CITATION, `审核的月报${f.reportId}不存在`, `review ${f.id} names ${f.reportId}, which is not a live submitted report`)
    }
    if (r.projectId !== f.projectId) {
      return reject("records.reviewOfOtherProject", [f.id, f.reportId], RECORDS_CITATION, `审核记录与月报不属于同一项目`, `review ${f.id} is for project ${f.projectId}, report ${f.reportId} for ${r.projectId}`)
    }
    if (f.date < r.date) {
      return reject("records.reviewBeforeReport", [f.id, f.reportId], RECORDS_CITATION, `审核日期早于上报日期`, `review ${f.id} (${f.date}) is dated before report ${f.reportId} (${r.date})`)
    }
  }
  if (f._tag === "CreditFileEntered") {
    const h = ix.live.get(f.honourId)
    if (h === undefined || h._tag !== "HonourAwarded") {
      return reject("records.creditOfUnknownHonour", [f.id, f.honourId], RECORDS_CITATION, `信用档案记录的荣誉${f.honourId}不存在`, `credit-file entry ${f.id} names ${f.honourId}, which is not a live honour`)
    }
  }
  return undefined
}

const check = (ix: Index, e: RecordEvent): Rejection | undefined => {
  if (e._tag !== "Correct") return checkFact(ix, e)
  if (ix.ids.has(e.id)) return reject("records.duplicateId", [e.id], RECORDS_CITATION, `记录编号${e.id}已存在`, `record id ${e.id} is already in the log`)
  if (!ix.live.has(e.corrects)) {
    return reject("records.correctionOfUnknown", [e.id, e.corrects], RECORDS_CITATION, `更正的记录${e.corrects}不存在或已被更正`, `correction ${e.id} names ${e.corrects}, which is not a live record (unknown, or already corrected)`)
  }
  if (e.replacement !== undefined) {
    if (e.replacement.id === e.id) return reject("records.duplicateId", [e.id], RECORDS_CITATION, `更正与替代记录编号相同`, `correction ${e.id} and its replacement share an id`)
    const corrected = ix.live.get(e.corrects)!
    if (e.replacement.projectId !== corrected.projectId) {
      return reject("records.correctionOfOtherProject", [e.id, e.corrects], RECORDS_CITATION, `替代记录与被更正记录不属于同一项目`,
        `correction ${e.id} replaces ${e.corrects} (project ${corrected.projectId}) with a record of project ${e.replacement.projectId}: withdraw it and record the other project's fact there`)
    }
    return checkFact(ix, e.replacement, e.corrects)
  }
  return undefined
}

/**
 * Appends one event: the new book, or the rejection (the book is unchanged). Checks the event against the
 * book's index of ids and live records, which the book produced by the last append or replay carries over
 * (constant time per event); any other book builds it once (linear in its length).
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { MilestoneRecorded, appendRecord, emptyRecordBook, isoDate } from "@redsite/core"
 * const book = appendRecord(emptyRecordBook, new MilestoneRecorded({ id: "m1", projectId: "p1",
 *   date: isoDate("2022-01-05"), milestone: "projectSetUp" }))
 * Either.isRight(book) // true
 * ```
 */
export const appendRecord = (book: RecordBook, e: RecordEvent): Either.Either<RecordBook, Rejection> => {
  const ix = takeIndex(book)
  const r = check(ix, e)
  if (r !== undefined) {
    indexes.set(book, ix) // unchanged: the book keeps it
    return Either.left(r)
  }
  admit(ix, e)
  const next = new RecordBook({ events: [...book.events, e] }, trusted)
  indexes.set(next, ix)
  return Either.right(next)
}

/** A refused event of a log, with its position. */
export interface RecordReplayFailure {
  readonly index: number
  readonly rejection: Rejection
}

/**
 * Replays a log in order (linear in its length), stopping at the first refused event.
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { Correct, ReportSubmitted, isoDate, replayRecords } from "@redsite/core"
 * const log = [
 *   new ReportSubmitted({ id: "r1", projectId: "p1", date: isoDate("2022-07-03"), month: "2022-06" as never }),
 *   new Correct({ id: "c1", date: isoDate("2022-07-04"), corrects: "r1" }) // withdrawn
 * ]
 * Either.isRight(replayRecords(log)) // true
 * ```
 */
export const replayRecords = (events: ReadonlyArray<RecordEvent>, from: RecordBook = emptyRecordBook): Either.Either<RecordBook, RecordReplayFailure> => {
  const ix = takeIndex(from)
  for (let i = 0; i < events.length; i++) {
    const r = check(ix, events[i]!)
    // the index has taken the events before i: it no longer describes `from`, which rebuilds its own when next used
    if (r !== undefined) return Either.left({ index: i, rejection: r })
    admit(ix, events[i]!)
  }
  const next = new RecordBook({ events: [...from.events, ...events] }, trusted)
  indexes.set(next, ix)
  return Either.right(next)
}

/**
 * The facts in effect on a date: every fact dated on or before it, with the corrections dated on or before it
 * applied (the corrected record's effect gone, its replacement's in place when the replacement is dated by
 * then). A correction dated later has no effect yet: the record reads as it was first recorded.
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { Correct, StepRecorded, isoDate, recordsAsOf, replayRecords } from "@redsite/core"
 * const book = Either.getOrThrow(replayRecords([
 *   new StepRecorded({ id: "s1", projectId: "p1", date: isoDate("2022-03-01"), step: "organizationEstablished" }),
 *   new Correct({ id: "c1", date: isoDate("2022-04-01"), corrects: "s1", replacement: new StepRecorded({
 *     id: "s2", projectId: "p1", date: isoDate("2022-01-10"), step: "organizationEstablished" }) })
 * ]))
 * recordsAsOf(book, isoDate("2022-03-15")).map((f) => f.id) // ["s1"]
 * recordsAsOf(book, isoDate("2022-04-15")).map((f) => f.id) // ["s2"]
 * ```
 */
export const recordsAsOf = (book: RecordBook, date: string): ReadonlyArray<RecordFact> => {
  const live = new Map<string, RecordFact>()
  for (const e of book.events) {
    if (e.date > date) continue
    if (e._tag === "Correct") {
      live.delete(e.corrects)
      if (e.replacement !== undefined) live.set(e.replacement.id, e.replacement)
    } else {
      live.set(e.id, e)
    }
  }
  const out: Array<RecordFact> = []
  for (const f of live.values()) if (f.date <= date) out.push(f)
  return out
}

const earliest = <K extends string>(m: Map<K, Dated>, k: K, x: Dated) => {
  const cur = m.get(k)
  if (cur === undefined || x.date < cur.date || (x.date === cur.date && x.id < cur.id)) m.set(k, x)
}

/**
 * Indexes the facts of one project (as {@link recordsAsOf} gives them) for the obligation rules: the earliest
 * record of each milestone and step, the letters, meetings, assessments, honours and credit-file entries, and
 * each month's report with its latest review.
 */
export const indexProjectRecords = (facts: ReadonlyArray<RecordFact>): ProjectRecords => {
  const milestones = new Map<Milestone, Dated>()
  const steps = new Map<Step, Dated & { readonly organizationId?: string }>()
  const letters: Array<ProjectRecords["letters"][number]> = []
  const meetings: Array<ProjectRecords["meetings"][number]> = []
  const assessments: Array<ProjectRecords["assessments"][number]> = []
  const honours: Array<ProjectRecords["honours"][number]> = []
  const creditEntries: Array<ProjectRecords["creditEntries"][number]> = []
  const submitted = new Map<string, ReportSubmitted>()
  const reviews = new Map<string, ReportReviewed>()
  for (const f of facts) {
    switch (f._tag) {
      case "MilestoneRecorded": earliest(milestones, f.milestone, { id: f.id, date: f.date }); break
      case "StepRecorded": {
        const cur = steps.get(f.step)
        if (cur === undefined || f.date < cur.date || (f.date === cur.date && f.id < cur.id)) {
          steps.set(f.step, { id: f.id, date: f.date, ...(f.organizationId === undefined ? {} : { organizationId: f.organizationId }) })
        }
        break
      }
      case "LetterSigned": letters.push({ id: f.id, date: f.date, letter: f.letter, covers: f.covers }); break
      case "MeetingHeld": meetings.push({ id: f.id, date: f.date, meeting: f.meeting, participants: f.participants }); break
      case "AssessmentRecorded": assessments.push({ id: f.id, date: f.date, assessment: f.assessment, criteriaMet: f.criteriaMet }); break
      case "HonourAwarded": honours.push({ id: f.id, date: f.date, honour: f.honour, year: f.year }); break
      case "CreditFileEntered": creditEntries.push({ id: f.id, date: f.date, honourId: f.honourId, enterpriseId: f.enterpriseId }); break
      case "ReportSubmitted": submitted.set(f.id, f); break
      case "ReportReviewed": {
        const cur = reviews.get(f.reportId)
        if (cur === undefined || f.date >= cur.date) reviews.set(f.reportId, f)
        break
      }
    }
  }
  // per month: the report that stands — a report not returned wins over a returned one, then the latest submitted
  const reports = new Map<string, ReportView>()
  for (const r of submitted.values()) {
    const review = reviews.get(r.id)
    const view: ReportView = {
      id: r.id, date: r.date, month: r.month, state: review === undefined ? "submitted" : review.outcome,
      ...(review === undefined ? {} : { reviewerId: review.reviewerId, reviewedOn: review.date }),
      ...(r.organizationId === undefined ? {} : { organizationId: r.organizationId })
    }
    const cur = reports.get(r.month)
    const stands = (v: ReportView) => (v.state === "returned" ? 0 : 1)
    if (cur === undefined || stands(view) > stands(cur) || (stands(view) === stands(cur) && view.date >= cur.date)) reports.set(r.month, view)
  }
  return { milestones, steps, letters, meetings, assessments, reports, honours, creditEntries }
}

/**
 * The records of every project on a date, indexed for the obligation rules (one pass over the log).
 *
 * @example
 * ```ts
 * import { emptyRecordBook, isoDate, projectRecords } from "@redsite/core"
 * projectRecords(emptyRecordBook, isoDate("2022-06-30")).get("p1") // undefined: nothing recorded
 * ```
 */
export const projectRecords = (book: RecordBook, date: string): ReadonlyMap<string, ProjectRecords> => {
  const byProject = new Map<string, Array<RecordFact>>()
  for (const f of recordsAsOf(book, date)) {
    let xs = byProject.get(f.projectId)
    if (xs === undefined) byProject.set(f.projectId, (xs = []))
    xs.push(f)
  }
  const out = new Map<string, ProjectRecords>()
  for (const [id, xs] of byProject) out.set(id, indexProjectRecords(xs))
  return out
}

/** A project with nothing recorded. */
export const NO_RECORDS: ProjectRecords = indexProjectRecords([])
