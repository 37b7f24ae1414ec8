/**
 * National (Branch Work Regulations Ch. 2): groups where members are many or scattered, from `partyGroupMinMembers` (counting the members its parameter
 * names: full members, or all members), one group per section with members; fewer, no groups.
 *
 * @module
 */
import { answer, defineRule } from "../define.js"
import { sectionsWithMembers } from "../decided.js"

/** Groups from a member threshold, by section. */
export const largeOrScattered = defineRule({
  kind: "groups.largeOrScattered",
  question: "groups",
  summary: { zh: "党员人数较多或分散时按工段/班组划分党小组", en: "groups by section where members are many or scattered" },
  parameters: { partyGroupMinMembers: "members" },
  facts: ["members", "fullMembers", "sections", "sectionsWithoutMembers"],
  decide: (ctx, r) => {
    const { min, have, counts } = r.members("partyGroupMinMembers", ctx.counts)
    const who = counts === "all" ? { zh: "党员", en: "members" } : { zh: "正式党员", en: "full members" }
    r.fact(counts === "all" ? "members" : "fullMembers", have)
    if (have < min) return answer([], `${who.zh}${have}人不足${min}人,不划分党小组`, `${have} ${who.en}, under ${min}: no groups`)
    const sections = sectionsWithMembers(ctx, r)
    return answer(sections, `${who.zh}${have}人≥${min}人,按有党员的工段/班组划分党小组`, `${have} ≥ ${min} ${who.en}: groups by section or crew with members`)
  }
})
