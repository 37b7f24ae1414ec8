/**
 * Policy simulation (政策模拟): the same portfolio under several policies or reforms side by side, and sweeps
 * of one parameter over a range. Each project whose answer changes is listed with the rules and parameters
 * behind the change, in the core's explanation format; totals say how many more or fewer organizations,
 * instructors and liaisons are needed.
 *
 * @module
 */
import { Either, Schema } from "effect"
import { EXPLANATION_FORMAT, ParameterUsed, Reason } from "../explain/explanation.js"
import { trusted } from "../internal/trusted.js"
import { Id, IsoDate } from "../model/primitives.js"
import type { PortfolioColumns } from "../coverage/columns.js"
import { Requirement, Status, explainCoverage, projectFromColumns, requirementOf, runResolved } from "../coverage/coverage.js"
import type { CoverageRun } from "../coverage/coverage.js"
import { CoverageCounts, summarize } from "../coverage/report.js"
import { decideSetup } from "../organization/setup.js"
import { resolve } from "../policy/catalogue/index.js"
import { reform } from "../policy/reform.js"
import type { ParameterValue, Policy, PolicyResolutionError, ResolvedPolicy, RuleKind } from "../policy/policy.js"
import type { ReformError } from "../policy/reform.js"
import type { DecodeError } from "../model/decode.js"

/** What a policy's portfolio needs: organizations to set up, instructors and liaisons to dispatch. */
export class Needs extends Schema.Class<Needs>("Needs")({
  /** Required projects without an organization of their own. */
  organizations: Schema.Number,
  /** Required projects whose setup decision makes an instructor required. */
  instructors: Schema.Number,
  /** Required projects where the policy allows (but does not require) an instructor. */
  instructorsOptional: Schema.Number,
  /** Required projects whose setup decision makes a liaison required. */
  liaisons: Schema.Number
}) {}

/** One policy's result in a comparison. */
export class PolicyOutcome extends Schema.Class<PolicyOutcome>("PolicyOutcome")({
  policyId: Schema.String,
  totals: CoverageCounts,
  needs: Needs
}) {}

/** A project whose requirement differs from the first policy's, with the rules and parameters behind it. */
export class ProjectChange extends Schema.Class<ProjectChange>("ProjectChange")({
  projectId: Id,
  /** Index of the policy compared with the first. */
  policy: Schema.Number,
  from: Schema.Literal("required", "notRequired", "gap"),
  to: Schema.Literal("required", "notRequired", "gap"),
  /** The reasons of each side (absent for a gap). */
  before: Schema.optional(Reason),
  after: Schema.optional(Reason),
  /** Parameters both sides read whose values differ, and those only one side read. */
  parameters: Schema.Array(Schema.Struct({
    key: Schema.String,
    before: Schema.optional(ParameterUsed),
    after: Schema.optional(ParameterUsed)
  }))
}) {}

/** The comparison of a portfolio under several policies. */
export class PolicyComparison extends Schema.Class<PolicyComparison>("PolicyComparison")({
  format: Schema.Literal(EXPLANATION_FORMAT),
  date: IsoDate,
  outcomes: Schema.Array(PolicyOutcome),
  /** For each policy after the first: its needs minus the first's. */
  deltas: Schema.Array(Schema.Struct({ policyId: Schema.String, required: Schema.Number, needs: Needs })),
  /** Changed projects, explained (up to the limit; `changedCount` counts them all, per policy). */
  changes: Schema.Array(ProjectChange),
  changedCount: Schema.Array(Schema.Number)
}) {}

// ------------------------------------------------------------------------------------------------ needs

/** Rule kinds of forms, instructors and liaisons that read per-unit member counts. */
const UNIT_READING: ReadonlySet<RuleKind> = new Set<RuleKind>(["instructor.forUnitsWithoutOrganization", "forms.expoDepartments"])

/**
 * Instructor and liaison dues of every required project. The forms, instructor and liaison rules read only
 * the full members (and, for some policies, the units' full members), so the setup decision is taken once
 * per distinct value of those facts, on the project rebuilt from the columns, and shared.
 */
export const needsOf = (cols: PortfolioColumns, run: CoverageRun): Needs => {
  const policy = run.policy
  const unitAware = policy.rules.some((r) => (r.question === "forms" || r.question === "instructor" || r.question === "liaison") && UNIT_READING.has(r.kind))
  const cache = new Map<number | string, number>()
  const INSTRUCTOR = 1
  const OPTIONAL = 2
  const LIAISON = 4
  let organizations = 0
  let instructors = 0
  let optional = 0
  let liaisons = 0
  for (let i = 0; i < run.size; i++) {
    if (run.requirement[i] !== Requirement.required) continue
    if (run.status[i] !== Status.organizational) organizations++
    const key: number | string = unitAware
      ? `${cols.fullMembers[i]}|${Array.from(cols.unitFullMembers.subarray(cols.unitStart[i]!, cols.unitStart[i + 1]!)).sort((a, b) => a - b).join(",")}`
      : cols.fullMembers[i]!
    let dues = cache.get(key)
    if (dues === undefined) {
      const d = decideSetup(projectFromColumns(cols, i), policy, run.date)
      const ins = d.instructor._tag === "Settled" ? d.instructor.value : undefined
      const lia = d.liaison._tag === "Settled" ? d.liaison.value : undefined
      dues = (ins === "required" ? INSTRUCTOR : 0) | (ins === "optional" ? OPTIONAL : 0) | (lia === "required" ? LIAISON : 0)
      cache.set(key, dues)
    }
    if (dues & INSTRUCTOR) instructors++
    if (dues & OPTIONAL) optional++
    if (dues & LIAISON) liaisons++
  }
  return new Needs({ organizations, instructors, instructorsOptional: optional, liaisons }, trusted)
}

// ------------------------------------------------------------------------------------------------ compare

const resolveAll = (policies: ReadonlyArray<Policy>, extra: ReadonlyArray<Policy>): Either.Either<ReadonlyArray<ResolvedPolicy>, PolicyResolutionError> =>
  Either.all(policies.map((p) => resolve(p, [...extra, ...policies])))

const parameterChanges = (before: Reason | undefined, after: Reason | undefined) => {
  const keys = new Set([...(before?.parameters ?? []), ...(after?.parameters ?? [])].map((p) => p.key))
  const out: Array<{ key: string; before?: ParameterUsed; after?: ParameterUsed }> = []
  for (const key of keys) {
    const b = before?.parameters.find((p) => p.key === key)
    const a = after?.parameters.find((p) => p.key === key)
    if (b !== undefined && a !== undefined && JSON.stringify(b.value) === JSON.stringify(a.value)) continue
    out.push({ key, ...(b === undefined ? {} : { before: b }), ...(a === undefined ? {} : { after: a }) })
  }
  return out
}

/** Options of {@link comparePolicies}. */
export interface CompareOptions {
  /** At most this many changed projects are explained (default 200); all are counted. */
  readonly explainLimit?: number
  /** Policies the compared ones may be based on (e.g. a reform's base), besides the catalogue. */
  readonly extra?: ReadonlyArray<Policy>
}

/**
 * Runs the portfolio under each policy and compares each with the first: totals and needs per policy, the
 * difference in needs, and every project whose requirement changes with the rules and parameters behind it.
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { comparePolicies, isoDate, policies, reform, syntheticPortfolio } from "@redsite/core"
 * const cols = syntheticPortfolio({ size: 10_000, seed: 7 })
 * const thirty = Either.getOrThrow(reform(policies.fudingSite2020, { id: "fuding-30m", parameters: { costThresholdYuan: 30_000_000 } }))
 * const cmp = Either.getOrThrow(comparePolicies(cols, [policies.fudingSite2020, thirty], isoDate("2021-06-30")))
 * console.log(cmp.deltas[0]) // how many more organizations, instructors and liaisons
 * ```
 */
export const comparePolicies = (
  cols: PortfolioColumns,
  policies: ReadonlyArray<Policy>,
  date: IsoDate,
  options: CompareOptions = {}
): Either.Either<PolicyComparison, PolicyResolutionError> =>
  Either.map(resolveAll(policies, options.extra ?? []), (resolved) => {
    const runs = resolved.map((p) => runResolved(cols, p, date))
    const outcomes = runs.map((run) => new PolicyOutcome({ policyId: run.policy.id, totals: summarize(cols, run).totals, needs: needsOf(cols, run) }, trusted))
    const limit = options.explainLimit ?? 200
    const changes: Array<ProjectChange> = []
    const changedCount: Array<number> = [0]
    const first = runs[0]
    for (let k = 1; k < runs.length; k++) {
      const other = runs[k]!
      let count = 0
      for (let i = 0; i < cols.size; i++) {
        if (first!.requirement[i] === other.requirement[i]) continue
        count++
        if (changes.length >= limit) continue
        const b = explainCoverage(cols, first!, i).required
        const a = explainCoverage(cols, other, i).required
        const before = b._tag === "Settled" ? b.reasons[0] : undefined
        const after = a._tag === "Settled" ? a.reasons[0] : undefined
        changes.push(new ProjectChange({
          projectId: cols.ids[i]!, policy: k, from: requirementOf(first!, i), to: requirementOf(other, i),
          ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }),
          parameters: parameterChanges(before, after)
        }, trusted))
      }
      changedCount.push(count)
    }
    const base = outcomes[0]
    const deltas = outcomes.slice(1).map((o) => ({
      policyId: o.policyId,
      required: o.totals.required - (base?.totals.required ?? 0),
      needs: new Needs({
        organizations: o.needs.organizations - (base?.needs.organizations ?? 0),
        instructors: o.needs.instructors - (base?.needs.instructors ?? 0),
        instructorsOptional: o.needs.instructorsOptional - (base?.needs.instructorsOptional ?? 0),
        liaisons: o.needs.liaisons - (base?.needs.liaisons ?? 0)
      }, trusted)
    }))
    return new PolicyComparison({ format: EXPLANATION_FORMAT, date, outcomes, deltas, changes, changedCount }, trusted)
  })

// ------------------------------------------------------------------------------------------------ sweep

/** One row of a sweep: the parameter's value and the portfolio's totals and needs under it. */
export class SweepRow extends Schema.Class<SweepRow>("SweepRow")({
  value: Schema.Number,
  required: Schema.Number,
  notRequired: Schema.Number,
  undecided: Schema.Number,
  requiredOrganizational: Schema.Number,
  requiredWork: Schema.Number,
  requiredNone: Schema.Number,
  organizationsNeeded: Schema.Number,
  instructorsNeeded: Schema.Number,
  instructorsOptional: Schema.Number,
  liaisonsNeeded: Schema.Number
}) {}

/** Options of {@link sweepParameter}. */
export interface SweepOptions {
  /** Compute instructors and liaisons too (default true; off is faster). */
  readonly needs?: boolean
  readonly extra?: ReadonlyArray<Policy>
  /** Called after each value with (done, total). */
  readonly onProgress?: (done: number, total: number) => void
}

/**
 * Varies one numeric parameter of a policy over the given values and returns one row per value, ready to
 * plot. Each value is a reform of the base (an unknown parameter, or a value of the wrong kind, is an error).
 */
export const sweepParameter = (
  cols: PortfolioColumns,
  base: Policy,
  key: string,
  values: ReadonlyArray<number>,
  date: IsoDate,
  options: SweepOptions = {}
): Either.Either<ReadonlyArray<SweepRow>, ReformError | DecodeError | PolicyResolutionError> => {
  const rows: Array<SweepRow> = []
  for (const [n, value] of values.entries()) {
    const parameters: Record<string, ParameterValue> = { [key]: value }
    const policy = reform(base, { id: `${base.id}~${key}=${value}`, parameters }, options.extra ?? [])
    if (Either.isLeft(policy)) return Either.left(policy.left)
    const resolved = resolve(policy.right, options.extra ?? [])
    if (Either.isLeft(resolved)) return Either.left(resolved.left)
    const run = runResolved(cols, resolved.right, date)
    const { totals } = summarize(cols, run)
    const needs = options.needs === false ? undefined : needsOf(cols, run)
    rows.push(new SweepRow({
      value,
      required: totals.required, notRequired: totals.notRequired, undecided: totals.undecided,
      requiredOrganizational: totals.requiredOrganizational, requiredWork: totals.requiredWork, requiredNone: totals.requiredNone,
      organizationsNeeded: needs?.organizations ?? totals.required - totals.requiredOrganizational,
      instructorsNeeded: needs?.instructors ?? Number.NaN,
      instructorsOptional: needs?.instructorsOptional ?? Number.NaN,
      liaisonsNeeded: needs?.liaisons ?? Number.NaN
    }, trusted))
    options.onProgress?.(n + 1, values.length)
  }
  return Either.right(rows)
}
