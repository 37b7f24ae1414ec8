/**
 * The external joint mechanism (外部联建机制, seed-000 §二(一); duties §四(三)): "以联席会议、结对签约或临时联合
 * 党支部等形式,建立由项目工地党组织和工地所在地社区党组织及周边相关单位党组织共同参与的外部联建机制". Met by any of
 * the three forms recorded. No deadline, and §五(三)'s 定期召开会议 gives no frequency: due, never overdue.
 *
 * Applied by `shanghai-site.obligations.externalJointMechanism`.
 *
 * @module
 */
import { defineObligation, notRequired, onceOpen, organizationRequired, outOfScope } from "./define.js"

/** The external joint mechanism. */
export const externalJointMechanism = defineObligation({
  kind: "obligation.externalJointMechanism",
  question: "obligations",
  summary: { zh: "与社区及周边单位党组织建立外部联建机制", en: "an external joint mechanism with the community and neighbouring units" },
  site: true,
  parameters: {},
  facts: ["jointMeetings", "pairings", "temporaryJointBranch"],
  schedule: { recurrence: "once", deadline: "open", text: { zh: "来源未规定期限和频次", en: "the source sets no deadline or frequency" } },
  assess: (ctx, r) => {
    if (!ctx.inScope) return outOfScope()
    if (!organizationRequired(ctx)) return notRequired()
    const meetings = ctx.records.meetings.filter((m) => m.meeting === "jointMeeting")
    const pairings = ctx.records.letters.filter((l) => l.letter === "pairing")
    const branch = ctx.records.steps.get("temporaryJointBranchWithCommunity")
    r.fact("jointMeetings", meetings.length)
    r.fact("pairings", pairings.length)
    r.fact("temporaryJointBranch", branch !== undefined)
    const done = [...meetings, ...pairings, ...(branch === undefined ? [] : [branch])].sort((a, b) => (a.date < b.date ? -1 : 1))
    return onceOpen(done, { zh: "联席会议、结对签约或临时联合党支部", en: "a joint meeting, a signed pairing or a temporary joint branch" },
      { zh: "来源未规定期限", en: "the source sets no deadline" })
  }
})
