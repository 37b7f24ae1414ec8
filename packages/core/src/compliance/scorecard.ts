/**
 * The site scorecard (工地党建考评卡): every obligation of the project's policy at a date, each met (with the
 * records that show it), met through a permitted alternative, due (with its date, or the typed gap of a source
 * that sets none), overdue (days late), not applicable (why) or undetermined (a policy gap), each with its
 * reason in the shared explanation format; and one overall standing.
 *
 * It agrees with the setup decision (obligations read it: an organization not required makes them not
 * applicable) and with the coverage report: the `obligation.siteOrganization` item is met (own organization) or
 * met through the alternative (a joint one) exactly where the coverage report finds no gap, so a compliant
 * site is never a coverage gap and a coverage gap is never compliant.
 *
 * @module
 */
import { Either, Schema } from "effect"
import { EXPLANATION_FORMAT, ExplanationFormat, Finding, PolicyGap, Reason, policyGap } from "../explain/explanation.js"
import { trusted } from "../internal/trusted.js"
import { Id, IsoDate, Label } from "../model/primitives.js"
import type { Project } from "../model/project.js"
import { RequirementLevels } from "../model/vocabulary.js"
import { CoverageFacts } from "../coverage/columns.js"
import { decideSetup } from "../organization/setup.js"
import type { SetupDecision } from "../organization/decision.js"
import type { Policy, PolicyResolutionError } from "../policy/policy.js"
import { ParameterProblem, makeReader } from "../rules/read.js"
import { obligationRegistry } from "../rules/obligation/index.js"
import type { ObligationContext, ObligationOutcome, ProjectRecords } from "../rules/obligation/define.js"
import { obligationsOf } from "./obligations.js"
import type { ObligationPolicy } from "./obligations.js"
import type { ObligationSpec } from "./policyObligations.js"
import { NO_RECORDS, RecordBook, indexProjectRecords, recordsAsOf } from "./records.js"

/** The statuses of an obligation on a scorecard. */
export const ObligationStatuses = ["met", "metThroughAlternative", "due", "overdue", "notApplicable", "undetermined"] as const

/**
 * A site's overall standing, worst first: `overdue` (an obligation is late), `undetermined` (the policy leaves
 * one open), `due` (something is due, nothing late), `compliant` (everything applicable is met).
 */
export const Standings = ["overdue", "undetermined", "due", "compliant"] as const
/** @see {@link Standings} */
export type Standing = (typeof Standings)[number]

/**
 * The rank of a standing (0 worst): adding evidence to a site's records never lowers it.
 *
 * @example
 * ```ts
 * import { standingRank } from "@redsite/core"
 * standingRank("compliant") > standingRank("due") // true
 * ```
 */
export const standingRank = (s: Standing): number => Standings.indexOf(s)

/** One obligation on a scorecard. */
export class ObligationItem extends Schema.Class<ObligationItem>("ObligationItem")({
  ruleId: Schema.String,
  kind: Schema.String,
  title: Label,
  status: Schema.Literal(...ObligationStatuses),
  /** The due date (met, due or overdue), when it has one. */
  dueOn: Schema.optional(IsoDate),
  /** Overdue: days past the due date; met: days it was done late (0 on time). */
  daysLate: Schema.optional(Schema.Number),
  /** A recurring obligation met so far: the next due date. */
  nextDue: Schema.optional(IsoDate),
  /** The periods outstanding (months of a monthly report). */
  periods: Schema.optionalWith(Schema.Array(Schema.String), { default: () => [] }),
  /** Ids of the records that show it met (or partly). */
  evidence: Schema.Array(Id),
  /** The permitted alternative taken (`metThroughAlternative`). */
  alternative: Schema.optional(Schema.String),
  /** Rule, clause, facts and parameters read, and the wording. */
  reason: Reason,
  /** Undetermined, or due without a deadline in the source: the typed gap. */
  gap: Schema.optional(PolicyGap)
}) {}

/** A site's scorecard at a date. */
export class Scorecard extends Schema.Class<Scorecard>("Scorecard")({
  format: ExplanationFormat,
  policyId: Schema.String,
  projectId: Id,
  date: IsoDate,
  standing: Schema.Literal(...Standings),
  /** The setup decision's requirement, which the obligations read. */
  requirement: Finding(RequirementLevels.schema),
  /** Whether the coverage report counts the site as a gap (required, and no organization of its own or joint). */
  coverageGap: Schema.Boolean,
  items: Schema.Array(ObligationItem)
}) {}

/**
 * The coverage facts records give when none are passed: an organization of the site's own
 * (`organizationEstablished`), a joint one (`jointOrganizationJoined`), an instructor (`instructorAppointed`),
 * red-site creation (`redSiteCreationStarted`). A structure-derived `CoverageFacts` is more complete: pass it.
 *
 * @example
 * ```ts
 * import { NO_RECORDS, coverageFactsFromRecords } from "@redsite/core"
 * coverageFactsFromRecords("p1", NO_RECORDS).ownOrganization // false
 * ```
 */
export const coverageFactsFromRecords = (projectId: string, records: ProjectRecords): CoverageFacts =>
  new CoverageFacts({
    projectId,
    ownOrganization: records.steps.has("organizationEstablished"),
    jointOrganization: records.steps.has("jointOrganizationJoined"),
    work: records.steps.has("instructorAppointed") ? ["instructor"] : [],
    redSiteCreation: records.milestones.has("redSiteCreationStarted"),
    qualityPlan: false
  }, trusted)

/** Whether the site is a coverage gap: required, and covered by no organization (own or joint). */
const isCoverageGap = (decision: SetupDecision, coverage: CoverageFacts) =>
  decision.requirement._tag === "Settled" && decision.requirement.value === "required" && !coverage.ownOrganization && !coverage.jointOrganization

/** Whether an obligation's policy applies: the last layer always; a local layer where its requirement rule answered. */
const inScopeOf = (op: ObligationPolicy, origin: string, decision: SetupDecision): boolean => {
  if (origin === op.chain[op.chain.length - 1]) return true
  const localRequirement = op.policy.rules.some((r) => r.question === "requirement" && r.origin === origin)
  if (!localRequirement) return true
  return decision.requirement._tag === "Settled" && decision.requirement.reasons[0].policyId === origin
}

const PROBLEM = (spec: ObligationSpec, e: ParameterProblem) => ({
  zh: `义务${spec.id}需要的参数${e.key}${e.found === "missing" ? "缺失" : "类型不符"}`,
  en: `obligation ${spec.id} needs parameter ${e.key} (${e.expected}), which is ${e.found}`
})

/** Assesses one obligation rule for a site: the item with its reason (or gap). */
export const assessObligation = (op: ObligationPolicy, spec: ObligationSpec, ctx: Omit<ObligationContext, "inScope">): ObligationItem => {
  const def = obligationRegistry.get(spec.kind)!
  const { read, facts, params } = makeReader(op.parameters)
  let outcome: ObligationOutcome
  try {
    outcome = def.assess({ ...ctx, inScope: inScopeOf(op, spec.origin ?? op.id, ctx.decision) }, read)
  } catch (e) {
    if (!(e instanceof ParameterProblem)) throw e
    outcome = { status: "undetermined", text: PROBLEM(spec, e) }
  }
  const policyId = spec.origin ?? op.id
  const reason = new Reason({
    format: EXPLANATION_FORMAT, policyId, ruleId: spec.id, citation: spec.citation, facts, parameters: params,
    text: new Label(outcome.text, trusted)
  }, trusted)
  const gapText = outcome.status === "undetermined" ? outcome.text
    : outcome.status === "due" && outcome.dueOn === undefined ? (outcome.openDeadline ?? outcome.text)
    : undefined
  const o = outcome as Partial<{ dueOn: string; daysLate: number; nextDue: string; periods: ReadonlyArray<string>; evidence: ReadonlyArray<string>; alternative: string }>
  return new ObligationItem({
    ruleId: spec.id, kind: spec.kind, title: spec.title, status: outcome.status,
    ...(o.dueOn === undefined ? {} : { dueOn: o.dueOn as IsoDate }),
    ...(o.daysLate === undefined ? {} : { daysLate: o.daysLate }),
    ...(o.nextDue === undefined ? {} : { nextDue: o.nextDue as IsoDate }),
    periods: o.periods ?? [],
    evidence: o.evidence ?? [],
    ...(o.alternative === undefined ? {} : { alternative: o.alternative }),
    reason,
    ...(gapText === undefined ? {} : { gap: policyGap(policyId, "obligations", gapText, spec.citation) })
  }, trusted)
}

/** The standing of a list of items (worst status wins). */
export const standingOf = (items: ReadonlyArray<{ readonly status: (typeof ObligationStatuses)[number] }>): Standing => {
  let s: Standing = "compliant"
  for (const i of items) {
    const here: Standing = i.status === "overdue" ? "overdue" : i.status === "undetermined" ? "undetermined" : i.status === "due" ? "due" : "compliant"
    if (standingRank(here) < standingRank(s)) s = here
  }
  return s
}

/** Options of {@link scorecardOf}. */
export interface ScorecardOptions {
  /** How the site is covered on the date (default: from the records, {@link coverageFactsFromRecords}). */
  readonly coverage?: CoverageFacts
  /** The setup decision, when already made (same project, policy and date). */
  readonly decision?: SetupDecision
}

/**
 * The scorecard of a project under an obligation policy (see {@link obligationsOf}): for portfolios, resolve the
 * policy once and call this per site. `records` are the project's own, indexed ({@link indexProjectRecords}).
 */
export const scorecardOf = (op: ObligationPolicy, project: Project, records: ProjectRecords, date: IsoDate, options: ScorecardOptions = {}): Scorecard => {
  const decision = options.decision ?? decideSetup(project, op.policy, date)
  const coverage = options.coverage ?? coverageFactsFromRecords(project.id, records)
  const ctx = { project, date, decision, coverage, records }
  const items = op.rules.filter((r) => obligationRegistry.get(r.kind)?.site === true).map((spec) => assessObligation(op, spec, ctx))
  return new Scorecard({
    format: EXPLANATION_FORMAT, policyId: op.id, projectId: project.id, date, standing: standingOf(items),
    requirement: decision.requirement, coverageGap: isCoverageGap(decision, coverage), items
  }, trusted)
}

/**
 * The scorecard of a project under its policy at a date, from the record log (the project's records as they
 * stood on the date) or from its records already indexed.
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { MilestoneRecorded, decodeProject, isoDate, policies, replayRecords, scorecard } from "@redsite/core"
 * const project = Either.getOrThrow(decodeProject({ id: "sh-1", name: "工地", kind: "road", costYuan: 8e7,
 *   plannedStart: "2022-03-01", plannedEnd: "2023-02-28", major: true, phase: "construction", units: [], members: [] }))
 * const book = Either.getOrThrow(replayRecords([new MilestoneRecorded({ id: "m1", projectId: "sh-1",
 *   date: isoDate("2022-01-10"), milestone: "projectSetUp" })]))
 * const card = Either.getOrThrow(scorecard(project, policies.shanghaiSite, book, isoDate("2022-06-30")))
 * card.standing // "overdue": nothing of the four synchronizations is recorded
 * ```
 */
export const scorecard = (
  project: Project,
  policy: Policy,
  records: RecordBook | ProjectRecords,
  date: IsoDate,
  options: ScorecardOptions & { readonly extra?: ReadonlyArray<Policy> } = {}
): Either.Either<Scorecard, PolicyResolutionError> =>
  Either.map(obligationsOf(policy, options.extra), (op) => {
    const indexed = records instanceof RecordBook
      ? indexProjectRecords(recordsAsOf(records, date).filter((f) => f.projectId === project.id))
      : records
    return scorecardOf(op, project, indexed ?? NO_RECORDS, date, options)
  })
