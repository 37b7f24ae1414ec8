/**
 * The required organization in place (应建尽建): where the setup decision requires an organization, the site is
 * covered by one of its own (单独组建) — or, the permitted alternative, by a joint organization serving it
 * (联合组建, e.g. Shanghai's joint branch with an instructor, seed-000 §二(二)). Work coverage alone (an
 * instructor, a union bridge) does not meet it: exactly the coverage report's gap (seed-003 §三 3).
 *
 * Applied by `national.obligations.siteOrganization` (Branch Work Regulations Art. 5), inherited by every
 * policy. No clause sets a deadline: where a policy dates it (四同步, 三同步) that obligation makes it overdue.
 *
 * @module
 */
import { defineObligation, organizationRequired } from "./define.js"

/** The required organization in place. */
export const siteOrganization = defineObligation({
  kind: "obligation.siteOrganization",
  question: "obligations",
  summary: { zh: "应建党组织已建立(组织覆盖)", en: "the required organization is in place (organizational coverage)" },
  site: true,
  parameters: {},
  facts: ["requirement", "ownOrganization", "jointOrganization", "work"],
  schedule: {
    recurrence: "once", deadline: "open",
    text: { zh: "来源未规定期限(由四同步、三同步等义务规定日期)", en: "no deadline in the source (the synchronization obligations date it where a policy has them)" }
  },
  assess: (ctx, r) => {
    const req = ctx.decision.requirement
    r.fact("requirement", req._tag === "Settled" ? req.value : "gap")
    if (req._tag === "Gap") {
      return { status: "undetermined", text: { zh: "政策未规定是否必须建立党组织", en: "the policy does not settle whether an organization is required" } }
    }
    if (!organizationRequired(ctx)) {
      return { status: "notApplicable", text: { zh: "设置决定不要求建立党组织", en: "the setup decision does not require an organization" } }
    }
    const own = r.fact("ownOrganization", ctx.coverage.ownOrganization)
    const joint = r.fact("jointOrganization", ctx.coverage.jointOrganization)
    const work = r.fact("work", [...ctx.coverage.work])
    const ownRecord = ctx.records.steps.get("organizationEstablished")
    const jointRecord = ctx.records.steps.get("jointOrganizationJoined")
    if (own) {
      return { status: "met", evidence: ownRecord === undefined ? [] : [ownRecord.id], text: { zh: "工地有自己的党组织", en: "the site has an organization of its own" } }
    }
    if (joint) {
      const withInstructor = work.includes("instructor")
      return {
        status: "metThroughAlternative",
        alternative: withInstructor ? "jointBranchWithInstructor" : "jointBranch",
        evidence: jointRecord === undefined ? [] : [jointRecord.id],
        text: withInstructor
          ? { zh: "由服务工地的联合党组织覆盖,并派有党建指导员", en: "a joint organization serving the site covers it, with an instructor" }
          : { zh: "由服务工地的联合党组织覆盖(联合组建)", en: "a joint organization serving the site covers it (联合组建)" }
      }
    }
    return {
      status: "due",
      openDeadline: { zh: "来源未规定建立期限", en: "the source sets no deadline" },
      text: work.length > 0
        ? { zh: "应建党组织而只有党的工作覆盖", en: "an organization is required, and only Party work covers the site" }
        : { zh: "应建党组织而工地是空白点", en: "an organization is required, and the site is a blank spot" }
    }
  }
})
