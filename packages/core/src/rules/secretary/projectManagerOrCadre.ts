/**
 * Wenzhou (seed-004 §二(三)): the project manager is secretary, or a dispatched Party-affairs cadre.
 *
 * @module
 */
import { answer, defineRule } from "../define.js"
import { plan } from "./plan.js"

/** Wenzhou: the project manager is secretary, or a dispatched Party-affairs cadre. */
export const projectManagerOrCadre = defineRule({
  kind: "secretary.projectManagerOrCadre",
  question: "secretary",
  summary: { zh: "书记和项目经理\"一肩挑\",或选派党务干部", en: "the project manager, or a dispatched cadre, is secretary" },
  parameters: {},
  facts: [],
  decide: () => answer(plan(["projectManager", "dispatchedCadre"], []), "书记和项目经理\"一肩挑\",或选派优秀党务干部", "the project manager is secretary, or a dispatched Party-affairs cadre")
})
