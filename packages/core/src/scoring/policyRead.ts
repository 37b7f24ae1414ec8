/**
 * Reading a rule's parameters from a resolved policy, recording each one for the rule's {@link Reason}.
 *
 * @module
 */
import type { Gap, ParameterUsed, Question, Reason, ScalarValue } from "../explain/explanation.js"
import { gap } from "../explain/explanation.js"
import type { ResolvedPolicy, RuleKind, RuleSpec } from "../policy/policy.js"
import type { ParameterType } from "../rules/define.js"
import { ParameterProblem, citeParameter, lookupParameter } from "../rules/read.js"
import { makeReason } from "./reasons.js"

/** Reads one rule's parameters and builds its reasons. */
export interface RuleReader {
  readonly rule: RuleSpec
  readonly policyId: string
  readonly num: (key: string) => number
  readonly flag: (key: string) => boolean
  readonly list: (key: string) => ReadonlyArray<string>
  /** A reason of this rule, with the parameters read so far. */
  readonly reason: (facts: Readonly<Record<string, ScalarValue>>, zh: string, en: string) => Reason
}

/** A parameter the rule needs is missing or has the wrong type. */
export class MissingParameterError extends Error {
  constructor(readonly policyId: string, readonly key: string) {
    super(`policy ${policyId} lacks parameter ${key} of the expected type`)
  }
}

export { resolved, resolvedOrSelf } from "../rules/read.js"

/** A reader for the first rule of a kind in the policy, or a gap when the policy has none. */
export const readerFor = (
  policy: ResolvedPolicy, kind: RuleKind, question: Question, what: { zh: string; en: string }, asOf?: string
): RuleReader | Gap => {
  const rule = policy.rules.find((r) => r.kind === kind)
  if (rule === undefined) {
    return gap(policy.id, question, { zh: `政策${policy.id}未规定${what.zh}`, en: `policy ${policy.id} says nothing about ${what.en}` })
  }
  return readerOf(policy, rule, asOf)
}

/** A reader for a given rule of the policy, reading each parameter as of `asOf` when given (the value in force then). */
export const readerOf = (policy: ResolvedPolicy, rule: RuleSpec, asOf?: string): RuleReader => {
  const used: Array<ParameterUsed> = []
  // the one reader's lookup: the same types, renames and citation as every rule
  const get = (key: string, type: ParameterType) => {
    const p = lookupParameter(policy.parameters, key, type, asOf)
    if (p instanceof ParameterProblem) throw new MissingParameterError(policy.id, key)
    if (!used.some((u) => u.key === p.key)) used.push(citeParameter(p))
    return p.value
  }
  const policyId = rule.origin ?? policy.id
  return {
    rule,
    policyId,
    num: (k) => get(k, "number") as number,
    flag: (k) => get(k, "flag") as boolean,
    list: (k) => get(k, "list") as ReadonlyArray<string>,
    reason: (facts, zh, en) =>
      makeReason({ policyId, ruleId: rule.id, citation: rule.citation, facts, parameters: [...used], zh, en })
  }
}

/** Whether a reader lookup returned a gap. */
export const isGap = (x: RuleReader | Gap): x is Gap => "_tag" in x && x._tag === "Gap"
