/**
 * Shanghai's site practice (seed-000-site §二(二); §四(一)): where the project's full members are under `branchMinFullMembers`, a superior or the community may dispatch a
 * Party-building instructor; with enough members, the policy sends none.
 *
 * @module
 */
import { answer, defineRule } from "../define.js"
import { fullFact } from "../decided.js"

/** An instructor where members are too few. */
export const whenTooFewMembers = defineRule({
  kind: "instructor.whenTooFewMembers",
  question: "instructor",
  summary: { zh: "党员较少、不能单独建立党组织时派党建指导员", en: "an instructor where members are too few for an organization" },
  parameters: { branchMinFullMembers: "members" },
  facts: ["fullMembers"],
  decide: (ctx, r) => {
    const full = fullFact(ctx, r)
    const min = r.num("branchMinFullMembers")
    return full < min
      ? answer("optional" as const, `正式党员${full}人不足${min}人,可由上级或社区党组织派党建指导员`, `${full} full member(s), under ${min}: a superior or the community may dispatch an instructor`)
      : answer("notDue" as const, `正式党员${full}人,可单独建立党组织,政策只在党员较少时派指导员`, `${full} full members can form an organization; the policy sends instructors only where members are too few`)
  }
})
