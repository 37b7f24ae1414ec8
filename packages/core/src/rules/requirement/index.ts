/**
 * The requirement question ("must this project set up an organization?") over a portfolio: a resolved
 * policy's requirement rules compiled once (their parameters read by name through the one reader), and which
 * layer answered each row.
 *
 * @module
 */
import type { Policy } from "../../policy/policy.js"
import type { ParameterType, RequirementKernel, ValueOfType } from "../define.js"
import { ParameterProblem, compileValues } from "../read.js"
import { ruleRegistry } from "../registry.js"
import type { RequirementColumns } from "./facts.js"
import { VerdictCode } from "./facts.js"

/** A requirement rule of a policy, ready to run: its id, its kernel and its parameter values by name. */
export interface CompiledRequirementRule {
  readonly ruleId: string
  readonly kernel: RequirementKernel
  readonly values: Readonly<Record<string, ValueOfType<ParameterType>>>
}

/**
 * The requirement rules of a resolved policy in the order they are tried, with their parameters read once.
 * A rule whose kind has no kernel is left out; one whose parameter is missing or mistyped is left out and
 * reported in `unusable` with the problem (the setup decision treats it as silent, and so does coverage).
 * With `asOf`, each parameter is read as of that date (the value in force then, as the setup decision reads it).
 *
 * @example
 * ```ts
 * import { compileRequirement, resolve, policies } from "@redsite/core"
 * import { Either } from "effect"
 * const { rules } = compileRequirement(Either.getOrThrow(resolve(policies.fudingSite2020)))
 * rules.map((r) => r.ruleId) // ["fuding-site-2020.requirement", "national.requirement"]
 * ```
 */
export const compileRequirement = (policy: Policy, asOf?: string): {
  readonly rules: ReadonlyArray<CompiledRequirementRule>
  readonly unusable: ReadonlyArray<string>
  readonly problems: ReadonlyArray<{ readonly ruleId: string; readonly problem: ParameterProblem }>
} => {
  const rules: Array<CompiledRequirementRule> = []
  const problems: Array<{ readonly ruleId: string; readonly problem: ParameterProblem }> = []
  for (const rule of policy.rules) {
    if (rule.question !== "requirement") continue
    const definition = ruleRegistry.get(rule.kind)
    if (definition?.kernel === undefined) continue
    const values = compileValues(policy.parameters, definition.parameters, asOf)
    if (values instanceof ParameterProblem) problems.push({ ruleId: rule.id, problem: values })
    else rules.push({ ruleId: rule.id, kernel: definition.kernel, values })
  }
  return { rules, unusable: problems.map((p) => p.ruleId), problems }
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
