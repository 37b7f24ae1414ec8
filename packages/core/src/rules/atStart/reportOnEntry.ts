/**
 * Units report on entry (参建单位进场告知).
 *
 * Applied by `shanghai-site.reportOnEntry` (seed-000-site §四(四)).
 *
 * @module
 */
import { defineRule } from "../define.js"
import { startImpl } from "./actions.js"

/** Units report on entry. */
export const reportOnEntry = defineRule({
  kind: "atStart.reportOnEntry",
  question: "atStart",
  summary: { zh: "参建单位进场告知", en: "units report on entry" },
  parameters: {},
  facts: [],
  decide: startImpl(["reportToSiteOrganization"], "参建单位进场时告知党组织建制和党员情况", "units report their organization and members to the site organization on entry")
})
