/**
 * Fuding (seed-002 §一 实施动因): projects of `costThresholdYuan` or more and `periodThresholdMonths` or more (and, where
 * `requireKeyProject`, key projects) set up a site organization; silent outside that scope, where the national
 * rule answers.
 *
 * @module
 */
import { answer, defineRule, silent } from "../define.js"
import { requirementFacts } from "./facts.js"
import type { RequirementFacts } from "./facts.js"

interface P {
  readonly costThresholdYuan: number
  readonly periodThresholdMonths: number
  readonly requireKeyProject: boolean
}

const verdict = (f: RequirementFacts, p: P) =>
  f.costYuan >= p.costThresholdYuan && f.months >= p.periodThresholdMonths && (!p.requireKeyProject || f.major) ? "required" as const : "silent" as const

/** Fuding's requirement: cost and period thresholds, optionally key projects only. */
export const costAndPeriod = defineRule({
  kind: "requirement.costAndPeriod",
  question: "requirement",
  summary: { zh: "造价和工期达到门槛(可限重点项目)的工地建立党组织", en: "sites above a cost and a period (key projects only, if so set) set up an organization" },
  parameters: { costThresholdYuan: "number", periodThresholdMonths: "number", requireKeyProject: "flag" },
  facts: ["costYuan", "plannedMonths", "major"],
  decide: (ctx, r) => {
    const cost = r.fact("costYuan", ctx.project.costYuan)
    const months = r.fact("plannedMonths", ctx.plannedMonths)
    const minCost = r.num("costThresholdYuan")
    const minMonths = r.num("periodThresholdMonths")
    const needKey = r.flag("requireKeyProject")
    const major = needKey ? r.fact("major", ctx.project.major) : true
    return verdict(requirementFacts(ctx), { costThresholdYuan: minCost, periodThresholdMonths: minMonths, requireKeyProject: needKey }) === "required"
      ? answer("required", `造价${cost}元≥${minCost}元,工期${months}个月≥${minMonths}个月${needKey ? ",重点项目" : ""}`,
        `cost ${cost} ≥ ${minCost} yuan, period ${months} ≥ ${minMonths} months${needKey ? ", key project" : ""}`)
      : silent(`不在推广范围内(造价${cost}元/${minCost}元,工期${months}/${minMonths}个月${needKey ? `,重点项目:${major ? "是" : "否"}` : ""}),由上一层规则作答`,
        `outside the policy's scope (cost ${cost}/${minCost} yuan, period ${months}/${minMonths} months${needKey ? `, key project: ${major}` : ""}), so the next layer answers`)
  },
  kernel: {
    verdict,
    columns: (c, p, out) => {
      const minCost = p.costThresholdYuan
      const minMonths = p.periodThresholdMonths
      const anyProject = +!p.requireKeyProject
      const { costYuan, plannedMonths, major } = c
      for (let i = 0; i < c.size; i++) out[i] = 2 - (+(costYuan[i]! >= minCost) & +(plannedMonths[i]! >= minMonths) & (anyProject | +(major[i] === 1)))
    }
  }
})
