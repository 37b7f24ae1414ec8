/**
 * Langshan (seed-001 §二 一是): a key project of `keyProjectMinCostYuan` or more forms a project branch with its
 * project department (where `keyProjectsRequired`); silent elsewhere, where the national rule answers.
 *
 * @module
 */
import { answer, defineRule, silent } from "../define.js"
import { requirementFacts } from "./facts.js"
import type { RequirementFacts } from "./facts.js"

const verdict = (f: RequirementFacts, p: { readonly keyProjectsRequired: boolean; readonly keyProjectMinCostYuan: number }) =>
  f.major && p.keyProjectsRequired && f.costYuan >= p.keyProjectMinCostYuan ? "required" as const : "silent" as const

/** Langshan's requirement: key projects above a cost. */
export const keyProject = defineRule({
  kind: "requirement.keyProject",
  question: "requirement",
  summary: { zh: "达到投资额的重点项目同步组建项目党支部", en: "key projects above a cost form a project branch" },
  parameters: { keyProjectsRequired: "flag", keyProjectMinCostYuan: "number" },
  facts: ["major", "costYuan"],
  decide: (ctx, r) => {
    const major = r.fact("major", ctx.project.major)
    const cost = r.fact("costYuan", ctx.project.costYuan)
    const minCost = r.num("keyProjectMinCostYuan")
    return verdict(requirementFacts(ctx), { keyProjectMinCostYuan: minCost, keyProjectsRequired: r.flag("keyProjectsRequired") }) === "required"
      ? answer("required", `重点项目,投资${cost}元≥${minCost}元:与项目部同步组建项目党支部`,
        `a key project of ${cost} ≥ ${minCost} yuan forms a project branch with its project department`)
      : silent(`该做法只针对投资${minCost}元以上的重点项目(重点项目:${major ? "是" : "否"},投资${cost}元),由上一层规则作答`,
        `the practice covers key projects of ${minCost} yuan or more (key project: ${major}, ${cost} yuan), so the next layer answers`)
  },
  kernel: {
    verdict,
    columns: (c, p, out) => {
      const keyRequired = +p.keyProjectsRequired
      const minCost = p.keyProjectMinCostYuan
      const { major, costYuan } = c
      for (let i = 0; i < c.size; i++) out[i] = 2 - (keyRequired & +(major[i] === 1) & +(costYuan[i]! >= minCost))
    }
  }
})
