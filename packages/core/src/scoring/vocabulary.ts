/**
 * Closed vocabularies of the scoring module, each value with a zh-CN and an English label.
 *
 * @module
 */
import { Schema } from "effect"
import type { Vocabulary } from "../model/vocabulary.js"

const vocabulary = <const L extends Record<string, { readonly zh: string; readonly en: string }>>(
  name: string,
  labels: L
): Vocabulary<Extract<keyof L, string>> => {
  type K = Extract<keyof L, string>
  const values = Object.keys(labels) as Array<K>
  const schema = Schema.Literal(...(values as [K, ...Array<K>])).annotations({
    identifier: name,
    message: () => `expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}`
  }) as unknown as Schema.Schema<K>
  return {
    name,
    values,
    schema,
    labels: labels as unknown as Vocabulary<K>["labels"],
    label: (value, lang = "zh") => labels[value]![lang]
  }
}

/**
 * Grades of the democratic appraisal of members (民主评议党员), best first. The order of `values` is the
 * order of the grades: index 0 is the best.
 */
export const AppraisalGrades = vocabulary("AppraisalGrade", {
  excellent: { zh: "优秀", en: "Excellent" },
  qualified: { zh: "合格", en: "Qualified" },
  basicallyQualified: { zh: "基本合格", en: "Basically qualified" },
  unqualified: { zh: "不合格", en: "Unqualified" }
})
/** @see {@link AppraisalGrades} */
export type AppraisalGrade = (typeof AppraisalGrades.values)[number]

/** Rank of a grade: 0 for excellent … 3 for unqualified (lower is better). */
export const gradeRank = (g: AppraisalGrade): number => AppraisalGrades.values.indexOf(g)

/** The worse (more conservative) of two grades. */
export const worseGrade = (a: AppraisalGrade, b: AppraisalGrade): AppraisalGrade => (gradeRank(a) >= gradeRank(b) ? a : b)

/** How long a scoring period is (积分周期). */
export const PeriodKinds = vocabulary("PeriodKind", {
  month: { zh: "月度", en: "Monthly" },
  quarter: { zh: "季度", en: "Quarterly" },
  year: { zh: "年度", en: "Yearly" }
})
/** @see {@link PeriodKinds} */
export type PeriodKind = (typeof PeriodKinds.values)[number]

/** Whether a category adds points (加分) or deducts them (扣分). */
export const CategoryDirections = vocabulary("CategoryDirection", {
  merit: { zh: "加分", en: "Merit (adds points)" },
  deduction: { zh: "扣分", en: "Deduction (subtracts points)" }
})
/** @see {@link CategoryDirections} */
export type CategoryDirection = (typeof CategoryDirections.values)[number]

/** Events that make a talk due (三必谈): a new member arriving, a safety violation, a family incident. */
export const TalkTriggers = vocabulary("TalkTrigger", {
  newArrival: { zh: "新来的党员必谈", en: "Talk with every newly arrived member" },
  safetyViolation: { zh: "施工违章必谈", en: "Talk after a safety violation" },
  familyIncident: { zh: "个人或家庭发生变故必谈", en: "Talk after a personal or family incident" },
  application: { zh: "收到入党申请书后谈话", en: "Talk with a new applicant for membership" }
})
/** @see {@link TalkTriggers} */
export type TalkTrigger = (typeof TalkTriggers.values)[number]
