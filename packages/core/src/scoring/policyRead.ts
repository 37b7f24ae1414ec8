/**
 * Reading a rule's parameters from a resolved policy, recording each one for the rule's {@link Reason}.
 *
 * @module
 */
import { Either } from "effect"
import type { Gap, Question, Reason, ScalarValue } from "../explain/explanation.js"
import { ParameterUsed, gap } from "../explain/explanation.js"
import { resolve } from "../policy/catalogue/index.js"
import type { Policy, ResolvedPolicy, RuleKind, RuleSpec } from "../policy/policy.js"
import { makeReason } from "./reasons.js"
import { trusted } from "../internal/trusted.js"

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

/** A reader for the first rule of a kind in the policy, or a gap when the policy has none. */
export const readerFor = (policy: ResolvedPolicy, kind: RuleKind, question: Question, what: { zh: string; en: string }): RuleReader | Gap => {
  const rule = policy.rules.find((r) => r.kind === kind)
  if (rule === undefined) {
    return gap(policy.id, question, { zh: `政策${policy.id}未规定${what.zh}`, en: `policy ${policy.id} says nothing about ${what.en}` })
  }
  return readerOf(policy, rule)
}

/** A reader for a given rule of the policy. */
export const readerOf = (policy: ResolvedPolicy, rule: RuleSpec): RuleReader => {
  const used: Array<ParameterUsed> = []
  const get = (key: string, ok: (v: unknown) => boolean) => {
    const p = policy.parameters.find((x) => x.key === key)
    if (p === undefined || !ok(p.value)) throw new MissingParameterError(policy.id, key)
    if (!used.some((u) => u.key === key)) used.push(new ParameterUsed({ key, value: p.value, unit: p.unit, assumption: p.assumption }, trusted))
    return p.value
  }
  const policyId = rule.origin ?? policy.id
  return {
    rule,
    policyId,
    num: (k) => get(k, (v) => typeof v === "number") as number,
    flag: (k) => get(k, (v) => typeof v === "boolean") as boolean,
    list: (k) => get(k, Array.isArray) as ReadonlyArray<string>,
    reason: (facts, zh, en) =>
      makeReason({ policyId, ruleId: rule.id, citation: rule.citation, facts, parameters: [...used], zh, en })
  }
}

/** Whether a reader lookup returned a gap. */
export const isGap = (x: RuleReader | Gap): x is Gap => "_tag" in x && x._tag === "Gap"
