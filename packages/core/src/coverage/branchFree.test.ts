import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { isoDate } from "../model/primitives.js"
import { VerdictCode, compileRequirement, requirementKernels } from "../organization/requirement.js"
import { catalogue, resolve } from "../policy/catalogue/index.js"
import { reform } from "../policy/reform.js"
import type { RuleKind } from "../policy/policy.js"
import { syntheticPortfolio } from "../simulation/generator.js"
import { branchFreeForms } from "./branchFree.js"
import { Requirement, runResolved } from "./coverage.js"

// rows as unchecked columns may hold them: any byte in `major`, negative months, NaN and infinite costs
const arbRow = fc.record({
  months: fc.integer({ min: -3, max: 80 }),
  major: fc.oneof(fc.constantFrom(0, 1), fc.integer({ min: 0, max: 255 })),
  cost: fc.oneof(fc.integer({ min: 0, max: 200_000_000 }), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, -0, 49_999_999.5)),
  units: fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 5 })
})
const columnsOf = (rows: ReadonlyArray<{ months: number; major: number; cost: number; units: ReadonlyArray<number> }>) => {
  const unitStart = new Int32Array(rows.length + 1)
  const unitFull: Array<number> = []
  rows.forEach((r, i) => {
    unitStart[i] = unitFull.length
    unitFull.push(...r.units)
  })
  unitStart[rows.length] = unitFull.length
  return {
    size: rows.length,
    plannedMonths: Int32Array.from(rows.map((r) => r.months)),
    major: Uint8Array.from(rows.map((r) => r.major)),
    costYuan: Float64Array.from(rows.map((r) => r.cost)),
    fullMembers: Int32Array.from(rows.map((r) => r.units.reduce((s, x) => s + x, 0))),
    unitStart,
    unitFullMembers: Int32Array.from(unitFull)
  }
}
// parameters of any kind a reform may set: flags that are not 0 / 1, fractions, negatives, NaN
const arbParam = fc.oneof(
  fc.integer({ min: -2, max: 40 }),
  fc.integer({ min: 0, max: 200_000_000 }),
  fc.double({ min: -5, max: 100, noNaN: false })
)

describe("branch-free column forms", () => {
  it("cover every requirement kernel but Expo's units", () => {
    expect(Object.keys(branchFreeForms).sort()).toEqual(
      (Object.keys(requirementKernels) as Array<RuleKind>).filter((k) => k !== "requirement.unitsWithEnoughMembers").sort()
    )
  })

  it.each(Object.keys(branchFreeForms) as Array<RuleKind>)("%s: the same code as the kernel's column form on every row, and as its verdict", (kind) => {
    const kernel = requirementKernels[kind]!
    const form = branchFreeForms[kind]!
    const arbParams = fc.array(arbParam, { minLength: kernel.parameters.length, maxLength: kernel.parameters.length })
    fc.assert(fc.property(fc.array(arbRow, { maxLength: 60 }), arbParams, (rows, p) => {
      const cols = columnsOf(rows)
      const expected = new Uint8Array(rows.length)
      kernel.columns(cols, p, expected)
      const fast = new Uint8Array(rows.length).fill(7)
      form(cols, p, fast)
      expect([...fast]).toEqual([...expected])
      rows.forEach((r, i) => {
        if (r.major > 1) return // the verdict reads a boolean: only checked rows
        const v = kernel.verdict({
          months: r.months, major: r.major === 1, costYuan: r.cost, fullMembers: cols.fullMembers[i]!,
          unitsWithAtLeast: (min) => r.units.filter((x) => x >= min).length
        }, p)
        expect(fast[i]).toBe(VerdictCode[v])
      })
    }), { numRuns: 300 })
  })
})

describe("a coverage run's requirement codes", () => {
  // the straightforward chain: each rule's kernel column form in order, the first that speaks decides
  const reference = (cols: ReturnType<typeof syntheticPortfolio>, policy: Parameters<typeof compileRequirement>[0]) => {
    const { rules } = compileRequirement(policy)
    const out = new Uint8Array(cols.size).fill(Requirement.gap)
    for (const rule of rules) {
      const codes = new Uint8Array(cols.size)
      rule.kernel.columns(cols, rule.values, codes)
      for (let i = 0; i < cols.size; i++) if (out[i] === Requirement.gap) out[i] = codes[i]!
    }
    return out
  }

  it("are the kernels' chained verdicts under every policy, and under reformed thresholds", () => {
    const date = isoDate("2021-06-30")
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(...catalogue), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 150_000_000 }),
      (seed, base, months, cost) => {
        const cols = syntheticPortfolio({ size: 300, seed })
        // move every numeric threshold the policy has to the drawn values (months, members, yuan)
        const parameters = Object.fromEntries(base.parameters
          .filter((p) => typeof p.value === "number" && /Months$|Members$|Yuan$/.test(p.key))
          .map((p) => [p.key, p.key.endsWith("Yuan") ? cost : p.key.endsWith("Members") ? months % 8 : months]))
        for (const policy of [base, Either.getOrThrow(reform(base, { id: `${base.id}~drawn`, parameters }))]) {
          const resolved = Either.getOrThrow(resolve(policy, [base]))
          expect([...runResolved(cols, resolved, date).requirement]).toEqual([...reference(cols, resolved)])
        }
      }
    ), { numRuns: 40 })
  })
})
