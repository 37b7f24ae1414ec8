/**
 * Policies as data: a jurisdiction's parameters and rules, each with its citation, over an effective period.
 *
 * A policy may name a `basis` (usually `national`): its rules are tried first, then the basis's rules, so a
 * local policy refines the national baseline without copying it; a local rule answers where its scope applies
 * and is silent elsewhere, so the national rule answers there (the setup decision lists the silent rules as
 * `passedOver`). {@link resolvePolicy} flattens that.
 * A "reform" ({@link reform}) is a policy derived from another with some parameters changed.
 *
 * @module
 */
import { Either, Schema } from "effect"
import { Citation, ParameterUsed, Question } from "../explain/explanation.js"
import { DecodeError, decoderFor } from "../model/decode.js"
import { Id, IsoDate, Label } from "../model/primitives.js"
import { trusted } from "../internal/trusted.js"
import { ScoringScheme } from "../scoring/schemeSchema.js"
import { TalkTriggers } from "../scoring/vocabulary.js"

/** A source document a citation can point to. */
export class SourceDocument extends Schema.Class<SourceDocument>("SourceDocument")({
  id: Id,
  kind: Schema.Literal("seed", "regulation", "report"),
  /** File name in `shared/seeds/` for a seed document. */
  file: Schema.optional(Schema.String),
  title: Label,
  issuer: Schema.String,
  /** Date as the document gives it (years elided in a source stay elided, e.g. `201x-04-27`). */
  date: Schema.String
}) {}

/** Value of a policy parameter. */
export const ParameterValue = Schema.Union(Schema.Number, Schema.Boolean, Schema.String, Schema.Array(Schema.String))
/** @see {@link ParameterValue} */
export type ParameterValue = typeof ParameterValue.Type

/** Unit of a parameter's value. */
export const ParameterUnit = Schema.Literal("yuan", "months", "years", "members", "units", "share", "flag", "list", "code")
/** @see {@link ParameterUnit} */
export type ParameterUnit = typeof ParameterUnit.Type

/**
 * Which members a member-count parameter counts: `full` — full members only (正式党员, e.g. "正式党员3人以上");
 * `all` — every member, full and probationary (党员人数, e.g. "党员人数50人以上"). Members in the recruitment
 * pipeline (applicants, activists, candidates) are never members.
 */
export const MemberBasis = Schema.Literal("full", "all")
/** @see {@link MemberBasis} */
export type MemberBasis = typeof MemberBasis.Type

/**
 * The layer of government a policy belongs to, from the national baseline down: `national` → `province`
 * (a province, or a municipality directly under the central government such as Shanghai) → `city` →
 * `district` (a district, county or county-level city, and the streets and towns under it).
 */
export const PolicyLevels = ["national", "province", "city", "district"] as const
/** @see {@link PolicyLevels} */
export const PolicyLevel = Schema.Literal(...PolicyLevels)
/** @see {@link PolicyLevel} */
export type PolicyLevel = typeof PolicyLevel.Type

/**
 * A value a parameter takes from a date on (a source changing the number, or a reform from a date), with the
 * clause that states it or the flag that it is an assumption.
 */
export class DatedValue extends Schema.Class<DatedValue>("DatedValue")({
  from: IsoDate,
  value: ParameterValue,
  citation: Citation,
  assumption: Schema.Boolean,
  note: Schema.optional(Schema.String)
}) {}

/** A number or setting a rule reads. Its default either comes from a cited clause or is a flagged assumption. */
export class Parameter extends Schema.Class<Parameter>("Parameter")({
  key: Id,
  value: ParameterValue,
  unit: ParameterUnit,
  label: Label,
  citation: Citation,
  /** True when the source leaves this number open and the value is redsite's documented assumption. */
  assumption: Schema.Boolean,
  /** For a parameter in `members`: which members it counts (the rules compare that count with it). */
  counts: Schema.optionalWith(MemberBasis, { exact: true }),
  note: Schema.optional(Schema.String),
  /**
   * The date `value` holds from, when the source gives one; absent, it holds from the policy's start
   * (`effective.from`, itself unknown where the source elides it). Never invented.
   */
  from: Schema.optionalWith(IsoDate, { exact: true }),
  /**
   * Later values, each in force from its date (ascending), each with its citation: read "as of a date", the
   * parameter has the last value whose `from` is on or before it, else `value`.
   */
  later: Schema.optionalWith(Schema.Array(DatedValue), { exact: true })
}) {}

/**
 * A parameter as of a date: itself when it has no later values (or no date is asked, when its first value
 * answers), else a copy holding the value in force at `asOf` — value, citation, assumption, note and the
 * `from` it holds from.
 *
 * @example
 * ```ts
 * import { parameterAt, policies } from "@redsite/core"
 * const p = policies.national.parameters.find((x) => x.key === "probationMonths")!
 * parameterAt(p, "2024-01-01").value // 12: the Constitution's year (no later value)
 * ```
 */
export const parameterAt = (p: Parameter, asOf: string | undefined): Parameter => {
  if (p.later === undefined || asOf === undefined) return p
  let chosen: DatedValue | undefined
  for (const v of p.later) if (v.from <= asOf) chosen = v
  if (chosen === undefined) return p
  const { later: _later, note: _note, ...rest } = p
  return new Parameter({
    ...rest, value: chosen.value, citation: chosen.citation, assumption: chosen.assumption, from: chosen.from,
    ...(chosen.note === undefined ? {} : { note: chosen.note })
  }, trusted)
}

/** Whether two parameter values have the same type (a list of strings counts as one type). */
export const sameValueType = (a: ParameterValue, b: ParameterValue): boolean =>
  Array.isArray(a) ? Array.isArray(b) && b.every((x) => typeof x === "string") : typeof a === typeof b

/**
 * The kinds of rule the core knows how to apply. A rule in a policy names one of them.
 *
 * A list of names, not a view of the rule registry: the {@link Policy} schema needs the kinds when the catalogue's
 * data files are decoded (as the core loads), and the registry's modules read policies (through the one reader,
 * which resolves against the catalogue), so deriving this list from them would be an import cycle. The registry's
 * contract test keeps them equal: a new kind is a module, a registry line and a name here.
 */
export const RuleKinds = [
  // setup: is an organization required?
  "requirement.projectPeriodAndMembers",
  "requirement.majorOrPeriodRange",
  "requirement.unitsWithEnoughMembers",
  "requirement.keyProject",
  "requirement.costAndPeriod",
  "requirement.eligibleSite",
  // setup: which forms
  "forms.byMemberCount",
  "forms.siteWithAlternatives",
  "forms.expoDepartments",
  "forms.projectBranchPerDepartment",
  "forms.combinedBranch",
  "forms.jointAlternatives",
  "forms.massOrganizationBridge",
  // setup: leadership
  "lead.unitRolePreference",
  "lead.streetWorkingCommittee",
  "lead.competentDepartment",
  "lead.dispatchingUnit",
  "secondSuperior.bureauCommittee",
  // setup: committee
  "secretary.temporaryAppointed",
  "secretary.leadUnitWithProject",
  "secretary.streetLiaisonLeader",
  "secretary.projectManagerOrCadre",
  "secretary.administrativeHead",
  "committee.byFullMembers",
  "massWork.dedicatedMember",
  "groups.bySection",
  "groups.largeOrScattered",
  "instructor.everyCombinedBranch",
  "instructor.whenTooFewMembers",
  "instructor.forUnitsWithoutOrganization",
  "liaison.everyCombinedBranch",
  "atStart.fourSynchronizations",
  "atStart.threeSynchronizations",
  "atStart.jointMeetingAndLetter",
  "atStart.recordFiling",
  "atStart.creationRecords",
  "atStart.reportOnEntry",
  "units.ownBranchIfEnough",
  "units.attendWithMembershipUnchanged",
  "units.expoThreshold",
  // structure, lifecycle, coverage, membership
  "temporary.restrictions",
  "temporary.dissolveWithTask",
  "conversion.afterCompletion",
  "target.yearlyShares",
  "target.majorProjectsByYearEnd",
  "terms.committeeYears",
  "probation.duration",
  "dues.rates",
  "mobile.transferAfterMonths",
  "appraisal.yearly",
  "scoring.categories",
  // scoring and membership (issue 6)
  "appraisal.combination",
  "obligations.talks",
  "pipeline.minimumIntervals",
  "pipeline.admittingOrganization",
  // compliance obligations (issue 19): one module each under rules/obligation/, in `obligationRegistry`
  "obligation.siteOrganization",
  "obligation.fourSynchronizations",
  "obligation.partyWorkBeforeConstruction",
  "obligation.externalJointMechanism",
  "obligation.threeSynchronizations",
  "obligation.bundledAssessment",
  "obligation.dualStandardLetter",
  "obligation.jointMeeting",
  "obligation.instructorAndLiaison",
  "obligation.fiveGoodTwoStrive",
  "obligation.creationRecords",
  "obligation.monthlyReport",
  "obligation.annualEvaluation",
  "obligation.creditFileEntry"
] as const
/** A known rule kind. */
export const RuleKind = Schema.Literal(...RuleKinds)
/** @see {@link RuleKind} */
export type RuleKind = typeof RuleKind.Type

/** A rule of a policy: which question it answers, how (its kind), what it cites, which parameters it reads. */
export class RuleSpec extends Schema.Class<RuleSpec>("RuleSpec")({
  id: Id,
  question: Question,
  kind: RuleKind,
  title: Label,
  citation: Citation,
  parameters: Schema.Array(Id),
  /** Set by {@link resolvePolicy}: the policy the rule comes from (its own id, or its basis's). */
  origin: Schema.optional(Id),
  /** Set by {@link resolvePolicy}: the layer of the policy the rule comes from, when that policy names its level. */
  layer: Schema.optionalWith(PolicyLevel, { exact: true })
}) {}

/** When a policy is in force. Either bound may be unknown (a source that elides its year). */
export class EffectivePeriod extends Schema.Class<EffectivePeriod>("EffectivePeriod")(
  Schema.Struct({
    from: Schema.optional(IsoDate),
    to: Schema.optional(IsoDate),
    /**
     * True when a bound is redsite's inference rather than a date the source gives (e.g. the Expo opinions'
     * "March 201x", read as 2010 from the Expo's dates): the setup decision then notes an `inForce` gap.
     */
    inferred: Schema.optionalWith(Schema.Boolean, { exact: true }),
    note: Schema.optional(Schema.String)
  }).pipe(
    Schema.filter((p) =>
      p.from === undefined || p.to === undefined || p.from <= p.to ||
      { path: ["to"], message: `effective.to ${p.to} is before effective.from ${p.from}` }
    )
  )
) {}

/**
 * A layer between a policy and its basis that the sources leave empty: present so the chain national →
 * province → city → district is explicit, saying why it holds nothing (e.g. Fujian and Ningde above Fuding).
 */
export class EmptyLayer extends Schema.Class<EmptyLayer>("EmptyLayer")({
  level: PolicyLevel,
  jurisdiction: Label,
  note: Schema.String,
  /** The clause that shows the layer exists (e.g. a city's plan naming the provincial opinion it implements). */
  citation: Schema.optional(Citation)
}) {}

/** How long after its trigger a talk is due: a number of days or months, or a parameter of the policy (read by the one reader). */
export const TalkWindow = Schema.Union(
  Schema.Struct({ amount: Schema.Number.pipe(Schema.int(), Schema.nonNegative()), unit: Schema.Literal("days", "months") }),
  Schema.Struct({ parameter: Id, unit: Schema.Literal("days", "months") })
)
/** @see {@link TalkWindow} */
export type TalkWindow = typeof TalkWindow.Type

/**
 * A talk a policy makes due (e.g. Fuding's 三必谈): the trigger, the window, the policy's rule it belongs to and
 * the clause. A window given as a number carries `assumption` (true where the source sets no time limit); a
 * window read from a parameter takes the parameter's.
 */
export class PolicyTalk extends Schema.Class<PolicyTalk>("PolicyTalk")({
  trigger: TalkTriggers.schema,
  window: TalkWindow,
  rule: Id,
  citation: Citation,
  assumption: Schema.optionalWith(Schema.Boolean, { exact: true }),
  note: Schema.optional(Schema.String),
  /** Set by {@link resolvePolicy}: the policy the talk comes from. */
  origin: Schema.optional(Id)
}) {}

/** The scoring section of a policy: the versions of the points scheme it applies (积分方案), each cited. */
export class PolicyScoring extends Schema.Class<PolicyScoring>("PolicyScoring")({
  schemes: Schema.NonEmptyArray(ScoringScheme)
}) {}

/** Record of how a reform was derived. */
export class Derivation extends Schema.Class<Derivation>("Derivation")({
  from: Id,
  changes: Schema.Array(Schema.Struct({
    key: Id,
    before: ParameterValue,
    after: ParameterValue,
    /** The date the change holds from (a reform from a date); absent, it replaces the value outright. */
    from: Schema.optionalWith(IsoDate, { exact: true })
  }))
}) {}

/** The places a policy judges by default: districts (区/县/县级市), optionally narrowed to localities by name. */
export class PolicyArea extends Schema.Class<PolicyArea>("PolicyArea")({
  districts: Schema.NonEmptyArray(Schema.NonEmptyTrimmedString),
  /** Within those districts, only projects whose locality contains this text (a street's or town's policy). */
  localityContains: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true })
}) {}

const PolicyFields = Schema.Struct({
  id: Id,
  name: Label,
  jurisdiction: Label,
  /** Id of the policy this one refines, whose rules apply where this one is silent. */
  basis: Schema.optional(Id),
  /**
   * Rule ids of the basis that this policy displaces: only for a rule that narrows or replaces a basis rule
   * with a cited clause (the Expo opinions §二(三) for `national.requirement`), whose reasons then name the
   * displaced rule. A local rule that merely applies within a scope does not displace: it is silent outside its
   * scope and the basis rule answers there.
   */
  displaces: Schema.optionalWith(Schema.Array(Id), { default: () => [] }),
  effective: EffectivePeriod,
  /** The layer the policy belongs to (absent in a policy stored before layers were explicit). */
  level: Schema.optionalWith(PolicyLevel, { exact: true }),
  /**
   * The places whose projects this policy judges by default (`jurisdictionPolicyOf`): a project whose district
   * is listed, and, where `localityContains` is given, whose locality (街道/乡镇) contains it. Sector policies
   * (chosen by what a project is, not where) have none. Which districts make up a jurisdiction is redsite's
   * data, not a clause: the mapping is cited as a flagged assumption.
   */
  area: Schema.optionalWith(PolicyArea, { exact: true }),
  /** Layers between this policy and its basis that the sources leave empty, from the top down. */
  emptyLayers: Schema.optionalWith(Schema.Array(EmptyLayer), { exact: true }),
  parameters: Schema.Array(Parameter),
  rules: Schema.Array(RuleSpec),
  /**
   * Source documents of this policy's own that its citations may name besides the catalogue's `sources` (a
   * user's city cites its own notice): a new jurisdiction is a data file, with no code.
   */
  documents: Schema.optionalWith(Schema.Array(SourceDocument), { exact: true }),
  /** The points schemes the policy applies (its basis's when absent). */
  scoring: Schema.optionalWith(PolicyScoring, { exact: true }),
  /** Talks the policy makes due; after its own, a resolved policy lists its basis's talks for other triggers. */
  talks: Schema.optionalWith(Schema.Array(PolicyTalk), { exact: true }),
  derivedFrom: Schema.optional(Derivation)
}).pipe(
  Schema.filter((p) => {
    const issues: Array<Schema.FilterIssue> = []
    const keys = new Set<string>()
    p.parameters.forEach((param, i) => {
      if (keys.has(param.key)) issues.push({ path: ["parameters", i, "key"], message: `duplicate parameter ${param.key}` })
      keys.add(param.key)
      let previous = param.from ?? p.effective.from
      ;(param.later ?? []).forEach((v, j) => {
        if (previous !== undefined && v.from <= previous) {
          issues.push({ path: ["parameters", i, "later", j, "from"], message: `${param.key}: a later value from ${v.from} must come after ${previous}` })
        }
        if (!sameValueType(param.value, v.value)) {
          issues.push({ path: ["parameters", i, "later", j, "value"], message: `${param.key}: a later value of another type than ${JSON.stringify(param.value)}` })
        }
        previous = v.from
      })
    })
    ;(p.talks ?? []).forEach((t, i) => {
      if ("amount" in t.window && t.assumption === undefined) {
        issues.push({ path: ["talks", i, "assumption"], message: `talk ${t.trigger}: a window given as a number says whether it is an assumption` })
      }
      if ("parameter" in t.window && p.basis === undefined && !keys.has(t.window.parameter)) {
        issues.push({ path: ["talks", i, "window", "parameter"], message: `talk ${t.trigger} reads unknown parameter ${t.window.parameter}` })
      }
    })
    const ruleIds = new Set<string>()
    p.rules.forEach((r, i) => {
      if (ruleIds.has(r.id)) issues.push({ path: ["rules", i, "id"], message: `duplicate rule id ${r.id}` })
      ruleIds.add(r.id)
      // With a basis, a rule may read the basis's parameters: resolvePolicy checks those after merging.
      if (p.basis === undefined) {
        r.parameters.forEach((k, j) => {
          if (!keys.has(k)) {
            issues.push({ path: ["rules", i, "parameters", j], message: `rule ${r.id} reads unknown parameter ${k}` })
          }
        })
      }
    })
    return issues
  })
)

/**
 * A jurisdiction's policy: identity, names, effective period, parameters and rules.
 * See the catalogue (`policies`) for the policies of the source documents.
 */
export class Policy extends Schema.Class<Policy>("Policy")(PolicyFields) {}

/** Decodes unknown input (e.g. a user's JSON reform) into a {@link Policy}. */
export const decodePolicy: (input: unknown) => Either.Either<Policy, DecodeError> = decoderFor("policy", Policy)

/** A policy whose basis has been merged in: every rule knows its origin, every parameter is present. */
export type ResolvedPolicy = Policy & { readonly basis: undefined }

/** A policy cannot be resolved: its basis is unknown or forms a cycle. */
export class PolicyResolutionError extends Schema.TaggedError<PolicyResolutionError>()("PolicyResolutionError", {
  policyId: Schema.String,
  message: Schema.String
}) {}

/**
 * Merges a policy with its basis chain: own parameters override the basis's; own rules come first, then
 * the basis's rules that are not displaced. Rules keep their `origin` so explanations cite the right policy.
 */
export const resolvePolicy = (
  policy: Policy,
  lookup: (id: string) => Policy | undefined
): Either.Either<ResolvedPolicy, PolicyResolutionError> => {
  const chain: Array<Policy> = [policy]
  const seen = new Set([policy.id])
  let current = policy
  while (current.basis !== undefined) {
    const next = lookup(current.basis)
    if (next === undefined) {
      return Either.left(new PolicyResolutionError({ policyId: policy.id, message: `unknown basis policy ${current.basis}` }))
    }
    if (seen.has(next.id)) {
      return Either.left(new PolicyResolutionError({ policyId: policy.id, message: `basis cycle through ${next.id}` }))
    }
    seen.add(next.id)
    chain.push(next)
    current = next
  }
  const params = new Map<string, Parameter>()
  for (const p of [...chain].reverse()) for (const param of p.parameters) params.set(param.key, param)
  const displaced = new Set(chain.flatMap((p) => p.displaces))
  const rules: Array<RuleSpec> = []
  for (const p of chain) {
    for (const r of p.rules) {
      if (p !== policy && displaced.has(r.id)) continue
      const layer = r.layer ?? p.level
      rules.push(new RuleSpec({ ...r, origin: r.origin ?? p.id, ...(layer === undefined ? {} : { layer }) }, trusted))
    }
  }
  const ids = new Set<string>()
  const twice = rules.filter((r) => ids.size === ids.add(r.id).size).map((r) => `rule ${r.id} is defined twice in the chain (displace it instead)`)
  const talks: Array<PolicyTalk> = []
  for (const p of chain) {
    for (const t of p.talks ?? []) {
      if (talks.some((x) => x.trigger === t.trigger)) continue
      talks.push(new PolicyTalk({ ...t, origin: t.origin ?? p.id }, trusted))
    }
  }
  const scoring = chain.find((p) => p.scoring !== undefined)?.scoring
  const missing = [
    ...twice,
    ...rules.flatMap((r) => r.parameters.filter((k) => !params.has(k)).map((k) => `${r.id} reads unknown parameter ${k}`)),
    ...talks.flatMap((t) => ("parameter" in t.window && !params.has(t.window.parameter) ? [`talk ${t.trigger} reads unknown parameter ${t.window.parameter}`] : [])),
    ...talks.flatMap((t) => (ids.has(t.rule) ? [] : [`talk ${t.trigger} names unknown rule ${t.rule}`]))
  ]
  if (missing.length > 0) {
    return Either.left(new PolicyResolutionError({ policyId: policy.id, message: missing.join("; ") }))
  }
  const { basis: _basis, ...rest } = policy
  return Either.right(
    new Policy({
      ...rest,
      parameters: [...params.values()],
      rules,
      ...(scoring === undefined ? {} : { scoring }),
      ...(talks.length === 0 ? {} : { talks })
    }, trusted) as ResolvedPolicy
  )
}

/** Reads a parameter's definition from a policy. */
export const parameterOf = (policy: Policy, key: string): Parameter | undefined =>
  policy.parameters.find((p) => p.key === key)

/** Whether the policy is in force at a date: `true`, `false`, or `"unknown"` when a needed bound is unknown. */
export const inForceAt = (policy: Policy, date: string): boolean | "unknown" => {
  const { from, to } = policy.effective
  if (to !== undefined && date > to) return false
  if (from !== undefined && date < from) return false
  if (from === undefined) return "unknown"
  return true
}

/**
 * A parameter of a policy as an explanation cites it (key, value, unit, assumption, and `from` when the value
 * names the date it holds from), as of `asOf` when given, or undefined if it has none by that key.
 */
export const parameterUsed = (policy: Policy, key: string, asOf?: string): ParameterUsed | undefined => {
  const found = policy.parameters.find((x) => x.key === key)
  if (found === undefined) return undefined
  const p = parameterAt(found, asOf)
  return new ParameterUsed({
    key, value: p.value, unit: p.unit, assumption: p.assumption,
    ...(p.counts === undefined ? {} : { counts: p.counts }),
    ...(p.from === undefined ? {} : { from: p.from })
  }, trusted)
}

export * from "./layers.js"
