/**
 * An organization of its own, or a joint one where members are few (单独组建,或不具备条件时联合组建).
 *
 * Applied by `wenzhou-red-site-2022.forms` (seed-004 §二(三)).
 *
 * @module
 */
import { answer, defineRule } from "../define.js"
import { opt, formsByCount, countFacts } from "./byCount.js"

/** An organization of its own, or a joint one where members are few. */
export const jointAlternatives = defineRule({
  kind: "forms.jointAlternatives",
  question: "forms",
  summary: { zh: "单独组建,或不具备条件时联合组建", en: "an organization of its own, or a joint one where members are few" },
  parameters: { projectOrganizationsTemporary: "flag", branchMinFullMembers: "members", committeeMinMembers: "members", generalBranchMinMembers: "members", jointForms: "list" },
  facts: ["members", "fullMembers"],
  decide: (ctx, r) => {
    const full = countFacts(ctx, r)
    const temporary = r.flag("projectOrganizationsTemporary")
    const branch = r.members("branchMinFullMembers", ctx.counts)
    if (branch.have >= branch.min) {
      return answer(formsByCount(ctx.counts, temporary, r.members), `正式党员${full}人,可单独组建`, `${full} full members: may form its own`)
    }
    return answer([opt("jointBranch", temporary, r.list("jointForms"))], `正式党员${full}人,不具备单独组建条件,建立联合党组织`,
      `${full} full member(s): cannot form alone; a joint organization`)
  }
})
