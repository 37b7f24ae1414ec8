/**
 * Wenzhou's creation records (创建台账, seed-004 §二(三) 提升党建数字赋能): "督促红色工地创建之初及时录入党支部活动场地、
 * 制度、标识、党员等信息,更新日常开展的教育、活动内容,形成系统台账". Applies to a site running red-site creation;
 * met when every item of `creationRecordItems` (stated: venue, rules, signage, members) is recorded. 及时
 * (promptly) gives no number: due, never overdue. The education and activity updates (更新日常…) have no
 * frequency either: their count is shown, not required.
 *
 * Applied by `wenzhou-red-site-2022.obligations.creationRecords`.
 *
 * @module
 */
import type { Step } from "../../compliance/vocabulary.js"
import { defineObligation } from "./define.js"

/** Whether the site runs red-site creation: a creation-start record, or the coverage facts say so. */
export const creating = (ctx: { readonly coverage: { readonly redSiteCreation: boolean }; readonly records: { readonly milestones: ReadonlyMap<string, unknown> } }): boolean =>
  ctx.coverage.redSiteCreation || ctx.records.milestones.has("redSiteCreationStarted")

/** The creation records. */
export const creationRecords = defineObligation({
  kind: "obligation.creationRecords",
  question: "obligations",
  summary: { zh: "创建之初录入活动场地、制度、标识、党员信息", en: "record venue, rules, signage and members at creation" },
  site: true,
  parameters: { creationRecordItems: "list" },
  facts: ["redSiteCreation", "itemsRecorded", "activityUpdates"],
  schedule: { recurrence: "once", deadline: "open", text: { zh: "创建之初\"及时\"录入,来源未规定天数", en: "\"promptly\" at creation: the source gives no number of days" } },
  assess: (ctx, r) => {
    if (!r.fact("redSiteCreation", creating(ctx))) {
      return { status: "notApplicable", text: { zh: "工地未开展红色工地创建", en: "the site does not run red-site creation" } }
    }
    const items = r.list("creationRecordItems")
    const recorded = items.filter((i) => ctx.records.steps.has(i as Step))
    r.fact("itemsRecorded", recorded)
    const updates = ctx.records.steps.has("educationActivity") ? 1 : 0
    r.fact("activityUpdates", updates)
    const evidence = recorded.map((i) => ctx.records.steps.get(i as Step)!.id)
    if (recorded.length === items.length) {
      return { status: "met", evidence, text: { zh: `创建台账已录入:${items.join("、")}`, en: `creation records entered: ${items.join(", ")}` } }
    }
    const missing = items.filter((i) => !recorded.includes(i))
    return {
      status: "due", evidence, openDeadline: { zh: "\"及时\"录入,来源未规定天数", en: "\"promptly\": the source gives no number of days" },
      text: { zh: `创建台账尚缺:${missing.join("、")}`, en: `creation records missing: ${missing.join(", ")}` }
    }
  }
})
