/**
 * The bureau's committee as a second superior (世博局党委双重领导).
 *
 * Applied by `shanghai-expo.secondSuperior` (seed-000-expo §二(三)).
 *
 * @module
 */
import { Leader } from "../../organization/decision.js"
import { answer, defineRule } from "../define.js"

/** The bureau's committee as a second superior. */
export const bureauCommittee = defineRule({
  kind: "secondSuperior.bureauCommittee",
  question: "secondSuperior",
  summary: { zh: "世博局党委双重领导", en: "the bureau's committee as a second superior" },
  parameters: {},
  facts: [],
  decide: () =>
    answer(new Leader({ kind: "bureauCommittee" }), "同时接受世博局党委领导(双重领导)", "and by the bureau's Party committee at the same time (dual leadership)")
})
