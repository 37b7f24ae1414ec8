/**
 * The one parameter reader: every rule (setup decisions, column kernels compiled per policy, scoring and
 * membership through `scoring/policyRead`) reads a policy's parameters through {@link lookupParameter}, so a
 * missing or mistyped parameter is the same typed {@link ParameterProblem} everywhere, a renamed parameter is
 * read under its old key in a stored policy, and every parameter used is cited the same way.
 *
 * @module
 */
import { Either } from "effect"
import type { ScalarValue } from "../explain/explanation.js"
import { FactUsed, ParameterUsed } from "../explain/explanation.js"
import { resolve } from "../policy/catalogue/index.js"
import type { Parameter, Policy, ResolvedPolicy } from "../policy/policy.js"
import { parameterAt } from "../policy/policy.js"
import { trusted } from "../internal/trusted.js"
import type { ParameterType, ParameterTypes, Read, ValueOfType, Values } from "./define.js"

/**
 * A parameter a rule needs that the policy lacks (`missing`) or holds with another type (`mistyped`). Thrown
 * by a {@link Read} inside a decision (the setup decision turns it into a silence that names it, and so a
 * policy gap); returned by {@link compileValues}.
 */
export class ParameterProblem {
  readonly _tag = "ParameterProblem"
  constructor(readonly key: string, readonly expected: ParameterType, readonly found: "missing" | "mistyped") {}
}

/**
 * Parameters renamed since a policy may have been stored (a reform is a snapshot of its base): the new key
 * and the old one it is read from when a stored policy lacks the new key.
 */
const RENAMED: Readonly<Record<string, string>> = { projectOrganizationsTemporary: "siteOrganizationsTemporary" }

const hasType = (value: unknown, expected: ParameterType): boolean =>
  expected === "list" ? Array.isArray(value)
  : expected === "flag" ? typeof value === "boolean"
  : expected === "code" ? typeof value === "string"
  : typeof value === "number"

/**
 * A parameter of the policy by name and type (under its old name in a stored policy that predates a
 * rename), as of `asOf` when given (the value in force then, for a parameter with dated values), or the
 * problem. `parameters` is a policy's list, or an index of it by key.
 */
export const lookupParameter = (
  parameters: ReadonlyArray<Parameter> | ReadonlyMap<string, Parameter>,
  wanted: string,
  expected: ParameterType,
  asOf?: string
): Parameter | ParameterProblem => {
  const get = (k: string) => ("get" in parameters ? parameters.get(k) : parameters.find((x) => x.key === k))
  const old = RENAMED[wanted]
  const key = old !== undefined && get(wanted) === undefined ? old : wanted
  const found = get(key)
  // a problem names the parameter by its current name, whichever key was read
  if (found === undefined) return new ParameterProblem(wanted, expected, "missing")
  const p = parameterAt(found, asOf)
  return hasType(p.value, expected) ? p : new ParameterProblem(wanted, expected, "mistyped")
}

/**
 * A parameter as an explanation cites it (key, value, unit, assumption, the members it counts, and — for a
 * value that names the date it holds from — that date).
 */
export const citeParameter = (p: Parameter): ParameterUsed =>
  new ParameterUsed({
    key: p.key, value: p.value, unit: p.unit, assumption: p.assumption,
    ...(p.counts === undefined ? {} : { counts: p.counts }),
    ...(p.from === undefined ? {} : { from: p.from })
  }, trusted)

/** The count a member threshold compares with: full members, or full and probationary where it counts `all`. */
export const membersCounted = (counts: { readonly full: number; readonly probationary: number }, basis: "full" | "all"): number =>
  basis === "all" ? counts.full + counts.probationary : counts.full

/**
 * A reader over a policy's parameters as of a date (the value in force then, for a parameter with dated
 * values) that records, in the order read, every parameter and fact a decision uses; a missing or mistyped
 * parameter throws a {@link ParameterProblem}.
 */
export const makeReader = (parameters: ReadonlyArray<Parameter>, asOf?: string) => {
  const facts: Array<FactUsed> = []
  const params: Array<ParameterUsed> = []
  const get = (key: string, expected: ParameterType): Parameter => {
    const p = lookupParameter(parameters, key, expected, asOf)
    if (p instanceof ParameterProblem) throw p
    if (!params.some((x) => x.key === p.key)) params.push(citeParameter(p))
    return p
  }
  const read: Read = {
    num: (key) => get(key, "number").value as number,
    flag: (key) => get(key, "flag").value as boolean,
    list: (key) => get(key, "list").value as ReadonlyArray<string>,
    fact: <V extends ScalarValue>(name: string, value: V): V => {
      if (!facts.some((f) => f.name === name)) facts.push(new FactUsed({ name, value }, trusted))
      return value
    },
    members: (key, counts) => {
      const p = get(key, "members")
      const basis = p.counts ?? "full"
      return { min: p.value as number, have: membersCounted(counts, basis), counts: basis }
    }
  }
  return { read, facts, params }
}

/**
 * The values of a rule's declared parameters, read once (e.g. once per policy for a column kernel), as of
 * `asOf` when given, or the first problem.
 */
export const compileValues = <P extends ParameterTypes>(
  parameters: ReadonlyArray<Parameter>,
  declared: P,
  asOf?: string
): Values<P> | ParameterProblem => {
  const out: Record<string, unknown> = {}
  for (const [key, type] of Object.entries(declared)) {
    const p = lookupParameter(parameters, key, type, asOf)
    if (p instanceof ParameterProblem) return p
    out[key] = p.value
  }
  return out as Values<P>
}

/** Resolves a policy against the catalogue (if not already resolved), throwing on an unresolvable one. */
export const resolved = (policy: Policy): ResolvedPolicy => {
  if (policy.basis === undefined) return policy as ResolvedPolicy
  const r = resolve(policy)
  if (Either.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

/** The policy resolved against the catalogue, or the policy itself when it cannot be resolved (read as it is). */
export const resolvedOrSelf = (policy: Policy): Policy =>
  policy.basis === undefined ? policy : Either.getOrElse(resolve(policy), (): Policy => policy)

const indexes = new WeakMap<Policy, ReadonlyMap<string, Parameter>>()

/**
 * A parameter's value of the type asked, from the policy resolved against the catalogue (so a local policy
 * inherits the national parameters it does not override; resolved and indexed once per policy), or
 * `undefined` when the policy lacks it or holds another type. For checks that treat an absent parameter as
 * "no such requirement" (the structure checks); a rule that must answer reads through {@link makeReader}.
 * With `asOf`, the value in force at that date (for a parameter with dated values); without, its first value.
 *
 * @example
 * ```ts
 * import { policies, policyValue } from "@redsite/core"
 * policyValue(policies.langshanStreet, "conversionTargets", "list") // the targets the policy names
 * policyValue(policies.langshanStreet, "conversionTargets", "number") // undefined: not a number
 * ```
 */
export const policyValue = <T extends ParameterType>(policy: Policy, key: string, type: T, asOf?: string): ValueOfType<T> | undefined => {
  let index = indexes.get(policy)
  if (index === undefined) {
    index = new Map(resolvedOrSelf(policy).parameters.map((x) => [x.key, x]))
    indexes.set(policy, index)
  }
  const p = lookupParameter(index, key, type, asOf)
  return p instanceof ParameterProblem ? undefined : (p.value as ValueOfType<T>)
}
