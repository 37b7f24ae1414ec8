/**
 * The membership pipeline (发展党员): applicant → activist → candidate → probationary → full member
 * (入党申请人 → 入党积极分子 → 发展对象 → 预备党员 → 正式党员), with the national minimum intervals read from
 * the policy, the organizations that may admit, and per-site counts like Fuding's "three trainings, two
 * recommendations" (三培两推: 39 applications, 18 activists, 28 members admitted on sites).
 *
 * Rules applied (each a rule of the `national` policy, so a reform can change its numbers):
 *
 * - `national.pipeline.intervals`: age at application ≥ `minAgeYears` (Constitution Art. 1); candidate only
 *   after `activistMinMonths` as activist (发展党员工作细则 Art. 15);
 * - `national.probation`: full membership only after `probationMonths` of probation, plus an extension of
 *   `probationExtensionMinMonths`–`probationExtensionMaxMonths` when one was decided (Constitution Art. 7);
 * - `national.pipeline.admitting`: the organization admitting a probationary member must be of a kind in
 *   `admittingKinds`, and not temporary unless `temporaryMayAdmit` (Constitution Art. 5; Branch Work
 *   Regulations Art. 6 — `national.temporary.restrictions`).
 *
 * @module
 */
import { Schema } from "effect"
import type { Citation, Finding, Reason } from "../explain/explanation.js"
import { Reason as ReasonSchema, settled } from "../explain/explanation.js"
import { Id, IsoDate, addMonths } from "../model/primitives.js"
import { MemberStatuses, OrganizationKinds } from "../model/vocabulary.js"
import type { MemberStatus, OrganizationKind } from "../model/vocabulary.js"
import type { Policy, ResolvedPolicy } from "../policy/policy.js"
import { cite } from "../policy/sources.js"
import type { RuleReader } from "../scoring/policyRead.js"
import { isGap, readerFor, readerOf, resolved, resolvedOrSelf } from "../scoring/policyRead.js"
import { makeReason } from "../scoring/reasons.js"
import { TalkTriggerEvent } from "../scoring/obligations.js"

/** One step of a person's path: the stage reached, when, and in which organization. */
export class PipelineStep extends Schema.Class<PipelineStep>("PipelineStep")({
  stage: MemberStatuses.schema,
  date: IsoDate,
  organizationId: Id
}) {}

/** A person's path through the pipeline. */
export class PipelineRecord extends Schema.Class<PipelineRecord>("PipelineRecord")({
  personId: Id,
  /** The site (project) the person works on, for per-site counts. */
  siteId: Schema.optional(Id),
  birthDate: Schema.optional(IsoDate),
  /** Months by which probation was extended, if it was (预备期延长). */
  probationExtensionMonths: Schema.optional(Schema.Number.pipe(Schema.int(), Schema.positive())),
  steps: Schema.NonEmptyArray(PipelineStep)
}) {}

/** What the pipeline needs to know about an organization. */
export interface AdmittingOrganization {
  readonly id: string
  readonly kind: OrganizationKind
  readonly temporary: boolean
}

/**
 * Who may admit under a policy (rule `national.pipeline.admitting`): the organization kinds in `admittingKinds`
 * (absent: any kind), and temporary organizations only if `temporaryMayAdmit`. Shared by {@link checkPipeline}
 * and the structure's events and invariants, so the rule is written once.
 */
export interface AdmissionRule {
  readonly kinds: ReadonlyArray<string> | undefined
  readonly temporaryMayAdmit: boolean
}

/** Why an organization may not admit under the rule — its kind, or its being temporary — or `undefined` when it may. */
export const admissionBar = (rule: AdmissionRule, org: AdmittingOrganization): "kind" | "temporary" | undefined =>
  rule.kinds !== undefined && !rule.kinds.includes(org.kind) ? "kind" : org.temporary && !rule.temporaryMayAdmit ? "temporary" : undefined

const admissionRules = new WeakMap<Policy, AdmissionRule & { readonly citation: Citation }>()
const ADMISSION_CITATION = cite("cpc-constitution", "Art. 5", "发展党员,必须经过党的支部")

/**
 * The admission rule of a policy, read once per policy from it resolved against the catalogue (so a local
 * policy inherits the national `admittingKinds`), with the clause the rule cites.
 */
export const admissionRuleOf = (policy: Policy): AdmissionRule & { readonly citation: Citation } => {
  let r = admissionRules.get(policy)
  if (r === undefined) {
    const p = resolvedOrSelf(policy)
    const kinds = p.parameters.find((x) => x.key === "admittingKinds")?.value
    const spec = p.rules.find((x) => x.kind === "pipeline.admittingOrganization")
    r = {
      kinds: Array.isArray(kinds) ? kinds : undefined,
      temporaryMayAdmit: p.parameters.find((x) => x.key === "temporaryMayAdmit")?.value === true,
      citation: spec?.citation ?? ADMISSION_CITATION
    }
    admissionRules.set(policy, r)
  }
  return r
}

/** Kinds of problem in a person's path. */
export const PipelineIssueCodes = [
  "outOfOrder",
  "dateBeforePrevious",
  "tooYoung",
  "activistTooShort",
  "probationTooShort",
  "extensionOutOfRange",
  "organizationMayNotAdmit",
  "unknownOrganization"
] as const
/** @see {@link PipelineIssueCodes} */
export type PipelineIssueCode = (typeof PipelineIssueCodes)[number]

/** A problem in a person's path, with its reasons. */
export class PipelineIssue extends Schema.Class<PipelineIssue>("PipelineIssue")({
  code: Schema.Literal(...PipelineIssueCodes),
  stage: MemberStatuses.schema,
  reasons: Schema.NonEmptyArray(ReasonSchema)
}) {}

/** The check of one person's path. */
export class PipelineCheck extends Schema.Class<PipelineCheck>("PipelineCheck")({
  personId: Id,
  /** Stage reached at the check date (`null` before the first step). */
  stage: Schema.NullOr(MemberStatuses.schema),
  issues: Schema.Array(PipelineIssue),
  /** The next stage and the earliest date it may be reached, when the rules set one. */
  next: Schema.NullOr(Schema.Struct({ stage: MemberStatuses.schema, earliest: Schema.NullOr(IsoDate), reasons: Schema.Array(ReasonSchema) }))
}) {}

const ORDER = MemberStatuses.values
const stageIndex = (s: MemberStatus) => ORDER.indexOf(s)

const yearsBetween = (birth: string, date: string) => {
  const by = Number(birth.slice(0, 4))
  const dy = Number(date.slice(0, 4))
  return dy - by - (date.slice(5) < birth.slice(5) ? 1 : 0)
}

interface Readers {
  readonly intervals: RuleReader
  readonly probation: RuleReader
  readonly admitting: RuleReader
  readonly temporary: RuleReader | undefined
}

/** The pipeline's rules, reading their parameters as of the check's date (the values in force then). */
const readersOf = (policy: ResolvedPolicy, asOf: string): Readers | Finding<never> => {
  const intervals = readerFor(policy, "pipeline.minimumIntervals", "pipeline", { zh: "发展党员的间隔要求", en: "the intervals of recruitment" }, asOf)
  if (isGap(intervals)) return intervals
  const probation = readerFor(policy, "probation.duration", "pipeline", { zh: "预备期", en: "probation" }, asOf)
  if (isGap(probation)) return probation
  const admitting = readerFor(policy, "pipeline.admittingOrganization", "pipeline", { zh: "可以发展党员的组织", en: "which organizations may admit" }, asOf)
  if (isGap(admitting)) return admitting
  const tempRule = policy.rules.find((r) => r.kind === "temporary.restrictions")
  return { intervals, probation, admitting, temporary: tempRule === undefined ? undefined : readerOf(policy, tempRule, asOf) }
}

/**
 * Checks one person's path at a date against the policy's rules: order of stages, minimum intervals, age, and
 * the admitting organization. `organizations` looks up an organization by id (e.g. from the structure module).
 */
export const checkPipeline = (input: {
  readonly policy: Policy
  readonly record: PipelineRecord
  readonly organizations: (id: string) => AdmittingOrganization | undefined
  readonly asOf: string
}): Finding<PipelineCheck> => {
  const policy = resolved(input.policy)
  const rs = readersOf(policy, input.asOf)
  if ("_tag" in rs) return rs
  return checkWith(rs, input.record, input.organizations, input.asOf)
}

const checkWith = (
  rs: Readers,
  record: PipelineRecord,
  organizations: (id: string) => AdmittingOrganization | undefined,
  asOf: string
): Finding<PipelineCheck> => {
  const issues: Array<PipelineIssue> = []
  const issue = (code: PipelineIssueCode, stage: MemberStatus, reason: Reason) =>
    issues.push(new PipelineIssue({ code, stage, reasons: [reason] }))
  const orderCitation = cite("cpc-recruitment-rules-2014", "Ch. 2-6", "the stages in the order of the rules' chapters")
  const steps = record.steps.filter((s) => s.date <= asOf)
  const all = record.steps
  const at = (stage: MemberStatus) => all.find((s) => s.stage === stage)
  all.forEach((s, i) => {
    if (stageIndex(s.stage) !== i) {
      issue("outOfOrder", s.stage, makeReason({
        policyId: "national", ruleId: "national.pipeline.intervals", citation: orderCitation,
        facts: { personId: record.personId, position: i, stage: s.stage },
        zh: `第${i + 1}步应为${MemberStatuses.label(ORDER[i] ?? "full", "zh")},实为${MemberStatuses.label(s.stage, "zh")}`,
        en: `step ${i + 1} should be ${MemberStatuses.label(ORDER[i] ?? "full", "en")}, not ${MemberStatuses.label(s.stage, "en")}`
      }))
    }
    const prev = all[i - 1]
    if (prev !== undefined && s.date < prev.date) {
      issue("dateBeforePrevious", s.stage, makeReason({
        policyId: "national", ruleId: "national.pipeline.intervals", citation: orderCitation,
        facts: { personId: record.personId, stage: s.stage, date: s.date, previousDate: prev.date },
        zh: `${MemberStatuses.label(s.stage, "zh")}的日期${s.date}早于上一步${prev.date}`,
        en: `${MemberStatuses.label(s.stage, "en")} on ${s.date} is before the previous step (${prev.date})`
      }))
    }
  })
  const applied = at("applicant")
  if (applied !== undefined && record.birthDate !== undefined) {
    const min = rs.intervals.num("minAgeYears")
    const age = yearsBetween(record.birthDate, applied.date)
    if (age < min) {
      issue("tooYoung", "applicant", rs.intervals.reason({ personId: record.personId, birthDate: record.birthDate, appliedOn: applied.date, age },
        `申请时${age}岁,未满${min}岁`, `aged ${age} at application, under ${min}`))
    }
  }
  const activist = at("activist")
  const candidate = at("candidate")
  const activistMonths = rs.intervals.num("activistMinMonths")
  if (activist !== undefined && candidate !== undefined) {
    const earliest = addMonths(activist.date, activistMonths)
    if (candidate.date < earliest) {
      issue("activistTooShort", "candidate", rs.intervals.reason(
        { personId: record.personId, activistOn: activist.date, candidateOn: candidate.date, earliest },
        `${activist.date}列为积极分子,培养考察不满${activistMonths}个月即于${candidate.date}列为发展对象(最早${earliest})`,
        `activist from ${activist.date}: became a candidate on ${candidate.date}, before ${activistMonths} months of training (earliest ${earliest})`))
    }
  }
  const probationary = at("probationary")
  const full = at("full")
  const probationMonths = rs.probation.num("probationMonths")
  const ext = record.probationExtensionMonths ?? 0
  if (ext > 0) {
    const lo = rs.probation.num("probationExtensionMinMonths")
    const hi = rs.probation.num("probationExtensionMaxMonths")
    if (ext < lo || ext > hi) {
      issue("extensionOutOfRange", "probationary", rs.probation.reason({ personId: record.personId, extensionMonths: ext },
        `预备期延长${ext}个月,不在${lo}至${hi}个月之间`, `probation extended by ${ext} months, outside ${lo} to ${hi}`))
    }
  }
  if (probationary !== undefined && full !== undefined) {
    const earliest = addMonths(probationary.date, probationMonths + ext)
    if (full.date < earliest) {
      issue("probationTooShort", "full", rs.probation.reason(
        { personId: record.personId, probationaryOn: probationary.date, fullOn: full.date, extensionMonths: ext, earliest },
        `${probationary.date}成为预备党员,预备期${probationMonths}个月${ext > 0 ? `(延长${ext}个月)` : ""}未满即于${full.date}转正(最早${earliest})`,
        `probationary from ${probationary.date}: became full on ${full.date}, before ${probationMonths}${ext > 0 ? ` + ${ext}` : ""} months of probation (earliest ${earliest})`))
    }
  }
  if (probationary !== undefined) {
    const org = organizations(probationary.organizationId)
    if (org === undefined) {
      issue("unknownOrganization", "probationary", rs.admitting.reason({ organizationId: probationary.organizationId },
        `接收预备党员的组织${probationary.organizationId}未知`, `the admitting organization ${probationary.organizationId} is unknown`))
    } else {
      const bar = admissionBar({ kinds: rs.admitting.list("admittingKinds"), temporaryMayAdmit: rs.admitting.flag("temporaryMayAdmit") }, org)
      if (bar === "kind") {
        issue("organizationMayNotAdmit", "probationary", rs.admitting.reason(
          { organizationId: org.id, kind: org.kind, temporary: org.temporary },
          `${OrganizationKinds.label(org.kind, "zh")}${org.id}不是可以发展党员的组织类别`,
          `${OrganizationKinds.label(org.kind, "en")} ${org.id} is not a kind of organization that admits members`))
      } else if (bar === "temporary") {
        const reasons: [Reason, ...Array<Reason>] = [rs.admitting.reason(
          { organizationId: org.id, kind: org.kind, temporary: true },
          `临时党组织${org.id}一般不发展党员`, `temporary organization ${org.id} normally does not admit members`)]
        if (rs.temporary !== undefined) {
          reasons.push(rs.temporary.reason({ organizationId: org.id, temporary: true },
            "临时党支部一般不发展党员、不处分处置党员、不收缴党费", "a temporary organization normally does not admit, discipline or collect dues"))
        }
        issues.push(new PipelineIssue({ code: "organizationMayNotAdmit", stage: "probationary", reasons }))
      }
    }
  }
  const current = steps.length === 0 ? null : steps[steps.length - 1]!.stage
  const nextStage = current === null ? "applicant" : current === "full" ? null : ORDER[stageIndex(current) + 1]!
  let next: PipelineCheck["next"] = null
  if (nextStage !== null && current !== null) {
    const last = steps[steps.length - 1]!
    if (nextStage === "candidate") {
      const earliest = addMonths(last.date, activistMonths)
      next = { stage: nextStage, earliest, reasons: [rs.intervals.reason({ activistOn: last.date, earliest },
        `列为积极分子满${activistMonths}个月后(${earliest}起)可列为发展对象`, `may become a candidate from ${earliest}, after ${activistMonths} months as activist`)] }
    } else if (nextStage === "full") {
      const earliest = addMonths(last.date, probationMonths + ext)
      next = { stage: nextStage, earliest, reasons: [rs.probation.reason({ probationaryOn: last.date, extensionMonths: ext, earliest },
        `预备期满(${earliest})后讨论转正`, `probation ends on ${earliest}; the branch then discusses full membership`)] }
    } else {
      next = { stage: nextStage, earliest: null, reasons: [] }
    }
  }
  const summary = rs.intervals.reason(
    { personId: record.personId, stage: current, issues: issues.length, asOf },
    `${record.personId}:截至${asOf}为${current === null ? "尚未申请" : MemberStatuses.label(current, "zh")},发现${issues.length}个问题`,
    `${record.personId}: ${current === null ? "not yet applied" : MemberStatuses.label(current, "en")} at ${asOf}, ${issues.length} issue(s)`
  )
  return settled(new PipelineCheck({ personId: record.personId, stage: current, issues, next }), summary)
}

/** Talk triggers for new applications (the applicant talk due within a month, 发展党员工作细则 Art. 8). */
export const applicationTriggers = (records: ReadonlyArray<PipelineRecord>): ReadonlyArray<TalkTriggerEvent> =>
  records.flatMap((r) => {
    const a = r.steps.find((s) => s.stage === "applicant")
    return a === undefined ? [] : [new TalkTriggerEvent({
      id: `application:${r.personId}`, memberId: r.personId, organizationId: a.organizationId, date: a.date, trigger: "application", source: "pipeline"
    })]
  })

/** Talent milestones of "three trainings, two recommendations" (三培两推) besides recruitment. */
export const TalentMilestones = ["trainedBackbone", "recommendedCrewLeader", "recommendedManagement", "recommendedDecisionLevel"] as const
/** @see {@link TalentMilestones} */
export type TalentMilestone = (typeof TalentMilestones)[number]

/** A talent milestone of a person on a site (e.g. a member trained into a technical backbone). */
export class TalentEvent extends Schema.Class<TalentEvent>("TalentEvent")({
  personId: Id,
  siteId: Id,
  date: IsoDate,
  milestone: Schema.Literal(...TalentMilestones)
}) {}

const Counts = Schema.Struct({
  applicant: Schema.Number,
  activist: Schema.Number,
  candidate: Schema.Number,
  probationary: Schema.Number,
  full: Schema.Number
})

/** Pipeline figures of one site over a window. */
export class SitePipelineCounts extends Schema.Class<SitePipelineCounts>("SitePipelineCounts")({
  siteId: Schema.String,
  from: IsoDate,
  to: IsoDate,
  /** People who reached each stage within the window (applications, new activists, …, admissions = probationary). */
  reached: Counts,
  /** People at each stage on the window's last day. */
  atEnd: Counts,
  talent: Schema.Struct({
    trainedBackbone: Schema.Number,
    recommendedCrewLeader: Schema.Number,
    recommendedManagement: Schema.Number,
    recommendedDecisionLevel: Schema.Number
  }),
  reasons: Schema.NonEmptyArray(ReasonSchema)
}) {}

const zero = () => ({ applicant: 0, activist: 0, candidate: 0, probationary: 0, full: 0 })

/**
 * Per-site pipeline figures over `[from, to]`: how many reached each stage in the window (Fuding reports
 * "39 applications, 18 activists, 28 admitted"), how many stand at each stage at the end, and talent milestones
 * (Fuding: 48 backbones trained, 32 recommended into management). Records without a site count under `""`.
 *
 * Note that flows are not a funnel of one cohort: Fuding admitted 28 while naming only 18 new activists,
 * so the admitted came from earlier cohorts.
 */
export const pipelineCounts = (input: {
  readonly records: ReadonlyArray<PipelineRecord>
  readonly talent?: ReadonlyArray<TalentEvent>
  readonly from: string
  readonly to: string
}): ReadonlyArray<SitePipelineCounts> => {
  const sites = new Map<string, { reached: ReturnType<typeof zero>; atEnd: ReturnType<typeof zero>; talent: Record<TalentMilestone, number> }>()
  const site = (id: string) => {
    let s = sites.get(id)
    if (s === undefined) {
      sites.set(id, (s = { reached: zero(), atEnd: zero(), talent: { trainedBackbone: 0, recommendedCrewLeader: 0, recommendedManagement: 0, recommendedDecisionLevel: 0 } }))
    }
    return s
  }
  for (const r of input.records) {
    const s = site(r.siteId ?? "")
    let last: MemberStatus | undefined
    for (const step of r.steps) {
      if (step.date >= input.from && step.date <= input.to) s.reached[step.stage]++
      if (step.date <= input.to) last = step.stage
    }
    if (last !== undefined) s.atEnd[last]++
  }
  for (const t of input.talent ?? []) if (t.date >= input.from && t.date <= input.to) site(t.siteId).talent[t.milestone]++
  const citation = cite("seed-002", "§三 注重人才培养", "三培两推: 共在项目工地发展党员28名……39人递交入党申请书,其中18人纳入入党积极分子培养")
  return [...sites.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([siteId, s]) => new SitePipelineCounts({
    siteId, from: input.from as IsoDate, to: input.to as IsoDate, reached: s.reached, atEnd: s.atEnd, talent: s.talent,
    reasons: [makeReason({
      policyId: "fuding-site-2020", ruleId: "membership.pipeline.counts", citation,
      facts: { siteId, from: input.from, to: input.to, ...Object.fromEntries(Object.entries(s.reached).map(([k, v]) => [`reached.${k}`, v])) },
      zh: `${siteId || "(未注明工地)"} ${input.from}至${input.to}:入党申请${s.reached.applicant}人,新列积极分子${s.reached.activist}人,发展对象${s.reached.candidate}人,发展党员${s.reached.probationary}人,转正${s.reached.full}人`,
      en: `${siteId || "(no site)"} ${input.from} to ${input.to}: ${s.reached.applicant} applications, ${s.reached.activist} new activists, ${s.reached.candidate} candidates, ${s.reached.probationary} admitted, ${s.reached.full} made full`
    })]
  }))
}
