/**
 * Langshan's synchronizations (三同步, seed-001 §二 一是): "黨組織與項目部同步組建" — the project branch formed
 * with the project department — and "黨組織書記與項目經理同步配備" — the secretary appointed with the project
 * manager. Each is due on its anchor's day plus a flagged grace period (`synchronizationGraceDays`); an anchor
 * not recorded leaves that step's deadline open. The third synchronization (Party building with construction)
 * is the bundled assessment (`obligation.bundledAssessment`).
 *
 * Applied by `langshan-street.obligations.threeSynchronizations`.
 *
 * @module
 */
import type { ObligationOutcome } from "./define.js"
import { plusDays, defineObligation, notRequired, onceBy, organizationRequired, outOfScope } from "./define.js"
import { combineSteps } from "./fourSynchronizations.js"

/** Langshan's synchronizations of organization and secretary. */
export const threeSynchronizations = defineObligation({
  kind: "obligation.threeSynchronizations",
  question: "obligations",
  summary: { zh: "三同步:党组织与项目部同步组建、书记与项目经理同步配备", en: "organization with the project department, secretary with the project manager" },
  site: true,
  parameters: { synchronizationGraceDays: "number" },
  facts: ["departmentOn", "organizationOn", "managerOn", "secretaryOn"],
  schedule: {
    recurrence: "once", deadline: "assumed",
    text: { zh: "项目部组建、项目经理到位之日;宽限天数为假设参数", en: "the day the department is formed and the manager appointed; grace days are a flagged assumption" }
  },
  assess: (ctx, r) => {
    if (!ctx.inScope) return outOfScope()
    if (!organizationRequired(ctx)) return notRequired()
    const grace = r.num("synchronizationGraceDays")
    const department = ctx.records.milestones.get("projectDepartmentFormed")
    const manager = ctx.records.milestones.get("projectManagerAppointed")
    const org = ctx.records.steps.get("organizationEstablished") ?? ctx.records.steps.get("jointOrganizationJoined")
    const secretary = ctx.records.steps.get("secretaryAppointed")
    r.fact("departmentOn", department?.date ?? null)
    r.fact("organizationOn", org?.date ?? null)
    r.fact("managerOn", manager?.date ?? null)
    r.fact("secretaryOn", secretary?.date ?? null)
    const step = (anchor: { date: string } | undefined, done: typeof org, zh: string, en: string, anchorText: { zh: string; en: string }): ObligationOutcome => {
      if (anchor !== undefined) return onceBy(done, plusDays(anchor.date, grace), ctx.date, { zh, en })
      return done !== undefined
        ? { status: "met", evidence: [done.id], text: { zh: `${zh}:已于${done.date}完成`, en: `${en}: done on ${done.date}` } }
        : { status: "due", openDeadline: { zh: `${anchorText.zh}日期未记录`, en: `the date ${anchorText.en} is not recorded` }, text: { zh: `${zh}:尚未完成(${anchorText.zh}日期未记录)`, en: `${en}: not done (the date ${anchorText.en} is not recorded)` } }
    }
    return combineSteps([
      step(department, org, "党组织与项目部同步组建", "branch formed with the project department", { zh: "项目部组建", en: "the department was formed" }),
      step(manager, secretary, "书记与项目经理同步配备", "secretary appointed with the project manager", { zh: "项目经理到位", en: "the manager was appointed" })
    ])
  }
})
