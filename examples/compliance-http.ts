/**
 * Compliance over HTTP (issue 19): starts the API in memory, stores a Wenzhou site, then — through the Promise
 * client, with plain JSON — the site's records are appended at the log's version (the administrator records the
 * site's facts, the local authority's reviewer its review), a broken integrity rule comes back as a typed 422,
 * and the scorecard, the overdue list, the reporting rate and an analyst's counts are read.
 * Run: pnpm exec tsx examples/compliance-http.ts
 */
import { hashToken, Principal, startServer } from "@redsite/adapters-http"
import { isRedsiteApiError, makePromiseClient } from "@redsite/client"

const tokens = { administrator: "demo-admin", reviewer: "demo-reviewer", analyst: "demo-analyst" } as const
const server = await startServer({
  port: 0,
  tokens: Object.entries(tokens).map(([role, token]) => ({
    sha256: hashToken(token),
    principal: new Principal({ id: `demo-${role}`, role: role as keyof typeof tokens })
  }))
})
const admin = makePromiseClient(server.url, tokens.administrator)
const reviewer = makePromiseClient(server.url, tokens.reviewer)
const analyst = makePromiseClient(server.url, tokens.analyst)

try {
  // a site in 鹿城区: judged under Wenzhou's plan (its jurisdiction's policy)
  await admin.projects.create({
    payload: {
      id: "wz-demo", name: "温州某住宅工地(示例)", kind: "building", costYuan: 200_000_000, major: false, phase: "construction",
      plannedStart: "2022-03-01", plannedEnd: "2024-03-01", district: "鹿城区",
      units: [{ id: "gc", name: "某建设集团", role: "generalContractor", ownership: "private", hasOrganization: true }],
      members: ["m1", "m2", "m3"].map((id) => ({ id, status: "full" as const, unitId: "gc" }))
    }
  })
  let { version } = await admin.compliance.records({ id: "wz-demo" })
  ;({ version } = await admin.compliance.append({
    "if-match": `"${version}"`,
    payload: {
      events: [
        { _tag: "StepRecorded", id: "org", projectId: "wz-demo", date: "2022-03-20", step: "organizationEstablished", organizationId: "wz-branch" },
        { _tag: "MilestoneRecorded", id: "start", projectId: "wz-demo", date: "2022-04-01", milestone: "redSiteCreationStarted" },
        { _tag: "ReportSubmitted", id: "r-04", projectId: "wz-demo", date: "2022-05-06", month: "2022-04", organizationId: "wz-branch" },
        { _tag: "ReportSubmitted", id: "r-05", projectId: "wz-demo", date: "2022-06-07", month: "2022-05", organizationId: "wz-branch" }
      ]
    }
  }))
  ;({ version } = await reviewer.compliance.append({
    "if-match": `"${version}"`,
    payload: { events: [{ _tag: "ReportReviewed", id: "v-04", projectId: "wz-demo", date: "2022-05-12", reportId: "r-04", outcome: "reviewed", reviewerId: "office-1" }] }
  }))
  console.log(`records stored: log version ${version}`)

  // the core's integrity rules: a review of a report that was never submitted is refused, nothing stored
  try {
    await reviewer.compliance.append({
      "if-match": `"${version}"`,
      payload: { events: [{ _tag: "ReportReviewed", id: "v-99", projectId: "wz-demo", date: "2022-06-12", reportId: "r-99", outcome: "returned", reviewerId: "office-1" }] }
    })
    throw new Error("expected a 422")
  } catch (e) {
    if (!(isRedsiteApiError(e) && e._tag === "RuleViolation")) throw e
    console.log(`refused: ${e.code} (${e.citation.document}): ${e.messageZh}`)
  }

  const card = await admin.compliance.scorecard({ id: "wz-demo", date: "2022-08-31" })
  console.log(`scorecard of wz-demo on 2022-08-31 under ${card.policyId}: ${card.standing}`)
  for (const item of card.items) console.log(`  ${item.status.padEnd(14)} ${item.title.zh}${item.periods.length > 0 ? ` (${item.periods.join(", ")})` : ""}`)

  const overdue = await admin.compliance.overdue({ date: "2022-08-31" })
  for (const r of overdue.reports) console.log(`  overdue: ${r.projectId} ${r.month}, due ${r.dueOn}, ${r.daysLate} days late`)
  const counts = await analyst.compliance.overdue({ date: "2022-08-31" })
  console.log(`analyst: ${counts.groups.map((g) => `${g.key} ${g.sites} site(s), ${g.reports} report(s)`).join("; ")} (no list: ${counts.reports.length === 0})`)
  const rate = await analyst.compliance.reportingRate({ district: "鹿城区", from: "2022-04", to: "2022-07", date: "2022-08-31" })
  console.log(`reporting rate: ${rate.months.map((m) => `${m.month} ${m.rate === null ? "-" : `${Math.round(m.rate * 100)}%`}`).join(", ")}`)
} finally {
  await server.close()
}
