/**
 * The verdicts of the requirement rules ("must this project set up an organization?") as small functions of
 * a project's facts and the policy's numbers. The setup rules ({@link setupRules}) wrap them with their
 * explanations; the coverage module runs them over a million projects in columns. One function per rule
 * kind, so the two can never disagree.
 *
 * @module
 */
import type { RequirementLevel } from "../model/vocabulary.js"
import type { Policy, RuleKind } from "../policy/policy.js"

/** What a requirement rule may read of a project. */
export interface RequirementFacts {
  /** Whole months of the planned period (`monthsOfPeriod`). */
  readonly months: number
  /** Major or key project (重大工程 / 重点项目). */
  readonly major: boolean
  readonly costYuan: number
  /** Full members (正式党员) on the project. */
  readonly fullMembers: number
  /** How many units have at least `min` full members. */
  readonly unitsWithAtLeast: (min: number) => number
}

/**
 * A rule's verdict: required, not required, or silent (the rule does not speak to this project, so the next
 * layer's rule answers). A local rule answers `notRequired` only where its policy declares that it narrows the
 * national duty (`displaces`), with the clause that says so; elsewhere it is silent outside its scope.
 */
export type RequirementVerdict = RequirementLevel | "silent"

/** The same facts for many projects, one array per fact (row `i` is project `i`). */
export interface RequirementColumns {
  readonly size: number
  readonly plannedMonths: Int32Array
  readonly major: Uint8Array
  readonly costYuan: Float64Array
  readonly fullMembers: Int32Array
  /** Units of project `i` are rows `unitStart[i]` to `unitStart[i + 1] - 1` of `unitFullMembers`. */
  readonly unitStart: Int32Array
  readonly unitFullMembers: Int32Array
}

/** Verdict codes written by a kernel's column form. */
export const VerdictCode = { notRequired: 0, required: 1, silent: 2 } as const

/**
 * A requirement rule's verdict function and the parameters it reads, in order (`p[0]`, `p[1]`, …), with its
 * column form: the same verdict for every row of a portfolio at once, written as {@link VerdictCode}s (a
 * property test checks that both forms agree on every input, unchecked columns included: any byte in
 * `major`, negative months, `NaN` costs; a flag is read as `=== 1` in both).
 *
 * The column forms are branch-free where the rule allows: comparisons turned into 0 / 1 (`+(a >= b)`) and
 * combined with `&`, `|` and arithmetic. A portfolio's facts are unpredictable row to row (whether a cost
 * clears a threshold is a coin toss for a good share of projects), so `&&` and `? :` would cost a
 * mispredicted branch on many rows; without them the loop runs several times faster (docs/coverage.md,
 * "Speed"). Expo's rule counts a variable number of units per project and keeps an ordinary loop.
 */
export interface RequirementKernel {
  /** Numeric parameters (booleans are read as 1 / 0), in the order `verdict` receives them. */
  readonly parameters: ReadonlyArray<string>
  readonly verdict: (facts: RequirementFacts, p: ReadonlyArray<number>) => RequirementVerdict
  readonly columns: (c: RequirementColumns, p: ReadonlyArray<number>, out: Uint8Array) => void
}

const unitsWithAtLeastAt = (c: RequirementColumns, i: number, min: number) => {
  let count = 0
  for (let u = c.unitStart[i]!, end = c.unitStart[i + 1]!; u < end; u++) if (c.unitFullMembers[u]! >= min) count++
  return count
}

/** The verdict function of every requirement rule kind. */
export const requirementKernels: Partial<Record<RuleKind, RequirementKernel>> = {
  // national (BR Art. 5): a project of `projectMinMonths` or more with `projectMinFullMembers` full members;
  // a project without them is not required to form one
  "requirement.projectPeriodAndMembers": {
    parameters: ["projectMinMonths", "projectMinFullMembers"],
    verdict: (f, p) => (f.months >= p[0]! && f.fullMembers >= p[1]! ? "required" : "notRequired"),
    columns: (c, p, out) => {
      const min = p[0]!
      const minFull = p[1]!
      const { plannedMonths, fullMembers } = c
      for (let i = 0; i < c.size; i++) out[i] = +(plannedMonths[i]! >= min) & +(fullMembers[i]! >= minFull)
    }
  },
  // Shanghai: every major project; other sites from `siteMinMonths` to `siteMaxMonths`; silent elsewhere (the
  // national rule answers there)
  "requirement.majorOrPeriodRange": {
    parameters: ["majorProjectsRequired", "siteMinMonths", "siteMaxMonths"],
    verdict: (f, p) =>
      (f.major && p[0] === 1) || (f.months >= p[1]! && f.months <= p[2]!) ? "required" : "silent",
    // required (1) for a major project or a period in range, else silent (2): 2 − required
    columns: (c, p, out) => {
      const majorRequired = +(p[0] === 1)
      const min = p[1]!
      const max = p[2]!
      const { major, plannedMonths } = c
      for (let i = 0; i < c.size; i++) {
        const m = plannedMonths[i]!
        out[i] = 2 - ((majorRequired & +(major[i] === 1)) | (+(m >= min) & +(m <= max)))
      }
    }
  },
  // Expo: any unit with `unitMinFullMembers` full members forms a temporary organization
  "requirement.unitsWithEnoughMembers": {
    parameters: ["unitMinFullMembers"],
    verdict: (f, p) => (f.unitsWithAtLeast(p[0]!) > 0 ? "required" : "notRequired"),
    columns: (c, p, out) => {
      for (let i = 0; i < c.size; i++) out[i] = unitsWithAtLeastAt(c, i, p[0]!) > 0 ? 1 : 0
    }
  },
  // Langshan: key projects of `keyProjectMinCostYuan` or more; silent elsewhere
  "requirement.keyProject": {
    parameters: ["keyProjectsRequired", "keyProjectMinCostYuan"],
    verdict: (f, p) => (f.major && p[0] === 1 && f.costYuan >= p[1]! ? "required" : "silent"),
    columns: (c, p, out) => {
      const keyRequired = +(p[0] === 1)
      const minCost = p[1]!
      const { major, costYuan } = c
      for (let i = 0; i < c.size; i++) out[i] = 2 - (keyRequired & +(major[i] === 1) & +(costYuan[i]! >= minCost))
    }
  },
  // Fuding: cost and period thresholds, and (optionally) a key project; silent outside that scope
  "requirement.costAndPeriod": {
    parameters: ["costThresholdYuan", "periodThresholdMonths", "requireKeyProject"],
    verdict: (f, p) =>
      f.costYuan >= p[0]! && f.months >= p[1]! && (p[2] !== 1 || f.major) ? "required" : "silent",
    columns: (c, p, out) => {
      const minCost = p[0]!
      const minMonths = p[1]!
      const anyProject = +(p[2] !== 1)
      const { costYuan, plannedMonths, major } = c
      for (let i = 0; i < c.size; i++) out[i] = 2 - (+(costYuan[i]! >= minCost) & +(plannedMonths[i]! >= minMonths) & (anyProject | +(major[i] === 1)))
    }
  },
  // Wenzhou: eligible sites (period and full members); silent for the others
  "requirement.eligibleSite": {
    parameters: ["eligibleMinMonths", "eligibleMinFullMembers"],
    verdict: (f, p) => (f.months >= p[0]! && f.fullMembers >= p[1]! ? "required" : "silent"),
    columns: (c, p, out) => {
      const minMonths = p[0]!
      const minFull = p[1]!
      const { plannedMonths, fullMembers } = c
      for (let i = 0; i < c.size; i++) out[i] = 2 - (+(plannedMonths[i]! >= minMonths) & +(fullMembers[i]! >= minFull))
    }
  }
}

/** A requirement rule of a policy, ready to run: its id, its kernel and its parameter values. */
export interface CompiledRequirementRule {
  readonly ruleId: string
  readonly kernel: RequirementKernel
  readonly values: ReadonlyArray<number>
}

/**
 * The requirement rules of a resolved policy in the order they are tried, with their parameters read once.
 * A rule whose kind has no kernel, or whose parameter is missing, is left out and reported in `unusable`
 * (the setup decision treats it as silent, and so does coverage).
 */
export const compileRequirement = (policy: Policy): {
  readonly rules: ReadonlyArray<CompiledRequirementRule>
  readonly unusable: ReadonlyArray<string>
} => {
  const rules: Array<CompiledRequirementRule> = []
  const unusable: Array<string> = []
  for (const rule of policy.rules) {
    if (rule.question !== "requirement") continue
    const kernel = requirementKernels[rule.kind]
    if (kernel === undefined) continue
    const values: Array<number> = []
    for (const key of kernel.parameters) {
      const v = policy.parameters.find((p) => p.key === key)?.value
      if (typeof v === "number") values.push(v)
      else if (typeof v === "boolean") values.push(v ? 1 : 0)
      else break
    }
    if (values.length === kernel.parameters.length) rules.push({ ruleId: rule.id, kernel, values })
    else unusable.push(rule.id)
  }
  return { rules, unusable }
}

/**
 * Which layer answered each row: the position in `rules` of the first rule whose verdict is not silent, or -1
 * where every rule is silent. With local rules first and the national rule last, a row answered by a local
 * rule is inside that policy's scope (e.g. Wenzhou's eligible sites, 符合创建条件); one answered by the
 * national rule is outside it. The setup decision reads the same order (`passedOver`).
 *
 * @example
 * ```ts
 * import { answeringRule, compileRequirement, resolve, policies, portfolioColumns } from "@redsite/core"
 * import { Either } from "effect"
 * const { rules } = compileRequirement(Either.getOrThrow(resolve(policies.fudingSite2020)))
 * const layer = answeringRule(portfolioColumns([]), rules) // Int8Array of rule positions
 * ```
 */
export const answeringRule = (c: RequirementColumns, rules: ReadonlyArray<CompiledRequirementRule>): Int8Array => {
  const out = new Int8Array(c.size).fill(-1)
  const scratch = new Uint8Array(c.size)
  rules.forEach((rule, k) => {
    rule.kernel.columns(c, rule.values, scratch)
    for (let i = 0; i < c.size; i++) if (out[i] === -1 && scratch[i] !== VerdictCode.silent) out[i] = k
  })
  return out
}
