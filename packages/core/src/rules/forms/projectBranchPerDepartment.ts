/**
 * A project branch with the project department (与项目部同步组建项目党支部).
 *
 * Applied by `langshan-street.forms` (seed-001 §二 一是).
 *
 * @module
 */
import { fullFact } from "../decided.js"
import { answer, silent, defineRule } from "../define.js"
import { opt } from "./byCount.js"

/** A project branch with the project department. */
export const projectBranchPerDepartment = defineRule({
  kind: "forms.projectBranchPerDepartment",
  question: "forms",
  summary: { zh: "与项目部同步组建项目党支部", en: "a project branch with the project department" },
  parameters: { branchMinFullMembers: "members", projectOrganizationsTemporary: "flag" },
  facts: ["fullMembers"],
  decide: (ctx, r) => {
    const full = fullFact(ctx, r)
    const { min } = r.members("branchMinFullMembers", ctx.counts)
    if (full < min) {
      return silent(`该做法未说明正式党员不足${min}人的项目如何组建项目党支部`,
        `the practice does not say how a project branch is formed with fewer than ${min} full members`)
    }
    return answer([opt("branch", r.flag("projectOrganizationsTemporary"))], "与项目部同步组建项目党支部,隶属街道项目党委;竣工后转化而非撤销",
      "a project branch formed with the project department, under the street's project committee; converted, not dissolved, after completion")
  }
})
