/**
 * Wenzhou (seed-004 §一(二)): an eligible site (符合创建条件: `eligibleMinMonths` or more, `eligibleMinFullMembers` full
 * members or more) builds where eligible (应建尽建); silent for the others, where the national rule answers.
 *
 * @module
 */
import { answer, defineRule, silent } from "../define.js"
import { requirementFacts } from "./facts.js"
import type { RequirementFacts } from "./facts.js"

const verdict = (f: RequirementFacts, p: { readonly eligibleMinMonths: number; readonly eligibleMinFullMembers: number }) =>
  f.months >= p.eligibleMinMonths && f.fullMembers >= p.eligibleMinFullMembers ? "required" as const : "silent" as const

/** Wenzhou's requirement: eligible sites. */
export const eligibleSite = defineRule({
  kind: "requirement.eligibleSite",
  question: "requirement",
  summary: { zh: "符合创建条件的工地应建尽建", en: "eligible sites build where eligible" },
  parameters: { eligibleMinMonths: "number", eligibleMinFullMembers: "members" },
  facts: ["plannedMonths", "fullMembers"],
  decide: (ctx, r) => {
    const months = r.fact("plannedMonths", ctx.plannedMonths)
    const full = r.fact("fullMembers", ctx.counts.full)
    const minMonths = r.num("eligibleMinMonths")
    const minFull = r.num("eligibleMinFullMembers")
    return verdict(requirementFacts(ctx), { eligibleMinMonths: minMonths, eligibleMinFullMembers: minFull }) === "required"
      ? answer("required", `符合创建条件(工期${months}≥${minMonths}个月,正式党员${full}≥${minFull}人):应建尽建`,
        `eligible (period ${months} ≥ ${minMonths} months, ${full} ≥ ${minFull} full members): build where eligible`)
      : silent(`不符合创建条件(工期${months}/${minMonths}个月,正式党员${full}/${minFull}人),由上一层规则作答`,
        `not eligible (period ${months}/${minMonths} months, full members ${full}/${minFull}), so the next layer answers`)
  },
  kernel: {
    verdict,
    columns: (c, p, out) => {
      const minMonths = p.eligibleMinMonths
      const minFull = p.eligibleMinFullMembers
      const { plannedMonths, fullMembers } = c
      for (let i = 0; i < c.size; i++) out[i] = 2 - (+(plannedMonths[i]! >= minMonths) & +(fullMembers[i]! >= minFull))
    }
  }
})
