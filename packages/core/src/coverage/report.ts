/**
 * The portfolio report: totals and rates overall and by group (district, phase, ownership of the lead unit,
 * project kind), and progress against the policy's targets for a year, with the projects that keep each
 * target from being met.
 *
 * @module
 */
import { Either, Schema } from "effect"
import { EXPLANATION_FORMAT, ExplanationFormat, FactUsed, Finding, ParameterUsed, Reason, gap, settled } from "../explain/explanation.js"
import type { Citation, Finding as FindingOf } from "../explain/explanation.js"
import { trusted } from "../internal/trusted.js"
import { Id, IsoDate, Label } from "../model/primitives.js"
import { Ownerships, Phases, ProjectKinds } from "../model/vocabulary.js"
import { parameterUsed } from "../policy/policy.js"
import { answeringRule } from "../rules/requirement/index.js"
import { quoted } from "../policy/sources.js"
import type { Policy, PolicyResolutionError, RuleSpec } from "../policy/policy.js"
import type { PortfolioColumns } from "./columns.js"
import { Requirement, Status, runCoverage } from "./coverage.js"
import type { CoverageRun } from "./coverage.js"

/** Counts of a set of projects. Rates are shares of the required projects, `null` when none is required. */
export class CoverageCounts extends Schema.Class<CoverageCounts>("CoverageCounts")({
  projects: Schema.Number,
  required: Schema.Number,
  notRequired: Schema.Number,
  /** Projects on whose requirement the policy is silent. */
  undecided: Schema.Number,
  /** Required projects covered by an organization: their own, or a joint one (联合组建). */
  requiredOrganizational: Schema.Number,
  /** Of `requiredOrganizational`, those covered by a joint organization and none of their own. Absent in older output: 0. */
  requiredJointOrganizational: Schema.optionalWith(Schema.Number, { default: () => 0 }),
  /** Required projects covered by Party work only. */
  requiredWork: Schema.Number,
  /** Required projects not covered at all (blank spots). */
  requiredNone: Schema.Number,
  /** All projects covered by an organization (their own or a joint one), required or not. */
  organizational: Schema.Number,
  /** Of `organizational`, those covered by a joint organization and none of their own. Absent in older output: 0. */
  jointOrganizational: Schema.optionalWith(Schema.Number, { default: () => 0 }),
  work: Schema.Number,
  none: Schema.Number,
  /** requiredOrganizational / required. */
  organizationalRate: Schema.NullOr(Schema.Number),
  /** (requiredOrganizational + requiredWork) / required. */
  coveredRate: Schema.NullOr(Schema.Number)
}) {}

/** Keys a report can group by. */
export const GroupKeys = ["district", "phase", "leadOwnership", "kind"] as const
/** @see {@link GroupKeys} */
export type GroupKey = (typeof GroupKeys)[number]

/** One group's counts. */
export class CoverageGroup extends Schema.Class<CoverageGroup>("CoverageGroup")({
  /** The group's value: a district name, or a vocabulary value (`construction`, `stateOwned`, …); `""` for none. */
  value: Schema.String,
  label: Label,
  counts: CoverageCounts
}) {}

/** How far a target is met. */
export class TargetMeasure extends Schema.Class<TargetMeasure>("TargetMeasure")({
  key: Schema.String,
  label: Label,
  /** The share the policy sets. */
  target: Schema.Number,
  numerator: Schema.Number,
  denominator: Schema.Number,
  /** numerator / denominator; `null` when there is nothing to measure. */
  actual: Schema.NullOr(Schema.Number),
  met: Schema.Boolean,
  /** How many more projects must comply for the target to be met (0 when met). */
  shortfall: Schema.Number,
  /** Projects that keep the target from being met (up to the report's limit; `blockingCount` has them all). */
  blocking: Schema.Array(Id),
  blockingCount: Schema.Number
}) {}

/** The coverage report of a portfolio. */
export class CoverageReport extends Schema.Class<CoverageReport>("CoverageReport")({
  format: ExplanationFormat,
  policyId: Schema.String,
  date: IsoDate,
  /** Whether the policy is in force at the date. */
  inForce: Schema.Union(Schema.Boolean, Schema.Literal("unknown")),
  totals: CoverageCounts,
  groups: Schema.Array(Schema.Struct({ by: Schema.Literal(...GroupKeys), rows: Schema.Array(CoverageGroup) })),
  /** Progress against the policy's targets for `targetYear`, or a gap when it sets none. */
  targets: Schema.optional(Schema.Struct({ year: Schema.Number, progress: Finding(Schema.Array(TargetMeasure)) }))
}) {}

/** Options of {@link coverageReport}. */
export interface ReportOptions {
  readonly groupBy?: ReadonlyArray<GroupKey>
  /** Measure the policy's targets for this year (run the report at that year's end). */
  readonly targetYear?: number
  /** At most this many blocking project ids per target (default 1,000). */
  readonly blockingLimit?: number
}

const rate = (num: number, den: number) => (den === 0 ? null : num / den)

/**
 * Tallies are kept per combined code `requirement × 4 + cover` (12 codes: not required / required / gap
 * × none / work / own organization / joint organization), one increment per project and grouping; the
 * counts derive from them. The cover of a row is its {@link Status} code, with organizational coverage split
 * by the OrganizationCover code (columns.ts): `o * 2 + (c >> 1)` is 2 for an own and 3 for a joint organization.
 */
const CODES = 12
const JOINT = 3
const countsAt = (t: Float64Array, base: number) => {
  const at = (req: number, cover: number) => t[base + req * 4 + cover]!
  const sumReq = (req: number) => at(req, 0) + at(req, 1) + at(req, 2) + at(req, 3)
  const sumCover = (cover: number) => at(0, cover) + at(1, cover) + at(2, cover)
  const required = sumReq(Requirement.required)
  const reqJoint = at(Requirement.required, JOINT)
  const reqOrg = at(Requirement.required, Status.organizational) + reqJoint
  const reqWork = at(Requirement.required, Status.work)
  return new CoverageCounts({
    projects: sumReq(0) + sumReq(1) + sumReq(2), required, notRequired: sumReq(Requirement.notRequired), undecided: sumReq(Requirement.gap),
    requiredOrganizational: reqOrg, requiredJointOrganizational: reqJoint, requiredWork: reqWork, requiredNone: at(Requirement.required, Status.none),
    organizational: sumCover(Status.organizational) + sumCover(JOINT), jointOrganizational: sumCover(JOINT), work: sumCover(Status.work), none: sumCover(Status.none),
    organizationalRate: rate(reqOrg, required), coveredRate: rate(reqOrg + reqWork, required)
  }, trusted)
}

/** A grouping's codes per row: a district index (`Int32Array`, -1 for none) or a vocabulary index (`Uint8Array`, `NONE` for none). */
type GroupCodes = Int32Array | Uint8Array

const groupColumn = (cols: PortfolioColumns, by: GroupKey): { readonly codes: GroupCodes; readonly values: ReadonlyArray<{ value: string; zh: string; en: string }> } => {
  switch (by) {
    case "district":
      return { codes: cols.district, values: cols.districts.map((d) => ({ value: d, zh: d, en: d })) }
    case "phase":
      return { codes: cols.phase, values: Phases.values.map((v) => ({ value: v, ...Phases.labels[v] })) }
    case "kind":
      return { codes: cols.kind, values: ProjectKinds.values.map((v) => ({ value: v, ...ProjectKinds.labels[v] })) }
    case "leadOwnership":
      return { codes: cols.leadOwnership, values: Ownerships.values.map((v) => ({ value: v, ...Ownerships.labels[v] })) }
  }
}

/*
 * The tally kernels. Each is a top-level function of typed arrays only (no captured variables, so the
 * compiler keeps every array in a register and never reloads it from a closure's context) and computes
 * the cover code inline, branch-free, as `statusCode` does, with joint organizations apart: with
 * `o = (c + 1) >> 1` (1 for an own or a joint organization), `o * 2 + (c >> 1) + ((o ^ 1) & ((work + 255) >> 8))`.
 * A group code outside `0 … none - 1` (-1 or NONE) is counted in the extra slot `none`: `g >>> 0` turns -1
 * into a large number, so one unsigned comparison catches both.
 */

/** Totals only: one increment per row in `t[requirement × 4 + cover]`. */
const tallyTotals = (n: number, requirement: Uint8Array, own: Uint8Array, work: Uint8Array, t: Uint32Array): void => {
  for (let i = 0; i < n; i++) {
    const c = own[i]!
    const o = (c + 1) >> 1
    t[requirement[i]! * 4 + o * 2 + (c >> 1) + ((o ^ 1) & ((work[i]! + 255) >> 8))]! += 1
  }
}

/**
 * The first grouping: one increment per row in `t[slot × CODES + requirement × 4 + cover]`; when `combined`
 * is given, each row's `requirement × 4 + cover` is kept there for the other groupings.
 */
const tallyFirst = (
  n: number, codes: GroupCodes, none: number, requirement: Uint8Array, own: Uint8Array, work: Uint8Array,
  t: Uint32Array, combined: Uint8Array | undefined
): void => {
  if (combined === undefined) {
    for (let i = 0; i < n; i++) {
      const g = codes[i]!
      const c = own[i]!
      const o = (c + 1) >> 1
      t[((g >>> 0) >= none ? none : g) * CODES + requirement[i]! * 4 + o * 2 + (c >> 1) + ((o ^ 1) & ((work[i]! + 255) >> 8))]! += 1
    }
  } else {
    for (let i = 0; i < n; i++) {
      const g = codes[i]!
      const c = own[i]!
      const o = (c + 1) >> 1
      const k = requirement[i]! * 4 + o * 2 + (c >> 1) + ((o ^ 1) & ((work[i]! + 255) >> 8))
      combined[i] = k
      t[((g >>> 0) >= none ? none : g) * CODES + k]! += 1
    }
  }
}

/** Another grouping, from the combined codes the first one kept. */
const tallyMore = (n: number, codes: GroupCodes, none: number, combined: Uint8Array, t: Uint32Array): void => {
  for (let i = 0; i < n; i++) {
    const g = codes[i]!
    t[((g >>> 0) >= none ? none : g) * CODES + combined[i]!]! += 1
  }
}

/**
 * Totals and groups of a run: one pass for the totals alone, or one pass per grouping (the totals come from
 * the first, which also keeps each row's combined code so that the others read one column instead of three).
 */
export const summarize = (cols: PortfolioColumns, run: CoverageRun, groupBy: ReadonlyArray<GroupKey> = []) => {
  const n = run.size
  const { requirement } = run
  const { ownOrganization, workForms } = cols
  const totals = new Float64Array(CODES)
  const keys = groupBy.map((by) => ({ by, ...groupColumn(cols, by) }))
  // one table of tallies per grouping, each with an extra slot for "none" (-1 or NONE)
  const tables = keys.map((k) => new Uint32Array((k.values.length + 1) * CODES))
  const first = keys[0]
  if (first === undefined) {
    const counts = new Uint32Array(CODES)
    tallyTotals(n, requirement, ownOrganization, workForms, counts)
    for (let c = 0; c < CODES; c++) totals[c] = counts[c]!
  } else {
    const combined = keys.length > 1 ? new Uint8Array(n) : undefined
    tallyFirst(n, first.codes, first.values.length, requirement, ownOrganization, workForms, tables[0]!, combined)
    for (let k = 1; k < keys.length; k++) tallyMore(n, keys[k]!.codes, keys[k]!.values.length, combined!, tables[k]!)
    // the first grouping's slots add up to the totals
    const t = tables[0]!
    for (let j = 0; j < t.length; j++) totals[j % CODES]! += t[j]!
  }
  const groups = keys.map(({ by, values }, k) => {
    const t = Float64Array.from(tables[k]!)
    const rows: Array<CoverageGroup> = []
    for (let slot = 0; slot <= values.length; slot++) {
      const c = countsAt(t, slot * CODES)
      if (c.projects === 0) continue
      const v = slot < values.length ? values[slot]! : { value: "", zh: "未填", en: "none" }
      rows.push(new CoverageGroup({ value: v.value, label: new Label({ zh: v.zh, en: v.en }, trusted), counts: c }, trusted))
    }
    return { by, rows }
  })
  return { totals: countsAt(totals, 0), groups }
}

// ------------------------------------------------------------------------------------------------ targets


const measure = (
  key: string, label: { zh: string; en: string }, target: number,
  inScope: (i: number) => boolean, complies: (i: number) => boolean,
  cols: PortfolioColumns, run: CoverageRun, limit: number
): TargetMeasure => {
  let den = 0
  let num = 0
  const blocking: Array<string> = []
  let blockingCount = 0
  for (let i = 0; i < run.size; i++) {
    if (!inScope(i)) continue
    den++
    if (complies(i)) num++
    else {
      blockingCount++
      if (blocking.length < limit) blocking.push(cols.ids[i]!)
    }
  }
  const actual = rate(num, den)
  const met = actual === null || actual >= target - 1e-12
  const shortfall = met ? 0 : Math.ceil(target * den - num - 1e-9)
  return new TargetMeasure({
    key, label: new Label(label, trusted), target, numerator: num, denominator: den, actual, met, shortfall,
    blocking: met ? [] : blocking, blockingCount: met ? 0 : blockingCount
  }, trusted)
}

const targetReason = (run: CoverageRun, rule: RuleSpec, params: ReadonlyArray<ParameterUsed>, year: number, text: { zh: string; en: string }, citation: Citation = rule.citation) =>
  new Reason({
    format: EXPLANATION_FORMAT, policyId: rule.origin ?? run.policy.id, ruleId: rule.id, citation,
    facts: [new FactUsed({ name: "year", value: year }, trusted), new FactUsed({ name: "date", value: run.date }, trusted)],
    parameters: params, text: new Label(text, trusted)
  }, trusted)

/** The clauses of Shanghai's targets, whose year the source elides (seed-000 §五(一); the opinions are dated 201*年4月27日). */
export const ELIDED_YEAR_TARGETS = {
  stateOwnedMajor: quoted("seed-000-site", "§五(一)", "国有企业党组织要在工地党建联建中发挥骨干作用,在重大工程建设项目中深化工地党建联建,到年底要基本覆盖",
    "'by the year end' of a year the source elides (the opinions are dated 201*年4月27日): no year to measure against"),
  majorAndLongSites: quoted("seed-000-site", "§五(一)", "至201*年重大工程建设项目和工期达到半年以上的工地,基本实现党建工作覆盖",
    "the year is elided in the source: no year to measure against")
} as const

/**
 * The year by whose end a target is due, from a whole-number parameter (e.g. `workCoverageYear: 2012` in a
 * district's policy based on `shanghai-site`); `undefined` when no policy in the chain states it (the source
 * elides the year: there is nothing to measure against).
 */
const dueYear = (policy: Policy, key: string): { readonly year: number | undefined; readonly used: ParameterUsed | undefined } => {
  const used = parameterUsed(policy, key)
  const v = used?.value
  return typeof v === "number" && Number.isInteger(v) ? { year: v, used } : { year: undefined, used: undefined }
}

/**
 * Progress against the policy's targets for a year (run the coverage at that year's end): one measure per
 * target the policy sets, with the projects that keep it from being met; a gap when the policy sets no
 * target, or none for that year.
 */
export const targetProgress = (cols: PortfolioColumns, run: CoverageRun, year: number, limit = 1000): FindingOf<ReadonlyArray<TargetMeasure>> => {
  const policy = run.policy
  const rules = policy.rules.filter((r) => r.question === "target")
  const measures: Array<TargetMeasure> = []
  const reasons: Array<Reason> = []
  // targets that cannot be measured for the year: their year is elided in the source, or not yet due
  const unmeasured: Array<{ readonly reason: Reason; readonly text: { zh: string; en: string }; readonly citation: Citation }> = []
  const required = (i: number) => run.requirement[i] === Requirement.required
  for (const rule of rules) {
    if (rule.kind === "target.yearlyShares") {
      const creating = parameterUsed(policy, `creatingShare${year}`)
      const quality = parameterUsed(policy, `qualityPlanShare${year}`)
      if (creating === undefined || quality === undefined) continue
      // 符合创建条件: the sites the target's own policy requires (its requirement rule answered), not the ones
      // only the national layer below it requires (issue 14 item 4)
      const layer = answeringRule(cols, run.rules)
      const own = new Set(run.rules.flatMap((c, k) => (policy.rules.find((x) => x.id === c.ruleId)?.origin === rule.origin ? [k] : [])))
      const eligible = (i: number) => required(i) && own.has(layer[i]!)
      measures.push(
        measure("creatingShare", { zh: `符合条件的工地开展创建的比例(${year}年底)`, en: `share of eligible sites running red-site creation (end ${year})` },
          creating.value as number, eligible, (i) => cols.redSiteCreation[i] === 1, cols, run, limit),
        measure("qualityPlanShare", { zh: `创建工地中有创市级及以上优质工程计划的比例(${year}年底)`, en: `share of creating sites with a city-level quality plan (end ${year})` },
          quality.value as number, (i) => eligible(i) && cols.redSiteCreation[i] === 1, (i) => cols.qualityPlan[i] === 1, cols, run, limit)
      )
      reasons.push(targetReason(run, rule, [creating, quality], year, {
        zh: `${year}年底:开展创建比例不低于${creating.value},其中有优质工程计划的不低于${quality.value}`,
        en: `end of ${year}: at least ${creating.value} of eligible sites creating, and ${quality.value} of those with a quality plan`
      }))
    } else if (rule.kind === "target.majorProjectsByYearEnd") {
      // Shanghai §五(一): both targets are "by the year end" of a year the source elides (201*). A year is
      // measured only once a policy based on this one states it (`stateOwnedMajorCoverageYear`,
      // `workCoverageYear`: whole years), and from that year on; without one the target is a gap naming the
      // clause, never a pass or a failure for whatever year is asked about. "基本覆盖" (basically covered) is
      // read as the share `basicCoverageShare` where a policy states one, else as every such project — which
      // the reason says.
      const soe = parameterUsed(policy, "stateOwnedMajorCoverageByYearEnd")
      const minMonths = parameterUsed(policy, "siteMinMonths")
      if (soe === undefined || minMonths === undefined) continue
      const share = parameterUsed(policy, "basicCoverageShare")
      const target = typeof share?.value === "number" ? share.value : 1
      const shareUsed = share === undefined ? [] : [share]
      const stateOwned = Ownerships.values.indexOf("stateOwned")
      const min = minMonths.value as number
      const due = (
        key: string, citation: Citation, what: { zh: string; en: string }, params: ReadonlyArray<ParameterUsed>, add: () => void
      ) => {
        const { year: by, used } = dueYear(policy, key)
        const all = [...params, ...(used === undefined ? [] : [used]), ...shareUsed]
        if (by !== undefined && year >= by) {
          add()
          reasons.push(targetReason(run, rule, all, year, share === undefined
            ? { zh: `${by}年底起:${what.zh}(“基本”未给比例,按全部计,系假定)`, en: `from the end of ${by}: ${what.en} ("基本" gives no share: read as every such project, an assumption)` }
            : { zh: `${by}年底起:${what.zh}(“基本”按${target}计)`, en: `from the end of ${by}: ${what.en} ("基本" read as a share of ${target})` }, citation))
          return
        }
        const text = by === undefined
          ? { zh: `${what.zh}:原文未写明年份(“到年底”“至201*年”),无从衡量${year}年的进度`, en: `${what.en}: the source elides the year ("by the year end", "by 201*"), so progress in ${year} cannot be measured` }
          : { zh: `${what.zh}:${by}年底到期,${year}年尚未到期`, en: `${what.en}: due by the end of ${by}, not yet in ${year}` }
        unmeasured.push({ reason: targetReason(run, rule, all, year, text, citation), text, citation })
      }
      if (soe.value === true) {
        due("stateOwnedMajorCoverageYear", ELIDED_YEAR_TARGETS.stateOwnedMajor,
          { zh: "国有企业党组织基本覆盖重大工程", en: "state-owned enterprises' organizations basically cover major projects" }, [soe],
          () => measures.push(measure("stateOwnedMajorOrganizational",
            { zh: "国有企业牵头的重大工程由党组织覆盖", en: "major projects led by state-owned enterprises covered by an organization" },
            target, (i) => cols.major[i] === 1 && cols.leadOwnership[i] === stateOwned, (i) => run.status[i] === Status.organizational, cols, run, limit)))
      }
      due("workCoverageYear", ELIDED_YEAR_TARGETS.majorAndLongSites,
        { zh: `重大工程和工期${min}个月以上工地基本实现工作覆盖`, en: `major projects and sites of ${min} months or more basically reached by Party work` }, [minMonths],
        () => measures.push(measure("majorAndLongSitesWorkCovered",
          { zh: `重大工程和工期${min}个月以上工地实现工作覆盖`, en: `major projects and sites of ${min} months or more reached by Party work at least` },
          target, (i) => cols.major[i] === 1 || cols.plannedMonths[i]! >= min, (i) => run.status[i] !== Status.none, cols, run, limit)))
    }
  }
  const [first, ...rest] = [...reasons, ...unmeasured.map((u) => u.reason)]
  if (measures.length === 0) {
    // nothing to measure: the first target that could not be measured says why, citing its clause
    const u = unmeasured[0]
    return u !== undefined
      ? gap(policy.id, "target", u.text, u.citation)
      : gap(policy.id, "target", { zh: `政策${policy.id}未规定${year}年的覆盖目标`, en: `policy ${policy.id} sets no coverage target for ${year}` })
  }
  return settled(measures, first!, ...rest)
}

/**
 * The coverage report of a portfolio under a policy at a date: totals, groups, and (with `targetYear`)
 * progress against the policy's targets.
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { coverageReport, isoDate, policies, portfolioColumns, seedScenarios } from "@redsite/core"
 * const cols = portfolioColumns(seedScenarios.map((s) => s.project))
 * const report = Either.getOrThrow(coverageReport(cols, policies.wenzhouRedSite2022, isoDate("2023-12-31"), { groupBy: ["district"], targetYear: 2023 }))
 * console.log(report.totals.required, report.targets?.progress)
 * ```
 */
export const coverageReport = (
  cols: PortfolioColumns,
  policy: Policy,
  date: IsoDate,
  options: ReportOptions = {},
  extra: ReadonlyArray<Policy> = []
): Either.Either<CoverageReport, PolicyResolutionError> =>
  Either.map(runCoverage(cols, policy, date, extra), (run) => reportOf(cols, run, options))

/** The report of a run already made. */
export const reportOf = (cols: PortfolioColumns, run: CoverageRun, options: ReportOptions = {}): CoverageReport => {
  const { totals, groups } = summarize(cols, run, options.groupBy ?? [])
  return new CoverageReport({
    format: EXPLANATION_FORMAT,
    policyId: run.policy.id,
    date: run.date,
    inForce: run.inForce,
    totals,
    groups,
    ...(options.targetYear === undefined
      ? {}
      : { targets: { year: options.targetYear, progress: targetProgress(cols, run, options.targetYear, options.blockingLimit ?? 1000) } })
  }, trusted)
}
