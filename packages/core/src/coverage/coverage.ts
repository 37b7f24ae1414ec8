/**
 * Coverage of a portfolio at a date under a policy: for every project, whether the policy requires a Party
 * organization there (the same requirement rules as the setup decision), and how the site is covered —
 * by an organization of its own (组织覆盖), only by Party work (工作覆盖), or not at all.
 *
 * {@link runCoverage} works on columns in one pass and keeps one small code per project; the explanation of
 * any project (its cited reasons, and the remedy when it is not covered) is built on demand by
 * {@link explainCoverage}, so a million projects cost a million small integers, not a million explanations.
 *
 * @module
 */
import { Either, Schema } from "effect"
import { EXPLANATION_FORMAT, ExplanationFormat, FactUsed, Finding, Reason } from "../explain/explanation.js"
import type { Finding as FindingOf } from "../explain/explanation.js"
import { trusted } from "../internal/trusted.js"
import { Id, IsoDate, Label, isoDate, periodEnd } from "../model/primitives.js"
import { Member, Project, Unit } from "../model/project.js"
import { CoverageStatuses, Ownerships, Phases, ProjectKinds, RequirementLevels, WorkCoverageForms } from "../model/vocabulary.js"
import type { CoverageStatus, RequirementLevel } from "../model/vocabulary.js"
import { FormOption, SetupDecision } from "../organization/decision.js"
import { compileRequirement } from "../rules/requirement/index.js"
import type { CompiledRequirementRule } from "../rules/requirement/index.js"
import { decideSetup } from "../organization/setup.js"
import { resolve } from "../policy/catalogue/index.js"
import { quoted } from "../policy/sources.js"
import { inForceAt } from "../policy/policy.js"
import type { Policy, PolicyResolutionError, ResolvedPolicy } from "../policy/policy.js"
import { NONE, OrganizationCover, workFormsOf } from "./columns.js"
import type { PortfolioColumns } from "./columns.js"

/** Requirement codes of a {@link CoverageRun}. */
export const Requirement = { notRequired: 0, required: 1, gap: 2 } as const
/** Status codes of a {@link CoverageRun}. */
export const Status = { none: 0, work: 1, organizational: 2 } as const

/** The coverage of a portfolio: one code per project, and what is needed to explain any of them. */
export interface CoverageRun {
  /** The policy with its basis merged in. */
  readonly policy: ResolvedPolicy
  readonly date: IsoDate
  readonly size: number
  /** Per project: {@link Requirement} code. */
  readonly requirement: Uint8Array
  /** Per project: {@link Status} code (computed on first use). */
  readonly status: Uint8Array
  /** The columns the run was made on. */
  readonly cols: PortfolioColumns
  /** The policy's requirement rules in the order they are tried. */
  readonly rules: ReadonlyArray<CompiledRequirementRule>
  /** Whether the policy is in force at the date (`"unknown"` when its start is not known). */
  readonly inForce: boolean | "unknown"
}

/**
 * The classification of a site's cover, cited: an organization that serves the site and that its members
 * belong to or take part in — its own (单独组建) or a joint one (联合组建, a joint branch) — is organizational
 * coverage (组织覆盖); Party work without one (an instructor or liaison, attachment, a work group or joint
 * office, members in a joint organization elsewhere, a union bridge) is work coverage (工作覆盖). The research
 * report draws the line (seed-003 §三 3); Shanghai names the joint branch as the organization of a site with
 * too few members to form its own, and the instructor as a way to strengthen its Party work (seed-000 §二(二)).
 */
export const COVERAGE_CITATION = quoted("seed-003", "§三 3", "要处理好“组织覆盖和“工作覆盖的关系",
  "as the source reads (its web copy drops the closing quotation marks); organizational coverage (an organization of the site's own, or a joint branch 联合组建 serving it: seed-000 §二(二) names 联合党支部 for sites with too few members) is told apart from Party-work coverage (an instructor, attachment, a work group or joint office, a union bridge)")

/**
 * Runs the policy's requirement rules and classifies the cover of every project. The policy is resolved
 * once; `extra` may supply policies a reform is based on.
 */
export const runCoverage = (
  cols: PortfolioColumns,
  policy: Policy,
  date: IsoDate,
  extra: ReadonlyArray<Policy> = []
): Either.Either<CoverageRun, PolicyResolutionError> =>
  Either.map(resolve(policy, extra), (resolved) => runResolved(cols, resolved, date))

/**
 * The cover code of a row, branch-free (the cover of a portfolio is unpredictable row to row): 2 with an
 * organization covering the site (`own` is an {@link OrganizationCover} code: 1 its own, 2 a joint one;
 * `(own + 1) >> 1` is 1 for both), else 1 when any work form is set (`(w + 255) >> 8` is 1 for 1 ≤ w ≤ 255),
 * else 0.
 */
export const statusCode = (own: number, work: number): number => {
  const o = (own + 1) >> 1
  return o * Status.organizational + ((o ^ 1) & ((work + 255) >> 8))
}

/** The cover codes of every row. */
export const statusCodes = (cols: PortfolioColumns): Uint8Array => {
  const status = new Uint8Array(cols.size)
  const { ownOrganization, workForms } = cols
  for (let i = 0; i < cols.size; i++) status[i] = statusCode(ownOrganization[i]!, workForms[i]!)
  return status
}

/** Where `requirement` is still silent (2), the next rule's code; branch-free like the rules' column forms. */
const fillSilent = (n: number, requirement: Uint8Array, next: Uint8Array): void => {
  for (let i = 0; i < n; i++) {
    const r = requirement[i]!
    const silent = +(r === Requirement.gap)
    requirement[i] = r + silent * (next[i]! - r)
  }
}

/** {@link runCoverage} for an already-resolved policy. */
export const runResolved = (cols: PortfolioColumns, policy: ResolvedPolicy, date: IsoDate): CoverageRun => {
  const n = cols.size
  // the parameters in force at the run's date, as the setup decision reads them
  const { rules } = compileRequirement(policy, date)
  // kernel codes (0 not required, 1 required, 2 silent) are the run's requirement codes (2: gap)
  const requirement = new Uint8Array(n)
  if (rules.length === 0) requirement.fill(Requirement.gap)
  let scratch: Uint8Array | undefined
  rules.forEach((rule, k) => {
    if (k === 0) return rule.kernel.columns(cols, rule.values, requirement)
    scratch ??= new Uint8Array(n)
    rule.kernel.columns(cols, rule.values, scratch)
    fillSilent(n, requirement, scratch)
  })
  // the cover codes are computed on first use: a report fuses them into its own pass
  let status: Uint8Array | undefined
  return {
    policy, date, size: n, requirement, rules, inForce: inForceAt(policy, date), cols,
    get status() {
      status ??= statusCodes(cols)
      return status
    }
  }
}

/** The explained coverage of one project. */
export class ProjectCoverage extends Schema.Class<ProjectCoverage>("ProjectCoverage")({
  format: ExplanationFormat,
  policyId: Schema.String,
  projectId: Id,
  date: IsoDate,
  /** Whether the policy requires an organization, with the setup rule that says so (or a gap). */
  required: Finding(RequirementLevels.schema),
  /** How the site is covered, with what covers it. */
  status: CoverageStatuses.schema,
  /** An organization of the site's own covers it (单独组建). */
  ownOrganization: Schema.Boolean,
  /** A joint organization serving the site covers it (联合组建), and none of its own: organizational coverage too. Absent in older output: false. */
  jointOrganization: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  work: Schema.Array(WorkCoverageForms.schema),
  statusReason: Reason,
  /** When required and covered by no organization (its own or a joint one): why it counts as a gap. */
  gapReason: Schema.optional(Label),
  /** When required and not covered by an organization: the forms the setup rules recommend, and whether an instructor is due. */
  remedy: Schema.optional(Schema.Struct({
    forms: Finding(Schema.Array(FormOption)),
    instructor: SetupDecision.fields.instructor
  }))
}) {}

/**
 * A project rebuilt from its columns, for the setup rules to explain it: the facts coverage reads are
 * exact (period, cost, major flag, full members per unit, probationary members, district, phase, kind); unit
 * roles and names, and which unit a probationary member works for, are not in the columns and are left generic.
 */
export const projectFromColumns = (cols: PortfolioColumns, i: number): Project => {
  const start = isoDate("2000-01-01")
  const units: Array<Unit> = []
  const members: Array<Member> = []
  const ownership = cols.leadOwnership[i] === NONE ? "stateOwned" : Ownerships.values[cols.leadOwnership[i]!]!
  let assigned = 0
  for (let u = cols.unitStart[i]!, k = 0; u < cols.unitStart[i + 1]!; u++, k++) {
    const id = `unit-${k + 1}`
    units.push(new Unit({ id, name: id, role: k === 0 ? "generalContractor" : "contractor", ownership, hasOrganization: false }, trusted))
    for (let m = 0; m < cols.unitFullMembers[u]!; m++) {
      members.push(new Member({ id: `${id}-m${m + 1}`, status: "full", unitId: id, mobile: false, pocket: false }, trusted))
      assigned++
    }
  }
  for (let m = assigned; m < cols.fullMembers[i]!; m++) {
    members.push(new Member({ id: `m${m + 1}`, status: "full", mobile: false, pocket: false }, trusted))
  }
  for (let m = 0; m < cols.probationaryMembers[i]!; m++) {
    members.push(new Member({ id: `p${m + 1}`, status: "probationary", mobile: false, pocket: false }, trusted))
  }
  const district = cols.district[i]! >= 0 ? cols.districts[cols.district[i]!] : undefined
  return new Project({
    id: cols.ids[i]!,
    name: cols.ids[i]!,
    ...(district === undefined ? {} : { district }),
    kind: ProjectKinds.values[cols.kind[i]!] ?? "other",
    costYuan: cols.costYuan[i]!,
    plannedStart: start,
    plannedEnd: periodEnd(start, cols.plannedMonths[i]!),
    major: cols.major[i] === 1,
    phase: Phases.values[cols.phase[i]!] ?? "construction",
    units,
    members,
    sections: []
  }, trusted)
}

const JOINT_TEXT = { zh: "工地由联合组建的党组织覆盖,工地党员参加其组织生活", en: "a joint organization (联合组建) serving the site covers it, its members taking part" }
const STATUS_TEXT: Record<CoverageStatus, { zh: string; en: string }> = {
  organizational: { zh: "工地有自己的党组织", en: "the site has an organization of its own" },
  work: { zh: "工地没有自己的党组织,由党的工作覆盖", en: "no organization of its own; Party work reaches the site" },
  none: { zh: "工地既无党组织,也无党的工作覆盖", en: "neither an organization of its own nor Party work" }
}

/**
 * Explains the coverage of project `i` of a run: the requirement with its cited rule, the status with what
 * covers the site, and, for a required project without an organization of its own, the gap and the remedy
 * the setup rules recommend. Pass the `Project` itself when you have it (its units and roles are then
 * exact); otherwise it is rebuilt from the columns ({@link projectFromColumns}).
 */
export const explainCoverage = (cols: PortfolioColumns, run: CoverageRun, i: number, project?: Project): ProjectCoverage => {
  const p = project ?? projectFromColumns(cols, i)
  const decision = decideSetup(p, run.policy, run.date)
  const required = decision.requirement as FindingOf<RequirementLevel>
  const statusCode = run.status[i]!
  const status: CoverageStatus = statusCode === Status.organizational ? "organizational" : statusCode === Status.work ? "work" : "none"
  const work = workFormsOf(cols.workForms[i]!)
  const own = cols.ownOrganization[i] === OrganizationCover.own
  const joint = cols.ownOrganization[i] === OrganizationCover.joint
  const statusReason = new Reason({
    format: EXPLANATION_FORMAT,
    policyId: run.policy.id,
    ruleId: "coverage.classification",
    citation: COVERAGE_CITATION,
    facts: [
      new FactUsed({ name: "ownOrganization", value: own }, trusted),
      new FactUsed({ name: "jointOrganization", value: joint }, trusted),
      new FactUsed({ name: "work", value: [...work] }, trusted)
    ],
    parameters: [],
    text: new Label(joint && status === "organizational" ? JOINT_TEXT : STATUS_TEXT[status], trusted)
  }, trusted)
  const isRequired = required._tag === "Settled" && required.value === "required"
  const uncovered = isRequired && status !== "organizational"
  return new ProjectCoverage({
    format: EXPLANATION_FORMAT,
    policyId: run.policy.id,
    projectId: cols.ids[i]!,
    date: run.date,
    required,
    status,
    ownOrganization: own,
    jointOrganization: joint,
    work,
    statusReason,
    ...(uncovered
      ? {
        gapReason: new Label(status === "work"
          ? { zh: "应建党组织而只有党的工作覆盖", en: "an organization is required, and only Party work covers the site" }
          : { zh: "应建党组织而工地是空白点", en: "an organization is required, and the site is a blank spot" }, trusted),
        remedy: { forms: decision.forms, instructor: decision.instructor }
      }
      : {})
  }, trusted)
}

/** The requirement finding of project `i` as the run decided it, or a gap when no rule answered. */
export const requirementOf = (run: CoverageRun, i: number): "required" | "notRequired" | "gap" =>
  run.requirement[i] === Requirement.required ? "required" : run.requirement[i] === Requirement.notRequired ? "notRequired" : "gap"
