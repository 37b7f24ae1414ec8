/**
 * A policy's obligations: its obligation rules (its own, then its basis chain's, as `resolvePolicy` merges rules)
 * with the parameters they read — all read from the resolved policy alone, since the obligation rules and their
 * parameters are policy data (`packages/core/policies/…json`).
 *
 * @module
 */
import { Either } from "effect"
import type { Parameter, Policy, PolicyResolutionError, ResolvedPolicy } from "../policy/policy.js"
import { resolve } from "../policy/catalogue/index.js"
import { isObligationRule } from "./policyObligations.js"
import type { ObligationSpec } from "./policyObligations.js"

/** A policy-like object the obligations are evaluated from: id, parameters, obligation rules (with origins). */
export interface ObligationPolicy {
  readonly id: string
  readonly parameters: ReadonlyArray<Parameter>
  readonly rules: ReadonlyArray<ObligationSpec>
  /** The resolved policy (for the setup decision that obligations read). */
  readonly policy: ResolvedPolicy
  /** The chain's policy ids, local first; the last is the baseline whose rules always apply. */
  readonly chain: ReadonlyArray<string>
}

/**
 * The obligations of an already-resolved policy: its obligation rules in resolution order (local layers first,
 * each with its origin), its parameters, and its chain — the policy itself, the policy it was derived from (a
 * reform) and the origins of its rules, local layers first.
 */
export const obligationPolicyOf = (policy: ResolvedPolicy): ObligationPolicy => {
  const chain: Array<string> = []
  const add = (id: string | undefined) => { if (id !== undefined && !chain.includes(id)) chain.push(id) }
  add(policy.id)
  add(policy.derivedFrom?.from)
  for (const r of policy.rules) add(r.origin)
  return { id: policy.id, parameters: policy.parameters, rules: policy.rules.filter(isObligationRule), policy, chain }
}

/**
 * The obligations of a policy (resolved against the catalogue; `extra` may supply the base of a reform).
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { obligationsOf, policies } from "@redsite/core"
 * const o = Either.getOrThrow(obligationsOf(policies.shanghaiSite))
 * o.rules.map((r) => r.id) // shanghai-site's obligations, then national.obligations.siteOrganization
 * ```
 */
export const obligationsOf = (policy: Policy, extra: ReadonlyArray<Policy> = []): Either.Either<ObligationPolicy, PolicyResolutionError> =>
  Either.map(resolve(policy, extra), obligationPolicyOf)
