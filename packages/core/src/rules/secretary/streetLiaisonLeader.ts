/**
 * Langshan (seed-001): the street's liaison leader is secretary.
 *
 * @module
 */
import { answer, defineRule } from "../define.js"
import { plan } from "./plan.js"

/** Langshan: the street's liaison leader is secretary. */
export const streetLiaisonLeader = defineRule({
  kind: "secretary.streetLiaisonLeader",
  question: "secretary",
  summary: { zh: "街道挂钩领导任书记", en: "the street's liaison leader is secretary" },
  parameters: {},
  facts: [],
  decide: () => answer(plan(["streetLiaisonLeader"], ["communityHead", "partnerOrganizationHeads"]), "街道挂钩领导任书记,社区、投资主体、承建单位党组织负责人(或骨干党员)任副书记和委员", "the street's liaison leader is secretary; community, investor and builders' organization heads (or backbone members) are deputies and members")
})
