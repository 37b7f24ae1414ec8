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

/**
 * Version tag carried by every reason and gap. Bumped on any incompatible change of this module's schemas.
 *
 * Version 2 (issue 14): a {@link PolicyGap} may carry the `citation` of the clause that leaves the question
 * open, a {@link Citation} may carry the clause's `quote`, and a settled {@link Finding} may list the rules it `passedOver` (tried first and silent, e.g. a local
 * rule whose scope does not apply). Documents of version 1 still decode ({@link ExplanationFormat}).
 */
export const EXPLANATION_FORMAT = "redsite.explanation/2" as const

/** The previous version tag, still accepted when decoding (its gaps carry no citation). */
export const EXPLANATION_FORMAT_V1 = "redsite.explanation/1" as const

/**
 * Schema of the `format` field: decodes the current tag and {@link EXPLANATION_FORMAT_V1} (read as the
 * current one: every version-1 field means the same in version 2), and always encodes the current tag.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ExplanationFormat } from "@redsite/core"
 * Schema.decodeUnknownSync(ExplanationFormat)("redsite.explanation/1") // "redsite.explanation/2"
 * ```
 */
export const ExplanationFormat: Schema.Schema<typeof EXPLANATION_FORMAT, typeof EXPLANATION_FORMAT | typeof EXPLANATION_FORMAT_V1> =
  Schema.transform(Schema.Literal(EXPLANATION_FORMAT, EXPLANATION_FORMAT_V1), Schema.Literal(EXPLANATION_FORMAT), {
    strict: true,
    decode: () => EXPLANATION_FORMAT,
    encode: (v) => v
  })

/** Where a rule or a number comes from: a document (seed file or regulation) and a section or article. */
export class Citation extends Schema.Class<Citation>("Citation")({
  /** Id of a source document in the catalogue's `sources` (e.g. `seed-002`, `cpc-branch-regulations-2018`). */
  document: Schema.String,
  /** Section, article or chapter inside that document, as the document numbers it (e.g. `§二(二)`, `Art. 4`). */
  section: Schema.String,
  /** The clause's own words that state the value or the rule (format version 2), e.g. `党员人数50人以上、100人以下的`. */
  quote: Schema.optional(Schema.String),
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
  assumption: Schema.Boolean,
  /** For a member count: `full` (正式党员 only) or `all` (党员人数, full and probationary); format version 2. */
  counts: Schema.optionalWith(Schema.Literal("full", "all"), { exact: true }),
  /** The date the value read holds from, when the policy names it (a parameter with dated values). */
  from: Schema.optionalWith(Schema.String, { exact: true })
}) {}

/** One rule application: which rule of which policy, what it cites, what it read, what it concluded. */
export class Reason extends Schema.Class<Reason>("Reason")({
  format: ExplanationFormat,
  policyId: Schema.String,
  ruleId: Schema.String,
  citation: Citation,
  facts: Schema.Array(FactUsed),
  parameters: Schema.Array(ParameterUsed),
  text: Label,
  /**
   * The layer that answered: the level (national, province, city, district) of the policy the rule comes
   * from, when that policy names it.
   */
  layer: Schema.optionalWith(Schema.Literal("national", "province", "city", "district"), { exact: true })
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

/**
 * A typed statement that a policy does not settle a question: "policy X says nothing about Y".
 *
 * `citation` names the clause that leaves the question open, when there is one: e.g. Shanghai §二(二), whose
 * "6个月至2年" band says nothing of a three-year non-major site. A gap without a citation is one no clause
 * speaks to at all (or a gap decoded from format version 1).
 *
 * @example
 * ```ts
 * import { gap, cite } from "@redsite/core"
 * const g = gap("shanghai-site", "requirement", { zh: "两年以上的非重大工程未规定", en: "silent on non-major sites over two years" },
 *   cite("seed-000-site", "§二(二)"))
 * g.gap.citation?.section // "§二(二)"
 * ```
 */
export class PolicyGap extends Schema.TaggedClass<PolicyGap>()("PolicyGap", {
  format: ExplanationFormat,
  policyId: Schema.String,
  question: Question,
  text: Label,
  /** The clause that leaves the question open (format version 2; absent in version-1 gaps). */
  citation: Schema.optional(Citation)
}) {}

/** A value the policy settles, with the reasons that produced it (never empty). */
export interface Settled<A> {
  readonly _tag: "Settled"
  readonly value: A
  readonly reasons: readonly [Reason, ...Array<Reason>]
  /**
   * Rules tried before the one that answered and silent on this case, each with its clause and why it did
   * not answer: e.g. Fuding's scope rule for a site outside its scope, before the national rule answered.
   * The policy of each reason names its layer. Absent when the first rule tried answered.
   */
  readonly passedOver?: ReadonlyArray<Reason>
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
      reasons: Schema.NonEmptyArray(Reason),
      passedOver: Schema.optionalWith(Schema.Array(Reason), { exact: true })
    }),
    Schema.Struct({ _tag: Schema.Literal("Gap"), gap: PolicyGap })
  )

/** Builds a settled finding. */
export const settled = <A>(value: A, reason: Reason, ...more: Array<Reason>): Settled<A> => ({
  _tag: "Settled",
  value,
  reasons: [reason, ...more]
})

/** Builds a policy gap, citing the clause that leaves the question open when there is one. */
export const policyGap = (policyId: string, question: Question, text: { zh: string; en: string }, citation?: Citation): PolicyGap =>
  new PolicyGap({
    format: EXPLANATION_FORMAT, policyId, question, text: new Label(text, trusted),
    ...(citation === undefined ? {} : { citation })
  }, trusted)

/** Builds a gap finding, citing the clause that leaves the question open when there is one. */
export const gap = (policyId: string, question: Question, text: { zh: string; en: string }, citation?: Citation): Gap => ({
  _tag: "Gap",
  gap: policyGap(policyId, question, text, citation)
})

/** True when the finding is settled. */
export const isSettled = <A>(f: Finding<A>): f is Settled<A> => f._tag === "Settled"

/** The settled value, or `undefined` for a gap. */
export const valueOf = <A>(f: Finding<A>): A | undefined => (f._tag === "Settled" ? f.value : undefined)

/** Every reason in a finding (none for a gap). */
export const reasonsOf = <A>(f: Finding<A>): ReadonlyArray<Reason> => (f._tag === "Settled" ? f.reasons : [])
