/**
 * Units with enough full members form temporary organizations, others are department-managed (正式党员足够的单位建立临时党组织,不足的纳入主管部门管理).
 *
 * Applied by `shanghai-expo.units` (seed-000-expo §二(三)).
 *
 * @module
 */
import { trusted } from "../../internal/trusted.js"
import { UnitDecision } from "../../organization/decision.js"
import { answer, defineRule } from "../define.js"
import { formsByCount, NO_MEMBERS } from "../forms/byCount.js"

/** Units with enough full members form temporary organizations, others are department-managed. */
export const expoThreshold = defineRule({
  kind: "units.expoThreshold",
  question: "units",
  summary: { zh: "正式党员足够的单位建立临时党组织,不足的纳入主管部门管理", en: "units with enough full members form temporary organizations, others are department-managed" },
  parameters: { unitMinFullMembers: "members", projectOrganizationsTemporary: "flag", committeeMinMembers: "members", generalBranchMinMembers: "members", branchMinFullMembers: "members" },
  facts: ["unitFullMembers"],
  decide: (ctx, r) => {
    const min = r.num("unitMinFullMembers")
    const decisions = ctx.project.units.map((u) => {
      const full = ctx.unitCounts.get(u.id)?.full ?? 0
      if (full < min) return new UnitDecision({ unitId: u.id, fullMembers: full, arrangement: "departmentManaged", form: "departmentManaged" }, trusted)
      const form = formsByCount(ctx.unitCounts.get(u.id) ?? NO_MEMBERS, r.flag("projectOrganizationsTemporary"), r.members)[0]!.form
      return new UnitDecision({ unitId: u.id, fullMembers: full, arrangement: "ownOrganization", form }, trusted)
    })
    r.fact("unitFullMembers", decisions.map((d) => `${d.unitId}:${d.fullMembers}`))
    return answer(decisions, `${min}名以上正式党员的单位建立临时党组织,不足的按业务关系纳入主管部门党组织管理`,
      `units with ${min} or more full members form temporary organizations; others are managed by the department by business line`)
  }
})
