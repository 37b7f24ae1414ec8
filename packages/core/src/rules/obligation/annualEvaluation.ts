/**
 * The annual selection of excellent red sites (seed-004 §三(二)): "在各地评价推荐基础上,命名一批市级“红色工地”,
 * 每年度评选出市级优秀“红色工地”" — the bureau's yearly act (stated: 每年度), not a site's duty: answered by the
 * evaluation query (`evaluationCandidates`), not on a scorecard. The plan names no criteria beyond creation
 * itself; `evaluationCriteria` lists redsite's flagged reading of what makes a candidate.
 *
 * Applied by `wenzhou-red-site-2022.obligations.annualEvaluation`.
 *
 * @module
 */
import { defineObligation } from "./define.js"

/** The annual evaluation's criteria (read by `evaluationCandidates`). */
export const annualEvaluation = defineObligation({
  kind: "obligation.annualEvaluation",
  question: "obligations",
  summary: { zh: "每年度评选市级优秀红色工地", en: "the yearly selection of excellent red sites" },
  site: false,
  parameters: { evaluationCriteria: "list" },
  facts: [],
  schedule: { recurrence: "yearly", deadline: "stated", text: { zh: "每年度(来源所定);评选日期未规定", en: "yearly (stated); the date of the selection is not given" } },
  assess: (_ctx, r) => {
    const criteria = r.list("evaluationCriteria")
    return {
      status: "notApplicable",
      text: { zh: `主管部门的年度评选,不是工地义务(评选条件:${criteria.join("、")})`, en: `the bureau's yearly act, not a site's duty (criteria: ${criteria.join(", ")})` }
    }
  }
})
