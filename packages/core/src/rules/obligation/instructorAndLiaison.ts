/**
 * An instructor and a liaison where the setup decision requires them (Fuding, seed-002 §三 建立四级组织体系:
 * "工地兼合党支部……配备工地党建工作指导员和联络员"). Reads the setup decision's `instructor` and `liaison`: each
 * `required` one is met by its appointment record. No deadline in the source.
 *
 * Applied by `fuding-site-2020.obligations.instructorAndLiaison`.
 *
 * @module
 */
import type { ObligationOutcome } from "./define.js"
import { defineObligation, outOfScope } from "./define.js"
import { combineSteps } from "./fourSynchronizations.js"

/** An instructor and a liaison where required. */
export const instructorAndLiaison = defineObligation({
  kind: "obligation.instructorAndLiaison",
  question: "obligations",
  summary: { zh: "配备党建工作指导员和联络员", en: "an instructor and a liaison appointed" },
  site: true,
  parameters: {},
  facts: ["instructorDue", "liaisonDue", "instructorOn", "liaisonOn"],
  schedule: { recurrence: "once", deadline: "open", text: { zh: "来源未规定配备期限", en: "the source sets no deadline" } },
  assess: (ctx, r) => {
    if (!ctx.inScope) return outOfScope()
    const dueOf = (f: typeof ctx.decision.instructor) => (f._tag === "Settled" ? f.value : "gap")
    const instructorDue = r.fact("instructorDue", dueOf(ctx.decision.instructor))
    const liaisonDue = r.fact("liaisonDue", dueOf(ctx.decision.liaison))
    const instructor = ctx.records.steps.get("instructorAppointed")
    const liaison = ctx.records.steps.get("liaisonAppointed")
    r.fact("instructorOn", instructor?.date ?? null)
    r.fact("liaisonOn", liaison?.date ?? null)
    const open = { zh: "来源未规定配备期限", en: "the source sets no deadline" }
    const part = (done: typeof instructor, zh: string, en: string): ObligationOutcome =>
      done !== undefined
        ? { status: "met", evidence: [done.id], text: { zh: `${zh}已于${done.date}配备`, en: `${en} appointed on ${done.date}` } }
        : { status: "due", openDeadline: open, text: { zh: `尚未配备${zh}`, en: `no ${en} appointed yet` } }
    const parts = [
      ...(instructorDue === "required" ? [part(instructor, "党建工作指导员", "instructor")] : []),
      ...(liaisonDue === "required" ? [part(liaison, "联络员", "liaison")] : [])
    ]
    if (parts.length === 0) {
      return { status: "notApplicable", text: { zh: "设置决定不要求指导员或联络员", en: "the setup decision requires neither an instructor nor a liaison" } }
    }
    return combineSteps(parts)
  }
})
