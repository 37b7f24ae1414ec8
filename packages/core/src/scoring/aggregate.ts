/**
 * Aggregation of a points ledger: per member, organization and period, the totals by category with caps,
 * the grade, the rank within the organization, and organization statistics — each with its reasons.
 *
 * The computation is the columnar engine's ({@link runEngine}); this module turns a ledger of objects into
 * columns and the engine's arrays back into explained results.
 *
 * @module
 */
import { Schema } from "effect"
import { Reason } from "../explain/explanation.js"
import { Id, IsoDate, Label } from "../model/primitives.js"
import { cite } from "../policy/sources.js"
import type { AttendanceInterval } from "./attendance.js"
import { overlaps } from "./attendance.js"
import type { EngineResult, PeriodPlan } from "./engine.js"
import { categoryTotalsOf, gradeOfIndex, planPeriods, runEngine } from "./engine.js"
import type { Ledger, PointEvent } from "./ledger.js"
import { dayNumber } from "./periods.js"
import { makeReason, param } from "./reasons.js"
import type { ScoringScheme } from "./scheme.js"
import { toUnits } from "./scheme.js"
import { AppraisalGrades } from "./vocabulary.js"

/** An item's points in a period: raw sum of its events, and what counts after the item cap. */
export class ItemScore extends Schema.Class<ItemScore>("ItemScore")({
  item: Id,
  label: Label,
  raw: Schema.Number,
  counted: Schema.Number,
  cap: Schema.NullOr(Schema.Number)
}) {}

/** A category's points in a period: the sum of its counted items, and what counts after the category cap. */
export class CategoryScore extends Schema.Class<CategoryScore>("CategoryScore")({
  category: Id,
  label: Label,
  direction: Schema.Literal("merit", "deduction"),
  raw: Schema.Number,
  counted: Schema.Number,
  cap: Schema.NullOr(Schema.Number),
  items: Schema.Array(ItemScore)
}) {}

/** One member's score in one organization and period. */
export class MemberScore extends Schema.Class<MemberScore>("MemberScore")({
  memberId: Id,
  organizationId: Id,
  period: Schema.String,
  periodStart: IsoDate,
  periodEnd: IsoDate,
  schemeId: Id,
  schemeVersion: Schema.Number,
  base: Schema.Number,
  categories: Schema.Array(CategoryScore),
  total: Schema.Number,
  grade: AppraisalGrades.schema,
  /** Rank within the organization in the period (1 = highest total; ties share a rank). */
  rank: Schema.Number,
  /** How many members were ranked in the organization in the period. */
  rankedOf: Schema.Number,
  events: Schema.Number,
  reasons: Schema.NonEmptyArray(Reason)
}) {}

/** Statistics of one organization in one period. */
export class OrganizationStats extends Schema.Class<OrganizationStats>("OrganizationStats")({
  organizationId: Id,
  period: Schema.String,
  schemeId: Id,
  schemeVersion: Schema.Number,
  members: Schema.Number,
  mean: Schema.Number,
  min: Schema.Number,
  max: Schema.Number,
  grades: Schema.Struct({
    excellent: Schema.Number,
    qualified: Schema.Number,
    basicallyQualified: Schema.Number,
    unqualified: Schema.Number
  }),
  /** Members on the roster with no event in the period (they score the base). */
  withoutEvents: Schema.Array(Id),
  events: Schema.Number,
  reasons: Schema.NonEmptyArray(Reason)
}) {}

/** The aggregation of a ledger. */
export interface ScoreReport {
  readonly scores: ReadonlyArray<MemberScore>
  readonly organizations: ReadonlyArray<OrganizationStats>
}

/** Options of {@link aggregateLedger}. */
export interface AggregateOptions {
  /** The scheme versions (one series). */
  readonly schemes: ReadonlyArray<ScoringScheme>
  /**
   * Attendance intervals: a member attending an organization during a period is scored there even without
   * events (with the base score) and counted among "members with no events".
   */
  readonly roster?: ReadonlyArray<AttendanceInterval>
  /** First day of the range to score; default: the earliest event or roster start. */
  readonly from?: string
  /** Last day of the range to score; default: the latest event. */
  readonly to?: string
}

const rankingCitation = cite("redsite-assumption", "scoring ranking", "rank by total within the organization and period; equal totals share a rank (1, 2, 2, 4)")
const statsCitation = cite("redsite-assumption", "scoring statistics", "mean over members scored in the period, members without events included")

/** Builds the columns and plan for a list of events. */
const prepare = (events: ReadonlyArray<PointEvent>, opts: AggregateOptions) => {
  const roster = opts.roster ?? []
  const dates = [...events.map((e) => e.date as string), ...roster.map((r) => r.from as string)]
  const from = opts.from ?? dates.reduce((a, b) => (b < a ? b : a), dates[0] ?? "9999-12-31")
  const to = opts.to ?? events.map((e) => e.date as string).reduce((a, b) => (b > a ? b : a), from)
  const plan = planPeriods(opts.schemes, from, to)
  const itemIndex = new Map(plan.itemIds.map((id, i) => [id, i]))
  const subjects = new Map<string, number>()
  const subjectKeys: Array<{ memberId: string; organizationId: string }> = []
  const orgs = new Map<string, number>()
  const orgIds: Array<string> = []
  const subjectOrg: Array<number> = []
  const subjectOf = (memberId: string, organizationId: string) => {
    const k = `${memberId}\u0000${organizationId}`
    let s = subjects.get(k)
    if (s === undefined) {
      let o = orgs.get(organizationId)
      if (o === undefined) {
        orgs.set(organizationId, (o = orgIds.length))
        orgIds.push(organizationId)
      }
      subjects.set(k, (s = subjectKeys.length))
      subjectKeys.push({ memberId, organizationId })
      subjectOrg.push(o)
    }
    return s
  }
  const n = events.length
  const subject = new Int32Array(n)
  const day = new Int32Array(n)
  const item = new Int32Array(n)
  const units = new Int32Array(n)
  const periodOfDay = (d: number) => {
    const i = d - plan.firstDay
    return i >= 0 && i < plan.dayToPeriod.length ? plan.dayToPeriod[i]! : -1
  }
  events.forEach((e, i) => {
    subject[i] = subjectOf(e.memberId, e.organizationId)
    day[i] = dayNumber(e.date)
    const g = itemIndex.get(e.item)
    item[i] = g ?? 0
    const p = periodOfDay(day[i]!)
    // An item unknown to every scheme, or outside the range, is skipped (the ledger rejects such events).
    if (g === undefined || p < 0) day[i] = plan.firstDay - 1
    else units[i] = toUnits(e.points, plan.periods[p]!.scheme.scheme.resolution)
  })
  for (const r of roster) subjectOf(r.memberId, r.organizationId)
  const S = subjectKeys.length
  const present = new Uint8Array(plan.periods.length * S)
  for (const r of roster) {
    const s = subjectOf(r.memberId, r.organizationId)
    plan.periods.forEach((p, i) => {
      if (overlaps(r, p.period.start, p.period.end)) present[i * S + s] = 1
    })
  }
  return {
    plan,
    subjectKeys,
    orgIds,
    cols: { length: n, subject, day, item, units },
    input: { plan, nSubjects: S, subjectOrganization: Int32Array.from(subjectOrg), nOrganizations: orgIds.length, present }
  }
}

/**
 * Aggregates a ledger (or a list of events) per member, organization and period under the scheme versions.
 * Order of events does not matter. Every score and statistic carries reasons.
 */
export const aggregateLedger = (ledger: Ledger | ReadonlyArray<PointEvent>, opts: AggregateOptions): ScoreReport => {
  const events = Array.isArray(ledger) ? (ledger as ReadonlyArray<PointEvent>) : (ledger as Ledger).events
  const prep = prepare(events, opts)
  const result = runEngine(prep.cols, prep.input)
  return explainResult(result, prep.plan, prep.subjectKeys, prep.orgIds, prep.input.subjectOrganization)
}

const fmt = (n: number) => String(Math.round(n * 1e6) / 1e6)

/** Turns the engine's arrays into explained scores and statistics. */
export const explainResult = (
  r: EngineResult,
  plan: PeriodPlan,
  subjectKeys: ReadonlyArray<{ readonly memberId: string; readonly organizationId: string }>,
  orgIds: ReadonlyArray<string>,
  subjectOrganization: Int32Array
): ScoreReport => {
  const scores: Array<MemberScore> = []
  const organizations: Array<OrganizationStats> = []
  const S = r.nSubjects
  const G = r.nItems
  const itemIndex = new Map(plan.itemIds.map((id, i) => [id, i]))
  for (let p = 0; p < r.nPeriods; p++) {
    const { period, scheme: cs } = plan.periods[p]!
    const scheme = cs.scheme
    const res = scheme.resolution
    const perOrg = new Map<number, Array<MemberScore>>()
    for (let s = 0; s < S; s++) {
      const ps = p * S + s
      if (r.scored[ps] === 0) continue
      const { memberId, organizationId } = subjectKeys[s]!
      const capped = categoryTotalsOf(r, plan, p, s)
      const categories = scheme.categories.map((c, ci) => {
        const items = scheme.items.filter((it) => it.category === c.id).flatMap((it) => {
          const g = itemIndex.get(it.id)!
          const raw = r.itemRaw[ps * G + g]!
          if (raw === 0) return []
          const sign = c.direction === "deduction" ? -1 : 1
          const cap = it.capPerPeriod === undefined ? Infinity : it.capPerPeriod * res
          const counted = sign > 0 ? Math.min(Math.max(raw, 0), cap) : Math.max(Math.min(raw, 0), -cap)
          return [new ItemScore({ item: it.id, label: it.label, raw: raw / res, counted: counted / res, cap: it.capPerPeriod ?? null })]
        })
        return new CategoryScore({
          category: c.id, label: c.label, direction: c.direction,
          raw: items.reduce((acc, i) => acc + toUnits(i.counted, res), 0) / res, counted: capped[ci]! / res,
          cap: c.capPerPeriod ?? null, items
        })
      })
      const total = r.total[ps]! / res
      const grade = gradeOfIndex(r.grade[ps]!)
      const rank = r.rank[ps]!
      const rankedOf = r.rankedCount[p * orgIds.length + subjectOrganization[s]!]!
      const events = r.eventCount[ps]!
      const cappedText = categories.flatMap((c) => [
        ...c.items.filter((i) => i.raw !== i.counted).map((i) => `${i.item} ${fmt(i.raw)}→${fmt(i.counted)}`),
        ...(c.raw !== c.counted ? [`${c.category} ${fmt(c.raw)}→${fmt(c.counted)}`] : [])
      ])
      const used = categories.filter((c) => c.items.length > 0)
      const totalReason = makeReason({
        policyId: scheme.policyId,
        ruleId: `${scheme.id}.total`,
        citation: scheme.citation,
        facts: {
          period: period.key, events, capsApplied: cappedText,
          ...Object.fromEntries(categories.map((c) => [`raw.${c.category}`, c.raw]))
        },
        parameters: [
          param("base", scheme.base, "points", scheme.baseAssumption),
          ...used.flatMap((c) => {
            const cat = scheme.categories.find((x) => x.id === c.category)!
            return [
              ...(c.cap === null ? [] : [param(`cap.${c.category}`, c.cap, "points per period", cat.assumption)]),
              ...c.items.flatMap((i) => {
                const it = scheme.items.find((x) => x.id === i.item)!
                return i.cap === null ? [] : [param(`cap.${i.item}`, i.cap, "points per period", it.assumption)]
              })
            ]
          })
        ],
        zh: `${period.key}:基础分${fmt(scheme.base)}${categories.filter((c) => c.counted !== 0).map((c) => ` ${c.counted > 0 ? "+" : "−"} ${c.label.zh}${fmt(Math.abs(c.counted))}`).join("")} = ${fmt(total)}${cappedText.length > 0 ? `(封顶:${cappedText.join(",")})` : ""}${events === 0 ? "(本期无积分记录)" : ""}`,
        en: `${period.key}: base ${fmt(scheme.base)}${categories.filter((c) => c.counted !== 0).map((c) => ` ${c.counted > 0 ? "+" : "−"} ${c.label.en} ${fmt(Math.abs(c.counted))}`).join("")} = ${fmt(total)}${cappedText.length > 0 ? ` (capped: ${cappedText.join(", ")})` : ""}${events === 0 ? " (no events this period)" : ""}`
      })
      const g = scheme.grades
      const gradeReason = makeReason({
        policyId: scheme.policyId,
        ruleId: `${scheme.id}.grade`,
        citation: g.citation,
        facts: { total },
        parameters: [
          param("grade.excellent", g.excellent, "points", g.assumption),
          param("grade.qualified", g.qualified, "points", g.assumption),
          param("grade.basicallyQualified", g.basicallyQualified, "points", g.assumption)
        ],
        zh: `总分${fmt(total)}:${AppraisalGrades.label(grade, "zh")}(优秀≥${g.excellent},合格≥${g.qualified},基本合格≥${g.basicallyQualified})`,
        en: `total ${fmt(total)}: ${AppraisalGrades.label(grade, "en")} (excellent ≥ ${g.excellent}, qualified ≥ ${g.qualified}, basically qualified ≥ ${g.basicallyQualified})`
      })
      const rankReason = makeReason({
        policyId: scheme.policyId,
        ruleId: "scoring.ranking",
        citation: rankingCitation,
        facts: { organizationId, period: period.key, total, rank, rankedOf },
        zh: `在${organizationId}本期${rankedOf}名党员中排第${rank}名(同分同名次)`,
        en: `rank ${rank} of ${rankedOf} in ${organizationId} this period (equal totals share a rank)`
      })
      const score = new MemberScore({
        memberId, organizationId, period: period.key, periodStart: period.start, periodEnd: period.end,
        schemeId: scheme.id, schemeVersion: scheme.version, base: scheme.base, categories, total, grade,
        rank, rankedOf, events, reasons: [totalReason, gradeReason, rankReason]
      })
      scores.push(score)
      const o = subjectOrganization[s]!
      const list = perOrg.get(o)
      if (list === undefined) perOrg.set(o, [score])
      else list.push(score)
    }
    for (const [o, list] of [...perOrg.entries()].sort((a, b) => (orgIds[a[0]]! < orgIds[b[0]]! ? -1 : 1))) {
      const totals = list.map((x) => x.total)
      const sum = list.reduce((a, x) => a + toUnits(x.total, res), 0)
      const mean = sum / list.length / res
      const count = (g: string) => list.filter((x) => x.grade === g).length
      const grades = { excellent: count("excellent"), qualified: count("qualified"), basicallyQualified: count("basicallyQualified"), unqualified: count("unqualified") }
      const withoutEvents = list.filter((x) => x.events === 0).map((x) => x.memberId).sort()
      const events = list.reduce((a, x) => a + x.events, 0)
      organizations.push(new OrganizationStats({
        organizationId: orgIds[o]!, period: period.key, schemeId: scheme.id, schemeVersion: scheme.version,
        members: list.length, mean, min: Math.min(...totals), max: Math.max(...totals), grades, withoutEvents, events,
        reasons: [makeReason({
          policyId: scheme.policyId,
          ruleId: "scoring.statistics",
          citation: statsCitation,
          facts: { organizationId: orgIds[o]!, period: period.key, members: list.length, events, withoutEvents },
          zh: `${orgIds[o]} ${period.key}:${list.length}名党员,平均${fmt(mean)}分;优秀${grades.excellent}、合格${grades.qualified}、基本合格${grades.basicallyQualified}、不合格${grades.unqualified};无积分记录${withoutEvents.length}人`,
          en: `${orgIds[o]} ${period.key}: ${list.length} members, mean ${fmt(mean)}; excellent ${grades.excellent}, qualified ${grades.qualified}, basically qualified ${grades.basicallyQualified}, unqualified ${grades.unqualified}; ${withoutEvents.length} without events`
        })]
      }))
    }
  }
  return { scores, organizations }
}

/** The score of a member in an organization and period, if scored. */
export const scoreOf = (report: ScoreReport, memberId: string, organizationId: string, period: string): MemberScore | undefined =>
  report.scores.find((s) => s.memberId === memberId && s.organizationId === organizationId && s.period === period)
