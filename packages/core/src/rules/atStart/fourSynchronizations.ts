/**
 * Four synchronizations at the start (四同步).
 *
 * Applied by `shanghai-site.atStart` (seed-000-site §四(二); §三(二)).
 *
 * @module
 */
import { defineRule } from "../define.js"
import { startImpl } from "./actions.js"

/** Four synchronizations at the start. */
export const fourSynchronizations = defineRule({
  kind: "atStart.fourSynchronizations",
  question: "atStart",
  summary: { zh: "四同步", en: "four synchronizations at the start" },
  parameters: {},
  facts: [],
  decide: startImpl(
    ["establishWithProject", "appointSecretaryWithProject", "defineDutiesWithProject", "startWorkWithProject", "workBeforeConstruction"],
    "同步建立党组织、配备书记、明确职责、开展工作;开工前党建工作先期进入",
    "organization, secretary, duties and work set up with the project; Party work enters before construction")
})
