/**
 * Four synchronizations (四同步, seed-000 §四(二)): "在建立项目工地的同时,同步建立工地党组织、同步配备党组织书记、
 * 同步明确党组织职责任务、同步开展党建工作". Due on the day the project is set up (建立项目工地), plus a grace
 * period that is redsite's flagged assumption (`synchronizationGraceDays`, 0: 同时 read literally). The set-up
 * date is the `projectSetUp` milestone; where it is not recorded, construction start (a project is set up by
 * then at the latest), else the planned start. A joint organization serving the site stands for the first
 * step as the permitted alternative (seed-000 §二(二)).
 *
 * Applied by `shanghai-site.obligations.fourSynchronizations`.
 *
 * @module
 */
import type { Dated, ObligationOutcome } from "./define.js"
import { plusDays, defineObligation, onceBy, organizationRequired, outOfScope, notRequired } from "./define.js"

/** The date the synchronizations count from, and which record gave it. */
export const setUpAnchor = (ctx: { readonly records: { readonly milestones: ReadonlyMap<string, Dated> }; readonly project: { readonly plannedStart: string } }) => {
  const setUp = ctx.records.milestones.get("projectSetUp")
  if (setUp !== undefined) return { date: setUp.date, source: "projectSetUp" }
  const start = ctx.records.milestones.get("constructionStart")
  if (start !== undefined) return { date: start.date, source: "constructionStart" }
  return { date: ctx.project.plannedStart, source: "plannedStart" }
}

/** Combines step outcomes: overdue if any is, else due if any is, else met (alternative if one step used it). */
export const combineSteps = (parts: ReadonlyArray<ObligationOutcome>, alternative?: string): ObligationOutcome => {
  const overdue = parts.filter((p) => p.status === "overdue")
  const join = (lang: "zh" | "en") => parts.map((p) => p.text[lang]).join(lang === "zh" ? ";" : "; ")
  if (overdue.length > 0) {
    const worst = overdue.reduce((a, b) => ((b as { daysLate: number }).daysLate > (a as { daysLate: number }).daysLate ? b : a)) as Extract<ObligationOutcome, { status: "overdue" }>
    return { status: "overdue", dueOn: worst.dueOn, daysLate: worst.daysLate, text: { zh: join("zh"), en: join("en") } }
  }
  const due = parts.filter((p) => p.status === "due") as Array<Extract<ObligationOutcome, { status: "due" }>>
  if (due.length > 0) {
    const dated = due.filter((d) => d.dueOn !== undefined).map((d) => d.dueOn!).sort()
    const open = due.find((d) => d.openDeadline !== undefined)?.openDeadline
    return {
      status: "due", text: { zh: join("zh"), en: join("en") },
      ...(dated.length > 0 ? { dueOn: dated[0]! } : {}),
      ...(dated.length === 0 && open !== undefined ? { openDeadline: open } : {})
    }
  }
  const met = parts as Array<Extract<ObligationOutcome, { status: "met" | "metThroughAlternative" }>>
  const daysLate = Math.max(0, ...met.map((m) => m.daysLate ?? 0))
  const dueOn = met.map((m) => m.dueOn).filter((d): d is string => d !== undefined).sort()[0]
  return {
    status: alternative === undefined ? "met" : "metThroughAlternative",
    evidence: met.flatMap((m) => m.evidence),
    ...(alternative === undefined ? {} : { alternative }),
    ...(dueOn === undefined ? {} : { dueOn }),
    daysLate,
    text: { zh: join("zh"), en: join("en") }
  }
}

/** Four synchronizations. */
export const fourSynchronizations = defineObligation({
  kind: "obligation.fourSynchronizations",
  question: "obligations",
  summary: { zh: "四同步:同步建立党组织、配备书记、明确职责、开展工作", en: "four synchronizations: organization, secretary, duties and work with the project" },
  site: true,
  parameters: { synchronizationGraceDays: "number" },
  facts: ["setUpOn", "setUpFrom", "organizationOn", "secretaryOn", "dutiesOn", "workOn"],
  schedule: {
    recurrence: "once", deadline: "assumed",
    text: { zh: "建立项目工地之日(同时);宽限天数为假设参数", en: "the day the project is set up (同时); the grace days are a flagged assumption" }
  },
  assess: (ctx, r) => {
    if (!ctx.inScope) return outOfScope()
    if (!organizationRequired(ctx)) return notRequired()
    const anchor = setUpAnchor(ctx)
    r.fact("setUpOn", anchor.date)
    r.fact("setUpFrom", anchor.source)
    const dueOn = plusDays(anchor.date, r.num("synchronizationGraceDays"))
    const own = ctx.records.steps.get("organizationEstablished")
    const joint = ctx.records.steps.get("jointOrganizationJoined")
    const org = own ?? joint
    r.fact("organizationOn", org?.date ?? null)
    const steps = (["secretaryAppointed", "dutiesDefined", "partyWorkStarted"] as const).map((s) => ctx.records.steps.get(s))
    r.fact("secretaryOn", steps[0]?.date ?? null)
    r.fact("dutiesOn", steps[1]?.date ?? null)
    r.fact("workOn", steps[2]?.date ?? null)
    const parts = [
      onceBy(org, dueOn, ctx.date, { zh: "同步建立工地党组织", en: "organization set up with the project" }),
      onceBy(steps[0], dueOn, ctx.date, { zh: "同步配备党组织书记", en: "secretary appointed with the project" }),
      onceBy(steps[1], dueOn, ctx.date, { zh: "同步明确党组织职责任务", en: "duties defined with the project" }),
      onceBy(steps[2], dueOn, ctx.date, { zh: "同步开展党建工作", en: "Party work started with the project" })
    ]
    return combineSteps(parts, own === undefined && joint !== undefined ? "jointBranch" : undefined)
  }
})
