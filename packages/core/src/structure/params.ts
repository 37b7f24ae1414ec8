/**
 * Reading the structure rules' policy parameters (internal to the structure module): from the policy resolved
 * against the catalogue, so a local policy inherits the national parameters it does not override; once per
 * policy.
 *
 * @module
 */
import type { Policy, ParameterValue } from "../policy/policy.js"
import { resolvedOrSelf } from "../scoring/policyRead.js"

const cache = new WeakMap<Policy, ReadonlyMap<string, ParameterValue>>()

/** A parameter of the policy (resolved; an unresolvable policy is read as it is), or `undefined`. */
export const parameterValue = (policy: Policy, key: string): ParameterValue | undefined => {
  let m = cache.get(policy)
  if (m === undefined) {
    m = new Map(resolvedOrSelf(policy).parameters.map((x) => [x.key, x.value]))
    cache.set(policy, m)
  }
  return m.get(key)
}
