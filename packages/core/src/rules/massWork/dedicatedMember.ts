/**
 * Shanghai's site practice (seed-000-site §二(二)): where `massWorkMemberRequired`, one committee member of the branch (general branch) is
 * dedicated to mass work. A branch without a committee has no such member: the policy does not say who does
 * mass work there (a policy gap, noted).
 *
 * @module
 */
import { valueOf } from "../../explain/explanation.js"
import { answer, defineRule } from "../define.js"
import { primaryForm } from "../decided.js"

/** A committee member dedicated to mass work. */
export const dedicatedMember = defineRule({
  kind: "massWork.dedicatedMember",
  question: "massWorkMember",
  summary: { zh: "设一名支(总)部委员专门负责群众工作", en: "a committee member dedicated to mass work" },
  parameters: { massWorkMemberRequired: "flag" },
  facts: ["hasCommittee"],
  decide: (ctx, r) => {
    if (!r.flag("massWorkMemberRequired")) return answer(false, "不要求专门的群众工作委员", "no dedicated mass-work member is required")
    const form = primaryForm(ctx)
    const shape = ctx.decided.committee === undefined ? undefined : valueOf(ctx.decided.committee)
    const hasCommittee = shape?._tag === "Committee" || form === "generalBranch" || form === "committee"
    r.fact("hasCommittee", hasCommittee)
    if (hasCommittee) return answer(true, "设一名支(总)部委员专门负责群众工作", "one committee member is dedicated to mass work")
    // the clause asks for a committee member; a branch under the committee threshold has none (the structure
    // check asks for the member only where there is a committee)
    return answer(false, "该支部不设支部委员会(正式党员不足),没有可专门负责群众工作的委员",
      "the branch has no committee (too few full members), so there is no committee member to dedicate to mass work",
      [{
        question: "massWorkMember",
        text: {
          zh: "政策要求一名支(总)部委员专门负责群众工作,未规定不设支部委员会的支部由谁负责群众工作",
          en: "the policy asks a committee member to take on mass work and does not say who does it in a branch without a committee"
        }
      }])
  }
})
