/**
 * The value types of a setup decision and its schema (encodable to JSON).
 *
 * @module
 */
import { Schema } from "effect"
import { ExplanationFormat, Finding, PolicyGap } from "../explain/explanation.js"
import { IsoDate } from "../model/primitives.js"
import {
  DeputySources,
  Dues,
  RequirementLevels,
  SecretarySources,
  SetupForms,
  StartActions,
  SuperiorKinds,
  UnitArrangements
} from "../model/vocabulary.js"

/** One allowed form, in order of preference. */
export class FormOption extends Schema.Class<FormOption>("FormOption")({
  form: SetupForms.schema,
  /** A temporary organization (临时), dissolved with its task. */
  temporary: Schema.Boolean,
  /** Ways of forming it the policy names (e.g. Wenzhou's enterprise dispatch / area joint / multi-party joint). */
  variants: Schema.optionalWith(Schema.Array(Schema.String), { default: () => [] })
}) {}

/** An organization that leads (or co-leads) the site organization. */
export class Leader extends Schema.Class<Leader>("Leader")({
  kind: SuperiorKinds.schema,
  /** The unit whose organization leads, when the leader is a unit's organization. */
  unitId: Schema.optional(Schema.String),
  /** A name from the facts (e.g. the competent department), when known. */
  name: Schema.optional(Schema.String),
  /** The organization the leader itself reports to, where the policy names it (Langshan: the project committee is under the street working committee). */
  superior: Schema.optionalWith(SuperiorKinds.schema, { exact: true })
}) {}

/** Who is secretary and who stands beside them. */
export class SecretaryPlan extends Schema.Class<SecretaryPlan>("SecretaryPlan")({
  sources: Schema.NonEmptyArray(SecretarySources.schema),
  deputies: Schema.Array(DeputySources.schema)
}) {}

/** Shape of the leading body: a secretary alone, or an elected (or appointed) committee. */
export const CommitteeShape = Schema.Union(
  Schema.TaggedStruct("SecretaryOnly", { deputyIfNeeded: Schema.Boolean }),
  Schema.TaggedStruct("Committee", { sizeMin: Schema.Number, sizeMax: Schema.Number, sizeCeiling: Schema.Number })
)
/** @see {@link CommitteeShape} */
export type CommitteeShape = typeof CommitteeShape.Type

/** What one participating unit does. */
export class UnitDecision extends Schema.Class<UnitDecision>("UnitDecision")({
  unitId: Schema.String,
  fullMembers: Schema.Number,
  arrangement: UnitArrangements.schema,
  form: Schema.optional(SetupForms.schema)
}) {}

/**
 * The answer to "which Party organization must (or may) be set up at this project, led by whom, with which
 * committee, and why". Every element is a {@link Finding}; `gaps` lists every question the policy leaves
 * open (including notes from rules that settled their own question but left a related one open).
 */
export const SetupDecision = Schema.Struct({
  format: ExplanationFormat,
  policyId: Schema.String,
  projectId: Schema.String,
  date: IsoDate,
  requirement: Finding(RequirementLevels.schema),
  forms: Finding(Schema.Array(FormOption)),
  lead: Finding(Leader),
  secondSuperior: Schema.optional(Finding(Leader)),
  secretary: Finding(SecretaryPlan),
  committee: Finding(CommitteeShape),
  massWorkMember: Finding(Schema.Boolean),
  groups: Finding(Schema.Array(Schema.String)),
  instructor: Finding(Dues.schema),
  liaison: Finding(Dues.schema),
  atStart: Finding(Schema.Array(StartActions.schema)),
  units: Finding(Schema.Array(UnitDecision)),
  gaps: Schema.Array(PolicyGap)
})
/** @see {@link SetupDecision} */
export type SetupDecision = typeof SetupDecision.Type

/** The elements of a decision that carry findings, in the order they are decided and shown. */
export const DECISION_ELEMENTS = [
  "requirement",
  "forms",
  "lead",
  "secondSuperior",
  "secretary",
  "committee",
  "massWorkMember",
  "groups",
  "instructor",
  "liaison",
  "atStart",
  "units"
] as const
/** @see {@link DECISION_ELEMENTS} */
export type DecisionElement = (typeof DECISION_ELEMENTS)[number]
