/**
 * A site organization by members, or the alternatives where members are few (按党员人数建立工地党组织,党员较少时的替代形式).
 *
 * Applied by `shanghai-site.forms` (seed-000-site §二(二)).
 *
 * @module
 */
import type { SetupForm } from "../../model/vocabulary.js"
import { answer, defineRule } from "../define.js"
import { opt, formsByCount, countFacts, temporaryWord } from "./byCount.js"

/** A site organization by members, or the alternatives where members are few. */
export const siteWithAlternatives = defineRule({
  kind: "forms.siteWithAlternatives",
  question: "forms",
  summary: { zh: "按党员人数建立工地党组织,党员较少时的替代形式", en: "a site organization by members, or the alternatives where members are few" },
  parameters: { projectOrganizationsTemporary: "flag", branchMinFullMembers: "members", committeeMinMembers: "members", generalBranchMinMembers: "members", fewMembersForms: "list" },
  facts: ["members", "fullMembers"],
  decide: (ctx, r) => {
    const full = countFacts(ctx, r)
    const temporary = r.flag("projectOrganizationsTemporary")
    const branch = r.members("branchMinFullMembers", ctx.counts)
    if (branch.have >= branch.min) {
      const t = temporaryWord(temporary)
      return answer(formsByCount(ctx.counts, temporary, r.members), `正式党员${full}人,建立${t.zh}党委(总支、支部)`,
        `${full} full members: a ${t.en}committee, general branch or branch`)
    }
    const alternatives = r.list("fewMembersForms") as ReadonlyArray<SetupForm>
    return answer(alternatives.map((f) => opt(f, temporary && (f === "jointBranch" || f === "workGroup"))),
      `正式党员${full}人,不具备单独建立党组织条件`, `${full} full member(s): too few for an organization of the site's own`)
  }
})
