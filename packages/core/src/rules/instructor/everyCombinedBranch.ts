/**
 * Fuding (seed-002 §三 建立四级组织体系): every combined branch (兼合党支部) has a Party-building instructor; the policy speaks of
 * combined branches only.
 *
 * @module
 */
import { answer, defineRule, silent } from "../define.js"
import { hasForm } from "../decided.js"

/** An instructor for every combined branch. */
export const everyCombinedBranch = defineRule({
  kind: "instructor.everyCombinedBranch",
  question: "instructor",
  summary: { zh: "工地兼合党支部配备党建工作指导员", en: "a combined branch has an instructor" },
  parameters: {},
  facts: ["combinedBranch"],
  decide: (ctx, r) => {
    r.fact("combinedBranch", hasForm(ctx, "combinedBranch"))
    return hasForm(ctx, "combinedBranch")
      ? answer("required" as const, "工地兼合党支部配备党建工作指导员", "a combined branch has an instructor")
      : silent("只规定了兼合党支部的指导员", "speaks of instructors for combined branches only")
  }
})
