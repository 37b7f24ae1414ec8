/**
 * Three synchronizations at the start (三同步).
 *
 * Applied by `langshan-street.atStart` (seed-001 §二 一是).
 *
 * @module
 */
import { defineRule } from "../define.js"
import { startImpl } from "./actions.js"

/** Three synchronizations at the start. */
export const threeSynchronizations = defineRule({
  kind: "atStart.threeSynchronizations",
  question: "atStart",
  summary: { zh: "三同步", en: "three synchronizations at the start" },
  parameters: {},
  facts: [],
  decide: startImpl(
    ["establishWithProject", "secretaryWithProjectManager", "bundledAssessment"],
    "组织与项目部同步组建、书记与项目经理同步配备、党建与项目建设同部署同检查同考核",
    "organization with the project department, secretary with the project manager, Party building deployed, inspected and assessed with construction")
})
