/**
 * National (Branch Work Regulations Ch. 6): a branch with `branchCommitteeMinFullMembers` full members or more
 * elects a committee of `branchCommitteeSizeMin` to `branchCommitteeSizeMax` (not more than
 * `branchCommitteeSizeCeiling`); with fewer, a secretary, and a deputy if needed. Sizes are given for branch
 * committees only.
 *
 * @module
 */
import type { SetupForm } from "../../model/vocabulary.js"
import type { CommitteeShape } from "../../organization/decision.js"
import { answer, defineRule, silent } from "../define.js"
import { fullFact, primaryForm } from "../decided.js"

const BRANCH_LEVEL: ReadonlySet<SetupForm> = new Set(["branch", "jointBranch", "combinedBranch"])

/** The branch committee's shape by full members. */
export const byFullMembers = defineRule({
  kind: "committee.byFullMembers",
  question: "committee",
  summary: { zh: "按正式党员人数设支部委员会或书记", en: "a branch committee, or a secretary, by full members" },
  parameters: {
    branchCommitteeMinFullMembers: "members",
    branchCommitteeSizeMin: "number",
    branchCommitteeSizeMax: "number",
    branchCommitteeSizeCeiling: "number"
  },
  facts: ["primaryForm", "fullMembers"],
  decide: (ctx, r) => {
    const form = primaryForm(ctx)
    if (form !== undefined) r.fact("primaryForm", form)
    if (form !== undefined && !BRANCH_LEVEL.has(form)) {
      return silent("只规定了支部委员会的人数", "sizes are given for branch committees only")
    }
    const full = fullFact(ctx, r)
    const { min } = r.members("branchCommitteeMinFullMembers", ctx.counts)
    if (full >= min) {
      const sizeMin = r.num("branchCommitteeSizeMin")
      const sizeMax = r.num("branchCommitteeSizeMax")
      const sizeCeiling = r.num("branchCommitteeSizeCeiling")
      return answer<CommitteeShape>({ _tag: "Committee", sizeMin, sizeMax, sizeCeiling },
        `正式党员${full}人≥${min}人,设支部委员会${sizeMin}至${sizeMax}人(一般不超过${sizeCeiling}人)`,
        `${full} ≥ ${min} full members: a branch committee of ${sizeMin} to ${sizeMax} (not more than ${sizeCeiling})`)
    }
    return answer<CommitteeShape>({ _tag: "SecretaryOnly", deputyIfNeeded: true }, `正式党员${full}人不足${min}人,设书记1名,必要时设副书记`,
      `${full} full member(s), under ${min}: a secretary, and a deputy if needed`)
  }
})
