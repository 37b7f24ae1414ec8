/**
 * Units with enough full members form their own branch, others join (正式党员足够的单位单独建支部,不足的联合组建).
 *
 * Applied by `national.units` (cpc-branch-regulations-2018 Art. 4).
 *
 * @module
 */
import { trusted } from "../../internal/trusted.js"
import { UnitDecision } from "../../organization/decision.js"
import { answer, defineRule } from "../define.js"

/** Units with enough full members form their own branch, others join. */
export const ownBranchIfEnough = defineRule({
  kind: "units.ownBranchIfEnough",
  question: "units",
  summary: { zh: "正式党员足够的单位单独建支部,不足的联合组建", en: "units with enough full members form their own branch, others join" },
  parameters: { branchMinFullMembers: "members" },
  facts: ["unitFullMembers"],
  decide: (ctx, r) => {
    const min = r.num("branchMinFullMembers")
    const decisions = ctx.project.units.map((u) => {
      const full = ctx.unitCounts.get(u.id)?.full ?? 0
      return new UnitDecision(full >= min
        ? { unitId: u.id, fullMembers: full, arrangement: "ownOrganization", form: "branch" }
        : { unitId: u.id, fullMembers: full, arrangement: "jointWithOthers", form: "jointBranch" }, trusted)
    })
    r.fact("unitFullMembers", decisions.map((d) => `${d.unitId}:${d.fullMembers}`))
    return answer(decisions, `有${min}名以上正式党员的单位单独建立党支部,不足的联合组建`, `units with ${min} or more full members form their own branch; others join`)
  }
})
