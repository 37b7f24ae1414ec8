/**
 * Units' members attend the site organization, membership unchanged (参建单位党员隶属关系不变参加工地组织生活).
 *
 * Applied by `shanghai-site.units` (seed-000-site §四(四)).
 *
 * @module
 */
import { trusted } from "../../internal/trusted.js"
import { UnitDecision } from "../../organization/decision.js"
import { answer, defineRule } from "../define.js"

/** Units' members attend the site organization, membership unchanged. */
export const attendWithMembershipUnchanged = defineRule({
  kind: "units.attendWithMembershipUnchanged",
  question: "units",
  summary: { zh: "参建单位党员隶属关系不变参加工地组织生活", en: "units' members attend the site organization, membership unchanged" },
  parameters: {},
  facts: ["unitFullMembers"],
  decide: (ctx, r) => {
    const decisions = ctx.project.units.map((u) =>
      new UnitDecision({ unitId: u.id, fullMembers: ctx.unitCounts.get(u.id)?.full ?? 0, arrangement: "attendSiteOrganization" }, trusted))
    r.fact("unitFullMembers", decisions.map((d) => `${d.unitId}:${d.fullMembers}`))
    return answer(decisions, "各参建单位党员在组织隶属关系不变的情况下参加工地组织生活(双重管理)",
      "every unit's members attend the site organization with their membership unchanged (dual management)")
  }
})
