/**
 * Scoring schemes (积分方案) as data: categories, items, caps, base score, period kind and grade thresholds.
 *
 * A scheme is versioned (`id` + `version`) and has an effective period; a period is scored with the version in
 * force on its first day ({@link schemeForDate}). Every number carries whether it comes from a cited clause or
 * is redsite's documented assumption: Fuding names its four categories (岗位目标、履行义务、执行制度、改革创新)
 * but gives no weights, caps, base or thresholds, so every number of {@link fudingDefaultScheme} is an assumption.
 *
 * @module
 */
import { Either, Schema } from "effect"
import { Citation } from "../explain/explanation.js"
import { decoderFor } from "../model/decode.js"
import type { DecodeError } from "../model/decode.js"
import { Id, IsoDate, Label, isoDate } from "../model/primitives.js"
import { cite } from "../policy/sources.js"
import { isPeriodStart, periodOf } from "./periods.js"
import type { Period } from "./periods.js"
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

// ------------------------------------------------------------------------------------------- Fuding default

const FUDING = "seed-002" as const
const POINTS_SECTION = "§三 搭建干事平台"
const ASSUMED = "assumption: the source names the category but gives no numbers; redsite's default"

const label = (zh: string, en: string) => new Label({ zh, en })

const category = (
  id: string, zh: string, en: string, direction: "merit" | "deduction", cap: number, citation: Citation, note: string
) => new ScoringCategory({ id, label: label(zh, en), direction, capPerPeriod: cap, citation, assumption: true, note })

const item = (
  id: string, cat: string, zh: string, en: string, points: number, cap: number | undefined, citation: Citation,
  triggers?: "safetyViolation" | "familyIncident"
) =>
  new ScoringItem({
    id, category: cat, label: label(zh, en), points,
    ...(cap === undefined ? {} : { capPerPeriod: cap }),
    ...(triggers === undefined ? {} : { triggers }),
    citation, assumption: true,
    note: "assumption: points and cap are redsite's default; the source gives no numbers"
  })

const pointsClause = (note: string) => cite(FUDING, POINTS_SECTION, note)

/**
 * The documented default scheme for Fuding's site points (工地党员积分管理, seed 002 §三 搭建干事平台):
 * the four categories the source names — post goals (完成岗位目标), fulfilled obligations (履行义务),
 * following the rules (执行制度), reform and innovation (改革创新) — plus deductions (扣分).
 *
 * Quarterly, base 60, caps 15 / 10 / 10 / 5 (so at most 100), deductions at most 30, thresholds
 * 90 / 75 / 60. **Every number here is an assumption** (the source gives none); copy the scheme and change
 * them to a branch's own rules (`new ScoringScheme({ ...fudingDefaultScheme, base: 70, version: 2, … })`).
 */
export const fudingDefaultScheme: ScoringScheme = new ScoringScheme({
  id: "fuding-site-points",
  version: 1,
  policyId: "fuding-site-2020",
  name: label("福鼎工地党员积分管理(默认方案)", "Fuding site members' points (default scheme)"),
  effective: new SchemeEffective({ from: isoDate("2020-07-01") }),
  period: "quarter",
  base: 60,
  baseAssumption: true,
  resolution: 10,
  categories: [
    category("postGoals", "完成岗位目标", "Post goals", "merit", 15,
      pointsClause("根据党员完成岗位目标……定期进行民主评议和考核"), ASSUMED),
    category("obligations", "履行义务", "Fulfilled obligations", "merit", 10,
      pointsClause("履行义务"), ASSUMED),
    category("rules", "执行制度", "Following the rules", "merit", 10,
      pointsClause("执行制度"), ASSUMED),
    category("innovation", "改革创新", "Reform and innovation", "merit", 5,
      pointsClause("改革创新"), ASSUMED),
    category("deductions", "扣分", "Deductions", "deduction", 30,
      cite("redsite-assumption", "scoring deductions", "the source names no deductions; points schemes commonly deduct for violations"),
      "assumption: a deduction category is redsite's addition, common in points schemes")
  ],
  items: [
    item("modelPostDuty", "postGoals", "党员示范岗履职", "Duty on a model post", 2, 8,
      cite(FUDING, POINTS_SECTION, "6类党员示范岗")),
    item("responsibilityZoneGoal", "postGoals", "党员责任区目标达成", "Responsibility-zone goal met", 3, 9,
      cite(FUDING, POINTS_SECTION, "工地党员责任区60个")),
    item("shockTeamTask", "postGoals", "党员突击队攻坚任务", "Shock-team task", 3, 9,
      cite(FUDING, POINTS_SECTION, "党员突击队……45支")),
    item("organizationalLife", "obligations", "参加组织生活", "Took part in organizational life", 1, 6,
      pointsClause("履行义务")),
    item("duesOnTime", "obligations", "按时交纳党费", "Paid dues on time", 1, 3, pointsClause("履行义务")),
    item("studyCompleted", "obligations", "完成学习教育(工地夜校、微党课)", "Completed study (night school, micro Party lesson)", 1, 4,
      cite(FUDING, "§三 注重人才培养", "工地夜校、微党课进工地")),
    item("safetyPatrol", "rules", "安全生产巡查", "Safety patrol", 1, 6, cite(FUDING, POINTS_SECTION, "安全生产巡查岗")),
    item("qualitySupervision", "rules", "工程质量监督", "Quality supervision", 1, 6, cite(FUDING, POINTS_SECTION, "工程质量监督岗")),
    item("technicalInnovation", "innovation", "技术革新(小发明小革新小改良)", "Technical innovation", 3, undefined,
      cite(FUDING, "§三 融入技术创新攻关", "小发明小革新小改良")),
    item("improvementProposal", "innovation", "合理化建议被采纳", "Improvement proposal adopted", 1, 3, pointsClause("改革创新")),
    item("safetyViolation", "deductions", "施工违章", "Safety violation", 5, undefined,
      cite(FUDING, "§三 注重组织关爱", "施工违章必谈"), "safetyViolation"),
    item("absentWithoutLeave", "deductions", "无故不参加组织生活", "Absent from organizational life without leave", 2, undefined,
      pointsClause("履行义务")),
    item("duesLate", "deductions", "未按时交纳党费", "Dues paid late", 1, undefined, pointsClause("履行义务"))
  ],
  grades: new GradeThresholds({
    excellent: 90,
    qualified: 75,
    basicallyQualified: 60,
    citation: cite("redsite-assumption", "scoring grades", "the source holds periodic democratic appraisal (定期进行民主评议) but gives no thresholds"),
    assumption: true,
    note: "assumption: 90 / 75 / 60 on a 100-point scale"
  }),
  citation: pointsClause("试点推行工地党员积分管理制度")
})

/** A scheme's category by id. */
export const categoryOf = (scheme: ScoringScheme, id: string): ScoringCategory | undefined =>
  scheme.categories.find((c) => c.id === id)

/** A scheme's item by id. */
export const itemOf = (scheme: ScoringScheme, id: string): ScoringItem | undefined => scheme.items.find((i) => i.id === id)

/** The sign of an item's points in a scheme: +1 for merit, -1 for deduction. */
export const itemSign = (scheme: ScoringScheme, item: ScoringItem): 1 | -1 =>
  categoryOf(scheme, item.category)?.direction === "deduction" ? -1 : 1
