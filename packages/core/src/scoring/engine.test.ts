import { describe, expect, it } from "vitest"
import { runEngine, planPeriods } from "./engine.js"
import { dayNumber } from "./periods.js"
import { fudingDefaultScheme, itemSign, toUnits } from "./scheme.js"

describe.each([
  ["small points (packed with the subject and item)", 1],
  ["large points (kept in a second array)", 100_000]
])("columnar engine, %s", (_name, factor) => {
  // 9,000 subjects in blocks of 1,024 (blockBits 10): more than two blocks, so the engine takes its partitioned path
  // (with its default blocks of 8,192 it would sum directly), checked against naive sums.
  const S = 9_000
  const N = 60_000
  const plan = planPeriods([fudingDefaultScheme], "2021-01-01", "2021-12-31")
  const G = plan.itemIds.length
  let seed = 12345
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  const subject = new Int32Array(N)
  const day = new Int32Array(N)
  const item = new Int32Array(N)
  const units = new Int32Array(N)
  const first = dayNumber("2020-12-01")
  for (let i = 0; i < N; i++) {
    subject[i] = Math.floor(rand() * S)
    day[i] = first + Math.floor(rand() * 420) // some events fall outside 2021
    const it = fudingDefaultScheme.items[Math.floor(rand() * fudingDefaultScheme.items.length)]!
    item[i] = plan.itemIds.indexOf(it.id)
    units[i] = itemSign(fudingDefaultScheme, it) * toUnits(it.points, fudingDefaultScheme.resolution) * (1 + Math.floor(rand() * 3)) * (i % 7 === 0 ? factor : 1)
  }
  const org = Int32Array.from({ length: S }, (_, s) => s % 37)
  const r = runEngine({ length: N, subject, day, item, units }, { plan, nSubjects: S, subjectOrganization: org, nOrganizations: 37, blockBits: 10 })

  it("takes the partitioned path (16-bit sums while they fit, which only that path keeps)", () => {
    expect(r.itemRaw).toBeInstanceOf(factor === 1 ? Int16Array : Int32Array)
  })

  it("sums every event into its period, subject and item; counts events outside the periods", () => {
    const raw = new Map<number, number>()
    let outside = 0
    for (let i = 0; i < N; i++) {
      const d = day[i]! - plan.firstDay
      const p = d >= 0 && d < plan.dayToPeriod.length ? plan.dayToPeriod[d]! : -1
      if (p < 0) {
        outside++
        continue
      }
      const k = (p * S + subject[i]!) * G + item[i]!
      raw.set(k, (raw.get(k) ?? 0) + units[i]!)
    }
    expect(r.outside).toBe(outside)
    expect(outside).toBeGreaterThan(0)
    let nonZero = 0
    const mismatches: Array<number> = []
    for (let k = 0; k < r.itemRaw.length; k++) {
      if (r.itemRaw[k] !== 0) nonZero++
      if (r.itemRaw[k] !== (raw.get(k) ?? 0)) mismatches.push(k)
    }
    expect(mismatches).toEqual([])
    expect(nonZero).toBeGreaterThan(0)
  })

  it("ranks each organization's scored subjects by total, ties sharing a rank", () => {
    for (let p = 0; p < r.nPeriods; p++) {
      const byOrg = new Map<number, Array<number>>()
      for (let s = 0; s < S; s++) {
        if (r.scored[p * S + s] === 0) continue
        const list = byOrg.get(org[s]!)
        if (list === undefined) byOrg.set(org[s]!, [r.total[p * S + s]!])
        else list.push(r.total[p * S + s]!)
      }
      const wrong: Array<number> = []
      for (let s = 0; s < S; s++) {
        const expected = r.scored[p * S + s] === 0 ? 0 : 1 + byOrg.get(org[s]!)!.filter((x) => x > r.total[p * S + s]!).length
        if (r.rank[p * S + s] !== expected) wrong.push(s)
      }
      expect(wrong).toEqual([])
    }
  })
})
