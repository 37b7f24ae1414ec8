/**
 * Scoring and appraisal on a Fuding-style site (seed 002): a quarter of points for a combined branch,
 * a correction, a rejected event, the ranking, democratic appraisal with the excellent cap, the "three talks"
 * that fell due, and the membership pipeline with its per-site figures.
 *
 * Run: pnpm exec tsx examples/scoring.ts [--lang en]
 */
import {
  AppraisalBallots,
  AttendanceInterval,
  IncidentRecord,
  Ledger,
  PipelineRecord,
  PipelineStep,
  Talk,
  amendmentOf,
  appendEvents,
  aggregateLedger,
  appraise,
  arrivalTriggers,
  applicationTriggers,
  checkPipeline,
  fudingDefaultScheme,
  fudingTalkRules,
  incidentTriggers,
  isoDate,
  ledgerTriggers,
  obligationReport,
  pipelineCounts,
  pointEvent,
  policies,
  valueOf,
  AppraisalGrades,
  MemberStatuses
} from "@redsite/core"
import type { AdmittingOrganization, MemberStatus, PointEvent } from "@redsite/core"

const lang = process.argv.includes("--en") || process.argv.join(" ").includes("--lang en") ? "en" : "zh"
const t = (zh: string, en: string) => (lang === "zh" ? zh : en)
const fail = (msg: string): never => {
  throw new Error(msg)
}

// ------------------------------------------------------------------------------------------- the site
const SITE = "shachengwan-combined-branch" // 沙埕湾工地兼合党支部
const members = ["meng", "chen", "lin", "zhou", "wu", "huang"]
const attendance = members.map((m, i) => new AttendanceInterval({
  memberId: m, organizationId: SITE, from: isoDate(i < 5 ? "2021-01-04" : "2021-02-15")
}))
const schemes = [fudingDefaultScheme]
const ctx = { schemes, attendance }

let n = 0
const ev = (memberId: string, date: string, item: string, points?: number): PointEvent =>
  pointEvent(schemes, {
    id: `e${++n}`, memberId, organizationId: SITE, date, item, recordedBy: "secretary", recordedAt: date,
    evidence: `minutes-${date}`, ...(points === undefined ? {} : { points })
  }) ?? fail(`cannot build event ${item} on ${date}`)

/** A busy quarter: shock-team tasks, responsibility-zone goals, organizational life, dues, study, patrols. */
const busy = (m: string, shock: number, zone: number, patrols: number, innovation: boolean): Array<PointEvent> => [
  ...Array.from({ length: shock }, (_, i) => ev(m, `2021-01-${String(5 + 3 * i).padStart(2, "0")}`, "shockTeamTask")),
  ...Array.from({ length: zone }, (_, i) => ev(m, `2021-02-${String(3 + 5 * i).padStart(2, "0")}`, "responsibilityZoneGoal")),
  ...["01-10", "02-10", "03-10"].flatMap((d) => [ev(m, `2021-${d}`, "organizationalLife"), ev(m, `2021-${d}`, "duesOnTime")]),
  ...["2021-01-28", "2021-02-25", "2021-03-25"].map((d) => ev(m, d, "studyCompleted")),
  ...Array.from({ length: patrols }, (_, i) => ev(m, `2021-03-${String(2 + 2 * i).padStart(2, "0")}`, i % 2 === 0 ? "safetyPatrol" : "qualitySupervision")),
  ...(innovation ? [ev(m, "2021-03-12", "technicalInnovation")] : [])
]

// Points of the first quarter of 2021: model posts, shock teams, organizational life, innovation, a violation.
const events: Array<PointEvent> = [
  ...busy("meng", 5, 2, 10, true), // shock-team tasks beyond the item cap, and an innovation
  ...busy("chen", 3, 2, 8, false),
  ...busy("lin", 2, 3, 8, false),
  ev("lin", "2021-02-01", "modelPostDuty"),
  ev("lin", "2021-02-20", "modelPostDuty"),
  ev("zhou", "2021-01-10", "organizationalLife"),
  ev("zhou", "2021-02-08", "safetyViolation"),
  ev("zhou", "2021-03-10", "absentWithoutLeave"),
  ev("wu", "2021-01-10", "organizationalLife"),
  ev("wu", "2021-02-10", "organizationalLife"),
  ev("wu", "2021-03-02", "safetyPatrol"),
  ev("wu", "2021-03-18", "improvementProposal"),
  ev("huang", "2021-01-20", "modelPostDuty") // huang only arrives on 2021-02-15: rejected
]

const first = appendEvents(Ledger.empty, events, ctx)
console.log(t("== 积分台账(2021年第一季度)", "== Points ledger (2021 Q1)"))
console.log(t(`  接受${first.accepted.length}条,拒绝${first.rejected.length}条`, `  ${first.accepted.length} accepted, ${first.rejected.length} rejected`))
for (const r of first.rejected) console.log(`  ✗ ${r.eventId} [${r.code}] ${r.reasons[0].text[lang]}  (${r.reasons[0].ruleId}, ${r.reasons[0].citation.document} ${r.reasons[0].citation.section})`)

// A correction is a new event: lin's second model-post duty is amended from 2 to 1 point.
const target = first.accepted.find((e) => e.memberId === "lin" && e.item === "modelPostDuty" && e.date === "2021-02-20")!
const amendment = amendmentOf(first.ledger, target.id, 1, { id: "fix-1", recordedBy: "secretary", recordedAt: "2021-03-25", reason: "half shift" })!
const corrected = appendEvents(first.ledger, [amendment], ctx)
console.log(t(`  更正:${amendment.id} 将${target.id}改为1分(变动${amendment.points}),原记录不变`, `  correction: ${amendment.id} sets ${target.id} to 1 point (change ${amendment.points}); the entry itself is unchanged`))
const ledger = corrected.ledger

// ------------------------------------------------------------------------------------------- scores
const report = aggregateLedger(ledger, { schemes, roster: attendance, from: "2021-01-01", to: "2021-03-31" })
console.log(t("\n== 季度积分与排名", "\n== Quarterly points and ranking"))
for (const s of [...report.scores].sort((a, b) => a.rank - b.rank || (a.memberId < b.memberId ? -1 : 1))) {
  console.log(`  #${s.rank} ${s.memberId.padEnd(6)} ${String(s.total).padStart(5)}  ${AppraisalGrades.label(s.grade, lang)}`)
  console.log(`       ↳ ${s.reasons[0].text[lang]}`)
}
for (const o of report.organizations) console.log(`  ${o.reasons[0].text[lang]}`)
const assumed = report.scores[0]!.reasons[0].parameters.filter((p) => p.assumption).map((p) => p.key)
console.log(t(`  (假设参数:${assumed.join(", ")} — 来源未给出分值,见 docs/scoring.md)`, `  (assumed parameters: ${assumed.join(", ")} — the source gives no numbers; see docs/scoring.md)`))

// ------------------------------------------------------------------------------------------- appraisal
const ballots = [
  ["meng", 11, 1, 0, 0], ["chen", 9, 3, 0, 0], ["lin", 7, 5, 0, 0], ["zhou", 0, 7, 4, 1], ["wu", 2, 9, 1, 0], ["huang", 1, 10, 1, 0]
].map(([m, e, q, b, u]) => new AppraisalBallots({
  memberId: m as string, organizationId: SITE, excellent: e as number, qualified: q as number, basicallyQualified: b as number, unqualified: u as number
}))
const appraisal = appraise({ policy: policies.fudingSite2020, scores: report.scores, ballots })
const outcome = valueOf(appraisal)?.[0] ?? fail("appraisal gave no outcome")
console.log(t("\n== 民主评议", "\n== Democratic appraisal"))
console.log(`  ${appraisal._tag === "Settled" ? appraisal.reasons[0].text[lang] : ""}`)
for (const r of outcome.records) {
  console.log(`  ${r.memberId.padEnd(6)} ${t("积分", "points")} ${AppraisalGrades.label(r.pointsGrade, lang)} / ${t("票决", "ballots")} ${r.ballotGrade === null ? "—" : AppraisalGrades.label(r.ballotGrade, lang)} → ${AppraisalGrades.label(r.finalGrade, lang)}${r.cappedOut ? t("(超出优秀比例)", " (beyond the excellent cap)") : ""}`)
}

// ------------------------------------------------------------------------------------------- three talks
// a family incident is recorded (no points: it is not conduct to score); one recorded in error is withdrawn
const incidents = [
  new IncidentRecord({ id: "inc-1", memberId: "wu", organizationId: SITE, date: isoDate("2021-03-22"), scope: "family", evidence: "secretary-note-2021-07", recordedBy: "secretary", recordedAt: isoDate("2021-03-22") }),
  new IncidentRecord({ id: "inc-2", memberId: "zhao", organizationId: SITE, date: isoDate("2021-03-02"), scope: "personal", evidence: "secretary-note-2021-05", recordedBy: "secretary", recordedAt: isoDate("2021-03-02") }),
  new IncidentRecord({ id: "inc-3", memberId: "zhao", organizationId: SITE, date: isoDate("2021-03-02"), scope: "personal", evidence: "recorded for the wrong member", recordedBy: "secretary", recordedAt: isoDate("2021-03-03"), withdraws: "inc-2" })
]
const triggers = [
  ...arrivalTriggers(attendance),
  ...ledgerTriggers(ledger, schemes),
  ...incidentTriggers(incidents)
]
const talks = [
  ...members.slice(0, 5).map((m) => new Talk({ id: `welcome-${m}`, memberId: m, organizationId: SITE, date: isoDate("2021-01-08"), by: "secretary" })),
  new Talk({ id: "talk-zhou", memberId: "zhou", organizationId: SITE, date: isoDate("2021-02-15"), by: "secretary", triggerId: `ledger:${first.accepted.find((e) => e.item === "safetyViolation")!.id}` })
]
const dues = obligationReport({ rules: fudingTalkRules, triggers, talks, asOf: "2021-03-31" })
console.log(t("\n== 三必谈(截至2021-03-31)", "\n== Three talks (at 2021-03-31)"))
for (const d of dues.due) console.log(`  ${d.status.padEnd(8)} ${d.memberId.padEnd(6)} ${d.reasons[0].text[lang]}`)
console.log(t(`  逾期${dues.overdue.length}项`, `  ${dues.overdue.length} overdue`))

// ------------------------------------------------------------------------------------------- pipeline
const orgs: Record<string, AdmittingOrganization> = {
  [SITE]: { id: SITE, kind: "combinedBranch", temporary: true },
  "cccc-branch": { id: "cccc-branch", kind: "branch", temporary: false }
}
const steps = (dates: ReadonlyArray<string>, admitting = "cccc-branch") =>
  dates.map((d, i) => new PipelineStep({ stage: MemberStatuses.values[i] as MemberStatus, date: isoDate(d), organizationId: i === 3 ? admitting : SITE }))
const people = [
  new PipelineRecord({ personId: "worker-1", siteId: SITE, birthDate: isoDate("1990-05-01"), steps: steps(["2019-02-01", "2019-04-01", "2020-04-10", "2020-07-01"]) as never }),
  new PipelineRecord({ personId: "worker-2", siteId: SITE, steps: steps(["2020-03-01", "2020-05-01", "2021-01-10"]) as never }),
  new PipelineRecord({ personId: "worker-3", siteId: SITE, steps: steps(["2019-06-01", "2019-08-01", "2020-09-01", "2020-11-01"], SITE) as never }),
  new PipelineRecord({ personId: "worker-4", siteId: SITE, steps: steps(["2020-06-15"]) as never })
]
console.log(t("\n== 发展党员(三培两推)", "\n== Membership pipeline (three trainings, two recommendations)"))
for (const p of people) {
  const c = checkPipeline({ policy: policies.fudingSite2020, record: p, organizations: (id) => orgs[id], asOf: "2021-03-31" })
  const v = valueOf(c) ?? fail("pipeline check is a gap")
  console.log(`  ${p.personId}: ${v.stage === null ? "—" : MemberStatuses.label(v.stage, lang)}${v.next?.earliest ? t(`,最早${v.next.earliest}可成为${MemberStatuses.label(v.next.stage, lang)}`, `, may become ${MemberStatuses.label(v.next.stage, lang)} from ${v.next.earliest}`) : ""}`)
  for (const i of v.issues) for (const r of i.reasons) console.log(`     ✗ [${i.code}] ${r.text[lang]} (${r.ruleId}, ${r.citation.document} ${r.citation.section})`)
}
const applicationTalks = obligationReport({ rules: fudingTalkRules, triggers: applicationTriggers(people), talks: [], asOf: "2021-03-31" })
console.log(t(`  入党申请谈话逾期${applicationTalks.overdue.length}项(应在一个月内)`, `  ${applicationTalks.overdue.length} applicant talks overdue (due within a month)`))
for (const c of pipelineCounts({ records: people, from: "2020-01-01", to: "2020-12-31" })) console.log(`  ${c.reasons[0].text[lang]}`)
