/**
 * The bundled assessment (捆绑式考评, seed-001 §二 一是): "做到項目建設和黨的建設同部署、同檢查、同考核,實行捆綁式
 * 考評" — Party building deployed, inspected and assessed together with construction. Met by a recorded bundled
 * assessment; the source sets no frequency or deadline (the street's 考核细则 are not in the source): due, never
 * overdue.
 *
 * Applied by `langshan-street.obligations.bundledAssessment`.
 *
 * @module
 */
import { defineObligation, notRequired, onceOpen, organizationRequired, outOfScope } from "./define.js"

/** The bundled assessment. */
export const bundledAssessment = defineObligation({
  kind: "obligation.bundledAssessment",
  question: "obligations",
  summary: { zh: "党建与项目建设同部署、同检查、同考核(捆绑式考评)", en: "Party building assessed together with construction (bundled assessment)" },
  site: true,
  parameters: {},
  facts: ["bundledAssessments"],
  schedule: { recurrence: "once", deadline: "open", text: { zh: "来源未规定频次(考核细则未收录)", en: "no frequency in the source (the street's assessment rules are not in it)" } },
  assess: (ctx, r) => {
    if (!ctx.inScope) return outOfScope()
    if (!organizationRequired(ctx)) return notRequired()
    const done = ctx.records.assessments.filter((a) => a.assessment === "bundled")
    r.fact("bundledAssessments", done.length)
    return onceOpen(done, { zh: "捆绑式考评", en: "bundled assessment" }, { zh: "来源未规定考评频次和期限", en: "the source sets no frequency or deadline" })
  }
})
