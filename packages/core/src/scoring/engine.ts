/**
 * The columnar scoring engine: typed arrays in, typed arrays out. {@link aggregateLedger} wraps it for
 * ledgers of objects; the benchmark drives it directly with ten million events.
 *
 * Per period and *subject* (one member in one scoring organization) it computes, in this fixed order:
 *
 * 1. the sum of the events' points per item (in integer steps of the scheme's resolution, so exact);
 * 2. each item's sum clamped to `[0, item cap]` (merit) or `[−item cap, 0]` (deduction);
 * 3. each category's sum of clamped items, clamped to `[0, category cap]` or `[−category cap, 0]`;
 * 4. the total: base + the categories;
 * 5. the grade from the thresholds (total ≥ excellent → excellent, ≥ qualified → qualified,
 *    ≥ basically qualified → basically qualified, else unqualified);
 * 6. the rank within the organization, highest total first; equal totals share a rank and the next rank
 *    skips (standard competition ranking: 1, 2, 2, 4).
 *
 * Sums are integer additions, so the result does not depend on the order of events.
 *
 * @module
 */
import type { Period } from "./periods.js"
import { dayNumber, periodOf } from "./periods.js"
import type { ScoringScheme } from "./scheme.js"
import { schemeForDate, toUnits } from "./scheme.js"
import { AppraisalGrades } from "./vocabulary.js"
import type { AppraisalGrade } from "./vocabulary.js"

/** Point events as columns. Every array has at least `length` entries. */
export interface ScoreColumns {
  readonly length: number
  /** Subject index (a member in one organization), `0 ≤ subject < nSubjects`. */
  readonly subject: Int32Array
  /** Day number ({@link dayNumber}) of the event's date. */
  readonly day: Int32Array
  /** Index of the event's item in the plan's `itemIds`. */
  readonly item: Int32Array | Uint16Array | Uint8Array
  /** Signed points in whole steps of the resolution of the scheme scoring the event's period. */
  readonly units: Int32Array
}

/** A scheme version prepared for the engine: per global item, its category, cap and sign. */
export interface CompiledScheme {
  readonly scheme: ScoringScheme
  readonly nCategories: number
  /** Category index of each global item, −1 when the scheme lacks the item. */
  readonly itemCategory: Int32Array
  /** Item cap in steps (Infinity for none). */
  readonly itemCap: Float64Array
  /** Category cap in steps (Infinity for none). */
  readonly categoryCap: Float64Array
  /** +1 merit, −1 deduction, per category. */
  readonly categorySign: Int8Array
  readonly base: number
  /** Grade thresholds in steps: excellent, qualified, basically qualified. */
  readonly thresholds: readonly [number, number, number]
}

/** Prepares a scheme version for the engine over a global item list. */
export const compileScheme = (scheme: ScoringScheme, itemIds: ReadonlyArray<string>): CompiledScheme => {
  const r = scheme.resolution
  const catIndex = new Map(scheme.categories.map((c, i) => [c.id, i]))
  const itemCategory = new Int32Array(itemIds.length).fill(-1)
  const itemCap = new Float64Array(itemIds.length).fill(Infinity)
  const byId = new Map(scheme.items.map((it) => [it.id, it]))
  itemIds.forEach((id, g) => {
    const it = byId.get(id)
    if (it === undefined) return
    itemCategory[g] = catIndex.get(it.category)!
    if (it.capPerPeriod !== undefined) itemCap[g] = it.capPerPeriod * r
  })
  const categoryCap = new Float64Array(scheme.categories.map((c) => (c.capPerPeriod === undefined ? Infinity : c.capPerPeriod * r)))
  const categorySign = new Int8Array(scheme.categories.map((c) => (c.direction === "deduction" ? -1 : 1)))
  return {
    scheme,
    nCategories: scheme.categories.length,
    itemCategory,
    itemCap,
    categoryCap,
    categorySign,
    base: toUnits(scheme.base, r),
    thresholds: [scheme.grades.excellent * r, scheme.grades.qualified * r, scheme.grades.basicallyQualified * r]
  }
}

/** The periods to score, each with its scheme version, and a day → period table. */
export interface PeriodPlan {
  readonly itemIds: ReadonlyArray<string>
  readonly periods: ReadonlyArray<{ readonly period: Period; readonly scheme: CompiledScheme; readonly startDay: number; readonly endDay: number }>
  readonly firstDay: number
  /** Period index of day `firstDay + i`, −1 where no scheme is in force. */
  readonly dayToPeriod: Int32Array
  /** Largest number of categories of any period's scheme. */
  readonly maxCategories: number
}

/**
 * Plans the periods from `from` to `to` (inclusive): each period is of the kind of the scheme in force on its
 * first day, and is scored by that scheme. Days without a scheme in force belong to no period.
 */
export const planPeriods = (schemes: ReadonlyArray<ScoringScheme>, from: string, to: string): PeriodPlan => {
  const itemIds = [...new Set(schemes.flatMap((s) => s.items.map((i) => i.id)))]
  const compiled = new Map<ScoringScheme, CompiledScheme>()
  const periods: Array<PeriodPlan["periods"][number]> = []
  const firstDay = dayNumber(from)
  const lastDay = dayNumber(to)
  const dayToPeriod = new Int32Array(Math.max(0, lastDay - firstDay + 1)).fill(-1)
  let day = firstDay
  while (day <= lastDay) {
    const date = new Date(day * 86_400_000).toISOString().slice(0, 10)
    const scheme = schemeForDate(schemes, date)
    if (scheme === undefined) {
      day++
      continue
    }
    let c = compiled.get(scheme)
    if (c === undefined) compiled.set(scheme, (c = compileScheme(scheme, itemIds)))
    const p = periodOf(scheme.period, date)
    const startDay = dayNumber(p.start)
    const endDay = dayNumber(p.end)
    const idx = periods.length
    periods.push({ period: p, scheme: c, startDay, endDay })
    for (let d = Math.max(startDay, firstDay); d <= Math.min(endDay, lastDay); d++) dayToPeriod[d - firstDay] = idx
    day = endDay + 1
  }
  return { itemIds, periods, firstDay, dayToPeriod, maxCategories: Math.max(0, ...schemes.map((s) => s.categories.length)) }
}

/** Everything the engine computed, as flat arrays indexed `[period * nSubjects + subject]` (categories: `× maxCategories + c`). */
export interface EngineResult {
  readonly nSubjects: number
  readonly nPeriods: number
  readonly nItems: number
  readonly maxCategories: number
  /** Raw item sums, `[(period * nSubjects + subject) * nItems + item]`, in steps. */
  readonly itemRaw: Int32Array
  /** Events per subject and period. */
  readonly eventCount: Int32Array
  /** 1 when the subject is scored in the period (on the roster, or with events). */
  readonly scored: Uint8Array
  /** Category sums after caps, in steps. */
  readonly categoryTotal: Float64Array
  /** Category sums before category caps (after item caps), in steps. */
  readonly categoryRaw: Float64Array
  /** Totals in steps. */
  readonly total: Float64Array
  /** Grade index (0 excellent … 3 unqualified), 255 when not scored. */
  readonly grade: Uint8Array
  /** Rank within the organization (1 = best), 0 when not scored. */
  readonly rank: Int32Array
  /** Number of ranked subjects per organization and period, `[period * nOrganizations + org]`. */
  readonly rankedCount: Int32Array
  /** Events that fell outside every planned period (ignored). */
  readonly outside: number
}

/** Engine inputs besides the events. */
export interface EngineInput {
  readonly plan: PeriodPlan
  readonly nSubjects: number
  /** Organization index of each subject. */
  readonly subjectOrganization: Int32Array
  readonly nOrganizations: number
  /** Optional roster: `present[period * nSubjects + subject] = 1` when the subject attends in that period. */
  readonly present?: Uint8Array
}

/** Grade index of a total (in steps) under thresholds (in steps). */
export const gradeIndex = (total: number, t: readonly [number, number, number]): number =>
  total >= t[0] ? 0 : total >= t[1] ? 1 : total >= t[2] ? 2 : 3

/** The grade of a grade index. */
export const gradeOfIndex = (i: number): AppraisalGrade => AppraisalGrades.values[i]!

/** Runs the engine. Pure: allocates its outputs, never touches its inputs. */
export const runEngine = (cols: ScoreColumns, input: EngineInput): EngineResult => {
  const { plan, nSubjects: S, subjectOrganization, nOrganizations } = input
  const P = plan.periods.length
  const G = plan.itemIds.length
  const C = plan.maxCategories
  const itemRaw = new Int32Array(P * S * G)
  const eventCount = new Int32Array(P * S)
  const { dayToPeriod, firstDay } = plan
  const span = dayToPeriod.length
  const subject = cols.subject
  const day = cols.day
  const item = cols.item
  const units = cols.units
  let outside = 0
  // 1. one pass over the events
  for (let i = 0; i < cols.length; i++) {
    const d = day[i]! - firstDay
    const p = d >= 0 && d < span ? dayToPeriod[d]! : -1
    if (p < 0) {
      outside++
      continue
    }
    const ps = p * S + subject[i]!
    const slot = ps * G + item[i]!
    itemRaw[slot] = itemRaw[slot]! + units[i]!
    eventCount[ps]!++
  }
  // 2-5. caps, totals and grades
  const scored = new Uint8Array(P * S)
  const categoryTotal = new Float64Array(P * S * C)
  const categoryRaw = new Float64Array(P * S * C)
  const total = new Float64Array(P * S)
  const grade = new Uint8Array(P * S).fill(255)
  const present = input.present
  const catSum = new Float64Array(C)
  for (let p = 0; p < P; p++) {
    const cs = plan.periods[p]!.scheme
    const { itemCategory, itemCap, categoryCap, categorySign, base, thresholds } = cs
    const nc = cs.nCategories
    for (let s = 0; s < S; s++) {
      const ps = p * S + s
      if (eventCount[ps] === 0 && (present === undefined || present[ps] === 0)) continue
      scored[ps] = 1
      catSum.fill(0, 0, nc)
      const row = ps * G
      for (let g = 0; g < G; g++) {
        const raw = itemRaw[row + g]!
        if (raw === 0) continue
        const c = itemCategory[g]!
        if (c < 0) continue
        const cap = itemCap[g]!
        const v = categorySign[c]! > 0 ? (raw < 0 ? 0 : raw > cap ? cap : raw) : (raw > 0 ? 0 : raw < -cap ? -cap : raw)
        catSum[c]! += v
      }
      let t = base
      const crow = ps * C
      for (let c = 0; c < nc; c++) {
        const raw = catSum[c]!
        const cap = categoryCap[c]!
        const v = categorySign[c]! > 0 ? (raw < 0 ? 0 : raw > cap ? cap : raw) : (raw > 0 ? 0 : raw < -cap ? -cap : raw)
        categoryRaw[crow + c] = raw
        categoryTotal[crow + c] = v
        t += v
      }
      total[ps] = t
      grade[ps] = gradeIndex(t, thresholds)
    }
  }
  // 6. ranking within each organization
  const rank = new Int32Array(P * S)
  const rankedCount = new Int32Array(P * nOrganizations)
  for (let p = 0; p < P; p++) rankPeriod(p, S, scored, total, subjectOrganization, nOrganizations, rank, rankedCount)
  return { nSubjects: S, nPeriods: P, nItems: G, maxCategories: C, itemRaw, eventCount, scored, categoryTotal, categoryRaw, total, grade, rank, rankedCount, outside }
}

const rankPeriod = (
  p: number, S: number, scored: Uint8Array, total: Float64Array, org: Int32Array, nOrg: number,
  rank: Int32Array, rankedCount: Int32Array
) => {
  let n = 0
  let minT = Infinity
  let maxT = -Infinity
  for (let s = 0; s < S; s++) {
    if (scored[p * S + s] === 0) continue
    n++
    const t = total[p * S + s]!
    if (t < minT) minT = t
    if (t > maxT) maxT = t
  }
  if (n === 0) return
  const range = maxT - minT + 1
  let order: ArrayLike<number>
  // Sort by (organization, total descending, subject) with one numeric key when it fits in 2^53, else a comparator.
  if (Number.isInteger(minT) && Number.isInteger(maxT) && nOrg * range * S < 2 ** 52) {
    const keys = new Float64Array(n)
    let k = 0
    for (let s = 0; s < S; s++) {
      if (scored[p * S + s] === 0) continue
      keys[k++] = (org[s]! * range + (maxT - total[p * S + s]!)) * S + s
    }
    keys.sort()
    const subjects = new Int32Array(n)
    for (let i = 0; i < n; i++) subjects[i] = keys[i]! % S
    order = subjects
  } else {
    const subjects: Array<number> = []
    for (let s = 0; s < S; s++) if (scored[p * S + s] === 1) subjects.push(s)
    subjects.sort((a, b) => org[a]! - org[b]! || total[p * S + b]! - total[p * S + a]! || a - b)
    order = subjects
  }
  let prevOrg = -1
  let prevTotal = NaN
  let pos = 0
  let r = 0
  for (let i = 0; i < n; i++) {
    const s = order[i]!
    const o = org[s]!
    const t = total[p * S + s]!
    if (o !== prevOrg) {
      prevOrg = o
      pos = 0
      prevTotal = NaN
    }
    pos++
    if (t !== prevTotal) r = pos
    prevTotal = t
    rank[p * S + s] = r
    rankedCount[p * nOrg + o]!++
  }
}
