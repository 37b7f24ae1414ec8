/**
 * The street's project committee leads (街道项目党委领导).
 *
 * Applied by `langshan-street.lead` (seed-001 §二 一是).
 *
 * @module
 */
import { Leader } from "../../organization/decision.js"
import { answer, defineRule } from "../define.js"

/** The street's project committee leads. */
export const streetWorkingCommittee = defineRule({
  kind: "lead.streetWorkingCommittee",
  question: "lead",
  summary: { zh: "街道项目党委领导", en: "the street's project committee leads" },
  parameters: {},
  facts: ["locality"],
  decide: (ctx, r) => {
    const locality = ctx.project.locality
    if (locality !== undefined) r.fact("locality", locality)
    return answer(new Leader({ kind: "projectCommittee", superior: "streetWorkingCommittee", ...(locality === undefined ? {} : { name: locality }) }),
      "项目党支部隶属街道项目党委,项目党委是街道党工委的直属党委", "the project branch is under the street's project committee, which is directly under the street working committee")
  }
})
