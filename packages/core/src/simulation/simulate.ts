/**
 * Policy simulation (政策模拟): the same portfolio under several policies or reforms side by side, and sweeps
 * of one parameter over a range. Each project whose answer changes is listed with the rules and parameters
 * behind the change, in the core's explanation format; totals say how many more or fewer organizations,
 * instructors and liaisons are needed.
 *
 * @module
 */
import { Either, Schema } from "effect"
import { EXPLANATION_FORMAT, ExplanationFormat, ParameterUsed, Reason } from "../explain/explanation.js"
import { trusted } from "../internal/trusted.js"
import { Id, IsoDate } from "../model/primitives.js"
import type { PortfolioColumns } from "../coverage/columns.js"
import { Requirement, Status, explainCoverage, projectFromColumns, requirementOf, runResolved } from "../coverage/coverage.js"
import type { CoverageRun } from "../coverage/coverage.js"
import { CoverageCounts, summarize } from "../coverage/report.js"
import type { SetupDecision } from "../organization/decision.js"
import { answeringRule } from "../rules/requirement/index.js"
import { decideSetup } from "../organization/setup.js"
import { resolve } from "../policy/catalogue/index.js"
import { reform } from "../policy/reform.js"
import { parameterUsed } from "../policy/policy.js"
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

/** Parameters both sides read whose values differ, and those only one side read. */
const ParameterChanges = Schema.Array(Schema.Struct({
  key: Schema.String,
  before: Schema.optional(ParameterUsed),
  after: Schema.optional(ParameterUsed)
}))

/** Elements of the setup decision a comparison looks at besides the requirement. */
export const ComparedElements = ["forms", "instructor", "liaison"] as const

/**
 * An element of the setup decision of a project required under both policies that differs between them
 * (e.g. a member-threshold reform turns a branch into a joint branch, or makes an instructor due): each
 * side's value as text (`"gap"` when the policy does not settle it), its reason, and the parameters behind
 * the difference.
 */
export class ElementChange extends Schema.Class<ElementChange>("ElementChange")({
  element: Schema.Literal(...ComparedElements),
  from: Schema.String,
  to: Schema.String,
  before: Schema.optional(Reason),
  after: Schema.optional(Reason),
  parameters: ParameterChanges
}) {}

/**
 * A project whose answer differs from the first policy's: its requirement (`from` → `to`, with both reasons
 * and the parameters behind it), or, for a project required under both, the forms, instructor or liaison
 * its setup decision gives (`elements`).
 */
export class ProjectChange extends Schema.Class<ProjectChange>("ProjectChange")({
  projectId: Id,
  /** Index of the policy compared with the first. */
  policy: Schema.Number,
  from: Schema.Literal("required", "notRequired", "gap"),
  to: Schema.Literal("required", "notRequired", "gap"),
  /** The requirement's reasons on each side (absent for a gap). */
  before: Schema.optional(Reason),
  after: Schema.optional(Reason),
  /** Parameters the requirement's reasons read whose values differ, and those only one side read. */
  parameters: ParameterChanges,
  /** When the requirement is the same (required under both): the elements of the decision that differ. */
  elements: Schema.optionalWith(Schema.Array(ElementChange), { default: () => [] })
}) {}

/** The comparison of a portfolio under several policies. */
export class PolicyComparison extends Schema.Class<PolicyComparison>("PolicyComparison")({
  format: ExplanationFormat,
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

/** Whether the forms, instructor or liaison rules of a policy read the units' full members, not only the project's. */
const readsUnits = (run: CoverageRun) =>
  run.policy.rules.some((r) => (r.question === "forms" || r.question === "instructor" || r.question === "liaison") && UNIT_READING.has(r.kind))

/**
 * The facts the forms, instructor and liaison rules read of row `i`, as one key: the full and probationary
 * members (the general branch and committee count members in all; the units' full members where a rule reads them), and which layer's requirement rule answered (`layer[i]`, see
 * {@link answeringRule}): a local policy's rules answer only inside its scope, the national ones elsewhere.
 */
/** Probationary counts below this share a numeric key with the full members; larger ones use a string key. */
const PROBATIONARY_KEY_LIMIT = 4096

const dueKey = (cols: PortfolioColumns, unitAware: boolean, layer: Int8Array, i: number): number | string =>
  unitAware
    ? `${layer[i]}|${cols.fullMembers[i]}|${cols.probationaryMembers[i]}|${Array.from(cols.unitFullMembers.subarray(cols.unitStart[i]!, cols.unitStart[i + 1]!)).sort((a, b) => a - b).join(",")}`
    : cols.probationaryMembers[i]! < PROBATIONARY_KEY_LIMIT
      ? (cols.fullMembers[i]! * PROBATIONARY_KEY_LIMIT + cols.probationaryMembers[i]!) * 128 + layer[i]! + 1
      : `${layer[i]}|${cols.fullMembers[i]}|${cols.probationaryMembers[i]}`

/**
 * The setup decision of every required project of a run, shared by the projects with the same {@link dueKey}:
 * `index[i]` is the position in `decisions` of project `i`'s decision (-1 when it is not required).
 */
const decisionsOf = (cols: PortfolioColumns, run: CoverageRun) => {
  const unitAware = readsUnits(run)
  const layer = answeringRule(cols, run.rules)
  const cache = new Map<number | string, number>()
  const decisions: Array<SetupDecision> = []
  const index = new Int32Array(run.size).fill(-1)
  for (let i = 0; i < run.size; i++) {
    if (run.requirement[i] !== Requirement.required) continue
    const key = dueKey(cols, unitAware, layer, i)
    let k = cache.get(key)
    if (k === undefined) {
      k = decisions.length
      decisions.push(decideSetup(projectFromColumns(cols, i), run.policy, run.date))
      cache.set(key, k)
    }
    index[i] = k
  }
  return { decisions, index }
}

/** Instructor and liaison dues of every required project, and the organizations still to set up. */
export const needsOf = (cols: PortfolioColumns, run: CoverageRun): Needs => {
  const policy = run.policy
  const unitAware = readsUnits(run)
  const n = run.size
  const { requirement } = run
  const status = run.status
  const layer = answeringRule(cols, run.rules)
  const REQUIRED = Requirement.required
  const ORGANIZATIONAL = Status.organizational
  // one pass: organizations to set up, and how many required projects share each value of the facts the
  // dues read (with the first row that has it, to rebuild the project from)
  let organizations = 0
  const rowsOf = new Map<number | string, { first: number; count: number }>()
  for (let i = 0; i < n; i++) {
    if (requirement[i] !== REQUIRED) continue
    if (status[i] !== ORGANIZATIONAL) organizations++
    const key = dueKey(cols, unitAware, layer, i)
    const seen = rowsOf.get(key)
    if (seen === undefined) rowsOf.set(key, { first: i, count: 1 })
    else seen.count++
  }
  // then one setup decision per distinct value, counted for every project that shares it
  let instructors = 0
  let optional = 0
  let liaisons = 0
  for (const { first, count } of rowsOf.values()) {
    const d = decideSetup(projectFromColumns(cols, first), policy, run.date)
    const ins = d.instructor._tag === "Settled" ? d.instructor.value : undefined
    const lia = d.liaison._tag === "Settled" ? d.liaison.value : undefined
    if (ins === "required") instructors += count
    if (ins === "optional") optional += count
    if (lia === "required") liaisons += count
  }
  return new Needs({ organizations, instructors, instructorsOptional: optional, liaisons }, trusted)
}

// ------------------------------------------------------------------------------------------------ compare

const resolveAll = (policies: ReadonlyArray<Policy>, extra: ReadonlyArray<Policy>): Either.Either<ReadonlyArray<ResolvedPolicy>, PolicyResolutionError> =>
  Either.all(policies.map((p) => resolve(p, [...extra, ...policies])))

/**
 * The parameters behind a difference between two reasons: every parameter either reason read whose value
 * differs between the two policies (a parameter only one side read is looked up in the other policy).
 */
const parameterChanges = (before: Reason | undefined, after: Reason | undefined, from: Policy, to: Policy) => {
  const keys = new Set([...(before?.parameters ?? []), ...(after?.parameters ?? [])].map((p) => p.key))
  const out: Array<{ key: string; before?: ParameterUsed; after?: ParameterUsed }> = []
  for (const key of keys) {
    const b = before?.parameters.find((p) => p.key === key) ?? parameterUsed(from, key)
    const a = after?.parameters.find((p) => p.key === key) ?? parameterUsed(to, key)
    if (JSON.stringify(b?.value) === JSON.stringify(a?.value)) continue
    out.push({ key, ...(b === undefined ? {} : { before: b }), ...(a === undefined ? {} : { after: a }) })
  }
  return out
}

const findingText = (f: SetupDecision["forms"] | SetupDecision["instructor"]): string =>
  f._tag === "Gap" ? "gap" : typeof f.value === "string" ? f.value : f.value.map((o) => `${o.temporary ? "temporary " : ""}${o.form}`).join(" > ")

/** The elements of two setup decisions of the same project that differ. */
const elementChanges = (before: SetupDecision, after: SetupDecision, fromPolicy: Policy, toPolicy: Policy): ReadonlyArray<ElementChange> =>
  ComparedElements.flatMap((element) => {
    const b = before[element]
    const a = after[element]
    const from = findingText(b)
    const to = findingText(a)
    if (from === to) return []
    const rb = b._tag === "Settled" ? b.reasons[0] : undefined
    const ra = a._tag === "Settled" ? a.reasons[0] : undefined
    return [new ElementChange({
      element, from, to, ...(rb === undefined ? {} : { before: rb }), ...(ra === undefined ? {} : { after: ra }),
      parameters: parameterChanges(rb, ra, fromPolicy, toPolicy)
    }, trusted)]
  })

/** Options of {@link comparePolicies}. */
export interface CompareOptions {
  /** At most this many changed projects are explained (default 200); all are counted. */
  readonly explainLimit?: number
  /** Policies the compared ones may be based on (e.g. a reform's base), besides the catalogue. */
  readonly extra?: ReadonlyArray<Policy>
}

/**
 * Runs the portfolio under each policy and compares each with the first: totals and needs per policy, the
 * difference in needs, and every project whose answer changes with the rules and parameters behind it — its
 * requirement, or (required under both) the forms, instructor or liaison of its setup decision.
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
    const settled = runs.map((run) => decisionsOf(cols, run))
    const outcomes = runs.map((run) => new PolicyOutcome({ policyId: run.policy.id, totals: summarize(cols, run).totals, needs: needsOf(cols, run) }, trusted))
    const limit = options.explainLimit ?? 200
    const changes: Array<ProjectChange> = []
    const changedCount: Array<number> = [0]
    const first = runs[0]!
    for (let k = 1; k < runs.length; k++) {
      const other = runs[k]!
      // the elements that differ between two shared decisions, compared once per pair of decisions
      const pairs = new Map<number, ReadonlyArray<ElementChange>>()
      let count = 0
      for (let i = 0; i < cols.size; i++) {
        let elements: ReadonlyArray<ElementChange> = []
        if (first.requirement[i] === other.requirement[i]) {
          const a = settled[0]!.index[i]!
          const b = settled[k]!.index[i]!
          if (a < 0 || b < 0) continue
          const pair = a * settled[k]!.decisions.length + b
          let found = pairs.get(pair)
          if (found === undefined) {
            found = elementChanges(settled[0]!.decisions[a]!, settled[k]!.decisions[b]!, first.policy, other.policy)
            pairs.set(pair, found)
          }
          if (found.length === 0) continue
          elements = found
        }
        count++
        if (changes.length >= limit) continue
        const b = explainCoverage(cols, first, i).required
        const a = explainCoverage(cols, other, i).required
        const before = b._tag === "Settled" ? b.reasons[0] : undefined
        const after = a._tag === "Settled" ? a.reasons[0] : undefined
        changes.push(new ProjectChange({
          projectId: cols.ids[i]!, policy: k, from: requirementOf(first, i), to: requirementOf(other, i),
          ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }),
          parameters: parameterChanges(before, after, first.policy, other.policy),
          elements
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
