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
  return {
    scheme,
    nCategories: scheme.categories.length,
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
  /** Raw item sums, `[(period * nSubjects + subject) * nItems + item]`, in steps. */
  readonly itemRaw: Int32Array
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

/** Engine inputs besides the events. */
export interface EngineInput {
  readonly plan: PeriodPlan
  readonly nSubjects: number
  /** Organization index of each subject. */
  readonly subjectOrganization: Int32Array
  readonly nOrganizations: number
  /** Optional roster: `present[period * nSubjects + subject] = 1` when the subject attends in that period. */
  readonly present?: Uint8Array
  /** Called after each phase with its name and duration in milliseconds (for benchmarks). */
  readonly onPhase?: (phase: "events" | "caps" | "ranking", ms: number) => void
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

/** Runs the engine. Pure: allocates its outputs, never touches its inputs. */
export const runEngine = (cols: ScoreColumns, input: EngineInput): EngineResult => {
  const { plan, nSubjects: S, subjectOrganization, nOrganizations } = input
  const P = plan.periods.length
  const G = plan.itemIds.length
  const C = plan.maxCategories
  const clock = input.onPhase === undefined ? undefined : () => performance.now()
  let started = clock?.() ?? 0
  const phase = (name: "events" | "caps" | "ranking") => {
    if (clock === undefined) return
    const now = clock()
    input.onPhase!(name, now - started)
    started = now
  }
  const itemRaw = new Int32Array(P * S * G)
  const eventCount = new Int32Array(P * S)
  // Accumulators larger than a core's cache are filled block by block of subjects (see accumulateBlocked).
  const outside = S * G > BLOCK_SUBJECTS * G * 2
    ? accumulateBlocked(cols, plan.dayToPeriod, plan.firstDay, P, S, G, itemRaw, eventCount)
    : accumulate(cols, plan.dayToPeriod, plan.firstDay, S, G, itemRaw, eventCount)
  phase("events")
  // 2-5. caps, totals and grades
  const scored = new Uint8Array(P * S)
  const total = new Int32Array(P * S)
  const grade = new Uint8Array(P * S).fill(255)
  const scratch = new Float64Array(C + 1)
  for (let p = 0; p < P; p++) {
    applyCaps(p, S, G, C, plan.periods[p]!.scheme, itemRaw, eventCount, input.present, scored, scratch, total, grade)
  }
  phase("caps")
  // 6. ranking within each organization
  const rank = new Int32Array(P * S)
  const rankedCount = new Int32Array(P * nOrganizations)
  const byOrg = groupByOrganization(S, subjectOrganization, nOrganizations)
  for (let p = 0; p < P; p++) rankPeriod(p, S, scored, total, nOrganizations, byOrg, rank, rankedCount)
  phase("ranking")
  return { nSubjects: S, nPeriods: P, nItems: G, maxCategories: C, itemRaw, eventCount, scored, total, grade, rank, rankedCount, outside }
}

/** Steps 2-5 for one period: item caps, category caps, total, grade. */
const applyCaps = (
  p: number, S: number, G: number, _C: number, cs: CompiledScheme, itemRaw: Int32Array, eventCount: Int32Array,
  present: Uint8Array | undefined, scored: Uint8Array, sums: Float64Array, total: Int32Array, grade: Uint8Array
) => {
  const { itemLow, itemHigh, itemSlot, categoryCap, categorySign, base } = cs
  const t0 = cs.thresholds[0]
  const t1 = cs.thresholds[1]
  const t2 = cs.thresholds[2]
  const nc = cs.nCategories
  for (let s = 0; s < S; s++) {
    const ps = p * S + s
    if (eventCount[ps] === 0 && (present === undefined || present[ps] === 0)) continue
    scored[ps] = 1
    const row = ps * G
    for (let c = 0; c <= nc; c++) sums[c] = 0
    // branch-free: clamp each item into its bounds and add it to its category's slot
    for (let g = 0; g < G; g++) {
      const raw = itemRaw[row + g]!
      const lo = itemLow[g]!
      const hi = itemHigh[g]!
      const c = itemSlot[g]!
      sums[c] = sums[c]! + (raw < lo ? lo : raw > hi ? hi : raw)
    }
    let t = base
    for (let c = 0; c < nc; c++) {
      const cap = categoryCap[c]!
      const v = categorySign[c]! > 0 ? Math.min(Math.max(sums[c]!, 0), cap) : Math.max(Math.min(sums[c]!, 0), -cap)
      t += v
    }
    total[ps] = t
    grade[ps] = t >= t0 ? 0 : t >= t1 ? 1 : t >= t2 ? 2 : 3
  }
}

/** Subjects per block of {@link accumulateBlocked}: a block's accumulators stay in a core's cache. */
const BLOCK_BITS = 11
const BLOCK_SUBJECTS = 1 << BLOCK_BITS

/** Events per chunk of {@link accumulateBlocked}: its work buffers stay small and in cache. */
const CHUNK = 1 << 22

/**
 * Step 1 for large inputs. Summing straight into `P × S × G` accumulators touches memory at random and is bound
 * by cache and TLB misses. Instead, chunk by chunk, the events are partitioned by (period, block of 8,192
 * subjects) — sequential writes to a few streams of a small buffer — and each block is then summed while its
 * accumulators stay in cache. Same result as {@link accumulate} (integer sums).
 */
const accumulateBlocked = (
  cols: ScoreColumns, dayToPeriod: Int32Array, firstDay: number, P: number, S: number, G: number,
  itemRaw: Int32Array, eventCount: Int32Array
): number => {
  const span = dayToPeriod.length
  const subject = cols.subject
  const day = cols.day
  const item = cols.item
  const units = cols.units
  const n = cols.length
  const B = ((S - 1) >> BLOCK_BITS) + 1
  const nq = P * B
  let itemBits = 0
  while (1 << itemBits < G) itemBits++
  const itemMask = (1 << itemBits) - 1
  const size = Math.min(n, CHUNK)
  const bucket = new Int32Array(size)
  const packed = new Int32Array(size)
  let vals: Int32Array | undefined
  const localBits = BLOCK_BITS + itemBits
  const localMask = (1 << localBits) - 1
  const valueBits = 32 - localBits
  const valueLimit = 2 ** (valueBits - 1)
  const starts = new Int32Array(nq + 1)
  const pos = new Int32Array(nq)
  let outside = 0
  for (let c0 = 0; c0 < n; c0 += CHUNK) {
    const c1 = Math.min(n, c0 + CHUNK)
    starts.fill(0)
    // pass 1: bucket of each event, and bucket sizes
    for (let i = c0; i < c1; i++) {
      const d = day[i]! - firstDay
      const p = d >= 0 && d < span ? dayToPeriod[d]! : -1
      if (p < 0) {
        outside++
        bucket[i - c0] = -1
        continue
      }
      const q = p * B + (subject[i]! >> BLOCK_BITS)
      bucket[i - c0] = q
      starts[q + 1] = starts[q + 1]! + 1
    }
    for (let q = 1; q <= nq; q++) starts[q] = starts[q]! + starts[q - 1]!
    pos.set(starts.subarray(0, nq))
    // pass 2: partition. Each event becomes one integer (points, subject within block, item) when its points fit
    // in the bits left; otherwise the chunk is partitioned again with the points in a second array.
    let fits = valueBits >= 8
    if (fits) {
      for (let i = c0; i < c1; i++) {
        const q = bucket[i - c0]!
        if (q < 0) continue
        const v = units[i]!
        if (v >= valueLimit || v < -valueLimit) {
          fits = false
          break
        }
        const k = pos[q]!
        pos[q] = k + 1
        packed[k] = (v << localBits) | ((subject[i]! & (BLOCK_SUBJECTS - 1)) << itemBits) | item[i]!
      }
    }
    if (!fits) {
      if (vals === undefined) vals = new Int32Array(size)
      pos.set(starts.subarray(0, nq))
      for (let i = c0; i < c1; i++) {
        const q = bucket[i - c0]!
        if (q < 0) continue
        const k = pos[q]!
        pos[q] = k + 1
        packed[k] = ((subject[i]! & (BLOCK_SUBJECTS - 1)) << itemBits) | item[i]!
        vals[k] = units[i]!
      }
    }
    // pass 3: sum each bucket into its block of accumulators
    for (let q = 0; q < nq; q++) {
      const p = (q / B) | 0
      const first = p * S + (q - p * B) * BLOCK_SUBJECTS
      const end = starts[q + 1]!
      if (fits) {
        for (let k = starts[q]!; k < end; k++) {
          const x = packed[k]!
          const ps = first + ((x & localMask) >>> itemBits)
          const slot = ps * G + (x & itemMask)
          itemRaw[slot] = itemRaw[slot]! + (x >> localBits)
          eventCount[ps] = eventCount[ps]! + 1
        }
      } else {
        for (let k = starts[q]!; k < end; k++) {
          const x = packed[k]!
          const ps = first + (x >>> itemBits)
          const slot = ps * G + (x & itemMask)
          itemRaw[slot] = itemRaw[slot]! + vals![k]!
          eventCount[ps] = eventCount[ps]! + 1
        }
      }
    }
  }
  return outside
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
