/**
 * National (Branch Work Regulations Art. 6): a temporary organization's secretary and deputy are appointed by the approving organization; else elected.
 *
 * @module
 */
import { answer, defineRule } from "../define.js"
import { plan } from "./plan.js"

/** National: a temporary organization's secretary and deputy are appointed by the approving organization; else elected. */
export const temporaryAppointed = defineRule({
  kind: "secretary.temporaryAppointed",
  question: "secretary",
  summary: { zh: "临时党组织书记由批准其成立的党组织指定", en: "a temporary organization's secretary is appointed by its approver" },
  parameters: { projectOrganizationsTemporary: "flag" },
  facts: [],
  decide: (_ctx, r) =>
    r.flag("projectOrganizationsTemporary")
      ? answer(plan(["appointedByApprover"], ["ifNeeded"]), "临时党组织书记、副书记由批准其成立的党组织指定", "a temporary organization's secretary and deputy are appointed by the approving organization")
      : answer(plan(["electedByMembers"], ["ifNeeded"]), "书记由党员大会选举产生", "the secretary is elected by the members")
})
