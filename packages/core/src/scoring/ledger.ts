/**
 * The points ledger (积分台账): append-only point events, corrections as new events, never edits.
 *
 * Every event carries a signed number of points. An *entry* is an original event; a *correction* is a later
 * event naming an earlier one (`correction.of`). A correction keeps the entry's member, organization, date and
 * item, and its points are the *change* it makes:
 *
 * - an **amendment** sets the entry's value to `amendedTo` (its points are `amendedTo − current value`);
 * - a **reversal of the entry** sets its value to 0 (points `−current value`);
 * - a **reversal of a correction** undoes that correction (points `−its points`). Only the latest active
 *   correction of an entry may be undone, so corrections unwind like a stack and every state is reachable by
 *   appending.
 *
 * Because every event is a change, a period's total is the plain sum of its events' points: aggregation never
 * depends on the order of events, and a correction followed by its reversal leaves every total unchanged.
 * Checks that *do* depend on order (a target must exist, an entry may be reversed once) run when an event is
 * appended, in recording order; rejected events never enter the ledger and come back with reasons.
 *
 * @module
 */
import { Either, Schema } from "effect"
import { Reason as ReasonSchema } from "../explain/explanation.js"
import { Id, IsoDate } from "../model/primitives.js"
import { cite } from "../policy/sources.js"
import type { Attendance } from "./attendance.js"
import { attendanceLookup } from "./attendance.js"
import { makeReason, param } from "./reasons.js"
import type { ScoringItem, ScoringScheme } from "./scheme.js"
import { categoryOf, isWholeSteps, itemOf, itemSign, schemeForDate, toUnits } from "./scheme.js"

/** What a correction does to an earlier event. */
export class Correction extends Schema.Class<Correction>("Correction")({
  kind: Schema.Literal("reversal", "amendment"),
  /** Id of the event corrected: an entry, or (for a reversal) the entry's latest active correction. */
  of: Id,
  /** For an amendment: the entry's value after it. */
  amendedTo: Schema.optional(Schema.Number.pipe(Schema.finite())),
  /** Why the correction was made (kept with the record). */
  reason: Schema.String
}) {}

/** One event of the points ledger. */
export class PointEvent extends Schema.Class<PointEvent>("PointEvent")({
  id: Id,
  memberId: Id,
  /** The organization that scores the member (the site organization the member attends). */
  organizationId: Id,
  /** When the scored conduct happened; decides the period. */
  date: IsoDate,
  /** Item of the scheme in force at `date`. */
  item: Id,
  /** Signed points: positive for merit, negative for deductions; for a correction, the change it makes. */
  points: Schema.Number.pipe(Schema.finite()),
  /** Reference to the evidence (minutes, photo, inspection record). */
  evidence: Schema.String,
  recordedBy: Id,
  recordedAt: IsoDate,
  correction: Schema.optional(Correction)
}) {}

/** Why an event was rejected. */
export const RejectionCodes = [
  "duplicateId",
  "recordedBeforeDate",
  "noScheme",
  "unknownItem",
  "wrongSign",
  "notWholeSteps",
  "zeroPoints",
  "notAttending",
  "unknownTarget",
  "correctionMismatch",
  "notReversible",
  "entryReversed"
] as const
/** @see {@link RejectionCodes} */
export type RejectionCode = (typeof RejectionCodes)[number]

/** An event the ledger refused, with the reasons. */
export class LedgerRejection extends Schema.Class<LedgerRejection>("LedgerRejection")({
  eventId: Schema.String,
  code: Schema.Literal(...RejectionCodes),
  reasons: Schema.NonEmptyArray(ReasonSchema)
}) {}

/** What appending needs to know: the scheme versions and who attends which organization when. */
export interface LedgerContext {
  readonly schemes: ReadonlyArray<ScoringScheme>
  readonly attendance: Attendance
}

interface Indexed {
  readonly event: PointEvent
  readonly root: string
  /** Points in whole steps of the root's scheme. */
  readonly units: number
  readonly resolution: number
}

interface Chain {
  /** Current value of the entry, in steps. */
  readonly value: number
  /** Active corrections, latest last: amendments and reversals of the entry. */
  readonly stack: ReadonlyArray<string>
  /** True when the latest active correction reverses the entry itself. */
  readonly reversed: boolean
}

/** An immutable, append-only ledger of point events in recording order. */
export class Ledger {
  private constructor(
    /** Every accepted event, in the order it was appended. */
    readonly events: ReadonlyArray<PointEvent>,
    private readonly index: ReadonlyMap<string, Indexed>,
    private readonly chains: ReadonlyMap<string, Chain>
  ) {}

  /** The empty ledger. */
  static readonly empty: Ledger = new Ledger([], new Map(), new Map())

  /** @internal builds a ledger from its parts (used by {@link appendEvents}). */
  static of(events: ReadonlyArray<PointEvent>, index: ReadonlyMap<string, Indexed>, chains: ReadonlyMap<string, Chain>): Ledger {
    return new Ledger(events, index, chains)
  }

  /** The event with this id. */
  get(id: string): PointEvent | undefined {
    return this.index.get(id)?.event
  }

  /** The entry (original event) an event belongs to. */
  entryOf(id: string): PointEvent | undefined {
    const x = this.index.get(id)
    return x === undefined ? undefined : this.index.get(x.root)?.event
  }

  /** Current value of an entry in points (after its corrections), or `undefined` for an unknown id. */
  valueOf(entryId: string): number | undefined {
    const x = this.index.get(entryId)
    if (x === undefined) return undefined
    const c = this.chains.get(x.root)!
    return c.value / x.resolution
  }

  /** Whether the entry of an event is currently reversed. */
  isReversed(id: string): boolean {
    const x = this.index.get(id)
    return x !== undefined && this.chains.get(x.root)!.reversed
  }

  /** The latest active correction of an entry (the only one a reversal may undo), if any. */
  latestCorrection(entryId: string): PointEvent | undefined {
    const x = this.index.get(entryId)
    if (x === undefined) return undefined
    const stack = this.chains.get(x.root)!.stack
    return stack.length === 0 ? undefined : this.index.get(stack[stack.length - 1]!)!.event
  }

  /** @internal */
  state(): { readonly index: ReadonlyMap<string, Indexed>; readonly chains: ReadonlyMap<string, Chain> } {
    return { index: this.index, chains: this.chains }
  }
}

// ------------------------------------------------------------------------------------------- rules

const LEDGER_POLICY = "redsite"
const appendOnlyCitation = cite("redsite-assumption", "points ledger", "append-only: corrections are new events, nothing is edited or deleted")
const attendanceCitation = cite("seed-002", "§三 搭建干事平台", "the site organization scores the members who take part in its life (工地党员)")

const reject = (
  event: PointEvent,
  code: RejectionCode,
  scheme: ScoringScheme | undefined,
  ruleId: string,
  zh: string,
  en: string,
  facts: Record<string, string | number | boolean | null> = {},
  parameters: ReturnType<typeof param>[] = []
): LedgerRejection =>
  new LedgerRejection({
    eventId: event.id,
    code,
    reasons: [
      makeReason({
        policyId: scheme?.policyId ?? LEDGER_POLICY,
        ruleId,
        citation: ruleId === "scoring.ledger.attendance" ? attendanceCitation
          : ruleId === "scoring.ledger.scheme" && scheme !== undefined ? scheme.citation
          : appendOnlyCitation,
        facts: { eventId: event.id, memberId: event.memberId, organizationId: event.organizationId, date: event.date, ...facts },
        parameters,
        zh,
        en
      })
    ]
  })

const signOk = (units: number, sign: 1 | -1) => units === 0 || Math.sign(units) === sign

/**
 * Appends events in order. Each event is checked against the ledger as it stands after the events before it
 * (so a batch may correct its own earlier events). Accepted events form the new ledger; the input ledger is
 * left unchanged. Each call copies the ledger's index (linear in its size), so append in batches where many
 * events arrive at once.
 */
export const appendEvents = (
  ledger: Ledger,
  events: ReadonlyArray<PointEvent>,
  ctx: LedgerContext
): { readonly ledger: Ledger; readonly accepted: ReadonlyArray<PointEvent>; readonly rejected: ReadonlyArray<LedgerRejection> } => {
  const attends = attendanceLookup(ctx.attendance)
  const prev = ledger.state()
  const index = new Map(prev.index)
  const chains = new Map(prev.chains)
  const accepted: Array<PointEvent> = []
  const rejected: Array<LedgerRejection> = []

  const check = (e: PointEvent): LedgerRejection | Indexed => {
    if (index.has(e.id)) {
      return reject(e, "duplicateId", undefined, "scoring.ledger.appendOnly",
        `事件编号${e.id}已存在:台账只能追加,不能覆盖`, `event id ${e.id} already exists: the ledger only appends, never overwrites`)
    }
    if (e.recordedAt < e.date) {
      return reject(e, "recordedBeforeDate", undefined, "scoring.ledger.appendOnly",
        `记录日期${e.recordedAt}早于事件日期${e.date}`, `recorded on ${e.recordedAt}, before the event's date ${e.date}`,
        { recordedAt: e.recordedAt })
    }
    if (e.correction === undefined) return checkEntry(e)
    return checkCorrection(e, e.correction)
  }

  const checkEntry = (e: PointEvent): LedgerRejection | Indexed => {
    const scheme = schemeForDate(ctx.schemes, e.date)
    if (scheme === undefined) {
      return reject(e, "noScheme", undefined, "scoring.ledger.scheme",
        `${e.date}没有生效的积分方案`, `no scoring scheme is in force on ${e.date}`)
    }
    const it = itemOf(scheme, e.item)
    if (it === undefined) {
      return reject(e, "unknownItem", scheme, "scoring.ledger.scheme",
        `积分方案${scheme.id}第${scheme.version}版没有项目${e.item}`, `scheme ${scheme.id} v${scheme.version} has no item ${e.item}`,
        { item: e.item })
    }
    const sign = itemSign(scheme, it)
    if (!isWholeSteps(e.points, scheme.resolution)) {
      return reject(e, "notWholeSteps", scheme, "scoring.ledger.scheme",
        `分值${e.points}不是1/${scheme.resolution}的整数倍`, `points ${e.points} are not a whole number of 1/${scheme.resolution} steps`,
        { points: e.points }, [param("resolution", scheme.resolution, "steps per point", false)])
    }
    const units = toUnits(e.points, scheme.resolution)
    if (units === 0) {
      return reject(e, "zeroPoints", scheme, "scoring.ledger.scheme", "分值为0的事件不记入台账", "an event of 0 points is not recorded",
        { points: e.points })
    }
    if (!signOk(units, sign)) {
      return reject(e, "wrongSign", scheme, "scoring.ledger.scheme",
        `项目${it.id}属于${sign > 0 ? "加分" : "扣分"}类别${it.category},分值${e.points}的符号不符`,
        `item ${it.id} is in the ${sign > 0 ? "merit" : "deduction"} category ${it.category}; points ${e.points} have the wrong sign`,
        { item: it.id, category: it.category, points: e.points })
    }
    if (!attends(e.memberId, e.organizationId, e.date)) {
      return reject(e, "notAttending", scheme, "scoring.ledger.attendance",
        `党员${e.memberId}在${e.date}未参加组织${e.organizationId}的组织生活,不能由其记分`,
        `member ${e.memberId} was not attending organization ${e.organizationId} on ${e.date}, so it cannot score them`,
        { attending: false })
    }
    return { event: e, root: e.id, units, resolution: scheme.resolution }
  }

  const checkCorrection = (e: PointEvent, c: Correction): LedgerRejection | Indexed => {
    const target = index.get(c.of)
    if (target === undefined) {
      return reject(e, "unknownTarget", undefined, "scoring.ledger.appendOnly",
        `更正的对象${c.of}不在台账中`, `the corrected event ${c.of} is not in the ledger`, { of: c.of })
    }
    const root = index.get(target.root)!
    const entry = root.event
    const scheme = schemeForDate(ctx.schemes, entry.date)
    if (e.memberId !== entry.memberId || e.organizationId !== entry.organizationId || e.date !== entry.date || e.item !== entry.item) {
      return reject(e, "correctionMismatch", scheme, "scoring.ledger.appendOnly",
        `更正必须保留原记录${entry.id}的党员、组织、日期和项目(如项目记错,应冲销后重新记录)`,
        `a correction keeps entry ${entry.id}'s member, organization, date and item (to fix the item, reverse and record anew)`,
        { of: c.of, entry: entry.id })
    }
    if (!isWholeSteps(e.points, root.resolution)) {
      return reject(e, "notWholeSteps", scheme, "scoring.ledger.scheme",
        `分值${e.points}不是1/${root.resolution}的整数倍`, `points ${e.points} are not a whole number of 1/${root.resolution} steps`,
        { points: e.points })
    }
    const chain = chains.get(root.event.id)!
    const units = toUnits(e.points, root.resolution)
    let expected: number
    if (c.kind === "reversal") {
      if (target.root === c.of) {
        if (chain.reversed) {
          return reject(e, "notReversible", scheme, "scoring.ledger.appendOnly",
            `记录${entry.id}已被冲销`, `entry ${entry.id} is already reversed`, { of: c.of })
        }
        expected = -chain.value
      } else {
        const top = chain.stack[chain.stack.length - 1]
        if (top !== c.of) {
          return reject(e, "notReversible", scheme, "scoring.ledger.appendOnly",
            `只能撤销记录${entry.id}最近一次有效的更正${top ?? "(无)"},不能撤销${c.of}`,
            `only the latest active correction of entry ${entry.id} (${top ?? "none"}) may be undone, not ${c.of}`,
            { of: c.of, latestActive: top ?? null })
        }
        expected = -target.units
      }
    } else {
      if (chain.reversed) {
        return reject(e, "entryReversed", scheme, "scoring.ledger.appendOnly",
          `记录${entry.id}已被冲销,不能修改(可先撤销冲销)`, `entry ${entry.id} is reversed and cannot be amended (undo the reversal first)`,
          { of: c.of })
      }
      if (c.amendedTo === undefined || !isWholeSteps(c.amendedTo, root.resolution)) {
        return reject(e, "correctionMismatch", scheme, "scoring.ledger.appendOnly",
          "修改必须给出修改后的分值(amendedTo),且为分值步长的整数倍", "an amendment must give the new value (amendedTo) in whole steps",
          { of: c.of })
      }
      const to = toUnits(c.amendedTo, root.resolution)
      const it = scheme === undefined ? undefined : itemOf(scheme, entry.item)
      const sign = scheme !== undefined && it !== undefined ? itemSign(scheme, it) : (Math.sign(root.units) as 1 | -1)
      if (!signOk(to, sign)) {
        return reject(e, "wrongSign", scheme, "scoring.ledger.scheme",
          `修改后的分值${c.amendedTo}与项目方向不符`, `the amended value ${c.amendedTo} has the wrong sign for the item`,
          { amendedTo: c.amendedTo })
      }
      expected = to - chain.value
      if (expected === 0) {
        return reject(e, "zeroPoints", scheme, "scoring.ledger.appendOnly",
          `修改后的分值与当前分值相同`, `the amendment does not change the entry's value`, { amendedTo: c.amendedTo })
      }
    }
    if (units !== expected) {
      return reject(e, "correctionMismatch", scheme, "scoring.ledger.appendOnly",
        `更正的分值应为${expected / root.resolution},而不是${e.points}`, `the correction's points must be ${expected / root.resolution}, not ${e.points}`,
        { points: e.points, expected: expected / root.resolution })
    }
    return { event: e, root: root.event.id, units, resolution: root.resolution }
  }

  for (const e of events) {
    const r = check(e)
    if (r instanceof LedgerRejection) {
      rejected.push(r)
      continue
    }
    index.set(e.id, r)
    accepted.push(e)
    const c = e.correction
    if (c === undefined) {
      chains.set(e.id, { value: r.units, stack: [], reversed: false })
    } else {
      const chain = chains.get(r.root)!
      const undo = c.kind === "reversal" && c.of !== r.root
      const stack = undo ? chain.stack.slice(0, -1) : [...chain.stack, e.id]
      const top = stack[stack.length - 1]
      const topEvent = top === undefined ? undefined : index.get(top)!.event
      chains.set(r.root, {
        value: chain.value + r.units,
        stack,
        reversed: topEvent?.correction?.kind === "reversal" && topEvent.correction.of === r.root
      })
    }
  }
  const all = accepted.length === 0 ? ledger.events : [...ledger.events, ...accepted]
  return { ledger: Ledger.of(all, index, chains), accepted, rejected }
}

/** Appends one event: the new ledger, or the rejection with its reasons. */
export const appendEvent = (ledger: Ledger, event: PointEvent, ctx: LedgerContext): Either.Either<Ledger, LedgerRejection> => {
  const r = appendEvents(ledger, [event], ctx)
  return r.rejected.length > 0 ? Either.left(r.rejected[0]!) : Either.right(r.ledger)
}

/** Who records an event and when. */
export interface RecordMeta {
  readonly id: string
  readonly recordedBy: string
  readonly recordedAt: string
  readonly evidence?: string
}

/**
 * Builds an original event, filling the item's default points (signed by its category) when `points` is absent.
 * Returns `undefined` when no scheme is in force at the date or the item is unknown there.
 */
export const pointEvent = (
  schemes: ReadonlyArray<ScoringScheme>,
  e: RecordMeta & { readonly memberId: string; readonly organizationId: string; readonly date: string; readonly item: string; readonly points?: number }
): PointEvent | undefined => {
  const scheme = schemeForDate(schemes, e.date)
  const it: ScoringItem | undefined = scheme === undefined ? undefined : itemOf(scheme, e.item)
  if (scheme === undefined || it === undefined) return undefined
  return new PointEvent({
    id: e.id, memberId: e.memberId, organizationId: e.organizationId,
    date: e.date as IsoDate, item: e.item,
    points: e.points ?? itemSign(scheme, it) * it.points,
    evidence: e.evidence ?? "", recordedBy: e.recordedBy, recordedAt: e.recordedAt as IsoDate
  })
}

/**
 * Builds the reversal of an event as the ledger stands: of an entry (its value goes to 0), or of the entry's
 * latest active correction (which is undone). `undefined` for an unknown target.
 */
export const reversalOf = (ledger: Ledger, targetId: string, meta: RecordMeta & { readonly reason: string }): PointEvent | undefined => {
  const target = ledger.get(targetId)
  const entry = ledger.entryOf(targetId)
  if (target === undefined || entry === undefined) return undefined
  const points = target.id === entry.id ? -(ledger.valueOf(entry.id) ?? 0) : -target.points
  return new PointEvent({
    ...entryFields(entry), id: meta.id, points: points === 0 ? 0 : points,
    evidence: meta.evidence ?? entry.evidence, recordedBy: meta.recordedBy, recordedAt: meta.recordedAt as IsoDate,
    correction: new Correction({ kind: "reversal", of: targetId, reason: meta.reason })
  })
}

/** Builds an amendment setting an entry's value to `amendedTo`. `undefined` for an unknown entry. */
export const amendmentOf = (
  ledger: Ledger,
  entryId: string,
  amendedTo: number,
  meta: RecordMeta & { readonly reason: string }
): PointEvent | undefined => {
  const entry = ledger.entryOf(entryId)
  const value = ledger.valueOf(entryId)
  if (entry === undefined || value === undefined) return undefined
  return new PointEvent({
    ...entryFields(entry), id: meta.id, points: Math.round((amendedTo - value) * 1e9) / 1e9,
    evidence: meta.evidence ?? entry.evidence, recordedBy: meta.recordedBy, recordedAt: meta.recordedAt as IsoDate,
    correction: new Correction({ kind: "amendment", of: entry.id, amendedTo, reason: meta.reason })
  })
}

const entryFields = (e: PointEvent) => ({ memberId: e.memberId, organizationId: e.organizationId, date: e.date, item: e.item })

/** The category of an event's item under a scheme (for reports). */
export const eventCategory = (scheme: ScoringScheme, e: PointEvent): string | undefined => {
  const it = itemOf(scheme, e.item)
  return it === undefined ? undefined : categoryOf(scheme, it.category)?.id
}
