/**
 * Langshan (seed-001 §二 二是) and Fuding (seed-002 §三 建立四级组织体系): Party groups by section, crew or
 * workstream (工段/班组/工作小组) where members work; a section without members gets no group.
 *
 * @module
 */
import { answer, defineRule } from "../define.js"
import { sectionsWithMembers } from "../decided.js"

/** One group per section with members. */
export const bySection = defineRule({
  kind: "groups.bySection",
  question: "groups",
  summary: { zh: "按有党员的工段/班组设党小组", en: "a group per section or crew with members" },
  parameters: {},
  facts: ["sections", "sectionsWithoutMembers"],
  decide: (ctx, r) => {
    const sections = sectionsWithMembers(ctx, r)
    return answer(sections, sections.length > 0 ? `按${sections.length}个有党员的工段/班组/工作小组设党小组` : "项目没有登记了党员的工段或班组",
      sections.length > 0 ? `one group per section, crew or workstream with members (${sections.length})` : "no section or crew of the project records a member")
  }
})
