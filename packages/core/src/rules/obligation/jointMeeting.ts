/**
 * The joint meeting (联席会议制度, seed-002 §三 建立党建协调共商机制): "建立工地党建工作联席会议制度,定期召集项目
 * 业主、主管部门、驻地镇村党组织及设计、施工、监理等建设单位". Met once a joint meeting is recorded; 定期
 * (regularly) gives no frequency, so later meetings are listed but not required at any interval (a gap).
 *
 * Applied by `fuding-site-2020.obligations.jointMeeting`.
 *
 * @module
 */
import { defineObligation, notRequired, onceOpen, organizationRequired, outOfScope } from "./define.js"

/** The joint meeting. */
export const jointMeeting = defineObligation({
  kind: "obligation.jointMeeting",
  question: "obligations",
  summary: { zh: "建立工地党建联席会议制度", en: "a joint meeting of owner, department, locality and builders" },
  site: true,
  parameters: {},
  facts: ["jointMeetings", "lastMeetingOn"],
  schedule: { recurrence: "once", deadline: "open", text: { zh: "\"定期\"召开,来源未规定频次", en: "held \"regularly\": the source gives no frequency" } },
  assess: (ctx, r) => {
    if (!ctx.inScope) return outOfScope()
    if (!organizationRequired(ctx)) return notRequired()
    const held = ctx.records.meetings.filter((m) => m.meeting === "jointMeeting").sort((a, b) => (a.date < b.date ? -1 : 1))
    r.fact("jointMeetings", held.length)
    r.fact("lastMeetingOn", held[held.length - 1]?.date ?? null)
    return onceOpen(held, { zh: "联席会议", en: "joint meeting" }, { zh: "来源未规定召开期限和频次", en: "the source sets no deadline or frequency" })
  }
})
