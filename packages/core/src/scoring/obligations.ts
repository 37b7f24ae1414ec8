/**
 * Duties that events make due, above all Fuding's "three talks" (三进三必谈: 新来的党员必谈、施工违章必谈、
 * 党员个人或家庭发生变故必谈), and the national talk with a new applicant within a month.
 *
 * A *trigger* (a member arriving, a safety violation recorded in the ledger, a recorded personal or family incident
 * ({@link IncidentRecord}), an application)
 * makes a talk due within a window. A *talk* fulfils the trigger it names, or — when it names none — every open
 * trigger of the same member in the same organization dated on or before the talk. The report says which talks
 * are done, done late, still open, or overdue at a date.
 *
 * The talks are a policy's data (its `talks` section; {@link talkRulesOf} reads them). The source gives no time
 * limits for the three talks: the windows of {@link fudingTalkRules} are assumptions and flagged as such; the
 * applicant talk's month is the national rule's (the parameter `applicantTalkWithinMonths`).
 *
 * @module
 */
import { Either, Schema } from "effect"
import { Citation, Reason } from "../explain/explanation.js"
import { Id, IsoDate, addMonths } from "../model/primitives.js"
import { fudingSite2020, resolve } from "../policy/catalogue/index.js"
import type { Policy } from "../policy/policy.js"
import { cite } from "../policy/sources.js"
import { ParameterProblem, lookupParameter } from "../rules/read.js"
import type { AttendanceInterval } from "./attendance.js"
import type { Ledger } from "./ledger.js"
import { addDays, dayNumber } from "./periods.js"
import { makeReason, param } from "./reasons.js"
import type { ScoringScheme } from "./scheme.js"
import { itemOf, schemeForDate } from "./scheme.js"
import { TalkTriggers } from "./vocabulary.js"
import type { TalkTrigger } from "./vocabulary.js"

/** How long after its trigger a talk is due. */
export class DueWindow extends Schema.Class<DueWindow>("DueWindow")({
  amount: Schema.Number.pipe(Schema.int(), Schema.nonNegative()),
  unit: Schema.Literal("days", "months")
}) {}

/** One kind of due talk: its trigger, window, source and whether the window is an assumption. */
export class TalkRule extends Schema.Class<TalkRule>("TalkRule")({
  trigger: TalkTriggers.schema,
  window: DueWindow,
  /** The policy and rule the duty comes from (reasons name them). */
  policyId: Id,
  ruleId: Id,
  citation: Citation,
  assumption: Schema.Boolean,
  note: Schema.optional(Schema.String)
}) {}

/** The clause that makes a talk due after a personal or family incident (the `familyIncident` trigger). */
export const incidentTalkCitation: Citation = cite("seed-002", "§三 注重组织关爱", "党员个人或家庭发生变故必谈")

/**
 * The talks a policy makes due, as {@link TalkRule}s: the `talks` of its data, resolved against the catalogue
 * and `extra` (its own talks first, then its basis's for other triggers). A window given as a parameter is read
 * through the one reader; a talk whose parameter is missing or not a number is left out (the policy's
 * resolution names it).
 *
 * @example
 * ```ts
 * import { policies, talkRulesOf } from "@redsite/core"
 * talkRulesOf(policies.national).map((r) => r.trigger) // ["application"]
 * ```
 */
export const talkRulesOf = (policy: Policy, extra: ReadonlyArray<Policy> = []): ReadonlyArray<TalkRule> => {
  const r = resolve(policy, extra)
  const p: Policy = Either.isRight(r) ? r.right : policy
  return (p.talks ?? []).flatMap((t) => {
    let amount: number
    let assumption: boolean
    if ("parameter" in t.window) {
      const param = lookupParameter(p.parameters, t.window.parameter, "number")
      if (param instanceof ParameterProblem) return []
      amount = param.value as number
      assumption = param.assumption
    } else {
      amount = t.window.amount
      assumption = t.assumption ?? false
    }
    return [new TalkRule({
      trigger: t.trigger, window: new DueWindow({ amount, unit: t.window.unit }),
      policyId: t.origin ?? p.id, ruleId: t.rule, citation: t.citation, assumption,
      ...(t.note === undefined ? {} : { note: t.note })
    })]
  })
}

/**
 * Fuding's three talks plus the national applicant talk: a view of the `fuding-site-2020` policy's data
 * ({@link talkRulesOf}). Windows: 7 days after a new member arrives, 3 days after a safety violation, 7 days
 * after a family incident — **assumptions** — and one month after an application (发展党员工作细则 Art. 8, as
 * `applicantTalkWithinMonths` of the national policy).
 */
export const fudingTalkRules: ReadonlyArray<TalkRule> = talkRulesOf(fudingSite2020)

/** An event that makes a talk due. */
export class TalkTriggerEvent extends Schema.Class<TalkTriggerEvent>("TalkTriggerEvent")({
  id: Id,
  memberId: Id,
  organizationId: Id,
  date: IsoDate,
  trigger: TalkTriggers.schema,
  /** Where the trigger comes from (a ledger event id, an attendance record, a report). */
  source: Schema.optional(Schema.String)
}) {}

/** A talk held (谈心谈话). */
export class Talk extends Schema.Class<Talk>("Talk")({
  id: Id,
  memberId: Id,
  organizationId: Id,
  date: IsoDate,
  by: Id,
  /** The trigger this talk answers; without it, the talk answers every open trigger of the member up to its date. */
  triggerId: Schema.optional(Id)
}) {}

/** Status of a due talk at the report date. */
export const DueStatuses = ["done", "doneLate", "open", "overdue"] as const
/** @see {@link DueStatuses} */
export type DueStatus = (typeof DueStatuses)[number]

/** A talk that a trigger made due, with its status at the report date. */
export class DueTalk extends Schema.Class<DueTalk>("DueTalk")({
  triggerId: Id,
  memberId: Id,
  organizationId: Id,
  trigger: TalkTriggers.schema,
  triggeredOn: IsoDate,
  dueBy: IsoDate,
  status: Schema.Literal(...DueStatuses),
  talkId: Schema.NullOr(Id),
  talkDate: Schema.NullOr(IsoDate),
  /** Days past the due date: at the talk when done late, at the report date when overdue; else 0. */
  daysLate: Schema.Number,
  reasons: Schema.NonEmptyArray(Reason)
}) {}

/** The report of due talks at a date. */
export interface ObligationReport {
  readonly asOf: string
  readonly due: ReadonlyArray<DueTalk>
  readonly overdue: ReadonlyArray<DueTalk>
  /** Triggers no rule covers (no window known): listed, not judged. */
  readonly uncovered: ReadonlyArray<TalkTriggerEvent>
}

/** New-arrival triggers from attendance intervals: each interval's first day. */
export const arrivalTriggers = (intervals: ReadonlyArray<AttendanceInterval>): ReadonlyArray<TalkTriggerEvent> =>
  intervals.map((a) => new TalkTriggerEvent({
    id: `arrival:${a.memberId}:${a.organizationId}:${a.from}`, memberId: a.memberId, organizationId: a.organizationId,
    date: a.from, trigger: "newArrival", source: "attendance"
  }))

/**
 * Triggers from the ledger: every entry whose item names a trigger (e.g. `safetyViolation`), unless the entry
 * has been reversed (a violation recorded in error makes no talk due).
 */
export const ledgerTriggers = (ledger: Ledger, schemes: ReadonlyArray<ScoringScheme>): ReadonlyArray<TalkTriggerEvent> =>
  ledger.events.flatMap((e) => {
    if (e.correction !== undefined || ledger.isReversed(e.id)) return []
    const scheme = schemeForDate(schemes, e.date)
    const trigger = scheme === undefined ? undefined : itemOf(scheme, e.item)?.triggers
    return trigger === undefined
      ? []
      : [new TalkTriggerEvent({ id: `ledger:${e.id}`, memberId: e.memberId, organizationId: e.organizationId, date: e.date, trigger, source: e.id })]
  })

/** What a recorded incident touches: the member personally, or the member's family (个人或家庭发生变故). */
export const IncidentScopes = ["personal", "family"] as const
/** @see {@link IncidentScopes} */
export type IncidentScope = (typeof IncidentScopes)[number]

/**
 * A personal or family incident of a member, as the branch records it (党员个人或家庭发生变故: an illness, a
 * bereavement, a hardship at home), the way it records a safety violation in the points ledger: append-only, with
 * who recorded it and when. It carries no points (an incident is not conduct to score) and no details beyond a
 * reference: what happened stays with the branch. A record made in error is not edited or deleted: a later record
 * of the same member and organization names it in `withdraws`, and it then makes no talk due (as a reversed
 * violation makes none). Seed-002 §三 注重组织关爱 ({@link incidentTalkCitation}) makes a talk due after one.
 */
export class IncidentRecord extends Schema.Class<IncidentRecord>("IncidentRecord")({
  id: Id,
  memberId: Id,
  /** The organization the member attends, whose branch holds the talk. */
  organizationId: Id,
  /** When the incident happened (or became known to the branch); the talk's window runs from it. */
  date: IsoDate,
  scope: Schema.Literal(...IncidentScopes),
  /** Reference to where the incident is recorded (a talk log, a note of the secretary), not its details. */
  evidence: Schema.String,
  recordedBy: Id,
  recordedAt: IsoDate,
  /** Id of an earlier record this one withdraws (recorded in error); a withdrawal makes no talk due itself. */
  withdraws: Schema.optional(Id)
}) {}

/**
 * Family-incident triggers (`familyIncident`, 个人或家庭发生变故必谈) from recorded incidents: one per record that is
 * neither a withdrawal nor withdrawn by a record of the same member and organization, dated at the incident, with
 * id `incident:<record id>` and the record as its source. Its window is the `familyIncident` {@link TalkRule}'s
 * (7 days in {@link fudingTalkRules}, an assumption: the source sets no time limit).
 */
export const incidentTriggers = (records: ReadonlyArray<IncidentRecord>): ReadonlyArray<TalkTriggerEvent> => {
  const byId = new Map(records.map((r) => [r.id, r]))
  const withdrawn = new Set<string>()
  for (const r of records) {
    if (r.withdraws === undefined) continue
    const target = byId.get(r.withdraws)
    if (target !== undefined && target.memberId === r.memberId && target.organizationId === r.organizationId) withdrawn.add(target.id)
  }
  return records.flatMap((r) =>
    r.withdraws !== undefined || withdrawn.has(r.id)
      ? []
      : [new TalkTriggerEvent({
        id: `incident:${r.id}`, memberId: r.memberId, organizationId: r.organizationId, date: r.date,
        trigger: "familyIncident", source: r.id
      })]
  )
}

const dueDate = (date: string, w: DueWindow): IsoDate => (w.unit === "days" ? addDays(date, w.amount) : addMonths(date, w.amount))

/** Which talks are due, done, late, open or overdue at `asOf`. Talks after `asOf` are not counted. */
export const obligationReport = (input: {
  readonly rules: ReadonlyArray<TalkRule>
  readonly triggers: ReadonlyArray<TalkTriggerEvent>
  readonly talks: ReadonlyArray<Talk>
  readonly asOf: string
}): ObligationReport => {
  const ruleOf = new Map<TalkTrigger, TalkRule>()
  for (const r of input.rules) if (!ruleOf.has(r.trigger)) ruleOf.set(r.trigger, r)
  const talks = input.talks.filter((t) => t.date <= input.asOf).slice().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1))
  const triggers = input.triggers.filter((t) => t.date <= input.asOf).slice().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1))
  const due: Array<DueTalk> = []
  const uncovered: Array<TalkTriggerEvent> = []
  for (const t of triggers) {
    const rule = ruleOf.get(t.trigger)
    if (rule === undefined) {
      uncovered.push(t)
      continue
    }
    const dueBy = dueDate(t.date, rule.window)
    const talk = talks.find((k) =>
      k.triggerId === t.id ||
      (k.triggerId === undefined && k.memberId === t.memberId && k.organizationId === t.organizationId && k.date >= t.date))
    const status: DueStatus = talk !== undefined ? (talk.date <= dueBy ? "done" : "doneLate") : input.asOf > dueBy ? "overdue" : "open"
    const daysLate = status === "doneLate" ? dayNumber(talk!.date) - dayNumber(dueBy) : status === "overdue" ? dayNumber(input.asOf) - dayNumber(dueBy) : 0
    const label = TalkTriggers.labels[t.trigger]
    const reason = makeReason({
      policyId: rule.policyId,
      ruleId: rule.ruleId,
      citation: rule.citation,
      facts: { triggerId: t.id, memberId: t.memberId, organizationId: t.organizationId, triggeredOn: t.date, talkId: talk?.id ?? null, talkDate: talk?.date ?? null, asOf: input.asOf },
      parameters: [param(`talkWindow.${t.trigger}`, rule.window.amount, rule.window.unit, rule.assumption)],
      zh: `${label.zh}:${t.date}触发,应在${dueBy}前谈话;${status === "done" ? `已于${talk!.date}谈话` : status === "doneLate" ? `${talk!.date}谈话,逾期${daysLate}天` : status === "open" ? "尚未到期" : `截至${input.asOf}逾期${daysLate}天未谈`}`,
      en: `${label.en}: triggered ${t.date}, due by ${dueBy}; ${status === "done" ? `held ${talk!.date}` : status === "doneLate" ? `held ${talk!.date}, ${daysLate} day(s) late` : status === "open" ? "not yet due" : `overdue by ${daysLate} day(s) at ${input.asOf}`}`
    })
    due.push(new DueTalk({
      triggerId: t.id, memberId: t.memberId, organizationId: t.organizationId, trigger: t.trigger, triggeredOn: t.date, dueBy,
      status, talkId: talk?.id ?? null, talkDate: talk?.date ?? null, daysLate, reasons: [reason]
    }))
  }
  return { asOf: input.asOf, due, overdue: due.filter((d) => d.status === "overdue"), uncovered }
}
