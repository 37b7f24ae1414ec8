/**
 * Forms by the number of members (按党员人数确定组织形式).
 *
 * Applied by `national.forms` (cpc-branch-regulations-2018 Arts. 4-6).
 *
 * @module
 */
import { answer, defineRule } from "../define.js"
import { formsByCount, countFacts, temporaryWord } from "./byCount.js"

/** Forms by the number of members. */
export const byMemberCount = defineRule({
  kind: "forms.byMemberCount",
  question: "forms",
  summary: { zh: "按党员人数确定组织形式", en: "forms by the number of members" },
  parameters: { projectOrganizationsTemporary: "flag", committeeMinMembers: "members", generalBranchMinMembers: "members", branchMinFullMembers: "members", jointBranchMaxUnits: "number" },
  facts: ["members", "fullMembers"],
  decide: (ctx, r) => {
    const full = countFacts(ctx, r)
    const all = full + ctx.counts.probationary
    const temporary = r.flag("projectOrganizationsTemporary")
    const forms = formsByCount(ctx.counts, temporary, r.members)
    if (forms[0]!.form === "jointBranch") r.num("jointBranchMaxUnits")
    const t = temporaryWord(temporary)
    return answer(forms, `正式党员${full}人,党员共${all}人(含预备党员):${t.zh}${forms.map((f) => f.form).join("/")}`,
      `${full} full member(s), ${all} member(s) in all (probationary included): ${t.en}${forms.map((f) => f.form).join(" / ")}`)
  }
})
