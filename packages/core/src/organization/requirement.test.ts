import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { RuleKind } from "../policy/policy.js"
import { VerdictCode, requirementKernels } from "./requirement.js"

// rows as unchecked columns may hold them: any byte in `major`, negative months, NaN and infinite costs
const arbRows = fc.array(
  fc.record({
    months: fc.integer({ min: -3, max: 80 }),
    major: fc.oneof(fc.constantFrom(0, 1), fc.integer({ min: 0, max: 255 })),
    cost: fc.oneof(fc.integer({ min: 0, max: 200_000_000 }), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, -0, 49_999_999.5)),
    units: fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 5 })
  }),
  { maxLength: 60 }
)
// parameters of any kind a reform may set: flags that are not 0 / 1, fractions, negatives, NaN
const arbParam = fc.oneof(
  fc.integer({ min: -2, max: 40 }),
  fc.integer({ min: 0, max: 200_000_000 }),
  fc.double({ min: -5, max: 100, noNaN: false })
)

describe("requirement kernels", () => {
  it.each(Object.keys(requirementKernels) as Array<RuleKind>)("%s: the column form gives the verdict of every row, unchecked columns and odd parameters included", (kind) => {
    const kernel = requirementKernels[kind]!
    const n = kernel.parameters.length
    const arbParams = fc.oneof(
      fc.array(fc.integer({ min: 0, max: 100_000_000 }), { minLength: n, maxLength: n })
        // flags as 0 / 1, money as is, months and member counts in a range the rows reach
        .map((ps) => ps.map((p, k) => {
          const key = kernel.parameters[k]!
          return /Required$|^require/.test(key) ? p % 2 : key.endsWith("Yuan") ? p : p % 40
        })),
      fc.array(arbParam, { minLength: n, maxLength: n })
    )
    fc.assert(fc.property(arbRows, arbParams, (rows, p) => {
      const unitStart = new Int32Array(rows.length + 1)
      const unitFull: Array<number> = []
      rows.forEach((r, i) => {
        unitStart[i] = unitFull.length
        unitFull.push(...r.units)
      })
      unitStart[rows.length] = unitFull.length
      const cols = {
        size: rows.length,
        plannedMonths: Int32Array.from(rows.map((r) => r.months)),
        major: Uint8Array.from(rows.map((r) => r.major)),
        costYuan: Float64Array.from(rows.map((r) => r.cost)),
        fullMembers: Int32Array.from(rows.map((r) => r.units.reduce((s, x) => s + x, 0))),
        unitStart,
        unitFullMembers: Int32Array.from(unitFull)
      }
      const out = new Uint8Array(rows.length).fill(7)
      kernel.columns(cols, p, out)
      rows.forEach((r, i) => {
        const v = kernel.verdict({
          // a flag column is read as `=== 1`, as the column forms read it
          months: r.months, major: r.major === 1, costYuan: r.cost, fullMembers: cols.fullMembers[i]!,
          unitsWithAtLeast: (min) => r.units.filter((x) => x >= min).length
        }, p)
        expect(out[i]).toBe(VerdictCode[v])
      })
    }), { numRuns: 300 })
  })
})
