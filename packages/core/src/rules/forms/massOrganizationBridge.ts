/**
 * Where no organization is possible, a union and Party work by other means (没有条件建立党组织时建立工会并延伸党的工作).
 *
 * Applied by `shanghai-five-joint.forms` (seed-003 §二 4).
 *
 * @module
 */
import { fullFact } from "../decided.js"
import { answer, silent, defineRule } from "../define.js"
import { opt } from "./byCount.js"

/** Where no organization is possible, a union and Party work by other means. */
export const massOrganizationBridge = defineRule({
  kind: "forms.massOrganizationBridge",
  question: "forms",
  summary: { zh: "没有条件建立党组织时建立工会并延伸党的工作", en: "where no organization is possible, a union and Party work by other means" },
  parameters: { branchMinFullMembers: "members", projectOrganizationsTemporary: "flag" },
  facts: ["fullMembers"],
  decide: (ctx, r) => {
    const full = fullFact(ctx, r)
    const branch = r.members("branchMinFullMembers", ctx.counts)
    if (branch.have >= branch.min) return silent("仅规定没有条件建立党组织的情形", "speaks only of units that cannot form an organization")
    return answer([opt("massOrganization", false), opt("jointBranch", r.flag("projectOrganizationsTemporary")), opt("attachment", false), opt("instructorOnly", false)],
      `正式党员${full}人,没有条件建立党组织:建立工会,并以建、联、挂、派延伸党的工作`,
      `${full} full member(s): no organization possible; set up a union and extend Party work by building, joining, attaching, dispatching`)
  }
})
