/**
 * The schema of a scoring scheme (积分方案): categories, items, caps, base score, period kind and grade
 * thresholds, with their checks. Kept apart from {@link ./scheme.ts}'s functions so a policy's data (whose
 * `scoring` section holds its schemes) can name the schema without importing the catalogue.
 *
 * @module
 */
import { Either, Schema } from "effect"
import { Citation } from "../explain/explanation.js"
import { decoderFor } from "../model/decode.js"
import type { DecodeError } from "../model/decode.js"
import { Id, IsoDate, Label } from "../model/primitives.js"
import { isPeriodStart } from "./periods.js"
import { CategoryDirections, PeriodKinds, TalkTriggers } from "./vocabulary.js"

const NonNegative = Schema.Number.pipe(Schema.finite(), Schema.nonNegative())

/** A category of points (积分类别), e.g. Fuding's "post goals" (岗位目标), or the deductions (扣分). */
export class ScoringCategory extends Schema.Class<ScoringCategory>("ScoringCategory")({
  id: Id,
  label: Label,
  direction: CategoryDirections.schema,
  /** Largest amount (absolute value) the category may contribute in one period; none when absent. */
  capPerPeriod: Schema.optional(NonNegative),
  /** Where the category comes from. */
  citation: Citation,
  /** True when the cap is redsite's assumption rather than the source's number. */
  assumption: Schema.Boolean,
  note: Schema.optional(Schema.String)
}) {}

/** An item points are given for (积分项目), in one category. */
export class ScoringItem extends Schema.Class<ScoringItem>("ScoringItem")({
  id: Id,
  category: Id,
  label: Label,
  /** Default points of one occurrence, as a magnitude (the category's direction gives the sign). */
  points: Schema.Number.pipe(Schema.finite(), Schema.positive()),
  /** Largest amount (absolute value) the item may contribute in one period; none when absent. */
  capPerPeriod: Schema.optional(NonNegative),
  /** A talk that recording this item makes due (三必谈), e.g. a safety violation. */
  triggers: Schema.optional(TalkTriggers.schema),
  citation: Citation,
  /** True when the points or the cap are redsite's assumption. */
  assumption: Schema.Boolean,
  note: Schema.optional(Schema.String)
}) {}

/**
 * Lowest total (inclusive) for each grade; a total below `basicallyQualified` is unqualified.
 * Must satisfy `excellent > qualified > basicallyQualified`, so grades are monotone in points.
 */
export class GradeThresholds extends Schema.Class<GradeThresholds>("GradeThresholds")(
  Schema.Struct({
    excellent: Schema.Number.pipe(Schema.finite()),
    qualified: Schema.Number.pipe(Schema.finite()),
    basicallyQualified: Schema.Number.pipe(Schema.finite()),
    citation: Citation,
    assumption: Schema.Boolean,
    note: Schema.optional(Schema.String)
  }).pipe(
    Schema.filter((t) =>
      (t.excellent > t.qualified && t.qualified > t.basicallyQualified) ||
      { path: ["excellent"], message: `thresholds must decrease: excellent ${t.excellent} > qualified ${t.qualified} > basicallyQualified ${t.basicallyQualified}` }
    )
  )
) {}

/** When a scheme version is in force (both bounds inclusive). */
export class SchemeEffective extends Schema.Class<SchemeEffective>("SchemeEffective")({
  from: IsoDate,
  to: Schema.optional(IsoDate)
}) {}

const SchemeFields = Schema.Struct({
  /** Id shared by all versions of the scheme. */
  id: Id,
  version: Schema.Number.pipe(Schema.int(), Schema.positive()),
  /** The policy whose practice the scheme implements (reasons name it as their policy). */
  policyId: Id,
  name: Label,
  effective: SchemeEffective,
  period: PeriodKinds.schema,
  /** Points every member starts a period with (基础分). */
  base: Schema.Number.pipe(Schema.finite()),
  baseAssumption: Schema.Boolean,
  /**
   * Points are counted in steps of `1 / resolution` (10 = tenths). Every event's points must be a whole number
   * of steps; totals are then exact integers internally, so sums never depend on the order of events.
   */
  resolution: Schema.Number.pipe(Schema.int(), Schema.positive()),
  categories: Schema.NonEmptyArray(ScoringCategory),
  items: Schema.NonEmptyArray(ScoringItem),
  grades: GradeThresholds,
  /** Where the scheme as a whole comes from. */
  citation: Citation
}).pipe(
  Schema.filter((s) => {
    const issues: Array<Schema.FilterIssue> = []
    if (s.effective.to !== undefined && s.effective.to < s.effective.from) {
      issues.push({ path: ["effective", "to"], message: `effective.to ${s.effective.to} is before effective.from ${s.effective.from}` })
    }
    if (!isPeriodStart(s.period, s.effective.from)) {
      issues.push({ path: ["effective", "from"], message: `a ${s.period} scheme must come into force on the first day of a ${s.period}, not ${s.effective.from}` })
    }
    if (!isWholeSteps(s.base, s.resolution)) {
      issues.push({ path: ["base"], message: `base ${s.base} is not a whole number of 1/${s.resolution} steps` })
    }
    const cats = new Set<string>()
    s.categories.forEach((c, i) => {
      if (c.capPerPeriod !== undefined && !isWholeSteps(c.capPerPeriod, s.resolution)) {
        issues.push({ path: ["categories", i, "capPerPeriod"], message: `cap ${c.capPerPeriod} is not a whole number of 1/${s.resolution} steps` })
      }
      if (cats.has(c.id)) issues.push({ path: ["categories", i, "id"], message: `duplicate category ${c.id}` })
      cats.add(c.id)
    })
    const items = new Set<string>()
    s.items.forEach((it, i) => {
      if (items.has(it.id)) issues.push({ path: ["items", i, "id"], message: `duplicate item ${it.id}` })
      items.add(it.id)
      if (!cats.has(it.category)) issues.push({ path: ["items", i, "category"], message: `item ${it.id} names unknown category ${it.category}` })
      if (it.capPerPeriod !== undefined && !isWholeSteps(it.capPerPeriod, s.resolution)) {
        issues.push({ path: ["items", i, "capPerPeriod"], message: `cap ${it.capPerPeriod} is not a whole number of 1/${s.resolution} steps` })
      }
      if (!isWholeSteps(it.points, s.resolution)) {
        issues.push({ path: ["items", i, "points"], message: `points ${it.points} are not a whole number of 1/${s.resolution} steps` })
      }
    })
    return issues
  })
)

/** A versioned scoring scheme. */
export class ScoringScheme extends Schema.Class<ScoringScheme>("ScoringScheme")(SchemeFields) {}

/** Decodes unknown input (e.g. a local scheme in JSON) into a {@link ScoringScheme}, with field paths on error. */
export const decodeScheme: (input: unknown) => Either.Either<ScoringScheme, DecodeError> = decoderFor("scoring scheme", ScoringScheme)

/** Whether `points` is a whole number of `1 / resolution` steps. */
export const isWholeSteps = (points: number, resolution: number): boolean => {
  const u = points * resolution
  return Number.isFinite(u) && Math.abs(u - Math.round(u)) < 1e-9
}
