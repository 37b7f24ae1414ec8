import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { RuleKind } from "../policy/policy.js"
import { VerdictCode, requirementKernels } from "./requirement.js"

const arbRows = fc.array(
  fc.record({
    months: fc.integer({ min: 0, max: 80 }),
    major: fc.boolean(),
    cost: fc.integer({ min: 0, max: 200_000_000 }),
    units: fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 5 })
  }),
  { maxLength: 40 }
)

describe("requirement kernels", () => {
  it.each(Object.keys(requirementKernels) as Array<RuleKind>)("%s: the column form gives the verdict of every row", (kind) => {
    const kernel = requirementKernels[kind]!
    const arbParams = fc.array(fc.integer({ min: 0, max: 100_000_000 }), { minLength: kernel.parameters.length, maxLength: kernel.parameters.length })
      // flags as 0 / 1, money as is, months and member counts in a range the rows reach
      .map((ps) => ps.map((p, k) => {
        const key = kernel.parameters[k]!
        return /Required$|^require/.test(key) ? p % 2 : key.endsWith("Yuan") ? p : p % 40
      }))
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
        major: Uint8Array.from(rows.map((r) => (r.major ? 1 : 0))),
        costYuan: Float64Array.from(rows.map((r) => r.cost)),
        fullMembers: Int32Array.from(rows.map((r) => r.units.reduce((s, x) => s + x, 0))),
        unitStart,
        unitFullMembers: Int32Array.from(unitFull)
      }
      const out = new Uint8Array(rows.length)
      kernel.columns(cols, p, out)
      rows.forEach((r, i) => {
        const v = kernel.verdict({
          months: r.months, major: r.major, costYuan: r.cost, fullMembers: cols.fullMembers[i]!,
          unitsWithAtLeast: (min) => r.units.filter((x) => x >= min).length
        }, p)
        expect(out[i]).toBe(VerdictCode[v])
      })
    }), { numRuns: 200 })
  })
})
