/**
 * The credit-file entry (信用档案, seed-004 §三(二)): "对获得“红色工地”荣誉的,各地应将其作为良好信息记录企业信用
 * 档案". When a site holds a red-site honour, each enterprise of the roles in `creditFileRoles` (redsite's flagged
 * reading of 企业: the construction enterprises) gets a credit-file entry for it. The duty is the local
 * authority's (各地); no deadline is stated.
 *
 * Applied by `wenzhou-red-site-2022.obligations.creditFileEntry`.
 *
 * @module
 */
import { defineObligation } from "./define.js"

/** The credit-file entry of an honour. */
export const creditFileEntry = defineObligation({
  kind: "obligation.creditFileEntry",
  question: "obligations",
  summary: { zh: "红色工地荣誉记入企业信用档案", en: "a red-site honour entered in the enterprises' credit files" },
  site: true,
  parameters: { creditFileRoles: "list" },
  facts: ["honours", "enterprises", "entries"],
  schedule: { recurrence: "onEvent", deadline: "open", text: { zh: "获得荣誉后记入,来源未规定期限", en: "after the honour: the source sets no deadline" } },
  assess: (ctx, r) => {
    const roles = r.list("creditFileRoles")
    r.fact("honours", ctx.records.honours.length)
    if (ctx.records.honours.length === 0) {
      return { status: "notApplicable", text: { zh: "工地尚未获得红色工地荣誉", en: "the site holds no red-site honour" } }
    }
    const enterprises = ctx.project.units.filter((u) => roles.includes(u.role)).map((u) => u.id)
    r.fact("enterprises", enterprises)
    const wanted = ctx.records.honours.flatMap((h) => enterprises.map((e) => ({ honour: h, enterprise: e })))
    const entries = ctx.records.creditEntries
    r.fact("entries", entries.length)
    const missing = wanted.filter((w) => !entries.some((x) => x.honourId === w.honour.id && x.enterpriseId === w.enterprise))
    const evidence = entries.filter((x) => ctx.records.honours.some((h) => h.id === x.honourId)).map((x) => x.id)
    if (missing.length === 0) {
      return {
        status: "met", evidence,
        text: enterprises.length === 0
          ? { zh: "项目无相应角色的企业,无需记录", en: "no enterprise of the roles named: nothing to enter" }
          : { zh: "荣誉已记入企业信用档案", en: "the honour is entered in the enterprises' credit files" }
      }
    }
    return {
      status: "due", evidence, openDeadline: { zh: "来源未规定记录期限(属地主管部门之责)", en: "no deadline stated (the local authority's duty)" },
      text: { zh: `尚未记入信用档案:${missing.map((m) => m.enterprise).join("、")}`, en: `not yet entered in the credit files of: ${missing.map((m) => m.enterprise).join(", ")}` }
    }
  }
})
