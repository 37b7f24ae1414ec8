/**
 * The competent department leads (项目主管部门主抓).
 *
 * Applied by `fuding-site-2020.lead` (seed-002 §三 建立四级组织体系).
 *
 * @module
 */
import { Leader } from "../../organization/decision.js"
import { answer, defineRule } from "../define.js"

/** The competent department leads. */
export const competentDepartment = defineRule({
  kind: "lead.competentDepartment",
  question: "lead",
  summary: { zh: "项目主管部门主抓", en: "the competent department leads" },
  parameters: { fourLevels: "list" },
  facts: ["competentDepartment"],
  decide: (ctx, r) => {
    r.list("fourLevels")
    const dept = ctx.project.competentDepartment
    if (dept !== undefined) r.fact("competentDepartment", dept)
    return answer(new Leader({ kind: "competentDepartment", ...(dept === undefined ? {} : { name: dept }) }),
      "两新工委—项目主管部门—工地兼合党支部—党小组:主管部门主抓", "two-new working committee → competent department → combined branch → groups: the competent department leads")
  }
})
