/**
 * A portfolio in columns: one typed array per fact, so that a notebook or a database can hand a million
 * projects to coverage and simulation without building a million objects. {@link portfolioColumns} builds
 * the columns from `Project` objects and their {@link CoverageFacts}; {@link checkColumns} validates columns
 * built elsewhere, naming every bad field.
 *
 * @module
 */
import { Either, Schema } from "effect"
import { DecodeError, decoderFor } from "../model/decode.js"
import { Id, monthsOfPeriod } from "../model/primitives.js"
import type { Project } from "../model/project.js"
import { Ownerships, Phases, ProjectKinds, WorkCoverageForms } from "../model/vocabulary.js"
import type { Ownership, WorkCoverageForm } from "../model/vocabulary.js"

/**
 * What covers a project at a date: the facts coverage reads besides the project's own. Where they come from
 * a structure of organizations, derive them from it at the date asked about.
 */
export class CoverageFacts extends Schema.Class<CoverageFacts>("CoverageFacts")({
  projectId: Id,
  /** A live Party organization of the site's own (单独组建: any form, temporary included) at the date. */
  ownOrganization: Schema.Boolean,
  /**
   * The site is covered by a live joint organization (联合组建: a joint branch, 联合党支部, formed with other units,
   * the neighbourhood or the community) that serves the site and in which its members take part: organizational
   * coverage too (seed-003 §三 3; seed-000 §二(二) names the joint branch as the organization of a site with too
   * few members). Not the same as `work: ["jointBranchElsewhere"]`, members who sit in a joint organization
   * elsewhere that does not serve the site (work coverage). Absent means not.
   */
  jointOrganization: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  /** Party work that reaches the site without an organization of its own. */
  work: Schema.optionalWith(Schema.Array(WorkCoverageForms.schema), { default: () => [] }),
  /** The site runs red-site creation (红色工地创建, Wenzhou). Absent means it does not: record it to count it. */
  redSiteCreation: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  /** The site has a plan for a city-level-or-higher quality project (创市级及以上优质工程计划, Wenzhou). */
  qualityPlan: Schema.optionalWith(Schema.Boolean, { default: () => false })
}) {}

/** Decodes coverage facts from unknown input, with the path of every bad field. */
export const decodeCoverageFacts: (input: unknown) => Either.Either<CoverageFacts, DecodeError> = decoderFor("coverage facts", CoverageFacts)

/** Marks "no value" in the small-integer columns (e.g. a project without a district). */
export const NONE = 255

/**
 * Codes of the `ownOrganization` column: how an organization covers the site. `own` and `joint` are both
 * organizational coverage (组织覆盖, seed-003 §三 3); a column holding only 0 and 1 (as before joint
 * organizations were told apart) reads as it always did.
 */
export const OrganizationCover = {
  /** No organization covers the site. */
  none: 0,
  /** An organization of the site's own (单独组建). */
  own: 1,
  /** A joint organization that serves the site, its members taking part (联合组建). */
  joint: 2
} as const

/**
 * The `ownOrganization` column code of a project's facts ({@link OrganizationCover}): own wins over joint when
 * both are recorded; no facts, none.
 *
 * @example
 * ```ts
 * import { CoverageFacts, organizationCoverOf } from "@redsite/core"
 * organizationCoverOf(new CoverageFacts({ projectId: "p1", ownOrganization: false, jointOrganization: true })) // 2 (joint)
 * organizationCoverOf(undefined) // 0 (none)
 * ```
 */
export const organizationCoverOf = (f: { readonly ownOrganization: boolean; readonly jointOrganization: boolean } | undefined): number =>
  f === undefined ? OrganizationCover.none : f.ownOrganization ? OrganizationCover.own : f.jointOrganization ? OrganizationCover.joint : OrganizationCover.none

/**
 * A portfolio as columns. Row `i` of every array is project `i`. Enumerated facts are indexes into the
 * core's vocabularies (`Phases.values`, `ProjectKinds.values`, `Ownerships.values`) or into `districts`;
 * {@link NONE} (or -1 for `district`) means absent. Units are stored once for all projects: the units of
 * project `i` are rows `unitStart[i]` to `unitStart[i + 1] - 1` of `unitFullMembers`.
 */
export interface PortfolioColumns {
  readonly size: number
  readonly ids: ReadonlyArray<string>
  readonly costYuan: Float64Array
  /** Whole months of the planned period, counted by {@link monthsOfPeriod} (the planned end is the last day of work). */
  readonly plannedMonths: Int32Array
  /** 1 for a major or key project. */
  readonly major: Uint8Array
  /** Full members (正式党员) on the project. */
  readonly fullMembers: Int32Array
  /**
   * Probationary members (预备党员) on the project: with `fullMembers` they make the members in all (党员人数)
   * that the general-branch (50) and committee (100) thresholds count.
   */
  readonly probationaryMembers: Int32Array
  /** Length `size + 1`. */
  readonly unitStart: Int32Array
  /** Full members of each unit. */
  readonly unitFullMembers: Int32Array
  readonly districts: ReadonlyArray<string>
  /** Index into `districts`, -1 for none. */
  readonly district: Int32Array
  readonly phase: Uint8Array
  readonly kind: Uint8Array
  /** Ownership of the lead unit (see {@link leadUnitOwnership}). */
  readonly leadOwnership: Uint8Array
  /**
   * How an organization covers the site ({@link OrganizationCover}): 0 none, 1 an organization of its own,
   * 2 a joint organization that serves it (联合组建); 1 and 2 are both organizational coverage.
   */
  readonly ownOrganization: Uint8Array
  /** Bit `k` set when work form `WorkCoverageForms.values[k]` covers the site. */
  readonly workForms: Uint8Array
  readonly redSiteCreation: Uint8Array
  readonly qualityPlan: Uint8Array
}

/**
 * The unit whose ownership groups a project ("ownership of the lead unit"): the general contractor, else the
 * owner, else the first unit. A grouping key for reports, not a rule of any policy.
 */
export const leadUnitOwnership = (project: Project): Ownership | undefined =>
  (project.units.find((u) => u.role === "generalContractor") ?? project.units.find((u) => u.role === "owner") ?? project.units[0])?.ownership

/**
 * A dictionary encoder for a text column (e.g. districts): `code(value)` gives each distinct value a small
 * index in order of first appearance (-1 for none); `values` lists them.
 */
export const dictionary = () => {
  const values: Array<string> = []
  const index = new Map<string, number>()
  return {
    values,
    code: (value: string | null | undefined): number => {
      if (value === undefined || value === null) return -1
      let k = index.get(value)
      if (k === undefined) {
        k = values.length
        values.push(value)
        index.set(value, k)
      }
      return k
    }
  }
}

/** The bit mask of a list of work forms. */
export const workMask = (forms: ReadonlyArray<WorkCoverageForm>): number =>
  forms.reduce((m, f) => m | (1 << WorkCoverageForms.values.indexOf(f)), 0)

/** The work forms of a bit mask. */
export const workFormsOf = (mask: number): ReadonlyArray<WorkCoverageForm> =>
  WorkCoverageForms.values.filter((_, k) => (mask & (1 << k)) !== 0)

/**
 * Fresh columns for the given project ids and number of unit rows, every value zero (lead ownership
 * {@link NONE}); `districts` is the list the district codes index. For adapters that fill columns themselves.
 */
export const allocateColumns = (ids: ReadonlyArray<string>, units: number, districts: ReadonlyArray<string>) => {
  const n = ids.length
  return {
    size: n,
    ids,
    costYuan: new Float64Array(n),
    plannedMonths: new Int32Array(n),
    major: new Uint8Array(n),
    fullMembers: new Int32Array(n),
    probationaryMembers: new Int32Array(n),
    unitStart: new Int32Array(n + 1),
    unitFullMembers: new Int32Array(units),
    districts,
    district: new Int32Array(n),
    phase: new Uint8Array(n),
    kind: new Uint8Array(n),
    leadOwnership: new Uint8Array(n).fill(NONE),
    ownOrganization: new Uint8Array(n),
    workForms: new Uint8Array(n),
    redSiteCreation: new Uint8Array(n),
    qualityPlan: new Uint8Array(n)
  }
}

/**
 * Builds the columns of projects and their coverage facts (matched by project id; a project without facts
 * has no organization and no Party work).
 */
export const portfolioColumns = (projects: ReadonlyArray<Project>, facts: ReadonlyArray<CoverageFacts> = []): PortfolioColumns => {
  const n = projects.length
  const byId = new Map(facts.map((f) => [f.projectId, f]))
  const districts = dictionary()
  let units = 0
  for (const p of projects) units += p.units.length
  const cols = allocateColumns(projects.map((p) => p.id), units, districts.values)
  let u = 0
  projects.forEach((p, i) => {
    cols.costYuan[i] = p.costYuan
    cols.plannedMonths[i] = monthsOfPeriod(p.plannedStart, p.plannedEnd)
    cols.major[i] = p.major ? 1 : 0
    const fullByUnit = new Map<string, number>()
    let full = 0
    let probationary = 0
    for (const m of p.members) {
      if (m.status === "probationary") probationary++
      if (m.status !== "full") continue
      full++
      if (m.unitId !== undefined) fullByUnit.set(m.unitId, (fullByUnit.get(m.unitId) ?? 0) + 1)
    }
    cols.fullMembers[i] = full
    cols.probationaryMembers[i] = probationary
    cols.unitStart[i] = u
    for (const unit of p.units) cols.unitFullMembers[u++] = fullByUnit.get(unit.id) ?? 0
    cols.district[i] = districts.code(p.district)
    cols.phase[i] = Phases.values.indexOf(p.phase)
    cols.kind[i] = ProjectKinds.values.indexOf(p.kind)
    const own = leadUnitOwnership(p)
    cols.leadOwnership[i] = own === undefined ? NONE : Ownerships.values.indexOf(own)
    const f = byId.get(p.id)
    cols.ownOrganization[i] = organizationCoverOf(f)
    cols.workForms[i] = f === undefined ? 0 : workMask(f.work)
    cols.redSiteCreation[i] = f?.redSiteCreation === true ? 1 : 0
    cols.qualityPlan[i] = f?.qualityPlan === true ? 1 : 0
  })
  cols.unitStart[n] = u
  return cols
}

/**
 * Checks columns built outside the core: every array has the right length, numbers are finite and not
 * negative, indexes are in range, unit rows are consistent. Returns the columns, or every problem with the
 * column and row it is in (e.g. `costYuan[12]`).
 */
export const checkColumns = (cols: PortfolioColumns): Either.Either<PortfolioColumns, DecodeError> => {
  const issues: Array<{ path: string; message: string }> = []
  const n = cols.size
  const MAX_ISSUES = 100
  const add = (path: string, message: string) => {
    if (issues.length < MAX_ISSUES) issues.push({ path, message })
  }
  if (!Number.isInteger(n) || n < 0) return Either.left(new DecodeError({ what: "portfolio columns", issues: [{ path: "size", message: "expected a whole number, not negative" }] }))
  const lengths: Array<[string, { readonly length: number }, number]> = [
    ["ids", cols.ids, n], ["costYuan", cols.costYuan, n], ["plannedMonths", cols.plannedMonths, n], ["major", cols.major, n],
    ["fullMembers", cols.fullMembers, n], ["probationaryMembers", cols.probationaryMembers, n], ["unitStart", cols.unitStart, n + 1], ["district", cols.district, n],
    ["phase", cols.phase, n], ["kind", cols.kind, n], ["leadOwnership", cols.leadOwnership, n],
    ["ownOrganization", cols.ownOrganization, n], ["workForms", cols.workForms, n],
    ["redSiteCreation", cols.redSiteCreation, n], ["qualityPlan", cols.qualityPlan, n]
  ]
  for (const [name, array, expected] of lengths) {
    if (array === undefined || array.length !== expected) add(name, `expected ${expected} rows, got ${array?.length ?? "none"}`)
  }
  if (issues.length > 0) return Either.left(new DecodeError({ what: "portfolio columns", issues }))
  const ids = new Set<string>()
  for (let i = 0; i < n; i++) {
    const id = cols.ids[i]!
    if (typeof id !== "string" || id === "") add(`ids[${i}]`, "expected a non-empty id")
    else if (ids.has(id)) add(`ids[${i}]`, `duplicate id ${id}`)
    else ids.add(id)
    const cost = cols.costYuan[i]!
    if (!Number.isFinite(cost) || cost < 0) add(`costYuan[${i}]`, `expected a finite number of yuan, not negative; got ${cost}`)
    if (cols.plannedMonths[i]! < 0) add(`plannedMonths[${i}]`, "expected months, not negative")
    if (cols.major[i]! > 1) add(`major[${i}]`, "expected 0 or 1")
    if (cols.fullMembers[i]! < 0) add(`fullMembers[${i}]`, "expected a count, not negative")
    if (cols.probationaryMembers[i]! < 0) add(`probationaryMembers[${i}]`, "expected a count, not negative")
    if (cols.unitStart[i]! > cols.unitStart[i + 1]!) add(`unitStart[${i + 1}]`, "unit rows must not go back")
    if (cols.district[i]! < -1 || cols.district[i]! >= cols.districts.length) add(`district[${i}]`, `expected -1 or an index below ${cols.districts.length}`)
    if (cols.phase[i]! >= Phases.values.length) add(`phase[${i}]`, `expected an index below ${Phases.values.length}`)
    if (cols.kind[i]! >= ProjectKinds.values.length) add(`kind[${i}]`, `expected an index below ${ProjectKinds.values.length}`)
    if (cols.leadOwnership[i]! >= Ownerships.values.length && cols.leadOwnership[i] !== NONE) add(`leadOwnership[${i}]`, `expected an index below ${Ownerships.values.length} or ${NONE}`)
    if (cols.ownOrganization[i]! > OrganizationCover.joint) add(`ownOrganization[${i}]`, "expected 0 (none), 1 (own) or 2 (joint)")
    if (cols.workForms[i]! >= 1 << WorkCoverageForms.values.length) add(`workForms[${i}]`, "unknown work-coverage bits")
  }
  if (cols.unitStart[0] !== 0 || cols.unitStart[n] !== cols.unitFullMembers.length) {
    add("unitStart", `expected to run from 0 to ${cols.unitFullMembers.length} (the rows of unitFullMembers)`)
  }
  for (let u = 0; u < cols.unitFullMembers.length; u++) if (cols.unitFullMembers[u]! < 0) add(`unitFullMembers[${u}]`, "expected a count, not negative")
  return issues.length === 0 ? Either.right(cols) : Either.left(new DecodeError({ what: "portfolio columns", issues }))
}
