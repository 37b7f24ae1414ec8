/**
 * Small constructors of a policy in code (tests, a script building a policy before writing its data file).
 * The catalogue itself is data: `packages/core/policies/`.
 *
 * @module
 */
import type { Citation, Question } from "../../explain/explanation.js"
import { Label } from "../../model/primitives.js"
import { EffectivePeriod, Parameter, Policy, RuleSpec } from "../policy.js"
import type { MemberBasis, ParameterUnit, ParameterValue, RuleKind } from "../policy.js"
import { isoDate } from "../../model/primitives.js"

/** A parameter whose value the cited clause states. */
export const stated = (
  key: string, value: ParameterValue, unit: ParameterUnit, zh: string, en: string, citation: Citation, note?: string
): Parameter =>
  new Parameter({ key, value, unit, label: new Label({ zh, en }), citation, assumption: false, ...(note === undefined ? {} : { note }) })

/** A parameter the source leaves open: the value is redsite's documented assumption. */
export const assumed = (
  key: string, value: ParameterValue, unit: ParameterUnit, zh: string, en: string, citation: Citation, note: string
): Parameter => new Parameter({ key, value, unit, label: new Label({ zh, en }), citation, assumption: true, note })

/** The same parameter, saying which members it counts (`full`: 正式党员; `all`: 党员人数, full and probationary). */
export const counting = (counts: MemberBasis, p: Parameter): Parameter => new Parameter({ ...p, counts })

/** A rule. */
export const rule = (
  id: string, question: Question, kind: RuleKind, zh: string, en: string, citation: Citation, parameters: ReadonlyArray<string> = []
): RuleSpec => new RuleSpec({ id, question, kind, title: new Label({ zh, en }), citation, parameters })

/** A policy. */
export const policy = (p: {
  id: string
  name: [zh: string, en: string]
  jurisdiction: [zh: string, en: string]
  basis?: string
  displaces?: ReadonlyArray<string>
  effective: { from?: string; to?: string; inferred?: boolean; note?: string }
  parameters: ReadonlyArray<Parameter>
  rules: ReadonlyArray<RuleSpec>
}): Policy =>
  new Policy({
    id: p.id,
    name: new Label({ zh: p.name[0], en: p.name[1] }),
    jurisdiction: new Label({ zh: p.jurisdiction[0], en: p.jurisdiction[1] }),
    ...(p.basis === undefined ? {} : { basis: p.basis }),
    displaces: p.displaces ?? [],
    effective: new EffectivePeriod({
      ...(p.effective.from === undefined ? {} : { from: isoDate(p.effective.from) }),
      ...(p.effective.to === undefined ? {} : { to: isoDate(p.effective.to) }),
      ...(p.effective.inferred === undefined ? {} : { inferred: p.effective.inferred }),
      ...(p.effective.note === undefined ? {} : { note: p.effective.note })
    }),
    parameters: p.parameters,
    rules: p.rules
  })
