/**
 * Fuzzing of every endpoint of {@link RedsiteApi} (the list is read from the API definition, so a new endpoint
 * without a target here fails the test):
 *
 * - every POST / PUT / PATCH endpoint gets arbitrary request bodies: a valid body with one to three fields
 *   removed, replaced by arbitrary JSON values or extended, arbitrary JSON, and text that is not JSON;
 * - every GET endpoint gets arbitrary query strings: the valid parameters dropped, replaced or repeated,
 *   arbitrary extra parameters, and raw `fc.webQueryParameters()`;
 * - every DELETE endpoint gets arbitrary `If-Match` headers.
 *
 * Each answer must be below 500, and every error answer (from 400) must follow the package's error schema
 * (`code`, `message`, `messageZh`). When an input is rejected (any status from 300), the state must not have
 * changed: no new audit entry, and the endpoint's own read (the project, its coverage facts, the structure's
 * version, the stored ledger, the policies) answers exactly as before.
 */
import { fudingDefaultScheme, pointEvent } from "@redsite/core"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { RedsiteApi } from "@redsite/client"
import type { RunningServer } from "./server.js"
import { SECRETARY_ORG, caller, projectJson, startTestServer } from "./testServer.js"
import type { Reply } from "./testServer.js"

let server: RunningServer
const call = caller(() => server)
const ADMIN = "administrator" as const
const DATE = "2021-06-30"
const REFORM = "fz-fuding-30m"
const BODY_RUNS = 30
const QUERY_RUNS = 20
const HEADER_RUNS = 15

let serial = 0
const next = (prefix: string) => `${prefix}-${++serial}`

// ------------------------------------------------------------------------------------------------ fixtures


/** The project every project endpoint is fuzzed on. */
const TARGET = "fz-target"
const schemes = [fudingDefaultScheme]
const json = (x: unknown) => JSON.parse(JSON.stringify(x))
const event = (id: string, memberId: string, organizationId: string, date: string, item: string) =>
  json(pointEvent(schemes, { id, memberId, organizationId, date, item, recordedBy: "secretary", recordedAt: date })!)
const roster = [
  { memberId: "wang", organizationId: "site", from: "2021-01-01", to: "2021-12-31" },
  { memberId: "li", organizationId: "site", from: "2021-01-01", to: "2021-12-31" }
]
const scoreBody = () => ({
  events: [event("e1", "wang", "site", "2021-02-03", "shockTeamTask"), event("e2", "li", "site", "2021-03-01", "duesOnTime")],
  roster
})

// ------------------------------------------------------------------------------------------------ state

let lastSeq = 0
/** Audit entries written since the last call. */
const newAuditEntries = async (): Promise<Array<unknown>> => {
  const out: Array<{ seq: number }> = []
  for (;;) {
    const r = await call("GET", `/audit?after=${lastSeq}&limit=500`, ADMIN)
    expect(r.status).toBe(200)
    const page = r.json as Array<{ seq: number }>
    out.push(...page)
    if (page.length === 0) return out
    lastSeq = page[page.length - 1]!.seq
  }
}

const read = async (path: string) => {
  const r = await call("GET", path, ADMIN)
  return { status: r.status, etag: r.headers.get("etag"), json: r.json as unknown }
}
const project = () => read(`/projects/${TARGET}`)
const facts = () => read(`/projects/${TARGET}/coverage/facts`)
const structure = () => read("/structure")
const ledger = () => read("/scoring/ledger/results?from=2021-01-01&to=2021-12-31")
const records = () => read(`/compliance/projects/${TARGET}/records`)
const policyIds = async () => ((await read("/policies")).json as Array<{ id: string }>).map((p) => p.id)
const nothing = async () => null

const ifMatch = (etag: string | null): Record<string, string> => (etag === null ? {} : { "if-match": etag })

// ------------------------------------------------------------------------------------------------ arbitraries

/** Arbitrary JSON values, small, with a few that look almost right. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.constantFrom("", "2021-02-30", "2021-13-01", "x".repeat(300), "national", "../etc", "<script>", "💥", "-1", "1e309"),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })
)

type Op = { readonly at: number; readonly kind: "delete" | "replace" | "append"; readonly value: unknown }
const ops = fc.array(
  fc.record({ at: fc.nat(), kind: fc.constantFrom("delete" as const, "replace" as const, "append" as const), value: anyValue }),
  { minLength: 1, maxLength: 3 }
)

/** Every path (as keys) of a JSON value, the root included. */
const pathsOf = (x: unknown, here: ReadonlyArray<string | number> = []): Array<ReadonlyArray<string | number>> => {
  const own = [here]
  if (Array.isArray(x)) return [...own, ...x.flatMap((v, i) => pathsOf(v, [...here, i]))]
  if (typeof x === "object" && x !== null) return [...own, ...Object.entries(x).flatMap(([k, v]) => pathsOf(v, [...here, k]))]
  return own
}

/** Applies mutations to a copy of a valid body. */
const mutate = (valid: unknown, mutations: ReadonlyArray<Op>): unknown => {
  let body = json(valid)
  for (const op of mutations) {
    const paths = pathsOf(body)
    const path = paths[op.at % paths.length]!
    if (path.length === 0) {
      body = op.kind === "delete" ? {} : op.kind === "replace" ? op.value : body
      continue
    }
    const parent = path.slice(0, -1).reduce((o: any, k) => o[k], body)
    const key = path[path.length - 1]!
    if (op.kind === "delete") {
      if (Array.isArray(parent)) parent.splice(Number(key), 1)
      else delete parent[key]
    } else if (op.kind === "replace") {
      parent[key] = op.value
    } else {
      const target = parent[key]
      if (Array.isArray(target)) target.push(op.value)
      else if (typeof target === "object" && target !== null) target[`x${op.at % 7}`] = op.value
      else parent[key] = op.value
    }
  }
  return body
}

/** A body as sent: a mutated valid one (most often), arbitrary JSON, or text that is not JSON. */
type BodyCase = { readonly kind: "mutated"; readonly ops: ReadonlyArray<Op> } | { readonly kind: "raw"; readonly text: string }
const bodyCase: fc.Arbitrary<BodyCase> = fc.oneof(
  { arbitrary: ops.map((o) => ({ kind: "mutated" as const, ops: o })), weight: 6 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => ({ kind: "raw" as const, text: JSON.stringify(v) })), weight: 1 },
  { arbitrary: fc.string({ maxLength: 40 }).map((text) => ({ kind: "raw" as const, text })), weight: 1 },
  { arbitrary: fc.constantFrom("", "{", "[1,", "{\"a\":}", "null", "\u0000", "{\"__proto__\":{\"x\":1}}").map((text) => ({ kind: "raw" as const, text })), weight: 1 }
)

// ------------------------------------------------------------------------------------------------ targets

interface BodyTarget {
  readonly method: "POST" | "PUT" | "PATCH"
  readonly path: string
  /** A valid body (fresh ids each time where the endpoint creates something). */
  readonly valid: () => unknown
  /** What this endpoint could change, read before and after a rejected input. */
  readonly state: () => Promise<unknown>
  /** Headers computed from the state read before sending (e.g. If-Match with the current version). */
  readonly headers?: (state: any) => Record<string, string>
}

const bodyTargets: Record<string, BodyTarget> = {
  "policies.reform": {
    method: "POST", path: "/policies/reforms", state: policyIds,
    valid: () => ({ base: "fuding-site-2020", id: next("fz-reform"), name: { en: "reform", zh: "调整" }, parameters: { costThresholdYuan: 30_000_000 } })
  },
  "setup.evaluate": { method: "POST", path: "/setup/evaluate", state: nothing, valid: () => ({ project: projectJson("eval"), policyId: "fuding-site-2020", date: DATE }) },
  "setup.compare": {
    method: "POST", path: "/setup/compare", state: nothing,
    valid: () => ({ project: projectJson("eval"), policyIds: ["fuding-site-2020", REFORM], date: DATE })
  },
  "projects.create": {
    method: "POST", path: "/projects", state: () => read("/projects?limit=500"),
    valid: () => projectJson(next("fz-new"))
  },
  "projects.replace": {
    method: "PUT", path: `/projects/${TARGET}`, state: project, headers: (s) => ifMatch(s.etag),
    valid: () => ({ ...projectJson(TARGET), name: "改名" })
  },
  "projects.putMember": {
    method: "PUT", path: `/projects/${TARGET}/members/m3`, state: project, headers: (s) => ifMatch(s.etag),
    valid: () => ({ id: "m3", name: "党员丙", contact: "13800000003", status: "activist", unitId: "gc", section: "一工段", mobile: false, pocket: false })
  },
  "projects.putUnit": {
    method: "PUT", path: `/projects/${TARGET}/units/sup`, state: project, headers: (s) => ifMatch(s.etag),
    valid: () => ({ id: "sup", name: "监理单位", role: "supervisor", ownership: "private", hasOrganization: false })
  },
  "scoring.results": { method: "POST", path: "/scoring/results", state: nothing, valid: () => ({ ...scoreBody(), from: "2021-01-01", to: "2021-12-31" }) },
  "scoring.record": {
    method: "POST", path: "/scoring/ledger", state: ledger,
    valid: () => ({ events: [event(next("fz-le"), "m-in", SECRETARY_ORG, "2021-02-03", "shockTeamTask")] })
  },
  "scoring.appraisal": {
    method: "POST", path: "/scoring/appraisal", state: nothing,
    valid: () => ({
      policyId: "fuding-site-2020", scores: [],
      ballots: [{ memberId: "wang", organizationId: "site", excellent: 9, qualified: 1, basicallyQualified: 0, unqualified: 0 }]
    })
  },
  "scoring.obligations": {
    method: "POST", path: "/scoring/obligations", state: nothing,
    valid: () => ({
      ...scoreBody(), asOf: DATE, talks: [{ id: "t1", memberId: "li", organizationId: "site", date: "2021-01-05", by: "secretary" }],
      incidents: [{ id: "fz-inc", memberId: "li", organizationId: "site", date: "2021-03-01", scope: "family", evidence: "谈心记录", recordedBy: "secretary", recordedAt: "2021-03-01" }]
    })
  },
  "scoring.pipeline": {
    method: "POST", path: "/pipeline/check", state: nothing,
    valid: () => ({
      policyId: "fuding-site-2020", asOf: "2024-12-31",
      organizations: [{ id: "home", kind: "branch", temporary: false }],
      record: {
        personId: "zhang", birthDate: "1995-05-05",
        steps: [
          { stage: "applicant", date: "2020-01-10", organizationId: "home" },
          { stage: "activist", date: "2020-03-01", organizationId: "home" },
          { stage: "candidate", date: "2021-03-01", organizationId: "home" }
        ]
      }
    })
  },
  "scoring.pipelineCounts": {
    method: "POST", path: "/pipeline/counts", state: nothing,
    valid: () => ({
      from: "2020-01-01", to: "2020-12-31",
      records: [{ personId: "zhang", siteId: "site", steps: [{ stage: "applicant", date: "2020-01-10", organizationId: "home" }, { stage: "activist", date: "2020-03-01", organizationId: "home" }] }],
      talent: [{ personId: "zhang", siteId: "site", date: "2020-05-01", milestone: "trainedBackbone" }]
    })
  },
  "coverage.putFacts": {
    method: "PUT", path: `/projects/${TARGET}/coverage/facts`, state: facts, headers: (s) => ifMatch(s.etag),
    valid: () => ({ ownOrganization: false, work: ["instructor"], redSiteCreation: true, qualityPlan: false })
  },
  "simulation.compare": {
    method: "POST", path: "/simulation/compare", state: nothing,
    valid: () => ({ policyIds: ["fuding-site-2020", REFORM], date: DATE, portfolio: { source: "synthetic", size: 100, seed: 3 }, explainLimit: 5 })
  },
  "simulation.sweep": {
    method: "POST", path: "/simulation/sweep", state: nothing,
    valid: () => ({ policyId: "fuding-site-2020", parameter: "costThresholdYuan", values: [3e7, 5e7], date: DATE, portfolio: { source: "stored" } })
  },
  "compliance.append": {
    method: "POST", path: "/compliance/records", state: records, headers: (s) => ifMatch(s.etag),
    valid: () => ({
      events: [
        { _tag: "ReportSubmitted", id: next("fz-rep"), projectId: TARGET, date: "2021-07-05", month: "2021-06", organizationId: SECRETARY_ORG, recordedBy: "secretary" },
        { _tag: "MeetingHeld", id: next("fz-meet"), projectId: TARGET, date: "2021-07-06", meeting: "jointMeeting", participants: ["业主", "施工单位"] }
      ]
    })
  },
  "structure.append": {
    method: "POST", path: "/structure/events", state: structure, headers: (s) => ifMatch(s.etag),
    valid: () => ({
      policyId: "national",
      events: [{ _tag: "Establish", date: "2021-02-01", organization: { id: next("fz-org"), name: "支部", kind: "branch", temporary: false, projectIds: [], approvedBy: SECRETARY_ORG } }]
    })
  }
}

interface QueryTarget {
  readonly path: string
  /** The valid query parameters. */
  readonly query: Record<string, string>
}

const queryTargets: Record<string, QueryTarget> = {
  "system.health": { path: "/health", query: {} },
  "policies.list": { path: "/policies", query: {} },
  "policies.get": { path: "/policies/national", query: {} },
  "projects.list": { path: "/projects", query: { district: "福鼎市", phase: "construction", organizationId: SECRETARY_ORG, limit: "2" } },
  "projects.get": { path: `/projects/${TARGET}`, query: {} },
  "projects.members": { path: `/projects/${TARGET}/members`, query: {} },
  "projects.units": { path: `/projects/${TARGET}/units`, query: {} },
  "projects.setup": { path: `/projects/${TARGET}/setup`, query: { policyId: "fuding-site-2020", date: DATE } },
  "audit.list": { path: "/audit", query: { after: "0", limit: "5" } },
  "scoring.ledgerResults": { path: "/scoring/ledger/results", query: { from: "2021-01-01", to: "2021-12-31" } },
  "coverage.facts": { path: `/projects/${TARGET}/coverage/facts`, query: {} },
  "coverage.project": { path: `/projects/${TARGET}/coverage`, query: { policyId: "fuding-site-2020", date: DATE, facts: "structure" } },
  "coverage.report": {
    path: "/coverage/report",
    query: { policyId: "fuding-site-2020", date: DATE, groupBy: "district,phase", targetYear: "2021", district: "福鼎市", phase: "construction", organizationId: SECRETARY_ORG, facts: "structure" }
  },
  "structure.get": { path: "/structure", query: { date: DATE } },
  "structure.check": { path: "/structure/check", query: { policyId: "national", date: DATE } },
  "structure.organization": { path: `/organizations/${SECRETARY_ORG}`, query: { date: DATE } },
  "structure.organizations": { path: "/organizations", query: { date: DATE, kind: "committee", temporary: "false", under: SECRETARY_ORG, projectId: TARGET, limit: "2" } },
  "structure.dualManagement": { path: "/structure/dual-management", query: { date: DATE } },
  "structure.blankSpots": { path: "/structure/blank-spots", query: { date: DATE, mobileOrPocketOnly: "true" } },
  "structure.mobilePocket": { path: "/structure/mobile-pocket", query: { date: DATE } },
  "structure.instructors": { path: `/structure/projects/${TARGET}/instructors`, query: { date: DATE } },
  "structure.dueToDissolve": { path: "/structure/due-to-dissolve", query: { date: DATE } },
  "structure.completion": { path: `/structure/projects/${TARGET}/completion`, query: { policyId: "national", date: DATE } },
  "coverage.listFacts": { path: "/coverage/facts", query: { limit: "2" } },
  "compliance.records": { path: `/compliance/projects/${TARGET}/records`, query: { date: DATE } },
  "compliance.scorecard": { path: `/compliance/projects/${TARGET}/scorecard`, query: { date: DATE, policyId: "fuding-site-2020" } },
  "compliance.overdue": { path: "/compliance/overdue", query: { date: DATE, by: "organization", district: "福鼎市", organizationId: SECRETARY_ORG, limit: "5" } },
  "compliance.reportingRate": { path: "/compliance/reporting-rate", query: { district: "福鼎市", from: "2021-01", to: "2021-06", date: DATE } },
  "compliance.evaluation": { path: "/compliance/evaluation", query: { year: "2021", district: "福鼎市", qualifyingOnly: "false", policyId: "wenzhou-red-site-2022" } },
  "compliance.creditFile": { path: "/compliance/credit-file", query: { year: "2021", date: DATE } },
  // the workbook downloads (their success bodies are workbooks; errors are JSON)
  "spreadsheets.overdue": { path: "/compliance/overdue.xlsx", query: { date: DATE, by: "organization", district: "福鼎市", organizationId: SECRETARY_ORG } },
  "spreadsheets.scorecards": { path: "/compliance/scorecards.xlsx", query: { date: DATE, district: "福鼎市", policyId: "fuding-site-2020" } },
  "spreadsheets.coverage": { path: "/coverage/report.xlsx", query: { policyId: "fuding-site-2020", date: DATE, groupBy: "district" } },
  "spreadsheets.recordsTemplate": { path: "/compliance/records/template.xlsx", query: {} }
}

/** DELETE endpoints: the path of a resource that exists (on a throw-away project) and its state. */
const deleteTargets: Record<string, { readonly path: (id: string) => string }> = {
  "projects.remove": { path: (id) => `/projects/${id}` },
  "projects.removeMember": { path: (id) => `/projects/${id}/members/m2` },
  "projects.removeUnit": { path: (id) => `/projects/${id}/units/sub` }
}

// ------------------------------------------------------------------------------------------------ setup

beforeAll(async () => {
  server = await startTestServer({ maxBodyBytes: 256 * 1024 })
  const establish = (id: string) => ({ _tag: "Establish", date: "2021-01-01", organization: { id, name: id, kind: "committee", temporary: false, projectIds: [] } })
  const setup: Array<Reply> = [
    await call("POST", "/structure/events", ADMIN, {
      policyId: "national",
      events: [
        establish(SECRETARY_ORG),
        { _tag: "Register", date: "2021-01-01", memberId: "m-in", homeOrganizationId: SECRETARY_ORG, status: "full" },
        { _tag: "StartAttendance", date: "2021-01-01", memberId: "m-in", organizationId: SECRETARY_ORG }
      ]
    }, { "if-match": '"0"' }),
    await call("POST", "/projects", ADMIN, projectJson(TARGET)),
    await call("PUT", `/projects/${TARGET}/coverage/facts`, ADMIN, { ownOrganization: true }),
    await call("POST", "/policies/reforms", ADMIN, { base: "fuding-site-2020", id: REFORM, parameters: { costThresholdYuan: 30_000_000 } })
  ]
  for (const r of setup) expect(r.status, JSON.stringify(r.json)).toBeLessThan(300)
  await newAuditEntries()
})
afterAll(() => server.close())

/** An error answer has a stable machine code and messages in English and Chinese. */
const expectErrorShape = (status: number, body: string, detail: string) => {
  if (status < 400) return
  const parsed = JSON.parse(body) as Record<string, unknown>
  for (const field of ["code", "message", "messageZh"]) expect(typeof parsed[field], `${detail}: ${field}`).toBe("string")
}

const send = async (method: string, path: string, text: string, headers: Record<string, string>) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: "Bearer token-administrator", ...headers },
    body: text
  })
  const body = await res.text()
  return { status: res.status, body }
}

/** Endpoints whose body is not JSON (an .xlsx workbook), fuzzed with bytes and cells by spreadsheetHandlers.test.ts. */
const BINARY_BODIES: ReadonlySet<string> = new Set(["spreadsheets.uploadRecords"])

// ------------------------------------------------------------------------------------------------ tests

describe("fuzzing: completeness", () => {
  it("has a fuzz target for every endpoint of the API: bodies for POST/PUT/PATCH, query strings for GET, If-Match for DELETE", () => {
    const endpoints = Object.values(RedsiteApi.groups).flatMap((g) => Object.values(g.endpoints).map((e) => ({ key: `${g.identifier}.${e.name}`, method: e.method })))
    const missing = endpoints.filter(({ key, method }) =>
      method === "GET" ? !(key in queryTargets) : method === "DELETE" ? !(key in deleteTargets) : !(key in bodyTargets) && !BINARY_BODIES.has(key))
    expect(missing, "endpoints without a fuzz target").toEqual([])
    const known = new Set(endpoints.map((e) => e.key))
    expect([...Object.keys(bodyTargets), ...Object.keys(queryTargets), ...Object.keys(deleteTargets)].filter((k) => !known.has(k))).toEqual([])
    for (const { key, method } of endpoints) if (key in bodyTargets) expect(bodyTargets[key]!.method, key).toBe(method)
  })
})

describe("fuzzing request bodies: no 5xx, and no state change on a rejected input", () => {
  for (const [key, t] of Object.entries(bodyTargets)) {
    it(`${t.method} ${t.path} (${key})`, async () => {
      let accepted = 0
      let rejected = 0
      await fc.assert(fc.asyncProperty(bodyCase, async (c) => {
        const before = await t.state()
        const text = c.kind === "raw" ? c.text : JSON.stringify(mutate(t.valid(), c.ops)) ?? "null"
        const r = await send(t.method, t.path, text, t.headers?.(before) ?? {})
        expect(r.status, `${text.slice(0, 400)} → ${r.body.slice(0, 400)}`).toBeLessThan(500)
        expectErrorShape(r.status, r.body, `${text.slice(0, 400)} → ${r.body.slice(0, 400)}`)
        if (r.status >= 300) {
          rejected++
          expect(await newAuditEntries(), `rejected (${r.status}) but audited: ${text.slice(0, 400)}`).toEqual([])
          expect(await t.state(), `rejected (${r.status}) but the state changed: ${text.slice(0, 400)}`).toEqual(before)
        } else {
          accepted++
          await newAuditEntries()
        }
      }), { numRuns: BODY_RUNS })
      // the unmutated body is accepted, so the fuzzing starts from a valid request
      const before = await t.state()
      const ok = await send(t.method, t.path, JSON.stringify(t.valid()), t.headers?.(before) ?? {})
      expect(ok.status, ok.body.slice(0, 400)).toBeLessThan(300)
      await newAuditEntries()
      expect(accepted + rejected).toBe(BODY_RUNS)
      expect(rejected).toBeGreaterThan(0)
    })
  }
})

describe("fuzzing query strings: no 5xx, and no state change", () => {
  /** What a query string does to the valid parameters, then what it adds. */
  const queryCase = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        edits: fc.array(fc.record({ at: fc.nat(), kind: fc.constantFrom("drop", "replace", "repeat"), value: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("", "0", "-1", "99999", "2021-02-30", "null", "%", "a,b", "district,,color", "1e3", "\u0000")) }), { maxLength: 3 }),
        extra: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 2 })
      }).map((x) => ({ kind: "edit" as const, ...x }))
    },
    { weight: 1, arbitrary: fc.webQueryParameters().map((raw) => ({ kind: "raw" as const, raw })) }
  )
  for (const [key, t] of Object.entries(queryTargets)) {
    it(`GET ${t.path} (${key})`, async () => {
      const fingerprint = async () => [await project(), await facts(), await structure(), await ledger(), await policyIds()]
      const before = await fingerprint()
      await fc.assert(fc.asyncProperty(queryCase, async (c) => {
        let qs: string
        if (c.kind === "raw") qs = c.raw
        else {
          const names = Object.keys(t.query)
          const pairs: Array<[string, string]> = Object.entries(t.query)
          for (const e of c.edits) {
            if (names.length === 0) break
            const name = names[e.at % names.length]!
            const i = pairs.findIndex(([k]) => k === name)
            if (e.kind === "drop" && i >= 0) pairs.splice(i, 1)
            else if (e.kind === "replace" && i >= 0) pairs[i] = [name, e.value]
            else pairs.push([name, e.value])
          }
          pairs.push(...Object.entries(c.extra))
          qs = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")
        }
        const res = await fetch(`${server.url}${t.path}?${qs}`, { headers: { authorization: "Bearer token-administrator" } })
        const body = await res.text()
        expect(res.status, `?${qs} → ${body.slice(0, 400)}`).toBeLessThan(500)
        expectErrorShape(res.status, body, `?${qs} → ${body.slice(0, 400)}`)
        if (res.status >= 300) expect(await newAuditEntries(), `?${qs}`).toEqual([])
      }), { numRuns: QUERY_RUNS })
      expect(await newAuditEntries()).toEqual([])
      expect(await fingerprint()).toEqual(before)
      // the valid query is answered
      const ok = await fetch(`${server.url}${t.path}?${new URLSearchParams(t.query)}`, { headers: { authorization: "Bearer token-administrator" } })
      expect(ok.status, await ok.text()).toBeLessThan(300)
    })
  }
})

describe("fuzzing If-Match of deletions: no 5xx, and no state change on a rejected one", () => {
  const header = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom("", " ", "*", "\"\"", "W/", "W/\"x\"", "\"-1\"", "\"999999999999999999\"", "1.5", "\"1\", \"2\"", "0x1"),
    fc.integer({ min: -3, max: 5 }).map((n) => `"${n}"`)
  )
  for (const [key, t] of Object.entries(deleteTargets)) {
    it(`DELETE ${t.path(":id")} (${key})`, async () => {
      const id = next("fz-del")
      expect((await call("POST", "/projects", ADMIN, projectJson(id))).status).toBe(201)
      await newAuditEntries()
      let deleted = false
      await fc.assert(fc.asyncProperty(header, async (h) => {
        const before = await read(`/projects/${id}`)
        const res = await fetch(`${server.url}${t.path(id)}`, { method: "DELETE", headers: { authorization: "Bearer token-administrator", "if-match": h } })
        const body = await res.text()
        expect(res.status, `If-Match ${JSON.stringify(h)} → ${body.slice(0, 300)}`).toBeLessThan(500)
        expectErrorShape(res.status, body, `If-Match ${JSON.stringify(h)} → ${body.slice(0, 300)}`)
        if (res.status >= 300) {
          expect(await newAuditEntries(), `If-Match ${JSON.stringify(h)}`).toEqual([])
          expect(await read(`/projects/${id}`)).toEqual(before)
        } else {
          deleted = true
          await newAuditEntries()
        }
      }), { numRuns: HEADER_RUNS })
      // unless an arbitrary header happened to name the version, the resource is still there
      expect((await read(`/projects/${id}`)).status).toBe(deleted && key === "projects.remove" ? 404 : 200)
    })
  }
})
