/**
 * The dual-standard responsibility letter (双达标责任书, seed-002 §三 建立党建协调共商机制): "制定党建工作和工程建设
 * “双达标”责任书,将工程质量、安全、进度、文明工地创建等各项工作纳入党建工作范畴". Met by a signed letter covering
 * every goal of `letterGoals` (stated); a letter missing a goal does not meet it. No deadline in the source.
 *
 * Applied by `fuding-site-2020.obligations.dualStandardLetter`.
 *
 * @module
 */
import { defineObligation, notRequired, organizationRequired, outOfScope } from "./define.js"

/** The dual-standard responsibility letter. */
export const dualStandardLetter = defineObligation({
  kind: "obligation.dualStandardLetter",
  question: "obligations",
  summary: { zh: "签订\"双达标\"责任书(质量、安全、进度、文明工地)", en: "a dual-standard letter binding quality, safety, schedule and civilized site to Party work" },
  site: true,
  parameters: { letterGoals: "list" },
  facts: ["lettersSigned", "goalsCovered"],
  schedule: { recurrence: "once", deadline: "open", text: { zh: "来源未规定签订期限", en: "the source sets no deadline" } },
  assess: (ctx, r) => {
    if (!ctx.inScope) return outOfScope()
    if (!organizationRequired(ctx)) return notRequired()
    const goals = r.list("letterGoals")
    const letters = ctx.records.letters.filter((l) => l.letter === "dualStandard")
    r.fact("lettersSigned", letters.length)
    const full = letters.find((l) => goals.every((g) => (l.covers as ReadonlyArray<string>).includes(g)))
    const covered = [...new Set(letters.flatMap((l) => l.covers))]
    r.fact("goalsCovered", covered)
    if (full !== undefined) {
      return { status: "met", evidence: [full.id], text: { zh: `\"双达标\"责任书已于${full.date}签订`, en: `dual-standard letter signed on ${full.date}` } }
    }
    const missing = goals.filter((g) => !(covered as ReadonlyArray<string>).includes(g))
    const open = { zh: "来源未规定签订期限", en: "the source sets no deadline" }
    return letters.length === 0
      ? { status: "due", openDeadline: open, text: { zh: "尚未签订\"双达标\"责任书", en: "no dual-standard letter signed yet" } }
      : {
        status: "due", openDeadline: open, evidence: letters.map((l) => l.id),
        text: { zh: `已签责任书未涵盖:${missing.join("、")}`, en: `the letter signed does not cover: ${missing.join(", ")}` }
      }
  }
})
