/**
 * Fuding (seed-002 §三 建立四级组织体系): every combined branch (兼合党支部) has a liaison; the policy speaks of combined branches only.
 *
 * @module
 */
import { answer, defineRule, silent } from "../define.js"
import { hasForm } from "../decided.js"

/** A liaison for every combined branch. */
export const everyCombinedBranch = defineRule({
  kind: "liaison.everyCombinedBranch",
  question: "liaison",
  summary: { zh: "工地兼合党支部配备联络员", en: "a combined branch has a liaison" },
  parameters: {},
  facts: ["combinedBranch"],
  decide: (ctx, r) => {
    r.fact("combinedBranch", hasForm(ctx, "combinedBranch"))
    return hasForm(ctx, "combinedBranch")
      ? answer("required" as const, "工地兼合党支部配备联络员", "a combined branch has a liaison")
      : silent("只规定了兼合党支部的联络员", "speaks of liaisons for combined branches only")
  }
})
