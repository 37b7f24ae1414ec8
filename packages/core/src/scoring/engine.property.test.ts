import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { isoDate } from "../model/primitives.js"
import type { EngineResult, PeriodPlan, ScoreColumns } from "./engine.js"
import { planPeriods, runEngine } from "./engine.js"
import { dayNumber } from "./periods.js"
import { fudingDefaultScheme, ScoringCategory, ScoringScheme, SchemeEffective } from "./scheme.js"

// Two versions, so periods are scored under different caps and bases; the second caps nothing in `postGoals`.
const v2 = new ScoringScheme({
  ...fudingDefaultScheme, version: 2, base: 55, effective: new SchemeEffective({ from: isoDate("2021-07-01") }),
  categories: fudingDefaultScheme.categories.map((c) => {
    if (c.id !== "postGoals") return c
    const { capPerPeriod: _, ...uncapped } = c
    return new ScoringCategory(uncapped)
  }) as unknown as ScoringScheme["categories"]
})
const plan = planPeriods([fudingDefaultScheme, v2], "2021-01-01", "2021-12-31")
const G = plan.itemIds.length

/** The straightforward computation, by the definition of each step (no partitioning, no packing, no narrowing). */
const reference = (cols: ScoreColumns, plan: PeriodPlan, S: number, org: Int32Array, nOrg: number, present: Uint8Array | undefined) => {
  const P = plan.periods.length
  const raw = new Array<number>(P * S * G).fill(0)
  const count = new Array<number>(P * S).fill(0)
  let outside = 0
  for (let i = 0; i < cols.length; i++) {
    const d = cols.day[i]! - plan.firstDay
    const p = d >= 0 && d < plan.dayToPeriod.length ? plan.dayToPeriod[d]! : -1
    if (p < 0) {
      outside++
      continue
    }
    const k = (p * S + cols.subject[i]!) * G + cols.item[i]!
    raw[k] = (raw[k]! + cols.units[i]!) | 0 // 32-bit sums, as the engine's contract says
    count[p * S + cols.subject[i]!]!++
  }
  const scored = new Array<number>(P * S).fill(0)
  const total = new Array<number>(P * S).fill(0)
  const grade = new Array<number>(P * S).fill(255)
  for (let p = 0; p < P; p++) {
    const scheme = plan.periods[p]!.scheme.scheme
    const r = scheme.resolution
    for (let s = 0; s < S; s++) {
      const ps = p * S + s
      if (count[ps] === 0 && (present === undefined || present[ps] === 0)) continue
      scored[ps] = 1
      let t = scheme.base * r
      for (const c of scheme.categories) {
        let sum = 0
        for (const it of scheme.items.filter((x) => x.category === c.id)) {
          const v = raw[ps * G + plan.itemIds.indexOf(it.id)]!
          const cap = it.capPerPeriod === undefined ? 2 ** 31 - 1 : it.capPerPeriod * r
          sum += c.direction === "merit" ? Math.min(Math.max(v, 0), cap) : Math.max(Math.min(v, 0), -cap)
        }
        const cap = c.capPerPeriod === undefined ? Infinity : c.capPerPeriod * r
        t += c.direction === "merit" ? Math.min(Math.max(sum, 0), cap) : Math.max(Math.min(sum, 0), -cap)
      }
      total[ps] = t | 0
      const g = scheme.grades
      grade[ps] = t >= g.excellent * r ? 0 : t >= g.qualified * r ? 1 : t >= g.basicallyQualified * r ? 2 : 3
    }
  }
  const rank = new Array<number>(P * S).fill(0)
  const rankedCount = new Array<number>(P * nOrg).fill(0)
  for (let p = 0; p < P; p++) {
    for (let s = 0; s < S; s++) {
      if (scored[p * S + s] === 0) continue
      rankedCount[p * nOrg + org[s]!]!++
      let higher = 0
      for (let u = 0; u < S; u++) if (scored[p * S + u] === 1 && org[u] === org[s] && total[p * S + u]! > total[p * S + s]!) higher++
      rank[p * S + s] = higher + 1
    }
  }
  return { itemRaw: raw, eventCount: count, scored, total, grade, rank, rankedCount, outside }
}

const plainOf = (r: EngineResult) => ({
  itemRaw: [...r.itemRaw], eventCount: [...r.eventCount], scored: [...r.scored], total: [...r.total], grade: [...r.grade],
  rank: [...r.rank], rankedCount: [...r.rankedCount], outside: r.outside
})

/** Points: mostly small; sometimes beyond 16-bit sums, or beyond what packs with the subject and item. */
const arbUnits = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -60, max: 60 }) },
  { weight: 1, arbitrary: fc.integer({ min: -40_000, max: 40_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: -(2 ** 28), max: 2 ** 28 }) }
)

const arbInput = fc.record({
  S: fc.integer({ min: 1, max: 40 }),
  nOrg: fc.integer({ min: 1, max: 5 }),
  blockBits: fc.integer({ min: 0, max: 3 }),
  rows: fc.array(fc.record({ s: fc.nat(), day: fc.integer({ min: -20, max: 380 }), item: fc.nat(G - 1), units: arbUnits }), { maxLength: 300 }),
  presence: fc.array(fc.boolean(), { maxLength: 4 * 40 }),
  /** All events in the first quarter (the partition's one-period runs), or anywhere around the year. */
  oneQuarter: fc.boolean()
})

describe("columnar engine: the partitioned path (16- and 32-bit sums, packed or not) agrees with the straightforward computation", () => {
  it("gives the same arrays as the definition, and as the direct path", () => {
    fc.assert(fc.property(arbInput, fc.boolean(), ({ S, nOrg, blockBits, rows, presence, oneQuarter }, withRoster) => {
      const n = rows.length
      const first = dayNumber("2021-01-01")
      const cols: ScoreColumns = {
        length: n,
        subject: Int32Array.from(rows, (r) => r.s % S),
        day: Int32Array.from(rows, (r) => first + (oneQuarter ? Math.abs(r.day) % 90 : r.day)),
        item: Uint8Array.from(rows, (r) => r.item),
        units: Int32Array.from(rows, (r) => r.units)
      }
      const org = Int32Array.from({ length: S }, (_, s) => (s * 7) % nOrg)
      const P = plan.periods.length
      const present = withRoster ? Uint8Array.from({ length: P * S }, (_, i) => (presence[i] === true ? 1 : 0)) : undefined
      const input = { plan, nSubjects: S, subjectOrganization: org, nOrganizations: nOrg, ...(present === undefined ? {} : { present }) }
      const expected = reference(cols, plan, S, org, nOrg, present)
      const partitioned = runEngine(cols, { ...input, blockBits })
      const direct = runEngine(cols, { ...input, blockBits: 20 })
      expect(plainOf(partitioned)).toEqual(expected)
      expect(plainOf(direct)).toEqual(expected)
    }), { numRuns: 300 })
  })

  it("keeps 16-bit sums only while every sum fits, and 32-bit ones otherwise", () => {
    const S = 64
    const make = (units: number) => ({ length: 4, subject: Int32Array.from([5, 5, 5, 9]), day: new Int32Array(4).fill(dayNumber("2021-02-01")), item: new Uint8Array(4), units: new Int32Array(4).fill(units) })
    const input = { plan, nSubjects: S, subjectOrganization: new Int32Array(S), nOrganizations: 1, blockBits: 2 }
    const small = runEngine(make(10_000), input)
    expect(small.itemRaw).toBeInstanceOf(Int16Array)
    expect(small.itemRaw[5 * G]).toBe(30_000)
    const large = runEngine(make(11_000), input)
    expect(large.itemRaw).toBeInstanceOf(Int32Array)
    expect(large.itemRaw[5 * G]).toBe(33_000)
    expect(large.itemRaw[9 * G]).toBe(11_000)
  })
})
