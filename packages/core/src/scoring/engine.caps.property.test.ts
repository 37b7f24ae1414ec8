import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Label, isoDate } from "../model/primitives.js"
import { cite } from "../policy/sources.js"
import type { ScoreColumns } from "./engine.js"
import { planPeriods, runEngine } from "./engine.js"
import { dayNumber } from "./periods.js"
import { GradeThresholds, ScoringCategory, ScoringItem, ScoringScheme, SchemeEffective, fudingDefaultScheme } from "./scheme.js"

// Schemes of any shape — categories of 0 to 6 items (the specialised cap loops take 1 to 4), items and categories
// with or without caps (caps inside and beyond the 16-bit range), merit and deduction — scored by the engine's
// partitioned path (16-bit sums, so the block-wise cap loops) and its direct path, against the definition.

const citation = cite("redsite-assumption", "test", "generated scheme")
const label = (x: string) => new Label({ zh: x, en: x })

const arbCap = fc.option(fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 30_000, max: 200_000 })), { nil: undefined })

const arbScheme = fc.record({
  base: fc.integer({ min: -200, max: 600 }),
  categories: fc.array(
    fc.record({ deduction: fc.boolean(), cap: arbCap, items: fc.array(arbCap, { maxLength: 6 }) }),
    { minLength: 1, maxLength: 5 }
  ),
  thresholds: fc.tuple(fc.integer({ min: -400, max: 900 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 200 }))
}).filter((s) => s.categories.some((c) => c.items.length > 0)).map((s) => {
  const categories = s.categories.map((c, i) => new ScoringCategory({
    id: `c${i}`, label: label(`c${i}`), direction: c.deduction ? "deduction" : "merit",
    ...(c.cap === undefined ? {} : { capPerPeriod: c.cap }), citation, assumption: true
  }))
  const items = s.categories.flatMap((c, i) => c.items.map((cap, j) => new ScoringItem({
    id: `c${i}i${j}`, category: `c${i}`, label: label(`c${i}i${j}`), points: 1,
    ...(cap === undefined ? {} : { capPerPeriod: cap }), citation, assumption: true
  })))
  const [excellent, d1, d2] = s.thresholds
  return new ScoringScheme({
    ...fudingDefaultScheme, resolution: 1, base: s.base, effective: new SchemeEffective({ from: isoDate("2021-01-01") }),
    categories: categories as unknown as ScoringScheme["categories"], items: items as unknown as ScoringScheme["items"],
    grades: new GradeThresholds({ excellent, qualified: excellent - d1, basicallyQualified: excellent - d1 - d2, citation, assumption: true })
  })
})

/** Totals, grades and ranks by the definition (resolution 1: points are steps). */
const reference = (scheme: ScoringScheme, itemIds: ReadonlyArray<string>, raw: ReadonlyArray<number>, count: ReadonlyArray<number>, P: number, S: number, org: Int32Array) => {
  const G = itemIds.length
  const scored = new Array<number>(P * S).fill(0)
  const total = new Array<number>(P * S).fill(0)
  const grade = new Array<number>(P * S).fill(255)
  for (let ps = 0; ps < P * S; ps++) {
    if (count[ps] === 0) continue
    scored[ps] = 1
    let t = scheme.base
    for (const c of scheme.categories) {
      let sum = 0
      for (const it of scheme.items.filter((x) => x.category === c.id)) {
        const v = raw[ps * G + itemIds.indexOf(it.id)]!
        const cap = it.capPerPeriod ?? Infinity
        sum += c.direction === "merit" ? Math.min(Math.max(v, 0), cap) : Math.max(Math.min(v, 0), -cap)
      }
      const cap = c.capPerPeriod ?? Infinity
      t += c.direction === "merit" ? Math.min(Math.max(sum, 0), cap) : Math.max(Math.min(sum, 0), -cap)
    }
    total[ps] = t
    const g = scheme.grades
    grade[ps] = t >= g.excellent ? 0 : t >= g.qualified ? 1 : t >= g.basicallyQualified ? 2 : 3
  }
  const rank = new Array<number>(P * S).fill(0)
  for (let p = 0; p < P; p++) {
    for (let s = 0; s < S; s++) {
      if (scored[p * S + s] === 0) continue
      let higher = 0
      for (let u = 0; u < S; u++) if (scored[p * S + u] === 1 && org[u] === org[s] && total[p * S + u]! > total[p * S + s]!) higher++
      rank[p * S + s] = higher + 1
    }
  }
  return { scored, total, grade, rank }
}

describe("columnar engine: caps, totals, grades and ranks for schemes of any shape", () => {
  it("agree with the definition on the partitioned (16-bit, block-wise caps) and the direct path", () => {
    fc.assert(fc.property(
      arbScheme,
      fc.integer({ min: 1, max: 2_200 }),
      fc.integer({ min: 1, max: 6 }),
      fc.array(fc.record({ s: fc.nat(), day: fc.integer({ min: 0, max: 364 }), item: fc.nat(), units: fc.oneof(
        { weight: 9, arbitrary: fc.integer({ min: -40, max: 40 }) },
        { weight: 1, arbitrary: fc.integer({ min: -9_000, max: 9_000 }) }
      ) }), { maxLength: 400 }),
      (scheme, S, nOrg, rows) => {
        const plan = planPeriods([scheme], "2021-01-01", "2021-12-31")
        const G = plan.itemIds.length
        const P = plan.periods.length
        const first = dayNumber("2021-01-01")
        const cols: ScoreColumns = {
          length: rows.length,
          subject: Int32Array.from(rows, (r) => r.s % S),
          day: Int32Array.from(rows, (r) => first + r.day),
          item: Uint8Array.from(rows, (r) => r.item % G),
          units: Int32Array.from(rows, (r) => r.units)
        }
        const raw = new Array<number>(P * S * G).fill(0)
        const count = new Array<number>(P * S).fill(0)
        for (let i = 0; i < cols.length; i++) {
          const ps = plan.dayToPeriod[cols.day[i]! - plan.firstDay]! * S + cols.subject[i]!
          raw[ps * G + cols.item[i]!] = raw[ps * G + cols.item[i]!]! + cols.units[i]!
          count[ps]!++
        }
        const org = Int32Array.from({ length: S }, (_, s) => (s * 5) % nOrg)
        const expected = reference(scheme, plan.itemIds, raw, count, P, S, org)
        const input = { plan, nSubjects: S, subjectOrganization: org, nOrganizations: nOrg }
        for (const blockBits of [2, 20]) {
          const r = runEngine(cols, { ...input, blockBits })
          if (blockBits === 2 && S > 8 && raw.every((v) => v >= -32768 && v <= 32767)) expect(r.itemRaw).toBeInstanceOf(Int16Array)
          expect({ scored: [...r.scored], total: [...r.total], grade: [...r.grade], rank: [...r.rank] }).toEqual(expected)
        }
      }
    ), { numRuns: 150 })
  })
})
