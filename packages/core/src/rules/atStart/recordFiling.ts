/**
 * Filing with the bureau's committee (报世博局党委备案).
 *
 * Applied by `shanghai-expo.atStart` (seed-000-expo §二(三)).
 *
 * @module
 */
import { defineRule } from "../define.js"
import { startImpl } from "./actions.js"

/** Filing with the bureau's committee. */
export const recordFiling = defineRule({
  kind: "atStart.recordFiling",
  question: "atStart",
  summary: { zh: "报世博局党委备案", en: "filing with the bureau's committee" },
  parameters: {},
  facts: [],
  decide: startImpl(["recordFiling"], "临时党组织报世博局党委备案", "temporary organizations are filed with the bureau's committee")
})
