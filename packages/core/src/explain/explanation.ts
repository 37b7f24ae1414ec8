/**
 * The explanation format shared by every module of redsite.
 *
 * Every answer the core gives is a {@link Finding}: either a settled value with the {@link Reason}s that
 * produced it (rule id, the clause it cites, the facts and the parameters it used), or a typed
 * {@link PolicyGap} saying that the policy does not settle the question. Both are plain data with
 * schemas, so they encode to JSON and decode back unchanged. The format is versioned by
 * {@link EXPLANATION_FORMAT}; a consumer should check it before relying on field names.
 *
 * @module
 */
import { Schema } from "effect"
import { Label } from "../model/primitives.js"
import { trusted } from "../internal/trusted.js"

/** Version tag carried by every reason and gap. Bumped on any incompatible change of this module's schemas. */
export const EXPLANATION_FORMAT = "redsite.explanation/1" as const

/** Where a rule or a number comes from: a document (seed file or regulation) and a section or article. */
export class Citation extends Schema.Class<Citation>("Citation")({
  /** Id of a source document in the catalogue's `sources` (e.g. `seed-002`, `cpc-branch-regulations-2018`). */
  document: Schema.String,
  /** Section, article or chapter inside that document, as the document numbers it (e.g. `§二(二)`, `Art. 4`). */
  section: Schema.String,
  /** Remark on how the clause is read, or on what could not be verified. */
  note: Schema.optional(Schema.String)
}) {}

/** A value of a fact or a parameter, as it appears in an explanation. */
export const ScalarValue = Schema.Union(
  Schema.String,
  Schema.Number,
  Schema.Boolean,
  Schema.Null,
  Schema.Array(Schema.String)
)
/** @see {@link ScalarValue} */
export type ScalarValue = typeof ScalarValue.Type

/** A fact of the case that a rule read, with the value it had. */
export class FactUsed extends Schema.Class<FactUsed>("FactUsed")({
  name: Schema.String,
  value: ScalarValue
}) {}

/** A policy parameter that a rule read, with its value, unit and whether its default is an assumption. */
export class ParameterUsed extends Schema.Class<ParameterUsed>("ParameterUsed")({
  key: Schema.String,
  value: ScalarValue,
  unit: Schema.String,
  assumption: Schema.Boolean
}) {}

/** One rule application: which rule of which policy, what it cites, what it read, what it concluded. */
export class Reason extends Schema.Class<Reason>("Reason")({
  format: Schema.Literal(EXPLANATION_FORMAT),
  policyId: Schema.String,
  ruleId: Schema.String,
  citation: Citation,
  facts: Schema.Array(FactUsed),
  parameters: Schema.Array(ParameterUsed),
  text: Label
}) {}

/** The questions a policy may or may not settle. A gap names one of them. */
export const Questions = [
  "inForce",
  "requirement",
  "forms",
  "memberThreshold",
  "lead",
  "secondSuperior",
  "secretary",
  "committee",
  "massWorkMember",
  "groups",
  "instructor",
  "liaison",
  "atStart",
  "units",
  "coverage",
  "target",
  "scoring",
  "pipeline",
  "conversion",
  "temporary",
  "terms",
  "dues",
  "mobile",
  "obligations"
] as const
/** A question a policy may leave open. */
export const Question = Schema.Literal(...Questions)
/** @see {@link Question} */
export type Question = typeof Question.Type

/** A typed statement that a policy does not settle a question: "policy X says nothing about Y". */
export class PolicyGap extends Schema.TaggedClass<PolicyGap>()("PolicyGap", {
  format: Schema.Literal(EXPLANATION_FORMAT),
  policyId: Schema.String,
  question: Question,
  text: Label
}) {}

/** A value the policy settles, with the reasons that produced it (never empty). */
export interface Settled<A> {
  readonly _tag: "Settled"
  readonly value: A
  readonly reasons: readonly [Reason, ...Array<Reason>]
}

/** The policy leaves this question open. */
export interface Gap {
  readonly _tag: "Gap"
  readonly gap: PolicyGap
}

/** The answer to one question: settled with reasons, or a gap. */
export type Finding<A> = Settled<A> | Gap

/** Schema of a {@link Finding} whose settled value has the given schema. */
export const Finding = <A, I, R>(value: Schema.Schema<A, I, R>) =>
  Schema.Union(
    Schema.Struct({
      _tag: Schema.Literal("Settled"),
      value,
      reasons: Schema.NonEmptyArray(Reason)
    }),
    Schema.Struct({ _tag: Schema.Literal("Gap"), gap: PolicyGap })
  )

/** Builds a settled finding. */
export const settled = <A>(value: A, reason: Reason, ...more: Array<Reason>): Settled<A> => ({
  _tag: "Settled",
  value,
  reasons: [reason, ...more]
})

/** Builds a gap finding. */
export const gap = (policyId: string, question: Question, text: { zh: string; en: string }): Gap => ({
  _tag: "Gap",
  gap: new PolicyGap({ format: EXPLANATION_FORMAT, policyId, question, text: new Label(text, trusted) }, trusted)
})

/** True when the finding is settled. */
export const isSettled = <A>(f: Finding<A>): f is Settled<A> => f._tag === "Settled"

/** The settled value, or `undefined` for a gap. */
export const valueOf = <A>(f: Finding<A>): A | undefined => (f._tag === "Settled" ? f.value : undefined)

/** Every reason in a finding (none for a gap). */
export const reasonsOf = <A>(f: Finding<A>): ReadonlyArray<Reason> => (f._tag === "Settled" ? f.reasons : [])
