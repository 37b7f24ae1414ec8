/**
 * Branch-free column forms of the requirement rules, for coverage at scale. Each writes, for every row of a
 * portfolio, the same {@link VerdictCode} as the rule kernel's own column form and its verdict function
 * ({@link requirementKernels}); a property test checks all three agree on every input, unchecked columns
 * included (any byte in `major`, negative months, `NaN` costs).
 *
 * Why a second form: a portfolio's facts are unpredictable row to row (whether a cost clears a threshold is a
 * coin toss for a good share of projects), so a rule written with `&&` and `? :` costs the processor a
 * mispredicted branch on a good share of rows. Written with comparisons turned into 0 / 1 and combined with
 * `&`, `|` and arithmetic, the same rule has no branch in its loop and runs several times faster (see
 * docs/coverage.md, "Speed"). Rule kinds whose verdict depends on a variable number of rows (the units of
 * Expo's rule) have no branch-free form here; coverage runs their kernel's column form.
 *
 * @module
 */
import type { RequirementColumns } from "../organization/requirement.js"
import type { RuleKind } from "../policy/policy.js"

/** A column form: the verdict code of every row of `c`, written to `out`, with the rule's parameters `p`. */
export type ColumnForm = (c: RequirementColumns, p: ReadonlyArray<number>, out: Uint8Array) => void

/**
 * The branch-free column form of each rule kind that has one. `+(a >= b)` is the comparison as 0 / 1; every
 * flag of the kernels' forms is read the same way (`major[i] === 1`, `p[k] === 1`), so the two forms agree on
 * any input, not only on checked columns.
 */
export const branchFreeForms: Partial<Record<RuleKind, ColumnForm>> = {
  // months ≥ projectMinMonths: required (1), else not required (0)
  "requirement.projectPeriodAndMembers": (c, p, out) => {
    const min = p[0]!
    const months = c.plannedMonths
    for (let i = 0; i < c.size; i++) out[i] = +(months[i]! >= min)
  },
  // major (when major projects are required): 1; else months < min: 0; months ≤ max: 1; above: silent (2).
  // With lo = months < min and hi = months > max, the non-major code is (1 − lo) × (1 + hi): lo wins as in
  // the kernel, even when min > max.
  "requirement.majorOrPeriodRange": (c, p, out) => {
    const majorRequired = +(p[0] === 1)
    const min = p[1]!
    const max = p[2]!
    const { major, plannedMonths } = c
    for (let i = 0; i < c.size; i++) {
      const m = plannedMonths[i]!
      const mj = majorRequired & +(major[i] === 1)
      const other = (1 - +(m < min)) * (1 + +(m > max))
      out[i] = mj | (other & (mj - 1))
    }
  },
  // key project (when key projects are required): 1; else silent (2)
  "requirement.keyProject": (c, p, out) => {
    const keyRequired = +(p[0] === 1)
    const major = c.major
    for (let i = 0; i < c.size; i++) out[i] = 2 - (keyRequired & +(major[i] === 1))
  },
  // cost ≥ threshold and months ≥ threshold and (any project, or a key project)
  "requirement.costAndPeriod": (c, p, out) => {
    const minCost = p[0]!
    const minMonths = p[1]!
    const anyProject = +(p[2] !== 1)
    const { costYuan, plannedMonths, major } = c
    for (let i = 0; i < c.size; i++) out[i] = +(costYuan[i]! >= minCost) & +(plannedMonths[i]! >= minMonths) & (anyProject | +(major[i] === 1))
  },
  // months ≥ eligibleMinMonths and full members ≥ eligibleMinFullMembers
  "requirement.eligibleSite": (c, p, out) => {
    const minMonths = p[0]!
    const minFull = p[1]!
    const { plannedMonths, fullMembers } = c
    for (let i = 0; i < c.size; i++) out[i] = +(plannedMonths[i]! >= minMonths) & +(fullMembers[i]! >= minFull)
  }
}
