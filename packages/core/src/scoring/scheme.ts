/**
 * Scoring schemes (积分方案) as data: categories, items, caps, base score, period kind and grade thresholds.
 *
 * A scheme is versioned (`id` + `version`) and has an effective period; a period is scored with the version in
 * force on its first day ({@link schemeForDate}). Every number carries whether it comes from a cited clause or
 * is redsite's documented assumption: Fuding names its four categories (岗位目标、履行义务、执行制度、改革创新)
 * but gives no weights, caps, base or thresholds, so every number of {@link fudingDefaultScheme} is an assumption.
 *
 * A policy holds its schemes as data (`scoring.schemes` of its file, e.g.
 * `packages/core/policies/fujian/ningde/fuding/fuding-site-2020.json`); {@link schemesOf} reads them.
 *
 * @module
 */
import { Either } from "effect"
import { fudingSite2020, resolve } from "../policy/catalogue/index.js"
import type { Policy } from "../policy/policy.js"
import { isPeriodStart, periodOf } from "./periods.js"
import type { Period } from "./periods.js"
import type { ScoringCategory, ScoringItem, ScoringScheme } from "./schemeSchema.js"

export * from "./schemeSchema.js"

/**
 * The scoring schemes a policy applies: its data's `scoring.schemes`, or its basis's when it has none (the
 * policy resolved against the catalogue and `extra`); empty when no layer sets one.
 *
 * @example
 * ```ts
 * import { policies, schemesOf } from "@redsite/core"
 * schemesOf(policies.fudingSite2020)[0]?.base // 60, an assumption of the default scheme
 * ```
 */
export const schemesOf = (policy: Policy, extra: ReadonlyArray<Policy> = []): ReadonlyArray<ScoringScheme> => {
  if (policy.scoring !== undefined) return policy.scoring.schemes
  const r = resolve(policy, extra)
  return Either.isRight(r) ? r.right.scoring?.schemes ?? [] : []
}

/** Points in whole steps of the scheme's resolution (an integer). */
export const toUnits = (points: number, resolution: number): number => Math.round(points * resolution)

/** Whether a scheme version is in force at a date. */
export const schemeInForce = (s: ScoringScheme, date: string): boolean =>
  s.effective.from <= date && (s.effective.to === undefined || date <= s.effective.to)

/**
 * The scheme version that scores a date: among the versions in force at that date, the highest version.
 * `undefined` when none is in force.
 */
export const schemeForDate = (schemes: ReadonlyArray<ScoringScheme>, date: string): ScoringScheme | undefined => {
  let best: ScoringScheme | undefined
  for (const s of schemes) if (schemeInForce(s, date) && (best === undefined || s.version > best.version)) best = s
  return best
}

/** The period (of the scheme's kind) an event date belongs to, with the scheme that scores it. */
export const scoringPeriodOf = (
  schemes: ReadonlyArray<ScoringScheme>,
  date: string
): { readonly scheme: ScoringScheme; readonly period: Period } | undefined => {
  const scheme = schemeForDate(schemes, date)
  return scheme === undefined ? undefined : { scheme, period: periodOf(scheme.period, date) }
}

/** One problem with a series of scheme versions. */
export interface SeriesIssue {
  readonly path: string
  readonly message: string
}

/**
 * Checks a series of versions of one scheme: one id, distinct versions, and every version coming into force on
 * the first day of a period of the version it replaces, so no period is split between two versions.
 */
export const checkSeries = (schemes: ReadonlyArray<ScoringScheme>): ReadonlyArray<SeriesIssue> => {
  const issues: Array<SeriesIssue> = []
  const ids = new Set(schemes.map((s) => s.id))
  if (ids.size > 1) issues.push({ path: "id", message: `a series holds versions of one scheme, got ${[...ids].join(", ")}` })
  const versions = new Set<number>()
  schemes.forEach((s, i) => {
    if (versions.has(s.version)) issues.push({ path: `[${i}].version`, message: `duplicate version ${s.version}` })
    versions.add(s.version)
    const before = schemeForDate(schemes.filter((x) => x !== s), s.effective.from)
    if (before !== undefined && before.version < s.version && !isPeriodStart(before.period, s.effective.from)) {
      issues.push({
        path: `[${i}].effective.from`,
        message: `version ${s.version} starts on ${s.effective.from}, inside a ${before.period} of version ${before.version}`
      })
    }
  })
  return issues
}

/** A scheme's category by id. */
export const categoryOf = (scheme: ScoringScheme, id: string): ScoringCategory | undefined =>
  scheme.categories.find((c) => c.id === id)

/** A scheme's item by id. */
export const itemOf = (scheme: ScoringScheme, id: string): ScoringItem | undefined => scheme.items.find((i) => i.id === id)

/** The sign of an item's points in a scheme: +1 for merit, -1 for deduction. */
export const itemSign = (scheme: ScoringScheme, item: ScoringItem): 1 | -1 =>
  categoryOf(scheme, item.category)?.direction === "deduction" ? -1 : 1

/**
 * The documented default scheme for Fuding's site points (工地党员积分管理, seed 002 §三 搭建干事平台): a view of
 * the first scheme of the `fuding-site-2020` policy's data. The four categories the source names — post goals
 * (完成岗位目标), fulfilled obligations (履行义务), following the rules (执行制度), reform and innovation (改革创新) —
 * plus deductions (扣分).
 *
 * Quarterly, base 60, caps 15 / 10 / 10 / 5 (so at most 100), deductions at most 30, thresholds
 * 90 / 75 / 60. **Every number here is an assumption** (the source gives none); change them in a branch's own
 * policy data, or copy the scheme (`new ScoringScheme({ ...fudingDefaultScheme, base: 70, version: 2, … })`).
 */
export const fudingDefaultScheme: ScoringScheme = schemesOf(fudingSite2020)[0]!
