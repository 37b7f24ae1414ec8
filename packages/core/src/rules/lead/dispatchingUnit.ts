/**
 * The dispatching unit's organization leads (派出单位党组织领导).
 *
 * Applied by `shanghai-expo.lead` (seed-000-expo §二(三)).
 *
 * @module
 */
import { Leader } from "../../organization/decision.js"
import { answer, defineRule } from "../define.js"

/** The dispatching unit's organization leads. */
export const dispatchingUnit = defineRule({
  kind: "lead.dispatchingUnit",
  question: "lead",
  summary: { zh: "派出单位党组织领导", en: "the dispatching unit's organization leads" },
  parameters: {},
  facts: [],
  decide: () =>
    answer(new Leader({ kind: "dispatchingUnitOrganization" }), "各单位临时党组织接受派出单位党组织领导", "each unit's temporary organization is led by its dispatching unit's organization")
})
