/**
 * National (Branch Work Regulations Art. 5): a project of `projectMinMonths` or more whose full members reach
 * `projectMinFullMembers` (符合条件, a flagged reading: 1 by default) is required to form an organization — a
 * branch with 3 or more full members (Art. 4), a joint branch with neighbouring units with fewer (Art. 5, 应当);
 * below it no organization is required and Party work may reach the site by an instructor.
 *
 * @module
 */
import { answer, defineRule } from "../define.js"
import { requirementFacts } from "./facts.js"
import type { RequirementFacts } from "./facts.js"

const verdict = (f: RequirementFacts, p: { readonly projectMinMonths: number; readonly projectMinFullMembers: number }) =>
  f.months >= p.projectMinMonths && f.fullMembers >= p.projectMinFullMembers ? "required" as const : "notRequired" as const

/** The national requirement: period and full members. */
export const projectPeriodAndMembers = defineRule({
  kind: "requirement.projectPeriodAndMembers",
  question: "requirement",
  summary: { zh: "工期和正式党员人数达到条件的项目应当成立党支部", en: "a project long enough with enough full members must form a branch" },
  parameters: { projectMinMonths: "number", projectMinFullMembers: "members" },
  facts: ["plannedMonths", "fullMembers"],
  decide: (ctx, r) => {
    const months = r.fact("plannedMonths", ctx.plannedMonths)
    const full = r.fact("fullMembers", ctx.counts.full)
    const min = r.num("projectMinMonths")
    const minFull = r.members("projectMinFullMembers", ctx.counts).min
    if (verdict(requirementFacts(ctx), { projectMinMonths: min, projectMinFullMembers: minFull }) === "required") {
      return answer("required", `计划工期${months}个月,达到${min}个月;正式党员${full}人,达到${minFull}人,符合条件:应当成立党支部(正式党员不足3人的,应当与邻近单位成立联合党支部)`,
        `a planned period of ${months} months reaches ${min}, and ${full} full member(s) reach ${minFull}: the project qualifies and should form a branch (with fewer than 3 full members, a joint branch with neighbouring units, Art. 5)`)
    }
    if (months < min) return answer("notRequired", `计划工期${months}个月,不足${min}个月`, `a planned period of ${months} months is under ${min}`)
    return full > 0
      ? answer("notRequired", `计划工期${months}个月,但正式党员${full}人,不足${minFull}人:不符合条件,不要求成立党组织(党的工作可由上级派党建指导员覆盖)`,
        `a planned period of ${months} months, but ${full} full member(s), under ${minFull}: the project does not qualify and no organization is required (Party work may reach it by an instructor)`)
      : answer("notRequired", `计划工期${months}个月,但没有正式党员:不符合条件,不要求成立党组织(党的工作可由上级派党建指导员覆盖)`,
        `a planned period of ${months} months, but no full member: the project does not qualify and no organization is required (Party work may reach it by an instructor)`)
  },
  kernel: {
    verdict,
    columns: (c, p, out) => {
      const min = p.projectMinMonths
      const minFull = p.projectMinFullMembers
      const { plannedMonths, fullMembers } = c
      for (let i = 0; i < c.size; i++) out[i] = +(plannedMonths[i]! >= min) & +(fullMembers[i]! >= minFull)
    }
  }
})
