/**
 * Compliance and the reporting cycle over HTTP (issue 19 item 4): records appended at the log's version and
 * checked by the core, who may record what (a secretary the site facts of their subtree's projects, a reviewer
 * the authority's records), a project's records and scorecard under its jurisdiction's policy, the overdue
 * reports, the reporting rate (its range bounded), the evaluation and the credit-file entries — each answer
 * compared with the core's own function on the same data.
 */
import {
  Project, RecordEvent, evaluationCandidates, groupOverdue, isoDate, jurisdictionPolicyOf, overdueReports, policies, replayRecords, reportingRate
} from "@redsite/core"
import { Either, Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { MAX_MONTHS, MAX_RECORD_EVENTS, isRedsiteApiError, makePromiseClient } from "@redsite/client"
import type { RunningServer } from "./server.js"
import { Principal } from "@redsite/client"
import { hashToken } from "./auth.js"
import { StoreMemory } from "./memoryStore.js"
import { startServer } from "./server.js"
import { SECRETARY_ORG, caller, projectJson, startTestServer, tokenOf } from "./testServer.js"

let server: RunningServer
beforeAll(async () => {
  server = await startTestServer({ maxBodyBytes: 8 * 1024 * 1024 })
  // the secretary's organization, so that projects organized by it are in their scope
  const r = await call("POST", "/structure/events", "administrator", {
    policyId: "national",
    events: [{ _tag: "Establish", date: "2020-01-01", organization: { id: SECRETARY_ORG, name: "一号党委", kind: "committee", temporary: false, projectIds: [] } }]
  }, { "if-match": '"0"' })
  expect(r.status, JSON.stringify(r.json)).toBe(200)
  for (const p of [wenzhou, shanghai, outside]) expect((await call("POST", "/projects", "administrator", p)).status).toBe(201)
})
afterAll(() => server.close())
const call = caller(() => server)

/** A Wenzhou site (鹿城区) and a Shanghai one (浦东新区) in the secretary's scope, a Wenzhou site outside it. */
const wenzhou = { ...projectJson("wz-1"), district: "鹿城区", plannedStart: "2022-03-01", plannedEnd: "2024-03-01" }
const shanghai = { ...projectJson("sh-1"), district: "浦东新区", plannedStart: "2022-03-01", plannedEnd: "2024-03-01" }
const outside = { ...projectJson("wz-2", "org-elsewhere"), district: "鹿城区", plannedStart: "2022-03-01", plannedEnd: "2024-03-01" }

const version = async () => (await call("GET", `/compliance/projects/${wenzhou.id}/records`, "viewer")).headers.get("etag")!
const append = async (role: Parameters<typeof call>[2], events: ReadonlyArray<unknown>) =>
  call("POST", "/compliance/records", role, { events }, { "if-match": await version() })
const allRecords = async () => {
  const out: Array<unknown> = []
  for (const p of [wenzhou, shanghai, outside]) out.push(...(await call("GET", `/compliance/projects/${p.id}/records`, "administrator")).json.events)
  return out
}

const site = [
  { _tag: "MilestoneRecorded", id: "wz-start", projectId: wenzhou.id, date: "2022-06-01", milestone: "redSiteCreationStarted" },
  { _tag: "StepRecorded", id: "wz-org", projectId: wenzhou.id, date: "2022-06-01", step: "organizationEstablished", organizationId: SECRETARY_ORG },
  { _tag: "ReportSubmitted", id: "wz-r06", projectId: wenzhou.id, date: "2022-07-08", month: "2022-06", organizationId: SECRETARY_ORG },
  { _tag: "MilestoneRecorded", id: "wz2-start", projectId: outside.id, date: "2022-06-01", milestone: "redSiteCreationStarted" }
]

describe("compliance records over HTTP", () => {
  it("appends at the log's version: the secretary the site facts of their subtree, a reviewer the reviews; all or none; 428, 409, 422", async () => {
    expect((await call("POST", "/compliance/records", "administrator", { events: site })).status).toBe(428)
    // the secretary may not record for a project outside their subtree: nothing of the batch is stored
    const refused = await append("secretary", site)
    expect(refused.status).toBe(403)
    expect(refused.json.messageZh).toContain("wz-2")
    expect(await version()).toBe('"0"')
    const ok = await append("secretary", site.slice(0, 3))
    expect(ok.status, JSON.stringify(ok.json)).toBe(200)
    expect(ok.json).toEqual({ version: 3, accepted: 3 })
    expect(ok.headers.get("etag")).toBe('"3"')
    expect((await call("POST", "/compliance/records", "administrator", { events: site.slice(3) }, { "if-match": '"2"' })).status).toBe(409)
    expect((await append("administrator", site.slice(3))).status).toBe(200)

    // a review is the authority's: a secretary may not record one, nor correct one; a reviewer may, and only that
    const review = { _tag: "ReportReviewed", id: "wz-v06", projectId: wenzhou.id, date: "2022-07-12", reportId: "wz-r06", outcome: "reviewed", reviewerId: "office-1" }
    expect((await append("secretary", [review])).status).toBe(403)
    expect((await append("reviewer", [{ ...site[0], id: "wz-x" }])).status).toBe(403)
    for (const role of ["viewer", "analyst"] as const) expect((await append(role, [review])).status).toBe(403)
    expect((await append("reviewer", [review])).status).toBe(200)
    expect((await append("secretary", [{ _tag: "Correct", id: "wz-c1", date: "2022-07-13", corrects: "wz-v06" }])).status).toBe(403)

    // the core's integrity rules: a duplicate id in the second event refuses the whole batch with the rule and its clause
    const before = await allRecords()
    const dup = await append("administrator", [
      { _tag: "ReportSubmitted", id: "wz-r07", projectId: wenzhou.id, date: "2022-08-08", month: "2022-07" },
      { _tag: "MeetingHeld", id: "wz-r06", projectId: wenzhou.id, date: "2022-08-09", meeting: "jointMeeting" }
    ])
    expect(dup.status).toBe(422)
    expect(dup.json).toMatchObject({ code: "records.duplicateId", ruleId: "records.duplicateId", citation: { document: "redsite-assumption" } })
    expect(dup.json.message).toContain("event 2 (MeetingHeld)")
    expect(await allRecords()).toEqual(before)
    // a project that is not stored
    expect((await append("administrator", [{ ...site[0], id: "nowhere-1", projectId: "nowhere" }])).status).toBe(404)

    // the audit log: one entry per accepted append, resource `records`, versions before and after
    const audit = (await call("GET", "/audit?limit=500", "administrator")).json as Array<{ resource: string; beforeVersion?: number; afterVersion?: number; role: string }>
    expect(audit.filter((a) => a.resource === "records").map((a) => [a.role, a.beforeVersion, a.afterVersion])).toEqual([["secretary", 0, 3], ["administrator", 3, 4], ["reviewer", 4, 5]])
  })

  it("refuses bad bodies with the path of every bad field, and a batch over the bound", async () => {
    const bad = await append("administrator", [{ _tag: "ReportSubmitted", id: "b1", projectId: wenzhou.id, date: "2022-07-32", month: "2022-13" }])
    expect(bad.status).toBe(400)
    expect(bad.json.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["events[0].date", "events[0].month"]))
    expect((await append("administrator", [])).status).toBe(400)
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ _tag: "MeetingHeld", id: `many-${n}-${i}`, projectId: wenzhou.id, date: "2022-06-02", meeting: "jointMeeting" }))
    const over = await append("administrator", many(MAX_RECORD_EVENTS + 1))
    expect(over.status).toBe(400)
    expect(JSON.stringify(over.json.issues)).toContain(String(MAX_RECORD_EVENTS))
  })

  it("reads a project's records and the facts in effect on a date (a correction replaces the corrected record from its date on)", async () => {
    const fix = { _tag: "Correct", id: "wz-fix", date: "2022-07-20", corrects: "wz-org", replacement: { _tag: "StepRecorded", id: "wz-org2", projectId: wenzhou.id, date: "2022-05-20", step: "organizationEstablished", organizationId: SECRETARY_ORG } }
    expect((await append("secretary", [fix])).status).toBe(200)
    const early = await call("GET", `/compliance/projects/${wenzhou.id}/records?date=2022-07-01`, "viewer")
    expect(early.status).toBe(200)
    expect(early.json.facts.map((f: { id: string }) => f.id)).toContain("wz-org")
    expect(early.json.events.map((e: { id: string }) => e.id)).toContain("wz-fix")
    const late = await call("GET", `/compliance/projects/${wenzhou.id}/records?date=2022-08-01`, "viewer")
    expect(late.json.facts.map((f: { id: string }) => f.id)).toContain("wz-org2")
    expect(late.json.facts.map((f: { id: string }) => f.id)).not.toContain("wz-org")
    expect(late.headers.get("etag")).toBe(`"${late.json.version}"`)
    expect((await call("GET", `/compliance/projects/${wenzhou.id}/records`, "analyst")).status).toBe(403)
    expect((await call("GET", "/compliance/projects/nowhere/records", "viewer")).status).toBe(404)
  })
})

/**
 * The stored log and projects as the core's values, to compare the endpoints' answers with the core's
 * functions: each project's events in log order, one project after the other (records of different projects
 * never name each other here, so this is a log the core accepts, with the same facts).
 */
const core = async () => {
  const events = Schema.decodeUnknownSync(Schema.Array(RecordEvent))(await allRecords())
  const book = Either.getOrThrow(replayRecords(events))
  const projects = [wenzhou, shanghai, outside].map((p) => Schema.decodeUnknownSync(Project)(p)).sort((a, b) => (a.id < b.id ? -1 : 1))
  const policyOf = (p: Project) => Object.values(policies).find((x) => x.id === jurisdictionPolicyOf(p).policyId)!
  return { book, projects, policyOf }
}

describe("scorecards and queries over HTTP, each project under its jurisdiction's policy", () => {
  it("a scorecard under the project's jurisdiction's policy, or the one named", async () => {
    const card = await call("GET", `/compliance/projects/${wenzhou.id}/scorecard?date=2022-09-30`, "viewer")
    expect(card.status, JSON.stringify(card.json)).toBe(200)
    expect(card.json.policyId).toBe("wenzhou-red-site-2022")
    expect(card.json.items.map((i: { ruleId: string }) => i.ruleId)).toContain("wenzhou-red-site-2022.obligations.monthlyReport")
    const sh = await call("GET", `/compliance/projects/${shanghai.id}/scorecard?date=2022-09-30`, "reviewer")
    expect(sh.json.policyId).toBe("shanghai-site")
    const named = await call("GET", `/compliance/projects/${wenzhou.id}/scorecard?date=2022-09-30&policyId=national`, "secretary")
    expect(named.json.policyId).toBe("national")
    expect((await call("GET", `/compliance/projects/${wenzhou.id}/scorecard?date=2022-09-30&policyId=nowhere`, "viewer")).status).toBe(404)
    expect((await call("GET", `/compliance/projects/${wenzhou.id}/scorecard?date=2022-09-30`, "analyst")).status).toBe(403)
  })

  it("overdue reports per district and per organization, as the core lists them; analysts get the counts only", async () => {
    const { book, projects, policyOf } = await core()
    const date = isoDate("2022-09-30")
    const expected = Either.getOrThrow(overdueReports(projects, policyOf, book, date))
    expect(expected.length).toBeGreaterThan(0)
    const byDistrict = await call("GET", "/compliance/overdue?date=2022-09-30", "viewer")
    expect(byDistrict.status).toBe(200)
    expect(byDistrict.json.groups).toEqual(JSON.parse(JSON.stringify(groupOverdue(expected, "district"))))
    expect(byDistrict.json.total).toBe(expected.length)
    expect(byDistrict.json.reports.map((r: any) => [r.projectId, r.month]).sort()).toEqual(expected.map((r) => [r.projectId, r.month]).sort())
    // longest delay first
    const days = byDistrict.json.reports.map((r: { daysLate: number }) => r.daysLate)
    expect(days).toEqual([...days].sort((a, b) => b - a))
    const byOrg = await call("GET", `/compliance/overdue?date=2022-09-30&by=organization&organizationId=${SECRETARY_ORG}`, "secretary")
    expect(byOrg.json.groups).toEqual(JSON.parse(JSON.stringify(groupOverdue(expected.filter((r) => r.organizationId === SECRETARY_ORG), "organization"))))
    const analyst = await call("GET", "/compliance/overdue?date=2022-09-30", "analyst")
    expect(analyst.json.groups).toEqual(byDistrict.json.groups)
    expect([analyst.json.reports, analyst.json.truncated]).toEqual([[], false])
    // limit: at most that many listed, the counts unchanged; bounded by the page size (n-1, n, n+1)
    const one = await call("GET", "/compliance/overdue?date=2022-09-30&limit=1", "viewer")
    expect([one.json.reports.length, one.json.truncated, one.json.total]).toEqual([1, expected.length > 1, expected.length])
    for (const [limit, status] of [[499, 200], [500, 200], [501, 400], [0, 400]] as const) {
      expect((await call("GET", `/compliance/overdue?date=2022-09-30&limit=${limit}`, "viewer")).status, `limit ${limit}`).toBe(status)
    }
  })

  it("a district's monthly reporting rate as the core computes it, over at most 120 months", async () => {
    const { book, projects, policyOf } = await core()
    const r = await call("GET", "/compliance/reporting-rate?district=鹿城区&from=2022-05&to=2022-09&date=2022-10-31", "analyst")
    expect(r.status, JSON.stringify(r.json)).toBe(200)
    const expected = Either.getOrThrow(reportingRate(projects, policyOf, book, { district: "鹿城区", from: "2022-05", to: "2022-09" }, isoDate("2022-10-31")))
    expect(r.json.months).toEqual(JSON.parse(JSON.stringify(expected)))
    expect(r.json.months.some((m: { owed: number }) => m.owed > 0)).toBe(true)
    // the range: 119, 120 months accepted, 121 refused with the bound named; `from` after `to` refused
    const range = (to: string) => call("GET", `/compliance/reporting-rate?from=2020-01&to=${to}`, "viewer")
    expect((await range("2029-11")).status).toBe(200)
    expect((await range("2029-12")).status).toBe(200)
    const over = await range("2030-01")
    expect(over.status).toBe(400)
    expect(JSON.stringify(over.json.issues)).toContain(`at most ${MAX_MONTHS} months`)
    expect((await call("GET", "/compliance/reporting-rate?from=2022-05&to=2022-04", "viewer")).status).toBe(400)
    expect((await call("GET", "/compliance/reporting-rate?from=2022-13&to=2022-14", "viewer")).status).toBe(400)
  })

  it("evaluation candidates and the credit-file entries of the honours awarded", async () => {
    const { book, projects, policyOf } = await core()
    const ev = await call("GET", "/compliance/evaluation?year=2022", "reviewer")
    expect(ev.status, JSON.stringify(ev.json)).toBe(200)
    const expected = Either.getOrThrow(evaluationCandidates(projects, policyOf, book, 2022))
    expect(ev.json.candidates).toEqual(JSON.parse(JSON.stringify(expected)))
    expect(ev.json.candidates.map((c: { projectId: string }) => c.projectId).sort()).toEqual([outside.id, wenzhou.id].sort())
    const qualifying = await call("GET", "/compliance/evaluation?year=2022&qualifyingOnly=true", "viewer")
    expect(qualifying.json.candidates).toEqual(ev.json.candidates.filter((c: { qualifies: boolean }) => c.qualifies))
    for (const [year, status] of [[1999, 400], [2000, 200], [2100, 200], [2101, 400]] as const) {
      expect((await call("GET", `/compliance/evaluation?year=${year}`, "viewer")).status, `year ${year}`).toBe(status)
    }
    expect((await call("GET", "/compliance/evaluation?year=2022", "analyst")).status).toBe(403)

    // an honour awarded (by the reviewer) produces one entry per general contractor or contractor; recording one marks it
    expect((await append("reviewer", [{ _tag: "HonourAwarded", id: "wz-h22", projectId: wenzhou.id, date: "2023-01-15", honour: "excellentRedSite", year: 2022 }])).status).toBe(200)
    const credit = await call("GET", "/compliance/credit-file?year=2022&date=2023-01-31", "viewer")
    expect(credit.status, JSON.stringify(credit.json)).toBe(200)
    expect(credit.json.entries.map((e: any) => [e.entry.projectId, e.entry.enterpriseId, e.recorded])).toEqual([[wenzhou.id, "gc", false]])
    expect(credit.json.entries[0].entry.reason.ruleId).toBe("wenzhou-red-site-2022.obligations.creditFileEntry")
    expect((await append("reviewer", [{ _tag: "CreditFileEntered", id: "wz-cf22", projectId: wenzhou.id, date: "2023-01-20", honourId: "wz-h22", enterpriseId: "gc" }])).status).toBe(200)
    const after = await call("GET", "/compliance/credit-file?year=2022&date=2023-01-31", "viewer")
    expect(after.json.entries.map((e: any) => e.recorded)).toEqual([true])
    // before the honour's date it is not yet recorded: no entry
    expect((await call("GET", "/compliance/credit-file?year=2022&date=2023-01-10", "viewer")).json.entries).toEqual([])
  })
})

describe("the compliance group in the Promise client", () => {
  it("answers as the HTTP endpoints do, decoded into the core's classes; a bad range rejects before sending", async () => {
    const client = makePromiseClient(server.url, tokenOf("viewer"))
    const overdue = await client.compliance.overdue({ date: "2022-09-30", by: "district" })
    expect(JSON.parse(JSON.stringify(overdue))).toEqual((await call("GET", "/compliance/overdue?date=2022-09-30&by=district", "viewer")).json)
    const card = await client.compliance.scorecard({ id: wenzhou.id, date: "2022-09-30" })
    expect(card.policyId).toBe("wenzhou-red-site-2022")
    const refused = await client.compliance.reportingRate({ from: "2020-01", to: "2030-01" }).then(() => undefined, (e: unknown) => e)
    expect(isRedsiteApiError(refused) && refused._tag === "InvalidInput" ? refused.code : refused).toBe("request.invalid")
  })
})

describe("a reviewer whose principal names an organization", () => {
  it("records the authority's records for the projects of that organization's subtree only", async () => {
    const scoped = await startServer({
      store: StoreMemory, port: 0,
      tokens: [
        { sha256: hashToken("adm"), principal: new Principal({ id: "adm", role: "administrator" }) },
        { sha256: hashToken("rev"), principal: new Principal({ id: "district-office", role: "reviewer", organizationId: SECRETARY_ORG }) }
      ]
    })
    try {
      const send = async (token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
        const res = await fetch(`${scoped.url}${path}`, {
          method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) })
        })
        return { status: res.status, etag: res.headers.get("etag"), json: await res.json() as any }
      }
      expect((await send("adm", "POST", "/structure/events", {
        policyId: "national",
        events: [{ _tag: "Establish", date: "2020-01-01", organization: { id: SECRETARY_ORG, name: "一号党委", kind: "committee", temporary: false, projectIds: [] } }]
      }, { "if-match": '"0"' })).status).toBe(200)
      for (const p of [wenzhou, outside]) expect((await send("adm", "POST", "/projects", p)).status).toBe(201)
      const reports = [wenzhou, outside].map((p) => ({ _tag: "ReportSubmitted", id: `${p.id}-r`, projectId: p.id, date: "2022-07-05", month: "2022-06" }))
      expect((await send("adm", "POST", "/compliance/records", { events: reports }, { "if-match": '"0"' })).status).toBe(200)
      const review = (p: { id: string }) => ({ _tag: "ReportReviewed", id: `${p.id}-v`, projectId: p.id, date: "2022-07-06", reportId: `${p.id}-r`, outcome: "reviewed", reviewerId: "district-office" })
      const out = await send("rev", "POST", "/compliance/records", { events: [review(outside)] }, { "if-match": '"2"' })
      expect(out.status).toBe(403)
      expect(out.json.message).toContain(outside.id)
      expect((await send("rev", "POST", "/compliance/records", { events: [review(wenzhou)] }, { "if-match": '"2"' })).status).toBe(200)
    } finally {
      await scoped.close()
    }
  })
})
