/**
 * Expo (seed-000-expo §五(三)): a unit under `unitMinFullMembers` full members cannot form an organization of its own and
 * may receive an instructor.
 *
 * @module
 */
import { answer, defineRule } from "../define.js"

/** Instructors for units without an organization. */
export const forUnitsWithoutOrganization = defineRule({
  kind: "instructor.forUnitsWithoutOrganization",
  question: "instructor",
  summary: { zh: "不具备单独建立党组织条件的单位可委派党建指导员", en: "units too small for an organization may receive an instructor" },
  parameters: { unitMinFullMembers: "members" },
  facts: ["unitsBelowThreshold"],
  decide: (ctx, r) => {
    const min = r.num("unitMinFullMembers")
    const below = ctx.project.units.filter((u) => (ctx.unitCounts.get(u.id)?.full ?? 0) < min).map((u) => u.id)
    r.fact("unitsBelowThreshold", below)
    return below.length > 0
      ? answer("optional" as const, `${below.length}个单位不具备单独建立党组织条件,可委派党建指导员`, `${below.length} unit(s) cannot form an organization and may receive an instructor`)
      : answer("notDue" as const, "所有单位都能建立临时党组织", "every unit can form a temporary organization")
  }
})
