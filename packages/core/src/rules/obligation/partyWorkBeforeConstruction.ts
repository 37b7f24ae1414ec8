/**
 * Party work enters the site before construction (seed-000 §三(二)): "工程开工前,党建工作要先期进入工地". Due
 * the day before construction starts (开工前 read as strictly before), the `constructionStart` milestone, or
 * the planned start where none is recorded.
 *
 * Applied by `shanghai-site.obligations.partyWorkBeforeConstruction`.
 *
 * @module
 */
import { plusDays, defineObligation, notRequired, onceBy, organizationRequired, outOfScope } from "./define.js"

/** Party work before construction. */
export const partyWorkBeforeConstruction = defineObligation({
  kind: "obligation.partyWorkBeforeConstruction",
  question: "obligations",
  summary: { zh: "开工前党建工作先期进入工地", en: "Party work enters the site before construction starts" },
  site: true,
  parameters: {},
  facts: ["constructionStartOn", "constructionStartFrom", "workOn"],
  schedule: { recurrence: "once", deadline: "stated", text: { zh: "开工前(开工日前一天)", en: "before construction starts (the day before)" } },
  assess: (ctx, r) => {
    if (!ctx.inScope) return outOfScope()
    if (!organizationRequired(ctx)) return notRequired()
    const recorded = ctx.records.milestones.get("constructionStart")
    const start = r.fact("constructionStartOn", recorded?.date ?? ctx.project.plannedStart)
    r.fact("constructionStartFrom", recorded === undefined ? "plannedStart" : "constructionStart")
    const work = ctx.records.steps.get("partyWorkStarted")
    r.fact("workOn", work?.date ?? null)
    return onceBy(work, plusDays(start, -1), ctx.date, { zh: "党建工作先期进入工地", en: "Party work on site before construction" })
  }
})
