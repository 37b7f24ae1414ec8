/**
 * Side-by-side comparison of setup decisions: the same facts under two policies (or a policy and a reform).
 *
 * @module
 */
import type { Finding, ParameterUsed, Reason } from "../explain/explanation.js"
import { reasonsOf } from "../explain/explanation.js"
import type { DecisionElement, SetupDecision } from "./decision.js"
import { DECISION_ELEMENTS } from "./decision.js"

/** A parameter read on either side whose value differs (or that only one side read). */
export interface ParameterDifference {
  readonly key: string
  readonly left: ParameterUsed | undefined
  readonly right: ParameterUsed | undefined
}

/** One element of the decision that differs, and what caused the difference. */
export interface ElementDifference {
  readonly element: DecisionElement
  readonly left: Finding<unknown> | undefined
  readonly right: Finding<unknown> | undefined
  /** Rule ids that produced each side. */
  readonly rules: { readonly left: ReadonlyArray<string>; readonly right: ReadonlyArray<string> }
  /** Parameters whose values differ between the two sides' reasons. */
  readonly parameters: ReadonlyArray<ParameterDifference>
}

/** The comparison of two decisions on the same project. */
export interface DecisionComparison {
  readonly projectId: string
  readonly left: string
  readonly right: string
  readonly differences: ReadonlyArray<ElementDifference>
  /** Elements both sides settle the same way. */
  readonly same: ReadonlyArray<DecisionElement>
}

const passedOverOf = (f: Finding<unknown> | undefined): ReadonlyArray<Reason> =>
  f !== undefined && f._tag === "Settled" ? f.passedOver ?? [] : []

/** A stable key for a finding's outcome (its value, or the fact that it is a gap). */
export const outcomeKey = (f: Finding<unknown> | undefined): string =>
  f === undefined ? "absent" : f._tag === "Gap" ? "gap" : JSON.stringify(f.value)

const paramsOf = (reasons: ReadonlyArray<Reason>): Map<string, ParameterUsed> => {
  const m = new Map<string, ParameterUsed>()
  for (const r of reasons) for (const p of r.parameters) m.set(p.key, p)
  return m
}

/** The parameters two sets of reasons read with different values, or that only one side read. */
export const parameterDifferences = (
  left: ReadonlyArray<Reason>,
  right: ReadonlyArray<Reason>
): ReadonlyArray<ParameterDifference> => {
  const l = paramsOf(left)
  const r = paramsOf(right)
  const keys = [...new Set([...l.keys(), ...r.keys()])].sort()
  return keys.flatMap((key) => {
    const a = l.get(key)
    const b = r.get(key)
    return a !== undefined && b !== undefined && JSON.stringify(a.value) === JSON.stringify(b.value)
      ? []
      : [{ key, left: a, right: b }]
  })
}

/**
 * Compares two decisions for the same project element by element. Each difference names the rules on
 * both sides and the parameters whose values differ, so the cause of the difference can be read off.
 */
export const compareDecisions = (left: SetupDecision, right: SetupDecision): DecisionComparison => {
  const differences: Array<ElementDifference> = []
  const same: Array<DecisionElement> = []
  for (const element of DECISION_ELEMENTS) {
    const a = left[element] as Finding<unknown> | undefined
    const b = right[element] as Finding<unknown> | undefined
    if (outcomeKey(a) === outcomeKey(b)) {
      same.push(element)
      continue
    }
    const ra = a === undefined ? [] : reasonsOf(a)
    const rb = b === undefined ? [] : reasonsOf(b)
    differences.push({
      element,
      left: a,
      right: b,
      rules: { left: ra.map((r) => r.ruleId), right: rb.map((r) => r.ruleId) },
      // the rules a side passed over count too: a reform that moves a project out of a local scope changes
      // the scope rule's parameters, and that rule is then silent (passed over) on one side
      parameters: parameterDifferences([...passedOverOf(a), ...ra], [...passedOverOf(b), ...rb])
    })
  }
  return { projectId: left.projectId, left: left.policyId, right: right.policyId, differences, same }
}
