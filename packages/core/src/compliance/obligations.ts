/**
 * A policy's obligations: its obligation rules (and its basis chain's) with the parameters they read, merged as
 * `resolvePolicy` merges rules and parameters. Today the rules and parameters come from
 * `policyObligations` (by the ids of the policies in the chain) and the policy's own parameters override them;
 * once the policy data carries them, this reads the policy alone.
 *
 * @module
 */
import { Either } from "effect"
import type { Parameter, Policy, PolicyResolutionError, ResolvedPolicy } from "../policy/policy.js"
import { resolve } from "../policy/catalogue/index.js"
import { ObligationSpec, policyObligations } from "./policyObligations.js"
import { trusted } from "../internal/trusted.js"

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
 * Merges an already-resolved policy's chain with the obligation data: the chain is the policy itself, the
 * policy it was derived from (a reform) and the origins of its rules, local layers first.
 */
export const obligationPolicyOf = (policy: ResolvedPolicy): ObligationPolicy => {
  const chain: Array<string> = []
  const add = (id: string | undefined) => { if (id !== undefined && !chain.includes(id)) chain.push(id) }
  add(policy.id)
  add(policy.derivedFrom?.from)
  for (const r of policy.rules) add(r.origin)
  const params = new Map<string, Parameter>()
  const rules: Array<ObligationSpec> = []
  for (const id of [...chain].reverse()) for (const p of policyObligations[id]?.parameters ?? []) params.set(p.key, p)
  // the policy's own parameters win: a reform or a hand-made policy may set an obligation's parameter
  for (const p of policy.parameters) if (params.has(p.key)) params.set(p.key, p)
  const ids = new Set<string>()
  for (const id of chain) {
    for (const r of policyObligations[id]?.rules ?? []) {
      if (ids.has(r.id)) continue
      ids.add(r.id)
      rules.push(new ObligationSpec({ ...r, origin: r.origin ?? id }, trusted))
    }
  }
  return { id: policy.id, parameters: [...params.values(), ...policy.parameters.filter((p) => !params.has(p.key))], rules, policy, chain }
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
