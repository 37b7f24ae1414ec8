/**
 * The one parameter reader: every rule (setup decisions, column kernels compiled per policy, scoring and
 * membership through `scoring/policyRead`) reads a policy's parameters through {@link lookupParameter}, so a
 * missing or mistyped parameter is the same typed {@link ParameterProblem} everywhere, a renamed parameter is
 * read under its old key in a stored policy, and every parameter used is cited the same way.
 *
 * @module
 */
import type { ScalarValue } from "../explain/explanation.js"
import { FactUsed, ParameterUsed } from "../explain/explanation.js"
import type { Parameter } from "../policy/policy.js"
import { trusted } from "../internal/trusted.js"
import type { ParameterType, ParameterTypes, Read, Values } from "./define.js"

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
  expected === "list" ? Array.isArray(value) : expected === "flag" ? typeof value === "boolean" : typeof value === "number"

/**
 * A parameter of the policy by name and type (under its old name in a stored policy that predates a
 * rename), or the problem.
 */
export const lookupParameter = (
  parameters: ReadonlyArray<Parameter>,
  wanted: string,
  expected: ParameterType
): Parameter | ParameterProblem => {
  const old = RENAMED[wanted]
  const key = old !== undefined && !parameters.some((x) => x.key === wanted) ? old : wanted
  const p = parameters.find((x) => x.key === key)
  if (p === undefined) return new ParameterProblem(key, expected, "missing")
  return hasType(p.value, expected) ? p : new ParameterProblem(key, expected, "mistyped")
}

/** A parameter as an explanation cites it (key, value, unit, assumption, the members it counts). */
export const citeParameter = (p: Parameter): ParameterUsed =>
  new ParameterUsed({
    key: p.key, value: p.value, unit: p.unit, assumption: p.assumption, ...(p.counts === undefined ? {} : { counts: p.counts })
  }, trusted)

/** The count a member threshold compares with: full members, or full and probationary where it counts `all`. */
export const membersCounted = (counts: { readonly full: number; readonly probationary: number }, basis: "full" | "all"): number =>
  basis === "all" ? counts.full + counts.probationary : counts.full

/**
 * A reader over a policy's parameters that records, in the order read, every parameter and fact a decision
 * uses; a missing or mistyped parameter throws a {@link ParameterProblem}.
 */
export const makeReader = (parameters: ReadonlyArray<Parameter>) => {
  const facts: Array<FactUsed> = []
  const params: Array<ParameterUsed> = []
  const get = (key: string, expected: ParameterType): Parameter => {
    const p = lookupParameter(parameters, key, expected)
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
 * The values of a rule's declared parameters, read once (e.g. once per policy for a column kernel), or the
 * first problem.
 */
export const compileValues = <P extends ParameterTypes>(
  parameters: ReadonlyArray<Parameter>,
  declared: P
): Values<P> | ParameterProblem => {
  const out: Record<string, unknown> = {}
  for (const [key, type] of Object.entries(declared)) {
    const p = lookupParameter(parameters, key, type)
    if (p instanceof ParameterProblem) return p
    out[key] = p.value
  }
  return out as Values<P>
}
