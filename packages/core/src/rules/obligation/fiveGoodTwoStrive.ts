/**
 * The Expo's five-good organization and two-strive member activities (seed-000-expo §三(二)3): "开展“五好服务
 * 团队党组织”(平安和谐好、文明服务好、团结协作好、党风廉政好、党组织自身建设好)创建活动,党员“双争当”(争当平安和谐的
 * 先锋,争当优质服务的模范)活动". Met when a five-good assessment (against `fiveGoodCriteria`) and a two-strive
 * activity are recorded; the criteria found met are what an evaluation reads. The source sets no deadline
 * (the Expo ran 184 days; the joint meeting "总结表彰先进").
 *
 * Applied by `shanghai-expo.obligations.fiveGoodTwoStrive`.
 *
 * @module
 */
import { defineObligation, notRequired, organizationRequired, outOfScope } from "./define.js"

/** Five-good and two-strive activities. */
export const fiveGoodTwoStrive = defineObligation({
  kind: "obligation.fiveGoodTwoStrive",
  question: "obligations",
  summary: { zh: "开展\"五好\"党组织创建和党员\"双争当\"活动", en: "five-good organization and two-strive member activities" },
  site: true,
  parameters: { fiveGoodCriteria: "list", twoStriveCriteria: "list" },
  facts: ["fiveGoodAssessedOn", "criteriaMet", "twoStriveOn"],
  schedule: { recurrence: "once", deadline: "open", text: { zh: "来源未规定期限", en: "the source sets no deadline" } },
  assess: (ctx, r) => {
    if (!ctx.inScope) return outOfScope()
    if (!organizationRequired(ctx)) return notRequired()
    const criteria = r.list("fiveGoodCriteria")
    const strive = r.list("twoStriveCriteria")
    const assessed = ctx.records.assessments.filter((a) => a.assessment === "fiveGood").sort((a, b) => (a.date < b.date ? -1 : 1))
    const latest = assessed[assessed.length - 1]
    const activity = ctx.records.steps.get("twoStriveActivity")
    r.fact("fiveGoodAssessedOn", latest?.date ?? null)
    const met = r.fact("criteriaMet", latest === undefined ? [] : criteria.filter((c) => latest.criteriaMet.includes(c)))
    r.fact("twoStriveOn", activity?.date ?? null)
    const open = { zh: "来源未规定期限", en: "the source sets no deadline" }
    if (latest !== undefined && activity !== undefined) {
      return {
        status: "met", evidence: [latest.id, activity.id],
        text: {
          zh: `\"五好\"考评于${latest.date}(达到${met.length}/${criteria.length}项),\"双争当\"(${strive.join("、")})活动于${activity.date}开展`,
          en: `five-good assessment on ${latest.date} (${met.length} of ${criteria.length} criteria met); two-strive activity on ${activity.date}`
        }
      }
    }
    const missing = [...(latest === undefined ? ["五好考评"] : []), ...(activity === undefined ? ["双争当活动"] : [])]
    return {
      status: "due", openDeadline: open,
      evidence: [...(latest === undefined ? [] : [latest.id]), ...(activity === undefined ? [] : [activity.id])],
      text: { zh: `尚未记录:${missing.join("、")}`, en: `not recorded yet: ${latest === undefined ? "five-good assessment" : ""}${latest === undefined && activity === undefined ? ", " : ""}${activity === undefined ? "two-strive activity" : ""}` }
    }
  }
})
