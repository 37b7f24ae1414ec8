/**
 * Building {@link Reason}s of the shared explanation format for the scoring and membership modules.
 *
 * @module
 */
import type { Citation, ScalarValue } from "../explain/explanation.js"
import { EXPLANATION_FORMAT, FactUsed, ParameterUsed, Reason } from "../explain/explanation.js"
import { Label } from "../model/primitives.js"
import { trusted } from "../internal/trusted.js"

/** A parameter as a reason records it. */
export const param = (key: string, value: ScalarValue, unit: string, assumption: boolean): ParameterUsed =>
  new ParameterUsed({ key, value, unit, assumption }, trusted)

/** Builds a reason from plain facts. */
export const makeReason = (r: {
  readonly policyId: string
  readonly ruleId: string
  readonly citation: Citation
  readonly facts?: Readonly<Record<string, ScalarValue>>
  readonly parameters?: ReadonlyArray<ParameterUsed>
  readonly zh: string
  readonly en: string
}): Reason =>
  new Reason({
    format: EXPLANATION_FORMAT,
    policyId: r.policyId,
    ruleId: r.ruleId,
    citation: r.citation,
    facts: Object.entries(r.facts ?? {}).map(([name, value]) => new FactUsed({ name, value }, trusted)),
    parameters: r.parameters ?? [],
    text: new Label({ zh: r.zh, en: r.en }, trusted)
  }, trusted)
