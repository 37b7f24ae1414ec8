import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { isoDate } from "../model/primitives.js"
import { compileRequirement } from "../rules/requirement/index.js"
import { catalogue, resolve } from "../policy/catalogue/index.js"
import { reform } from "../policy/reform.js"
import { syntheticPortfolio } from "../simulation/generator.js"
import { Requirement, runResolved } from "./coverage.js"

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
