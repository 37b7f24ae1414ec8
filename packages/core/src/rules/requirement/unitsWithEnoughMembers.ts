/**
 * Shanghai Expo (seed-000-expo §二(三)): any unit with `unitMinFullMembers` full members sets up a temporary organization;
 * where none has, the members are managed by the department by business line (the policy displaces the
 * national rule, so it answers "not required" rather than staying silent).
 *
 * @module
 */
import { answer, defineRule } from "../define.js"
import { requirementFacts } from "./facts.js"
import type { RequirementColumns, RequirementFacts } from "./facts.js"

const verdict = (f: RequirementFacts, p: { readonly unitMinFullMembers: number }) =>
  f.unitsWithAtLeast(p.unitMinFullMembers) > 0 ? "required" as const : "notRequired" as const

/** How many units of row `i` have at least `min` full members (a variable number of units: an ordinary loop). */
const unitsWithAtLeastAt = (c: RequirementColumns, i: number, min: number) => {
  let count = 0
  for (let u = c.unitStart[i]!, end = c.unitStart[i + 1]!; u < end; u++) if (c.unitFullMembers[u]! >= min) count++
  return count
}

/** Expo's requirement: units with enough full members. */
export const unitsWithEnoughMembers = defineRule({
  kind: "requirement.unitsWithEnoughMembers",
  question: "requirement",
  summary: { zh: "有足够正式党员的参建单位建立临时党组织", en: "units with enough full members set up temporary organizations" },
  parameters: { unitMinFullMembers: "members" },
  facts: ["unitsWithEnoughFullMembers"],
  decide: (ctx, r) => {
    const min = r.num("unitMinFullMembers")
    const qualifying = ctx.project.units.filter((u) => (ctx.unitCounts.get(u.id)?.full ?? 0) >= min).map((u) => u.id)
    r.fact("unitsWithEnoughFullMembers", qualifying)
    return verdict(requirementFacts(ctx), { unitMinFullMembers: min }) === "required"
      ? answer("required", `${qualifying.length}个单位有${min}名以上正式党员,应建立临时党组织`,
        `${qualifying.length} unit(s) have ${min} or more full members and must set up temporary organizations`)
      : answer("notRequired", `没有单位达到${min}名正式党员:其党员按业务关系纳入主管部门党组织管理(本政策取代national.requirement,即支部工作条例第五条)`,
        `no unit has ${min} full members: their members are managed by the department's organization by business line (this policy displaces national.requirement, Branch Work Regulations Art. 5)`)
  },
  kernel: {
    verdict,
    columns: (c, p, out) => {
      const min = p.unitMinFullMembers
      for (let i = 0; i < c.size; i++) out[i] = unitsWithAtLeastAt(c, i, min) > 0 ? 1 : 0
    }
  }
})
