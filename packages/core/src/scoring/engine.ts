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
  /** Clamp bounds of each item's sum in steps: `[0, cap]` for merit, `[−cap, 0]` for deduction, `[0, 0]` when absent. */
  readonly itemLow: Int32Array
  readonly itemHigh: Int32Array
  /** Category index of each global item, `nCategories` (a discarded slot) when the scheme lacks it. */
  readonly itemSlot: Int32Array
  /** Category cap in steps (Infinity for none). */
  readonly categoryCap: Float64Array
  /** +1 merit, −1 deduction, per category. */
  readonly categorySign: Int8Array
  /** The scheme's global items grouped by category: category `c`'s are `categoryItems[categoryStart[c] … categoryStart[c + 1]]`. */
  readonly categoryStart: Int32Array
  readonly categoryItems: Int32Array
  /** Clamp bounds of each category's sum in steps: `[0, cap]` for merit, `[−cap, 0]` for deduction (cap may be Infinity). */
  readonly categoryLow: Float64Array
  readonly categoryHigh: Float64Array
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
  // Bounds in int32 (an absent cap is the int32 limit, which an int32 sum cannot pass).
  const itemLow = new Int32Array(itemIds.length)
  const itemHigh = new Int32Array(itemIds.length)
  const itemSlot = new Int32Array(itemIds.length).fill(scheme.categories.length)
  itemIds.forEach((_, g) => {
    const c = itemCategory[g]!
    if (c < 0) return
    itemSlot[g] = c
    const cap = Math.min(itemCap[g]!, 2 ** 31 - 1)
    if (categorySign[c]! > 0) itemHigh[g] = cap
    else itemLow[g] = -cap
  })
  const nc = scheme.categories.length
  const categoryStart = new Int32Array(nc + 1)
  for (let g = 0; g < itemIds.length; g++) if (itemCategory[g]! >= 0) categoryStart[itemCategory[g]! + 1] = categoryStart[itemCategory[g]! + 1]! + 1
  for (let c = 0; c < nc; c++) categoryStart[c + 1] = categoryStart[c + 1]! + categoryStart[c]!
  const categoryItems = new Int32Array(categoryStart[nc]!)
  const fill = categoryStart.slice(0, nc)
  for (let g = 0; g < itemIds.length; g++) {
    const c = itemCategory[g]!
    if (c >= 0) categoryItems[fill[c]!++] = g
  }
  const categoryLow = new Float64Array(nc)
  const categoryHigh = new Float64Array(nc)
  for (let c = 0; c < nc; c++) {
    if (categorySign[c]! > 0) categoryHigh[c] = categoryCap[c]!
    else categoryLow[c] = -categoryCap[c]!
  }
  return {
    scheme,
    nCategories: nc,
    categoryStart,
    categoryItems,
    categoryLow,
    categoryHigh,
    itemCategory,
    itemCap,
    itemLow,
    itemHigh,
    itemSlot,
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
  /**
   * Raw item sums, `[(period * nSubjects + subject) * nItems + item]`, in steps: 16-bit when the partitioned path
   * found every sum in the 16-bit range, 32-bit otherwise (same values either way).
   */
  readonly itemRaw: Int32Array | Int16Array
  /** Events per subject and period. */
  readonly eventCount: Int32Array
  /** 1 when the subject is scored in the period (on the roster, or with events). */
  readonly scored: Uint8Array
  /** Totals in steps. */
  readonly total: Int32Array
  /** Grade index (0 excellent … 3 unqualified), 255 when not scored. */
  readonly grade: Uint8Array
  /** Rank within the organization (1 = best), 0 when not scored. */
  readonly rank: Int32Array
  /** Number of ranked subjects per organization and period, `[period * nOrganizations + org]`. */
  readonly rankedCount: Int32Array
  /** Events that fell outside every planned period (ignored). */
  readonly outside: number
}

/**
 * The phases {@link runEngine} reports: the per-item sums (`events` on the direct path; `partition` and `sums` on
 * the partitioned one), then `caps` (caps, totals and grades) and `ranking`.
 */
export type EnginePhase = "events" | "partition" | "sums" | "caps" | "ranking"

/** Engine inputs besides the events. */
export interface EngineInput {
  readonly plan: PeriodPlan
  readonly nSubjects: number
  /** Organization index of each subject. */
  readonly subjectOrganization: Int32Array
  readonly nOrganizations: number
  /** Optional roster: `present[period * nSubjects + subject] = 1` when the subject attends in that period. */
  readonly present?: Uint8Array
  /**
   * Subjects per block of the partitioned path, as a power of two (`2 ** blockBits`); by default chosen so a
   * block's per-item sums fit well inside a core's L2 cache. The partitioned path is taken when there are more
   * than two blocks of subjects. Results never depend on it (tests set it small to exercise the partitioned path).
   */
  readonly blockBits?: number
  /** Called after each phase with its name and duration in milliseconds (for benchmarks). */
  readonly onPhase?: (phase: EnginePhase, ms: number) => void
  /**
   * The clock {@link EngineInput.onPhase}'s durations are read from, in milliseconds: `performance.now` by default;
   * a benchmark on a shared machine may pass process CPU time instead.
   */
  readonly clock?: () => number
}

/** The capped category sums (in steps) of one subject in one period, recomputed from the raw item sums. */
export const categoryTotalsOf = (r: EngineResult, plan: PeriodPlan, p: number, s: number): Float64Array => {
  const cs = plan.periods[p]!.scheme
  const sums = new Float64Array(cs.nCategories + 1)
  const row = (p * r.nSubjects + s) * r.nItems
  for (let g = 0; g < r.nItems; g++) {
    const c = cs.itemSlot[g]!
    sums[c] = sums[c]! + Math.min(Math.max(r.itemRaw[row + g]!, cs.itemLow[g]!), cs.itemHigh[g]!)
  }
  const out = new Float64Array(cs.nCategories)
  for (let c = 0; c < cs.nCategories; c++) {
    const cap = cs.categoryCap[c]!
    out[c] = cs.categorySign[c]! > 0 ? Math.min(Math.max(sums[c]!, 0), cap) : Math.max(Math.min(sums[c]!, 0), -cap)
  }
  return out
}

/** Grade index of a total (in steps) under thresholds (in steps). */
export const gradeIndex = (total: number, t: readonly [number, number, number]): number =>
  total >= t[0] ? 0 : total >= t[1] ? 1 : total >= t[2] ? 2 : 3

/** The grade of a grade index. */
export const gradeOfIndex = (i: number): AppraisalGrade => AppraisalGrades.values[i]!

/** Default {@link EngineInput.blockBits}: the largest power of two of subjects whose `G` item sums (int32) take at most 512 KiB. */
const defaultBlockBits = (G: number): number => {
  let bits = 6
  while (bits < 16 && (2 << bits) * Math.max(1, G) * 4 <= 512 * 1024) bits++
  return bits
}

/** Runs the engine. Pure: allocates its outputs, never touches its inputs. */
export const runEngine = (cols: ScoreColumns, input: EngineInput): EngineResult => {
  const { plan, nSubjects: S, subjectOrganization, nOrganizations } = input
  const P = plan.periods.length
  const G = plan.itemIds.length
  const C = plan.maxCategories
  const clock = input.onPhase === undefined ? undefined : (input.clock ?? (() => performance.now()))
  let started = clock?.() ?? 0
  const phase = (name: EnginePhase) => {
    if (clock === undefined) return
    const now = clock()
    input.onPhase!(name, now - started)
    started = now
  }
  const now = clock ?? (() => 0)
  const phases = (done: { readonly partitionMs: number; readonly sumMs: number }) => {
    if (clock === undefined) return
    input.onPhase!("partition", done.partitionMs)
    input.onPhase!("sums", done.sumMs)
    started = clock()
  }
  const blockBits = Math.max(0, Math.min(20, Math.floor(input.blockBits ?? defaultBlockBits(G))))
  let eventCount = new Int32Array(P * S)
  let itemRaw: Int32Array | Int16Array
  let outside: number
  if (S > 2 << blockBits) {
    // Accumulators larger than a core's cache: events partitioned by (period, block of subjects), each block then
    // summed while its sums stay in cache (see partitionChunk). The sums are kept in 16 bits while they fit (half
    // the memory to fill and to read back); the first sum that would not fit starts step 1 again in 32 bits.
    const narrow = accumulatePartitioned(cols, plan, S, G, blockBits, new Int16Array(P * S * G), eventCount, now)
    const done = narrow ?? accumulatePartitioned(cols, plan, S, G, blockBits, new Int32Array(P * S * G), (eventCount = new Int32Array(P * S)), now)!
    itemRaw = done.itemRaw
    outside = done.outside
    phases(done)
  } else {
    // 1. per-item sums, straight into the accumulators
    const raw = new Int32Array(P * S * G)
    outside = accumulate(cols, plan.dayToPeriod, plan.firstDay, S, G, raw, eventCount)
    itemRaw = raw
    phase("events")
  }
  // 2-5. caps, totals and grades
  const scored = new Uint8Array(P * S)
  const total = new Int32Array(P * S)
  const grade = new Uint8Array(P * S).fill(255)
  const out: CapOutputs = { present: input.present, scored, total, grade }
  const ranges = new Array<ScoredRange | undefined>(P)
  for (let p = 0; p < P; p++) {
    const cs = plan.periods[p]!.scheme
    if (itemRaw instanceof Int16Array && narrowCapsApply(cs, G)) ranges[p] = applyCapsNarrow(p * S, (p + 1) * S, G, cs, itemRaw, eventCount, out)
    else applyCaps(p * S, (p + 1) * S, G, cs, itemRaw, eventCount, out)
  }
  phase("caps")
  // 6. ranking within each organization
  const rank = new Int32Array(P * S)
  const rankedCount = new Int32Array(P * nOrganizations)
  let byOrg: ReturnType<typeof groupByOrganization> | undefined
  const scratch = { byTotal: new Int32Array(S), byOrg: new Int32Array(S), orgAt: new Int32Array(nOrganizations + 1) }
  for (let p = 0; p < P; p++) {
    if (!rankPeriodCounting(p, S, scored, total, subjectOrganization, nOrganizations, rank, rankedCount, scratch, ranges[p] ?? scoredRange(p, S, scored, total))) {
      byOrg ??= groupByOrganization(S, subjectOrganization, nOrganizations)
      rankPeriod(p, S, scored, total, nOrganizations, byOrg, rank, rankedCount)
    }
  }
  phase("ranking")
  return { nSubjects: S, nPeriods: P, nItems: G, maxCategories: C, itemRaw, eventCount, scored, total, grade, rank, rankedCount, outside }
}

/** Where {@link applyCaps} writes, with its inputs besides the sums. */
/** The lowest and highest total of a period's scored subjects, and how many there are (−/+2^31 and 0 when none). */
interface ScoredRange {
  readonly lowest: number
  readonly highest: number
  readonly count: number
}

/** {@link ScoredRange} of period `p`, read from the totals. */
const scoredRange = (p: number, S: number, scored: Uint8Array, total: Int32Array): ScoredRange => {
  let lowest = 2 ** 31
  let highest = -(2 ** 31)
  let count = 0
  for (let ps = p * S; ps < (p + 1) * S; ps++) {
    if (scored[ps] === 0) continue
    const t = total[ps]!
    if (t < lowest) lowest = t
    if (t > highest) highest = t
    count++
  }
  return { lowest, highest, count }
}

interface CapOutputs {
  readonly present: Uint8Array | undefined
  readonly scored: Uint8Array
  readonly total: Int32Array
  readonly grade: Uint8Array
}

/**
 * Steps 2-5 for the period-subjects `ps0 ≤ ps < ps1` (all of one period): item caps, category caps, total, grade.
 * Items are visited grouped by category, so each category's sum stays in a local; sums of integers below 2^53 are
 * exact, so the grouping does not change any total.
 */
const applyCaps = (
  ps0: number, ps1: number, G: number, cs: CompiledScheme, itemRaw: Int32Array | Int16Array, eventCount: Int32Array, out: CapOutputs
) => {
  const { itemLow, itemHigh, categoryStart, categoryItems, categoryLow, categoryHigh, base } = cs
  const { present, scored, total, grade } = out
  const t0 = cs.thresholds[0]
  const t1 = cs.thresholds[1]
  const t2 = cs.thresholds[2]
  const nc = cs.nCategories
  for (let ps = ps0; ps < ps1; ps++) {
    if (eventCount[ps] === 0 && (present === undefined || present[ps] === 0)) continue
    scored[ps] = 1
    const row = ps * G
    let t = base
    for (let c = 0; c < nc; c++) {
      let sum = 0
      const end = categoryStart[c + 1]!
      for (let j = categoryStart[c]!; j < end; j++) {
        const g = categoryItems[j]!
        const raw = itemRaw[row + g]!
        const lo = itemLow[g]!
        const hi = itemHigh[g]!
        sum += raw < lo ? lo : raw > hi ? hi : raw
      }
      const lo = categoryLow[c]!
      const hi = categoryHigh[c]!
      t += sum < lo ? lo : sum > hi ? hi : sum
    }
    total[ps] = t
    grade[ps] = t >= t0 ? 0 : t >= t1 ? 1 : t >= t2 ? 2 : 3
  }
}

/** Rows (period-subjects) per block of {@link applyCapsNarrow}: its scratch columns and the block's sums stay in L1/L2. */
const CAP_ROWS = 1024

/**
 * Whether {@link applyCapsNarrow} computes exactly what {@link applyCaps} does for a scheme: with 16-bit sums every
 * clamped item lies in [−32768, 32767], so category sums and totals stay well inside int32 when the base does.
 */
const narrowCapsApply = (cs: CompiledScheme, G: number): boolean =>
  G <= 1024 && Number.isInteger(cs.base) && Math.abs(cs.base) + G * 32768 < 2 ** 31

/** Clamp bounds of a 16-bit item sum: `[lo, hi]` narrowed to the 16-bit range (a wider bound never binds). */
const narrowBound = (x: number): number => Math.max(-32768, Math.min(32767, x))

/**
 * {@link applyCaps} for 16-bit sums, block by block of {@link CAP_ROWS} rows and column by column: for each item
 * of a category (the scheme's items, in its category order, once per block) one tight loop clamps that item's
 * sums into the category's column; items whose clamp cannot bind in 16 bits (no cap on that side) skip that
 * side. Then each category column is clamped into the totals, and the totals graded. Same integers as
 * {@link applyCaps}: every step is an exact int32 operation under {@link narrowCapsApply}.
 */
const applyCapsNarrow = (
  ps0: number, ps1: number, G: number, cs: CompiledScheme, itemRaw: Int16Array, eventCount: Int32Array, out: CapOutputs
): ScoredRange => {
  const { itemLow, itemHigh, categoryStart, categoryItems, categoryLow, categoryHigh, base } = cs
  const { present, scored, total, grade } = out
  const t0 = cs.thresholds[0]
  const t1 = cs.thresholds[1]
  const t2 = cs.thresholds[2]
  const nc = cs.nCategories
  const tot = new Int32Array(CAP_ROWS)
  const cat = new Int32Array(CAP_ROWS)
  // |t| < 2^31 − |threshold| keeps t − threshold in int32 (the sign bit then says t < threshold)
  const bound = Math.abs(base) + G * 32768
  const integerGrades = [t0, t1, t2].every((x) => Number.isInteger(x) && bound + Math.abs(x) < 2 ** 31)
  let lowest = 2 ** 31
  let highest = -(2 ** 31)
  let count = 0
  // category bounds as int32: a category sum lies in (−2^31, 2^31) here, so a wider bound never binds
  const catLo = Array.from({ length: nc }, (_, c) => Math.max(-(2 ** 31 - 1), categoryLow[c]!))
  const catHi = Array.from({ length: nc }, (_, c) => Math.min(2 ** 31 - 1, categoryHigh[c]!))
  for (let b0 = ps0; b0 < ps1; b0 += CAP_ROWS) {
    const n = Math.min(CAP_ROWS, ps1 - b0)
    tot.fill(base, 0, n)
    for (let c = 0; c < nc; c++) {
      const from = categoryStart[c]!
      const to = categoryStart[c + 1]!
      const at = b0 * G
      const cl = catLo[c]!
      const ch = catHi[c]!
      // a category of up to four items in one pass over the rows: its items' sums clamped and added in registers
      // (each item index read within the category: `categoryItems[to]` may be past the end)
      const size = to - from
      const a = size > 0 ? categoryItems[from]! : 0
      const b = size > 1 ? categoryItems[from + 1]! : a
      const d = size > 2 ? categoryItems[from + 2]! : a
      const e = size > 3 ? categoryItems[from + 3]! : a
      switch (size) {
        case 0: // an empty category adds clamp(0) = 0
          break
        case 1:
          category1(itemRaw, G, at + a, n, itemLow[a]!, itemHigh[a]!, cl, ch, tot)
          break
        case 2:
          category2(itemRaw, G, at, n, a, b, itemLow[a]!, itemHigh[a]!, itemLow[b]!, itemHigh[b]!, cl, ch, tot)
          break
        case 3:
          category3(itemRaw, G, at, n, a, b, d, itemLow[a]!, itemHigh[a]!, itemLow[b]!, itemHigh[b]!, itemLow[d]!, itemHigh[d]!, cl, ch, tot)
          break
        case 4:
          category4(
            itemRaw, G, at, n, a, b, d, e, itemLow[a]!, itemHigh[a]!, itemLow[b]!, itemHigh[b]!, itemLow[d]!, itemHigh[d]!,
            itemLow[e]!, itemHigh[e]!, cl, ch, tot
          )
          break
        default:
          for (let j = from; j < to; j++) {
            const g = categoryItems[j]!
            clampColumn(itemRaw, G, at + g, n, narrowBound(itemLow[g]!), narrowBound(itemHigh[g]!), cat, j === from)
          }
          clampInto(cat, n, cl, ch, tot)
      }
    }
    // scored rows: total, grade (branch-free when the thresholds are integers: each one above t adds 1), period range
    for (let i = 0; i < n; i++) {
      const ps = b0 + i
      if (eventCount[ps] === 0 && (present === undefined || present[ps] === 0)) continue
      const t = tot[i]!
      scored[ps] = 1
      total[ps] = t
      grade[ps] = integerGrades
        ? ((t - t0) >>> 31) + ((t - t1) >>> 31) + ((t - t2) >>> 31)
        : t >= t0 ? 0 : t >= t1 ? 1 : t >= t2 ? 2 : 3
      if (t < lowest) lowest = t
      if (t > highest) highest = t
      count++
    }
  }
  return { lowest, highest, count }
}

/** `tot[i] += clamp(clamp(raw[at + i·G], la, ha), cl, ch)` for `i < n`: a category of one item. */
const category1 = (raw: Int16Array, G: number, at: number, n: number, la: number, ha: number, cl: number, ch: number, tot: Int32Array) => {
  for (let i = 0, k = at; i < n; i++, k += G) {
    let x = raw[k]!
    x = x < la ? la : x > ha ? ha : x
    tot[i] = tot[i]! + (x < cl ? cl : x > ch ? ch : x)
  }
}

/** {@link category1} for a category of two items (`a`, `b` within the row). */
const category2 = (
  raw: Int16Array, G: number, at: number, n: number, a: number, b: number, la: number, ha: number, lb: number, hb: number,
  cl: number, ch: number, tot: Int32Array
) => {
  for (let i = 0, k = at; i < n; i++, k += G) {
    let x = raw[k + a]!
    x = x < la ? la : x > ha ? ha : x
    let y = raw[k + b]!
    y = y < lb ? lb : y > hb ? hb : y
    const sum = x + y
    tot[i] = tot[i]! + (sum < cl ? cl : sum > ch ? ch : sum)
  }
}

/** {@link category1} for a category of three items. */
const category3 = (
  raw: Int16Array, G: number, at: number, n: number, a: number, b: number, c: number, la: number, ha: number, lb: number, hb: number,
  lc: number, hc: number, cl: number, ch: number, tot: Int32Array
) => {
  for (let i = 0, k = at; i < n; i++, k += G) {
    let x = raw[k + a]!
    x = x < la ? la : x > ha ? ha : x
    let y = raw[k + b]!
    y = y < lb ? lb : y > hb ? hb : y
    let z = raw[k + c]!
    z = z < lc ? lc : z > hc ? hc : z
    const sum = x + y + z
    tot[i] = tot[i]! + (sum < cl ? cl : sum > ch ? ch : sum)
  }
}

/** {@link category1} for a category of four items. */
const category4 = (
  raw: Int16Array, G: number, at: number, n: number, a: number, b: number, c: number, d: number, la: number, ha: number,
  lb: number, hb: number, lc: number, hc: number, ld: number, hd: number, cl: number, ch: number, tot: Int32Array
) => {
  for (let i = 0, k = at; i < n; i++, k += G) {
    let x = raw[k + a]!
    x = x < la ? la : x > ha ? ha : x
    let y = raw[k + b]!
    y = y < lb ? lb : y > hb ? hb : y
    let z = raw[k + c]!
    z = z < lc ? lc : z > hc ? hc : z
    let w = raw[k + d]!
    w = w < ld ? ld : w > hd ? hd : w
    const sum = x + y + z + w
    tot[i] = tot[i]! + (sum < cl ? cl : sum > ch ? ch : sum)
  }
}

/**
 * `col[i] (=|+=) clamp(raw[at + i·G], lo, hi)` for `i < n` (`lo ≤ 0 ≤ hi`), one loop per shape of the clamp so the
 * loop body has no test that cannot bind: both sides (a capped item), the lower only (`[0, ∞)`: merit without a cap),
 * the upper only (`(−∞, 0]`: deduction without a cap), neither.
 */
const clampColumn = (raw: Int16Array, G: number, at: number, n: number, lo: number, hi: number, col: Int32Array, first: boolean) => {
  const lower = lo > -32768
  const upper = hi < 32767
  if (first) {
    if (lower && upper) for (let i = 0, k = at; i < n; i++, k += G) { const v = raw[k]!; col[i] = v < lo ? lo : v > hi ? hi : v }
    else if (upper) for (let i = 0, k = at; i < n; i++, k += G) { const v = raw[k]!; col[i] = v > hi ? hi : v }
    else if (lower) for (let i = 0, k = at; i < n; i++, k += G) { const v = raw[k]!; col[i] = v < lo ? lo : v }
    else for (let i = 0, k = at; i < n; i++, k += G) col[i] = raw[k]!
  } else {
    if (lower && upper) for (let i = 0, k = at; i < n; i++, k += G) { const v = raw[k]!; col[i] = col[i]! + (v < lo ? lo : v > hi ? hi : v) }
    else if (upper) for (let i = 0, k = at; i < n; i++, k += G) { const v = raw[k]!; col[i] = col[i]! + (v > hi ? hi : v) }
    else if (lower) for (let i = 0, k = at; i < n; i++, k += G) { const v = raw[k]!; col[i] = col[i]! + (v < lo ? lo : v) }
    else for (let i = 0, k = at; i < n; i++, k += G) col[i] = col[i]! + raw[k]!
  }
}

/** `tot[i] += clamp(col[i], lo, hi)` for `i < n`. */
const clampInto = (col: Int32Array, n: number, lo: number, hi: number, tot: Int32Array) => {
  for (let i = 0; i < n; i++) {
    const v = col[i]!
    tot[i] = tot[i]! + (v < lo ? lo : v > hi ? hi : v)
  }
}

/** Entries per page of {@link partitionChunk}'s pool (a bucket grows by whole pages). */
const PAGE_BITS = 12
const PAGE = 1 << PAGE_BITS

/** Events per chunk of {@link accumulatePartitioned}: its pool (4 bytes an event) is reused chunk after chunk. */
const CHUNK = 1 << 21

/** Events per run of {@link partitionChunk}: a run within one period skips the day → period lookups. */
const RUN = 1 << 16

/**
 * One chunk of events partitioned by bucket `q = period × B + block` (block = subject >> blockBits), each bucket a
 * chain of pages in one pool. An entry is one integer: points, subject within the block and item when the points
 * fit in the bits left (`vals` absent), otherwise subject within block and item, with the points at the same index
 * of `vals`.
 */
interface Partition {
  readonly B: number
  readonly itemBits: number
  readonly pool: Int32Array
  vals: Int32Array | undefined
  /** First page of each bucket (−1 when empty), the page after each page (−1 at the end), each bucket's end. */
  readonly head: Int32Array
  readonly next: Int32Array
  readonly end: Int32Array
  /** Each bucket's last page and the end of its last page (work state). */
  readonly last: Int32Array
  readonly stop: Int32Array
}

/**
 * Step 1 for large inputs. Summing straight into `P × S × G` accumulators touches memory at random and is bound
 * by cache and TLB misses. Instead, chunk by chunk, one pass appends every event to its bucket (period, block of
 * subjects) — sequential writes to a few streams — in pages of a pool, so no counting pass is needed first; each
 * bucket is then summed into its block of accumulators (a contiguous slice of `itemRaw`, small enough to stay in
 * cache). Same sums as {@link accumulate} (integer additions, in any order). Returns `undefined` when a sum does
 * not fit `itemRaw` (16 bits), so the caller can start again with 32 bits.
 */
const accumulatePartitioned = <A extends Int16Array | Int32Array>(
  cols: ScoreColumns, plan: PeriodPlan, S: number, G: number, blockBits: number, itemRaw: A, eventCount: Int32Array,
  now: () => number
): { readonly itemRaw: A; readonly outside: number; readonly partitionMs: number; readonly sumMs: number } | undefined => {
  const P = plan.periods.length
  const B = ((S - 1) >> blockBits) + 1
  const nq = P * B
  let itemBits = 0
  while (1 << itemBits < G) itemBits++
  const n = cols.length
  const size = Math.min(n, CHUNK)
  // Every bucket's pages are full but its last: at most ⌈size / PAGE⌉ + nq pages.
  const nPages = Math.ceil(size / PAGE) + nq
  const part: Partition = {
    B, itemBits, pool: new Int32Array(nPages * PAGE), vals: undefined,
    head: new Int32Array(nq), next: new Int32Array(nPages), end: new Int32Array(nq), last: new Int32Array(nq), stop: new Int32Array(nq)
  }
  const narrow = itemRaw instanceof Int16Array
  let outside = 0
  let partitionMs = 0
  let sumMs = 0
  for (let c0 = 0; c0 < n; c0 += CHUNK) {
    const t0 = now()
    outside += partitionChunk(cols, c0, Math.min(n, c0 + CHUNK), plan.dayToPeriod, plan.firstDay, blockBits, part)
    const t1 = now()
    const fits = narrow
      ? sumBuckets16(part, P, S, G, blockBits, itemRaw as Int16Array, eventCount)
      : sumBuckets32(part, P, S, G, blockBits, itemRaw as Int32Array, eventCount)
    sumMs += now() - t1
    partitionMs += t1 - t0
    if (!fits) return undefined
  }
  return { itemRaw, outside, partitionMs, sumMs }
}

/** Partitions the events `c0 ≤ i < c1` into `part` (see {@link Partition}); returns how many fell outside every period. */
const partitionChunk = (
  cols: ScoreColumns, c0: number, c1: number, dayToPeriod: Int32Array, firstDay: number, blockBits: number, part: Partition
): number => {
  const span = dayToPeriod.length
  const subject = cols.subject
  const day = cols.day
  const item = cols.item
  const units = cols.units
  const { B, itemBits, pool, head, next, end: at, last, stop } = part
  const blockMask = (1 << blockBits) - 1
  const localBits = blockBits + itemBits
  const valueBits = 32 - localBits
  const valueLimit = 2 ** (valueBits - 1)
  const reset = () => {
    head.fill(-1)
    at.fill(0)
    stop.fill(0)
  }
  // The bucket's next slot, opening a new page (chained after its last) when the current one is full.
  let used = 0
  const openPage = (q: number): number => {
    const page = used++
    if (head[q]! < 0) head[q] = page
    else next[last[q]!] = page
    next[page] = -1
    last[q] = page
    const k = page << PAGE_BITS
    stop[q] = k + PAGE
    return k
  }
  let outside = 0
  // Packed entries while the points fit (one unsigned test: v + limit in [0, 2^valueBits)); at the first that
  // does not, the chunk is partitioned again with the points in `vals`.
  if (valueBits >= 8) {
    reset()
    let fits = true
    // Run by run of RUN events: when the earliest and the latest day of a run fall in one period, every day between
    // does too (a period is an interval of days), and the run is partitioned without looking its days up (events
    // recorded in date order make most runs so).
    for (let r0 = c0; r0 < c1 && fits; r0 += RUN) {
      const r1 = Math.min(c1, r0 + RUN)
      let lo = day[r0]!
      let hi = lo
      for (let i = r0 + 1; i < r1; i++) {
        const d = day[i]!
        if (d < lo) lo = d
        if (d > hi) hi = d
      }
      const pLo = lo - firstDay >= 0 && lo - firstDay < span ? dayToPeriod[lo - firstDay]! : -1
      const pHi = hi - firstDay >= 0 && hi - firstDay < span ? dayToPeriod[hi - firstDay]! : -1
      if (pLo >= 0 && pLo === pHi) {
        const first = pLo * B
        for (let i = r0; i < r1; i++) {
          const v = units[i]!
          if ((v + valueLimit) >>> valueBits !== 0) {
            fits = false
            break
          }
          const s = subject[i]!
          const q = first + (s >> blockBits)
          let k = at[q]!
          if (k === stop[q]) k = openPage(q)
          at[q] = k + 1
          pool[k] = (v << localBits) | ((s & blockMask) << itemBits) | item[i]!
        }
        continue
      }
      for (let i = r0; i < r1; i++) {
        const d = day[i]! - firstDay
        const p = d >= 0 && d < span ? dayToPeriod[d]! : -1
        if (p < 0) {
          outside++
          continue
        }
        const v = units[i]!
        if ((v + valueLimit) >>> valueBits !== 0) {
          fits = false
          break
        }
        const s = subject[i]!
        const q = p * B + (s >> blockBits)
        let k = at[q]!
        if (k === stop[q]) k = openPage(q)
        at[q] = k + 1
        pool[k] = (v << localBits) | ((s & blockMask) << itemBits) | item[i]!
      }
    }
    if (fits) {
      part.vals = undefined
      return outside
    }
  }
  used = 0
  outside = 0
  reset()
  const vals = (part.vals ??= new Int32Array(pool.length))
  for (let i = c0; i < c1; i++) {
    const d = day[i]! - firstDay
    const p = d >= 0 && d < span ? dayToPeriod[d]! : -1
    if (p < 0) {
      outside++
      continue
    }
    const s = subject[i]!
    const q = p * B + (s >> blockBits)
    let k = at[q]!
    if (k === stop[q]) k = openPage(q)
    at[q] = k + 1
    pool[k] = ((s & blockMask) << itemBits) | item[i]!
    vals[k] = units[i]!
  }
  return outside
}

/**
 * Sums every bucket of a partitioned chunk into 16-bit accumulators; false as soon as a sum leaves the 16-bit
 * range (the caller then starts again with 32 bits, so no wrapped sum is ever returned).
 */
const sumBuckets16 = (part: Partition, P: number, S: number, G: number, blockBits: number, itemRaw: Int16Array, eventCount: Int32Array): boolean => {
  const { B, itemBits, pool, vals, head, next, end } = part
  const itemMask = (1 << itemBits) - 1
  const localBits = blockBits + itemBits
  const localMask = (1 << localBits) - 1
  let out = 0
  for (let q = 0; q < P * B; q++) {
    const p = (q / B) | 0
    const ps0 = p * S + ((q - p * B) << blockBits)
    for (let page = head[q]!; page >= 0; page = next[page]!) {
      const from = page << PAGE_BITS
      const to = next[page]! < 0 ? end[q]! : from + PAGE
      if (vals === undefined) {
        for (let k = from; k < to; k++) {
          const x = pool[k]!
          const ps = ps0 + ((x & localMask) >>> itemBits)
          const slot = ps * G + (x & itemMask)
          const v = itemRaw[slot]! + (x >> localBits)
          itemRaw[slot] = v
          out |= v + 32768
          eventCount[ps] = eventCount[ps]! + 1
        }
      } else {
        for (let k = from; k < to; k++) {
          const x = pool[k]!
          const ps = ps0 + (x >>> itemBits)
          const slot = ps * G + (x & itemMask)
          const v = itemRaw[slot]! + vals[k]!
          itemRaw[slot] = v
          // a value of more than 32 bits cannot be or-ed exactly: test it apart
          out |= v >= -32768 && v <= 32767 ? 0 : 65536
          eventCount[ps] = eventCount[ps]! + 1
        }
      }
      // `out` gathers v + 32768 of every sum: all were in [0, 65535] exactly when no bit above 15 is set
      if (out >>> 16 !== 0) return false
    }
  }
  return true
}

/** Sums every bucket of a partitioned chunk into 32-bit accumulators (integer additions, as {@link accumulate}). */
const sumBuckets32 = (part: Partition, P: number, S: number, G: number, blockBits: number, itemRaw: Int32Array, eventCount: Int32Array): boolean => {
  const { B, itemBits, pool, vals, head, next, end } = part
  const itemMask = (1 << itemBits) - 1
  const localBits = blockBits + itemBits
  const localMask = (1 << localBits) - 1
  for (let q = 0; q < P * B; q++) {
    const p = (q / B) | 0
    const ps0 = p * S + ((q - p * B) << blockBits)
    for (let page = head[q]!; page >= 0; page = next[page]!) {
      const from = page << PAGE_BITS
      const to = next[page]! < 0 ? end[q]! : from + PAGE
      if (vals === undefined) {
        for (let k = from; k < to; k++) {
          const x = pool[k]!
          const ps = ps0 + ((x & localMask) >>> itemBits)
          const slot = ps * G + (x & itemMask)
          itemRaw[slot] = itemRaw[slot]! + (x >> localBits)
          eventCount[ps] = eventCount[ps]! + 1
        }
      } else {
        for (let k = from; k < to; k++) {
          const x = pool[k]!
          const ps = ps0 + (x >>> itemBits)
          const slot = ps * G + (x & itemMask)
          itemRaw[slot] = itemRaw[slot]! + vals[k]!
          eventCount[ps] = eventCount[ps]! + 1
        }
      }
    }
  }
  return true
}

/** Subjects grouped by organization (counting sort): `order` lists subjects, organization `o` at `start[o]…start[o+1]`. */
const groupByOrganization = (S: number, org: Int32Array, nOrg: number) => {
  const start = new Int32Array(nOrg + 1)
  for (let s = 0; s < S; s++) start[org[s]! + 1] = start[org[s]! + 1]! + 1
  for (let o = 1; o <= nOrg; o++) start[o] = start[o]! + start[o - 1]!
  const pos = start.slice(0, nOrg)
  const order = new Int32Array(S)
  for (let s = 0; s < S; s++) {
    const o = org[s]!
    order[pos[o]!] = s
    pos[o] = pos[o]! + 1
  }
  return { order, start }
}

/** Step 1: one pass over the events, summing points per period, subject and item. Returns the events outside every period. */
const accumulate = (
  cols: ScoreColumns, dayToPeriod: Int32Array, firstDay: number, S: number, G: number, itemRaw: Int32Array, eventCount: Int32Array
): number => {
  const span = dayToPeriod.length
  const subject = cols.subject
  const day = cols.day
  const item = cols.item
  const units = cols.units
  const n = cols.length
  let outside = 0
  for (let i = 0; i < n; i++) {
    const d = day[i]! - firstDay
    const p = d >= 0 && d < span ? dayToPeriod[d]! : -1
    if (p < 0) {
      outside++
      continue
    }
    const ps = p * S + subject[i]!
    const slot = ps * G + item[i]!
    itemRaw[slot] = itemRaw[slot]! + units[i]!
    eventCount[ps] = eventCount[ps]! + 1
  }
  return outside
}

/**
 * Step 6 for one period when its totals (`scoredTotals`, from the caps) span a small range of integers (false,
 * doing nothing, otherwise): two
 * stable counting sorts over the whole period — the scored subjects by total, highest first, then by
 * organization — put each organization's subjects in a run, best first; a walk along each run gives standard
 * competition ranks (a subject's rank is 1 + its position in the run, or its predecessor's rank when their
 * totals are equal, which is 1 + the number of strictly higher totals). Linear in subjects, range and
 * organizations, with no per-organization histogram to clear.
 */
const rankPeriodCounting = (
  p: number, S: number, scored: Uint8Array, total: Int32Array, org: Int32Array, nOrg: number, rank: Int32Array,
  rankedCount: Int32Array, scratch: { readonly byTotal: Int32Array; readonly byOrg: Int32Array; readonly orgAt: Int32Array },
  scoredTotals: ScoredRange
): boolean => {
  const ps0 = p * S
  const { lowest: minT, highest: maxT, count: n } = scoredTotals
  if (n === 0) return true
  const range = maxT - minT + 1
  if (range > 4 * S + 1024) return false
  // 1. by total, highest first: hist[k] counts totals maxT − k, then becomes where they start
  const hist = new Int32Array(range + 1)
  const orgAt = scratch.orgAt
  orgAt.fill(0)
  for (let s = 0; s < S; s++) {
    if (scored[ps0 + s] === 0) continue
    const k = maxT - total[ps0 + s]! + 1
    hist[k] = hist[k]! + 1
    const o = org[s]! + 1
    orgAt[o] = orgAt[o]! + 1
  }
  for (let k = 1; k <= range; k++) hist[k] = hist[k]! + hist[k - 1]!
  const byTotal = scratch.byTotal
  for (let s = 0; s < S; s++) {
    if (scored[ps0 + s] === 0) continue
    const k = maxT - total[ps0 + s]!
    const at = hist[k]!
    hist[k] = at + 1
    byTotal[at] = s
  }
  // 2. by organization, stably: orgAt[o] is where organization o's run starts
  for (let o = 0; o < nOrg; o++) orgAt[o + 1] = orgAt[o + 1]! + orgAt[o]!
  for (let o = 0; o < nOrg; o++) rankedCount[p * nOrg + o] = orgAt[o + 1]! - orgAt[o]!
  const byOrg = scratch.byOrg
  for (let i = 0; i < n; i++) {
    const s = byTotal[i]!
    const o = org[s]!
    const at = orgAt[o]!
    orgAt[o] = at + 1
    byOrg[at] = s
  }
  // 3. ranks along each run (orgAt[o] is now where run o ends, i.e. where run o + 1 starts)
  let start = 0
  for (let o = 0; o < nOrg; o++) {
    const end = orgAt[o]!
    let r = 0
    let prev = 0
    for (let i = start; i < end; i++) {
      const ps = ps0 + byOrg[i]!
      const t = total[ps]!
      if (i === start || t !== prev) r = i - start + 1
      prev = t
      rank[ps] = r
    }
    start = end
  }
  return true
}

/**
 * Step 6 for one period: rank = 1 + the number of the organization's scored subjects with a higher total.
 * Totals are integers (steps) in a small range, so a counting sort by total per organization is linear;
 * for wide ranges a comparison sort is used instead.
 */
const rankPeriod = (
  p: number, S: number, scored: Uint8Array, total: Int32Array, nOrg: number,
  byOrg: { readonly order: Int32Array; readonly start: Int32Array }, rank: Int32Array, rankedCount: Int32Array
) => {
  let minT = Infinity
  let maxT = -Infinity
  for (let s = 0; s < S; s++) {
    if (scored[p * S + s] === 0) continue
    const t = total[p * S + s]!
    if (t < minT) minT = t
    if (t > maxT) maxT = t
  }
  if (minT > maxT) return
  const range = maxT - minT + 1
  const counting = Number.isInteger(minT) && Number.isInteger(maxT) && range <= 4 * S + 1024
  const hist = counting ? new Int32Array(range + 1) : undefined
  const { order, start } = byOrg
  const members: Array<number> = []
  for (let o = 0; o < nOrg; o++) {
    const from = start[o]!
    const to = start[o + 1]!
    let n = 0
    if (hist !== undefined) {
      // counting: hist[maxT - t] counts members with total t; a prefix sum gives those strictly higher
      let lo = Infinity
      let hi = -Infinity
      for (let i = from; i < to; i++) {
        const s = order[i]!
        if (scored[p * S + s] === 0) continue
        n++
        const k = maxT - total[p * S + s]!
        hist[k + 1] = hist[k + 1]! + 1
        if (k < lo) lo = k
        if (k > hi) hi = k
      }
      if (n === 0) continue
      for (let k = lo + 1; k <= hi + 1; k++) hist[k] = hist[k]! + hist[k - 1]!
      for (let i = from; i < to; i++) {
        const s = order[i]!
        if (scored[p * S + s] === 0) continue
        rank[p * S + s] = hist[maxT - total[p * S + s]!]! + 1
      }
      hist.fill(0, lo, hi + 2)
    } else {
      members.length = 0
      for (let i = from; i < to; i++) if (scored[p * S + order[i]!] === 1) members.push(order[i]!)
      n = members.length
      if (n === 0) continue
      members.sort((a, b) => total[p * S + b]! - total[p * S + a]!)
      let r = 0
      for (let i = 0; i < n; i++) {
        const s = members[i]!
        if (i === 0 || total[p * S + s]! !== total[p * S + members[i - 1]!]!) r = i + 1
        rank[p * S + s] = r
      }
    }
    rankedCount[p * nOrg + o] = n
  }
}
