/**
 * Shanghai's site practice (seed-000-site §四(二)): the general contractor's organization appoints the secretary when the site is set up.
 *
 * @module
 */
import { answer, defineRule } from "../define.js"
import { plan } from "./plan.js"

/** Shanghai: the general contractor's organization appoints the secretary when the site is set up. */
export const leadUnitWithProject = defineRule({
  kind: "secretary.leadUnitWithProject",
  question: "secretary",
  summary: { zh: "总承包方党组织同步配备书记", en: "the general contractor appoints the secretary" },
  parameters: {},
  facts: [],
  decide: () => answer(plan(["leadUnitAppointee"], []), "总承包方党组织在建立项目工地的同时同步配备书记", "the general contractor's organization appoints the secretary when the site is set up")
})
