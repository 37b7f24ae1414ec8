/**
 * Obligation rules as policy data: each catalogue policy's data file (`packages/core/policies/…json`) lists its
 * obligation rules among its `rules` (question `obligations`, an obligation kind of `obligationRegistry`) and the
 * parameters they read among its `parameters`, each with its value, clause, and assumption flag and note.
 * {@link obligationsOf} reads them from the resolved policy alone; {@link policyObligations} is a view of the
 * catalogue's data by policy id.
 *
 * @module
 */
import type { Parameter, Policy, RuleSpec } from "../policy/policy.js"
import { catalogue } from "../policy/catalogue/index.js"
import { cite } from "../policy/sources.js"
import { obligationRegistry } from "../rules/obligation/index.js"
import type { ObligationKind } from "../rules/obligation/define.js"

/** An obligation rule of a policy: a `RuleSpec` answering `obligations` with an obligation kind. */
export type ObligationSpec = RuleSpec & { readonly question: "obligations"; readonly kind: ObligationKind }

/**
 * Whether a rule of a policy is an obligation rule (its kind is one of `obligationRegistry`).
 *
 * @example
 * ```ts
 * import { isObligationRule, policies } from "@redsite/core"
 * policies.national.rules.filter(isObligationRule).map((r) => r.id) // ["national.obligations.siteOrganization"]
 * ```
 */
export const isObligationRule = (rule: RuleSpec): rule is ObligationSpec =>
  rule.question === "obligations" && obligationRegistry.has(rule.kind as ObligationKind)

/** A policy's own obligation rules and the parameters they read. */
export interface PolicyObligationData {
  readonly parameters: ReadonlyArray<Parameter>
  readonly rules: ReadonlyArray<ObligationSpec>
}

/**
 * A policy's own obligation rules (not its basis's) and the parameters of its own data they read.
 *
 * @example
 * ```ts
 * import { obligationDataOf, policies } from "@redsite/core"
 * obligationDataOf(policies.fudingSite2020).rules.length // 3
 * ```
 */
export const obligationDataOf = (policy: Policy): PolicyObligationData => {
  const rules = policy.rules.filter(isObligationRule)
  const read = new Set(rules.flatMap((r) => r.parameters))
  return { rules, parameters: policy.parameters.filter((p) => read.has(p.key)) }
}

/**
 * The obligation rules and parameters of each catalogue policy, by policy id: a view of the policies' data
 * files (policies without obligation rules are absent). A policy inherits its basis's obligations by the
 * normal resolution (every policy has `national.obligations.siteOrganization`).
 *
 * @example
 * ```ts
 * import { policyObligations } from "@redsite/core"
 * policyObligations["wenzhou-red-site-2022"]?.parameters.find((p) => p.key === "monthlyReportDueDay")?.assumption // true
 * ```
 */
export const policyObligations: Readonly<Record<string, PolicyObligationData>> = Object.fromEntries(
  catalogue.flatMap((p) => {
    const d = obligationDataOf(p)
    return d.rules.length === 0 ? [] : [[p.id, d] as const]
  })
)

/** The clause a policy without obligation rules is cited by in its gap. */
export const NO_OBLIGATIONS_CITATION = cite("redsite-assumption", "compliance", "a policy whose data lists no obligation rules carries none (its basis's apply, by resolution)")
