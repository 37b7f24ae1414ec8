/**
 * What a requirement rule ("must this project set up an organization?") reads of a project, one project at a
 * time ({@link RequirementFacts}) or a portfolio in columns ({@link RequirementColumns}), and what it answers.
 *
 * @module
 */
import type { RequirementLevel } from "../../model/vocabulary.js"
import type { SetupContext } from "../define.js"

/** What a requirement rule may read of a project. */
export interface RequirementFacts {
  /** Whole months of the planned period (`monthsOfPeriod`). */
  readonly months: number
  /** Major or key project (重大工程 / 重点项目). */
  readonly major: boolean
  readonly costYuan: number
  /** Full members (正式党员) on the project. */
  readonly fullMembers: number
  /** How many units have at least `min` full members. */
  readonly unitsWithAtLeast: (min: number) => number
}

/**
 * A rule's verdict: required, not required, or silent (the rule does not speak to this project, so the next
 * layer's rule answers). A local rule answers `notRequired` only where its policy declares that it narrows the
 * national duty (`displaces`), with the clause that says so; elsewhere it is silent outside its scope.
 */
export type RequirementVerdict = RequirementLevel | "silent"

/** The same facts for many projects, one array per fact (row `i` is project `i`). */
export interface RequirementColumns {
  readonly size: number
  readonly plannedMonths: Int32Array
  readonly major: Uint8Array
  readonly costYuan: Float64Array
  readonly fullMembers: Int32Array
  /** Units of project `i` are rows `unitStart[i]` to `unitStart[i + 1] - 1` of `unitFullMembers`. */
  readonly unitStart: Int32Array
  readonly unitFullMembers: Int32Array
}

/** Verdict codes written by a kernel's column form. */
export const VerdictCode = { notRequired: 0, required: 1, silent: 2 } as const

/** The facts a requirement verdict reads, from the setup context (internal). */
export const requirementFacts = (ctx: SetupContext): RequirementFacts => ({
  months: ctx.plannedMonths,
  major: ctx.project.major,
  costYuan: ctx.project.costYuan,
  fullMembers: ctx.counts.full,
  unitsWithAtLeast: (min) => ctx.project.units.filter((u) => (ctx.unitCounts.get(u.id)?.full ?? 0) >= min).length
})
