/**
 * Compliance and the reporting cycle (docs/compliance.md): a Shanghai site whose organization came two months
 * after construction started, and three Wenzhou red sites in two districts with a year of monthly reports —
 * their scorecards, a correction, the overdue list per district and per organization, a district's reporting
 * rate, the candidates for the year's evaluation and the credit-file entries of the one selected.
 *
 * Run: pnpm exec tsx examples/compliance.ts
 */
import { Either, Schema } from "effect"
import { fileURLToPath } from "node:url"
import {
  Correct, MilestoneRecorded, ReportReviewed, ReportSubmitted, StepRecorded, YearMonth, creditFileEntries, evaluationCandidates,
  groupOverdue, isoDate, makeProject, overdueReports, policies, recordEvaluation, replayRecords, reportingRate, scorecard
} from "@redsite/core"
import type { Policy, Project, RecordEvent, Scorecard } from "@redsite/core"

const d = isoDate
const month = Schema.decodeSync(YearMonth)

/** The sites: one in Shanghai, three in Wenzhou. */
export const sites = {
  shanghai: makeProject({
    id: "sh-metro", name: "上海某轨道交通重大工程", kind: "rail", costYuan: 3e9, plannedStart: "2022-03-01", plannedEnd: "2025-02-28", major: true, district: "浦东新区",
    units: [{ id: "gc", name: "某建工集团", role: "generalContractor", hasOrganization: true, members: { full: 20 } }]
  }),
  wenzhou: ["lucheng-a", "lucheng-b", "ouhai-c"].map((id, k) => makeProject({
    id, name: `温州某住宅工地${k + 1}`, kind: "building", costYuan: 2e8, plannedStart: "2022-05-01", plannedEnd: "2024-04-30", major: false,
    district: k < 2 ? "鹿城区" : "瓯海区",
    units: [
      { id: `${id}-gc`, name: `建工集团${k + 1}`, role: "generalContractor", hasOrganization: true, members: { full: 5 } },
      { id: `${id}-sub`, name: `劳务公司${k + 1}`, role: "labour", ownership: "private" }
    ]
  }))
}

const policyOf = (p: Project): Policy => (p.id.startsWith("sh-") ? policies.shanghaiSite : policies.wenzhouRedSite2022)

/** The record log: append-only, one correction. */
export const log = (): ReadonlyArray<RecordEvent> => {
  const sh = "sh-metro"
  const out: Array<RecordEvent> = [
    new MilestoneRecorded({ id: "sh-start", projectId: sh, date: d("2022-03-01"), milestone: "constructionStart" }),
    ...(["organizationEstablished", "secretaryAppointed", "dutiesDefined", "partyWorkStarted"] as const)
      .map((step) => new StepRecorded({ id: `sh-${step}`, projectId: sh, date: d("2022-05-01"), step }))
  ]
  for (const p of sites.wenzhou) {
    out.push(
      new StepRecorded({ id: `${p.id}-org`, projectId: p.id, date: d("2022-05-20"), step: "organizationEstablished", organizationId: `${p.id}-branch` }),
      new MilestoneRecorded({ id: `${p.id}-start`, projectId: p.id, date: d("2022-06-01"), milestone: "redSiteCreationStarted" }),
      ...(["venue", "rules", "signage", "members"] as const).map((step) => new StepRecorded({ id: `${p.id}-${step}`, projectId: p.id, date: d("2022-06-10"), step }))
    )
  }
  // lucheng-a reports every month, on time, each reviewed; lucheng-b misses October and November; ouhai-c stops in September
  const months = ["2022-06", "2022-07", "2022-08", "2022-09", "2022-10", "2022-11"]
  const report = (p: string, m: string, day: string, reviewed: boolean) => {
    const next = m === "2022-12" ? "2023-01" : `${m.slice(0, 5)}${String(Number(m.slice(5)) + 1).padStart(2, "0")}`
    out.push(new ReportSubmitted({ id: `${p}-${m}`, projectId: p, date: d(`${next}-${day}`), month: month(m), organizationId: `${p}-branch` }))
    if (reviewed) out.push(new ReportReviewed({ id: `${p}-${m}-rv`, projectId: p, date: d(`${next}-12`), reportId: `${p}-${m}`, outcome: "reviewed", reviewerId: "住建局审核员" }))
  }
  for (const m of months.slice(1)) report("lucheng-a", m, "05", true)
  for (const m of months.filter((m) => m !== "2022-10" && m !== "2022-11")) report("lucheng-b", m, "08", true)
  for (const m of months.slice(0, 4)) report("ouhai-c", m, "09", false)
  // lucheng-a's June report was entered as May's: corrected by a later event (never edited), then reviewed
  out.push(
    new ReportSubmitted({ id: "lucheng-a-june", projectId: "lucheng-a", date: d("2022-07-05"), month: month("2022-05"), organizationId: "lucheng-a-branch" }),
    new Correct({
      id: "fix-1", date: d("2022-07-08"), corrects: "lucheng-a-june", reason: "录入月份有误",
      replacement: new ReportSubmitted({ id: "lucheng-a-june-fixed", projectId: "lucheng-a", date: d("2022-07-05"), month: month("2022-06"), organizationId: "lucheng-a-branch" })
    }),
    new ReportReviewed({ id: "lucheng-a-june-rv", projectId: "lucheng-a", date: d("2022-07-12"), reportId: "lucheng-a-june-fixed", outcome: "reviewed", reviewerId: "住建局审核员" })
  )
  return out
}

/** Everything the example computes, for the printout and the test. */
export const complianceDemo = () => {
  const book = Either.getOrThrow(replayRecords(log()))
  const on = d("2022-12-20")
  const projects = [sites.shanghai, ...sites.wenzhou]
  const cards: Array<Scorecard> = projects.map((p) => Either.getOrThrow(scorecard(p, policyOf(p), book, on)))
  const overdue = Either.getOrThrow(overdueReports(projects, policyOf, book, on))
  const rate = Either.getOrThrow(reportingRate(projects, policyOf, book, { district: "鹿城区", from: "2022-06", to: "2022-11" }, on))
  const candidates = Either.getOrThrow(evaluationCandidates(projects, policyOf, book, 2022))
  const selected = candidates.filter((c) => c.qualifies).map((c) => ({ project: projects.find((p) => p.id === c.projectId)!, honour: "excellentRedSite" as const, year: 2022 }))
  const entries = Either.getOrThrow(creditFileEntries(selected, policyOf))
  const after = Either.getOrThrow(replayRecords(recordEvaluation(entries, d("2023-01-15"), "eval-2022"), book))
  return { cards, overdue, byDistrict: groupOverdue(overdue, "district"), byOrganization: groupOverdue(overdue, "organization"), rate, candidates, entries, events: after.events.length }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = complianceDemo()
  for (const c of r.cards) {
    console.log(`\n■ ${c.projectId} (${c.policyId}) on ${c.date}: ${c.standing}${c.coverageGap ? " — coverage gap" : ""}`)
    for (const i of c.items) {
      const when = i.status === "overdue" ? ` ${i.daysLate} days late` : i.dueOn !== undefined ? ` due ${i.dueOn}` : ""
      console.log(`  ${i.status.padEnd(22)} ${i.ruleId}${when}`)
      console.log(`      ${i.reason.text.zh}  [${i.reason.citation.document} ${i.reason.citation.section}]`)
    }
  }
  console.log("\noverdue monthly reports per district:")
  for (const g of r.byDistrict) console.log(`  ${g.key}: ${g.sites} site(s), ${g.reports} report(s), up to ${g.maxDaysLate} days late`)
  console.log("per organization:")
  for (const g of r.byOrganization) console.log(`  ${g.key}: ${g.reports} report(s)`)
  console.log("\n鹿城区 monthly reporting rate:")
  for (const m of r.rate) console.log(`  ${m.month}: ${m.submitted}/${m.owed} submitted, ${m.onTime} on time, ${m.reviewed} reviewed`)
  console.log("\ncandidates for 2022:")
  for (const c of r.candidates) console.log(`  ${c.projectId}: ${c.qualifies ? "qualifies" : "does not qualify"} — ${c.criteria.map((x) => `${x.criterion} ${x.met ? "✓" : "✗"}`).join(", ")}`)
  console.log("\ncredit-file entries:")
  for (const e of r.entries) console.log(`  ${e.enterpriseName}: ${e.reason.text.zh}`)
  console.log(`\nthe log now holds ${r.events} events`)
}
