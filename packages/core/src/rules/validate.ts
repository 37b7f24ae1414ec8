/**
 * A policy's rules checked against the registry: the catalogue's validation as a view of the rule modules.
 *
 * @module
 */
import type { DecodeIssue } from "../model/decode.js"
import type { Policy } from "../policy/policy.js"
import { ParameterProblem, lookupParameter } from "./read.js"
import type { ObligationKind } from "./obligation/define.js"
import { obligationRegistry, ruleRegistry } from "./registry.js"

/**
 * What is wrong with a (resolved) policy's rules, each with its path: a rule of a registry kind whose
 * parameter the policy lacks or holds with another type than the kind declares, or whose list of parameters
 * differs from the kind's declaration. Empty for every policy of the catalogue (tested). Obligation rules are
 * checked against `obligationRegistry` alike; kinds in neither registry (scoring, membership, coverage) are not
 * checked here.
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { policies, resolve, ruleProblems } from "@redsite/core"
 * ruleProblems(Either.getOrThrow(resolve(policies.wenzhouRedSite2022))) // []
 * ```
 */
export const ruleProblems = (policy: Policy): ReadonlyArray<DecodeIssue> => {
  const out: Array<DecodeIssue> = []
  policy.rules.forEach((rule, i) => {
    const d = ruleRegistry.get(rule.kind) ?? obligationRegistry.get(rule.kind as ObligationKind)
    if (d === undefined) return
    const declared = Object.keys(d.parameters)
    for (const [key, type] of Object.entries(d.parameters)) {
      const p = lookupParameter(policy.parameters, key, type)
      if (p instanceof ParameterProblem) {
        out.push({ path: `rules[${i}]`, message: `${rule.id} (${rule.kind}) reads parameter ${key} (${type}), which the policy ${p.found === "missing" ? "lacks" : "holds with another type"}` })
      }
    }
    const listed = new Set(rule.parameters)
    for (const key of declared) if (!listed.has(key)) out.push({ path: `rules[${i}].parameters`, message: `${rule.id} reads ${key} and does not list it` })
    for (const key of listed) if (!declared.includes(key)) out.push({ path: `rules[${i}].parameters`, message: `${rule.id} lists ${key}, which kind ${rule.kind} does not read` })
  })
  return out
}
