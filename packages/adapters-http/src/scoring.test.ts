import {
  AttendanceInterval,
  Ledger,
  MemberScore,
  PipelineRecord,
  PipelineStep,
  aggregateLedger,
  appendEvents,
  fudingDefaultScheme,
  isoDate,
  pointEvent
} from "@redsite/core"
import type { PointEvent } from "@redsite/core"
import { Effect, Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeClient, MAX_RANGE_DAYS } from "@redsite/client"
import type { RunningServer } from "./server.js"
import { ROLES, caller, startTestServer, tokenOf } from "./testServer.js"

let server: RunningServer
beforeAll(async () => {
  server = await startTestServer({ maxBodyBytes: 1024 * 1024 })
})
afterAll(() => server.close())
const call = caller(() => server)

const schemes = [fudingDefaultScheme]
const roster = ["wang", "li", "zhao"].map((memberId) =>
  new AttendanceInterval({ memberId, organizationId: "site", from: isoDate("2021-01-01"), to: isoDate("2021-12-31") }))
const event = (id: string, memberId: string, date: string, item: string): PointEvent =>
  pointEvent(schemes, { id, memberId, organizationId: "site", date, item, recordedBy: "secretary", recordedAt: date })!
const events = [
  event("e1", "wang", "2021-02-03", "shockTeamTask"),
  event("e2", "wang", "2021-02-10", "safetyViolation"),
  event("e3", "li", "2021-03-01", "duesOnTime"),
  event("e4", "li", "2021-05-20", "modelPostDuty")
]
const encodeEvents = (es: ReadonlyArray<PointEvent>) => es.map((e) => JSON.parse(JSON.stringify(e)))
const body = { events: encodeEvents(events), roster: roster.map((r) => ({ ...r })) }

describe("POST /scoring/results", () => {
  it("scores every member of the roster per quarter, as the core does, with cited reasons", async () => {
    const r = await call("POST", "/scoring/results", "secretary", body)
    expect(r.status).toBe(200)
    const { ledger } = appendEvents(Ledger.empty, events, { schemes, attendance: roster })
    const expected = aggregateLedger(ledger, { schemes, roster })
    const totals = (xs: ReadonlyArray<{ memberId: string; period: string; total: number }>) =>
      xs.map((s) => `${s.memberId}/${s.period}=${s.total}`).sort()
    expect(totals(r.json.scores)).toEqual(totals(expected.scores))
    // zhao has no events and is still scored, with the base score
    expect(r.json.scores.filter((s: any) => s.memberId === "zhao").every((s: any) => s.total === fudingDefaultScheme.base)).toBe(true)
    const reason = r.json.scores.find((s: any) => s.memberId === "wang").reasons[0]
    expect(reason.format).toBe("redsite.explanation/2")
    expect(reason.citation.document).toBeTypeOf("string")
  })

  it("rejects the whole batch with 422, naming each refused event and why", async () => {
    const outsider = event("e9", "sun", "2021-04-01", "duesOnTime") // sun attends nothing
    const r = await call("POST", "/scoring/results", "administrator", { ...body, events: encodeEvents([...events, outsider]) })
    expect(r.status).toBe(422)
    expect(r.json.code).toBe("ledger.rejected")
    expect(r.json.rejections.map((x: any) => [x.eventId, x.code])).toEqual([["e9", "notAttending"]])
    expect(r.json.rejections[0].reasons[0].citation).toBeDefined()
  })

  it("gives 400 with field paths for a malformed event", async () => {
    const r = await call("POST", "/scoring/results", "administrator", { ...body, events: [{ ...body.events[0], date: "2021-13-01" }] })
    expect(r.status).toBe(400)
    expect(JSON.stringify(r.json)).toContain("date")
  })

  it("is closed to analysts (no personal data) and to anonymous callers", async () => {
    const statuses = await Promise.all(ROLES.map((role) => call("POST", "/scoring/results", role, body).then((r) => [role, r.status])))
    expect(Object.fromEntries(statuses)).toEqual({ administrator: 200, secretary: 200, viewer: 200, analyst: 403 })
    expect((await call("POST", "/scoring/results", undefined, body)).status).toBe(401)
  })

  it("round-trips through the typed client", async () => {
    const result = await Effect.runPromise(Effect.gen(function*() {
      const client = yield* makeClient(server.url, tokenOf("viewer"))
      return yield* client.scoring.results({ payload: { events, roster } })
    }))
    expect(result.scores.length).toBeGreaterThan(0)
    expect(result.scores[0]).toBeInstanceOf(MemberScore)
  })
})

describe("scoring under a named policy (policyId)", () => {
  const scores = (r: { json: any }) => r.json.scores.map((s: any) => `${s.memberId}/${s.period}/${s.schemeId}=${s.total}`).sort()

  it("scores with the named policy's scheme: Fuding's by id is the default's, and a stored reform of it resolves to its scheme", async () => {
    const plain = await call("POST", "/scoring/results", "secretary", body)
    const named = await call("POST", "/scoring/results", "secretary", { ...body, policyId: "fuding-site-2020" })
    expect([plain.status, named.status]).toEqual([200, 200])
    expect(scores(named)).toEqual(scores(plain))
    const reform = await call("POST", "/policies/reforms", "analyst", { base: "fuding-site-2020", id: "fuding-scoring-reform", parameters: {} })
    expect(reform.status).toBe(201)
    const reformed = await call("POST", "/scoring/results", "secretary", { ...body, policyId: "fuding-scoring-reform" })
    expect(reformed.status, JSON.stringify(reformed.json)).toBe(200)
    expect(scores(reformed)).toEqual(scores(plain))
  })

  it("answers 404 for an unknown policy, and 400 naming policyId for a policy that sets no points scheme unless the request brings one", async () => {
    for (const path of ["/scoring/results", "/scoring/obligations"]) {
      const r = await call("POST", path, "secretary", { ...body, asOf: "2021-06-30", talks: [], policyId: "nowhere" })
      expect(r.status, path).toBe(404)
    }
    const none = await call("POST", "/scoring/results", "secretary", { ...body, policyId: "shanghai-site" })
    expect(none.status).toBe(400)
    expect(none.json.issues.map((i: any) => i.path)).toEqual(["policyId"])
    expect(none.json.message).toContain("shanghai-site sets no points scheme")
    const given = await call("POST", "/scoring/results", "secretary", { ...body, policyId: "shanghai-site", schemes: [JSON.parse(JSON.stringify(fudingDefaultScheme))] })
    expect(given.status).toBe(200)
  })

  it("makes due the named policy's talks: Shanghai's are the national applicant talk only, so arrivals are uncovered (listed, not judged)", async () => {
    const triggers = [{ id: "a1", memberId: "li", organizationId: "site", date: "2021-03-01", trigger: "application" }]
    const fuding = await call("POST", "/scoring/obligations", "secretary", { roster: body.roster, events: [], asOf: "2021-06-30", talks: [], triggers })
    const shanghai = await call("POST", "/scoring/obligations", "secretary", { roster: body.roster, events: [], asOf: "2021-06-30", talks: [], triggers, policyId: "shanghai-site" })
    expect([fuding.status, shanghai.status], JSON.stringify(shanghai.json)).toEqual([200, 200])
    const due = (r: { json: any }) => [...new Set<string>(r.json.due.map((d: any) => d.trigger))].sort()
    expect(due(fuding)).toEqual(["application", "newArrival"])
    expect(due(shanghai)).toEqual(["application"])
    expect(shanghai.json.due[0].reasons[0].policyId).toBe("national")
    expect(shanghai.json.uncovered.map((t: any) => t.trigger).sort()).toEqual(["newArrival", "newArrival", "newArrival"])
    // with events, a policy without a scheme is the same 400 as for scores
    const withEvents = await call("POST", "/scoring/obligations", "secretary", { ...body, asOf: "2021-06-30", talks: [], policyId: "shanghai-site" })
    expect(withEvents.status).toBe(400)
  })
})

describe("POST /scoring/appraisal", () => {
  it("combines points and ballots under the policy", async () => {
    const scored = await call("POST", "/scoring/results", "administrator", { ...body, from: "2021-01-01", to: "2021-03-31" })
    const ballots = [{ memberId: "wang", organizationId: "site", excellent: 9, qualified: 1, basicallyQualified: 0, unqualified: 0 }]
    const r = await call("POST", "/scoring/appraisal", "secretary", { policyId: "fuding-site-2020", scores: scored.json.scores, ballots })
    expect(r.status).toBe(200)
    expect(r.json._tag).toBe("Settled")
    const records = r.json.value.flatMap((o: any) => o.records)
    expect(records.map((x: any) => x.memberId).sort()).toEqual(["li", "wang", "zhao"])
    expect(r.json.reasons[0].ruleId).toBeTypeOf("string")
  })

  it("answers 404 for an unknown policy", async () => {
    const r = await call("POST", "/scoring/appraisal", "administrator", { policyId: "nowhere", scores: [], ballots: [] })
    expect(r.status).toBe(404)
  })
})

describe("POST /scoring/obligations", () => {
  it("lists the arrival and violation talks due, overdue when not held in time", async () => {
    const r = await call("POST", "/scoring/obligations", "secretary", {
      ...body,
      asOf: "2021-06-30",
      talks: [{ id: "t1", memberId: "li", organizationId: "site", date: "2021-01-05", by: "secretary" }]
    })
    expect(r.status).toBe(200)
    const byTrigger = (trigger: string) => r.json.due.filter((d: any) => d.trigger === trigger)
    expect(byTrigger("newArrival").map((d: any) => d.memberId).sort()).toEqual(["li", "wang", "zhao"])
    expect(byTrigger("safetyViolation").map((d: any) => d.memberId)).toEqual(["wang"])
    expect(r.json.due.find((d: any) => d.memberId === "li" && d.trigger === "newArrival").status).toBe("done")
    expect(r.json.overdue.map((d: any) => d.memberId)).toContain("zhao")
  })

  it("derives the family-incident talk of each recorded incident not withdrawn, done when held in its window", async () => {
    const r = await call("POST", "/scoring/obligations", "secretary", {
      ...body,
      asOf: "2021-06-30",
      incidents: [
        { id: "inc1", memberId: "li", organizationId: "site", date: "2021-03-01", scope: "family", evidence: "谈心记录 2021-03", recordedBy: "secretary", recordedAt: "2021-03-02" },
        { id: "inc2", memberId: "zhao", organizationId: "site", date: "2021-04-01", scope: "personal", evidence: "书记笔记", recordedBy: "secretary", recordedAt: "2021-04-01" },
        { id: "inc3", memberId: "zhao", organizationId: "site", date: "2021-04-01", scope: "personal", evidence: "误录", recordedBy: "secretary", recordedAt: "2021-04-03", withdraws: "inc2" }
      ],
      talks: [{ id: "t-inc", memberId: "li", organizationId: "site", date: "2021-03-05", by: "secretary", triggerId: "incident:inc1" }]
    })
    expect(r.status, JSON.stringify(r.json)).toBe(200)
    const incident = r.json.due.filter((d: any) => d.trigger === "familyIncident")
    // zhao's record was withdrawn (recorded in error), and the withdrawal makes no talk due itself
    expect(incident.map((d: any) => [d.memberId, d.triggerId, d.status])).toEqual([["li", "incident:inc1", "done"]])
    expect(incident[0].reasons[0].citation.document).toBe("seed-002")
    // an incident record that is not one (no scope) is a 400 with its path
    const bad = await call("POST", "/scoring/obligations", "secretary", {
      ...body, asOf: "2021-06-30", talks: [], incidents: [{ id: "x", memberId: "li", organizationId: "site", date: "2021-03-01", evidence: "", recordedBy: "s", recordedAt: "2021-03-01" }]
    })
    expect([bad.status, bad.json.code]).toEqual([400, "request.invalid"])
    expect(bad.json.issues.map((i: any) => i.path)).toContain("incidents[0].scope")
  })
})

describe("POST /pipeline/check", () => {
  const steps = ["2020-01-10", "2020-03-01", "2021-03-01", "2021-06-01", "2022-06-01"]
  const record = (admitting: string) => Schema.encodeSync(PipelineRecord)(new PipelineRecord({
    personId: "zhang",
    birthDate: isoDate("1995-05-05"),
    steps: steps.map((d, i) => new PipelineStep({
      stage: (["applicant", "activist", "candidate", "probationary", "full"] as const)[i]!,
      date: isoDate(d),
      organizationId: i === 3 ? admitting : "home"
    })) as unknown as readonly [PipelineStep, ...Array<PipelineStep>]
  }))
  const organizations = [
    { id: "home", kind: "branch", temporary: false },
    { id: "site", kind: "combinedBranch", temporary: true }
  ]

  it("accepts a path that keeps the intervals, and flags admission by a temporary organization", async () => {
    const ok = await call("POST", "/pipeline/check", "viewer", { policyId: "fuding-site-2020", asOf: "2024-12-31", record: record("home"), organizations })
    expect(ok.status).toBe(200)
    expect(ok.json.value.issues).toEqual([])
    const bad = await call("POST", "/pipeline/check", "viewer", { policyId: "fuding-site-2020", asOf: "2024-12-31", record: record("site"), organizations })
    expect(bad.status).toBe(200)
    expect(bad.json.value.issues.length).toBeGreaterThan(0)
    expect(bad.json.value.issues[0].reasons?.[0]?.citation ?? bad.json.reasons[0].citation).toBeDefined()
  })
})

describe("access to every scoring endpoint", () => {
  const valid: Record<string, unknown> = {
    "/scoring/results": body,
    "/scoring/appraisal": { policyId: "fuding-site-2020", scores: [], ballots: [] },
    "/scoring/obligations": { ...body, asOf: "2021-06-30", talks: [] },
    "/pipeline/check": {
      policyId: "fuding-site-2020", asOf: "2024-01-01", organizations: [],
      record: { personId: "p", steps: [{ stage: "applicant", date: "2023-01-01", organizationId: "home" }] }
    }
  }
  it.each(Object.keys(valid))("%s: 401 anonymous, 403 analyst, 200 for the other roles", async (path) => {
    expect((await call("POST", path, undefined, valid[path])).status).toBe(401)
    for (const role of ROLES) {
      const r = await call("POST", path, role, valid[path])
      expect(r.status, `${role} ${JSON.stringify(r.json)}`).toBe(role === "analyst" ? 403 : 200)
    }
  })
})

describe("the stored ledger", () => {
  it("records events of members who attend the organization (as the structure says), all or none, and scores them", async () => {
    const structure = await call("POST", "/structure/events", "administrator", {
      policyId: "fuding-site-2020",
      events: [
        { _tag: "Establish", date: "2021-01-01", organization: { id: "ledger-site", name: "工地", kind: "branch", temporary: false, projectIds: [] } },
        { _tag: "Register", date: "2021-01-01", memberId: "wang", homeOrganizationId: "home-branch", status: "full" },
        { _tag: "StartAttendance", date: "2021-01-02", memberId: "wang", organizationId: "ledger-site" }
      ]
    }, { "if-match": '"0"' })
    expect(structure.status).toBe(200)
    const at = (e: PointEvent) => ({ ...JSON.parse(JSON.stringify(e)), organizationId: "ledger-site" })
    const ok = await call("POST", "/scoring/ledger", "administrator", { events: [at(events[0]!), at(events[1]!)] })
    expect(ok.status).toBe(200)
    expect(ok.json).toEqual({ accepted: 2, total: 2 })
    // li does not attend ledger-site: the whole batch is refused and nothing is recorded
    const refused = await call("POST", "/scoring/ledger", "administrator", { events: [at(events[2]!), { ...at(events[0]!), id: "e1b" }] })
    expect(refused.status).toBe(422)
    expect(refused.json.rejections.map((r: any) => [r.eventId, r.code])).toEqual([["e3", "notAttending"]])
    expect((await call("POST", "/scoring/ledger", "viewer", { events: [at(events[0]!)] })).status).toBe(403)
    const results = await call("GET", "/scoring/ledger/results?from=2021-01-01&to=2021-03-31", "viewer")
    expect(results.status).toBe(200)
    const wang = results.json.scores.find((s: any) => s.memberId === "wang" && s.organizationId === "ledger-site")
    expect(wang.events).toBe(2)
    const log = await call("GET", "/audit?limit=500", "administrator")
    expect(log.json.filter((e: any) => e.resource === "ledger")).toHaveLength(1)
  })
})

describe("bounded ranges and pages (issue 15: a range of 8,000 years ran 79 s)", () => {
  const plusDays = (from: string, n: number) => new Date(Date.parse(from) + n * 86_400_000).toISOString().slice(0, 10)

  it("scores the stored ledger over at most 3,660 days: 3,659 and 3,660 are served, 3,661 and 9999-12-31 are a 400 naming the limit", async () => {
    expect(MAX_RANGE_DAYS).toBe(3_660)
    for (const days of [MAX_RANGE_DAYS - 1, MAX_RANGE_DAYS]) {
      const r = await call("GET", `/scoring/ledger/results?from=2021-01-01&to=${plusDays("2021-01-01", days - 1)}`, "viewer")
      expect(r.status, String(days)).toBe(200)
    }
    for (const to of [plusDays("2021-01-01", MAX_RANGE_DAYS), "9999-12-31"]) {
      const r = await call("GET", `/scoring/ledger/results?from=2021-01-01&to=${to}`, "viewer")
      expect([r.status, r.json.code], to).toEqual([400, "request.invalid"])
      expect(r.json.issues[0].path).toBe("to")
      expect(r.json.issues[0].message).toContain("3660 days")
    }
    expect((await call("GET", "/scoring/ledger/results?from=2021-02-01&to=2021-01-01", "viewer")).status).toBe(400)
  })

  it("bounds POST /scoring/results whether the range is given or left to the events' dates", async () => {
    const far = { ...body, events: [...body.events, { ...body.events[0], id: "far", date: "9999-01-01", recordedAt: "9999-01-01" }] }
    const left = await call("POST", "/scoring/results", "viewer", far)
    expect([left.status, left.json.code]).toEqual([400, "invalid_input"])
    expect(left.json.issues[0]).toMatchObject({ path: "events" })
    expect(left.json.issues[0].message).toContain("3660 days")
    const given = await call("POST", "/scoring/results", "viewer", { ...body, from: "2021-01-01", to: "9999-12-31" })
    expect([given.status, given.json.issues[0].path]).toEqual([400, "to"])
    expect((await call("POST", "/scoring/results", "viewer", { ...body, from: "2021-01-01", to: plusDays("2021-01-01", MAX_RANGE_DAYS - 1) })).status).toBe(200)
    const counts = await call("POST", "/pipeline/counts", "viewer", { records: [], from: "2000-01-01", to: "2099-12-31" })
    expect([counts.status, counts.json.issues[0].path]).toEqual([400, "to"])
  })

  it("pages the stored ledger's scores: every row once, in order, with the limit between 1 and 500", async () => {
    const all = await call("GET", "/scoring/ledger/results?from=2021-01-01&to=2021-12-31", "viewer")
    expect(all.status).toBe(200)
    expect(all.json.scores.length).toBeGreaterThanOrEqual(2)
    const seen: Array<unknown> = []
    let cursor: string | undefined
    do {
      const page = await call("GET", `/scoring/ledger/results?from=2021-01-01&to=2021-12-31&limit=1${cursor === undefined ? "" : `&cursor=${cursor}`}`, "viewer")
      expect(page.json.scores.length).toBeLessThanOrEqual(1)
      expect(page.json.organizations).toEqual(all.json.organizations)
      seen.push(...page.json.scores)
      cursor = page.json.nextCursor
    } while (cursor !== undefined)
    expect(seen).toEqual(all.json.scores)
    for (const limit of [0, 501]) expect((await call("GET", `/scoring/ledger/results?from=2021-01-01&to=2021-12-31&limit=${limit}`, "viewer")).status, String(limit)).toBe(400)
    expect((await call("GET", "/scoring/ledger/results?from=2021-01-01&to=2021-12-31&limit=500", "viewer")).status).toBe(200)
  })
})
