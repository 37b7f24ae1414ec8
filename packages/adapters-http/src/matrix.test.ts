/**
 * The complete authorization matrix: every endpoint of {@link RedsiteApi} × every role (administrator,
 * secretary in scope, secretary out of scope for scoped writes, viewer, analyst, reviewer, anonymous), against the
 * role table of docs/http/security.md ("Roles") and auth.ts. The list of endpoints is read from the API
 * definition, so an endpoint added to the API without a row here fails the test.
 *
 * Expected status classes: allowed → 2xx (every request below is valid for an allowed caller); forbidden →
 * 403 `Forbidden`; anonymous → 401 `Unauthorized` (except `/health`). A forbidden or anonymous write must
 * leave the audit log unchanged. Responses to viewers and analysts must carry no member `name` / `contact`;
 * on member-bearing endpoints the administrator's and secretary's answers must carry them (so the check is
 * not vacuous).
 */
import { fudingDefaultScheme, pointEvent } from "@redsite/core"
import { MilestoneRecorded, isoDate } from "@redsite/core"
import { recordsWorkbook, xlsxBytes } from "./spreadsheet.js"
import { XLSX_MEDIA_TYPE } from "@redsite/client"
import { tokenOf } from "./testServer.js"
import type { PointEvent } from "@redsite/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { RedsiteApi } from "@redsite/client"
import type { Role } from "@redsite/client"
import type { RunningServer } from "./server.js"
import { ALL_ROLES, ROLES, SECRETARY_ORG, caller, projectJson, startTestServer } from "./testServer.js"
import type { Reply } from "./testServer.js"

let server: RunningServer
const call = caller(() => server)

/** An organization outside the test secretary's subtree. */
const OTHER_ORG = "org-elsewhere"
const DATE = "2021-06-30"
/** A reform of Fuding's policy (cost threshold 30 million yuan), stored before the matrix runs. */
const REFORM = "mx-fuding-30m"

// ------------------------------------------------------------------------------------------------ fixtures

let serial = 0
const next = (prefix: string) => `${prefix}-${++serial}`


/** A stored project (created by the administrator), in the secretary's scope or outside it. */
const fresh = async (inScope = true) => {
  const body = projectJson(next("mx"), inScope ? SECRETARY_ORG : OTHER_ORG)
  const r = await call("POST", "/projects", "administrator", body)
  expect(r.status, JSON.stringify(r.json)).toBe(201)
  return { id: body.id, body, ifMatch: { "if-match": `"${r.json.version as number}"` } }
}

/** A stored project with coverage facts recorded. */
const freshWithFacts = async () => {
  const p = await fresh()
  const r = await call("PUT", `/projects/${p.id}/coverage/facts`, "administrator", { ownOrganization: true })
  expect(r.status, JSON.stringify(r.json)).toBe(200)
  return p
}

const establish = (id: string, kind: string, extra: Record<string, unknown> = {}) =>
  ({ _tag: "Establish", date: "2021-01-01", organization: { id, name: id, kind, temporary: false, projectIds: [], ...extra } })

const structureVersion = async () => {
  const r = await call("GET", "/structure", "administrator")
  return `"${Number(r.headers.get("etag")!.replaceAll('"', ""))}"`
}

const schemes = [fudingDefaultScheme]
const event = (id: string, memberId: string, organizationId: string, date: string, item: string): PointEvent =>
  pointEvent(schemes, { id, memberId, organizationId, date, item, recordedBy: "secretary", recordedAt: date })!
const json = (x: unknown) => JSON.parse(JSON.stringify(x))

const roster = [
  { memberId: "wang", organizationId: "site", from: "2021-01-01", to: "2021-12-31" },
  { memberId: "li", organizationId: "site", from: "2021-01-01", to: "2021-12-31" }
]
const scoreBody = () => ({
  events: [event("e1", "wang", "site", "2021-02-03", "shockTeamTask"), event("e2", "li", "site", "2021-03-01", "duesOnTime")].map(json),
  roster
})
const pipelineBody = {
  policyId: "fuding-site-2020",
  asOf: "2024-01-01",
  organizations: [{ id: "home", kind: "branch", temporary: false }],
  record: { personId: "p", steps: [{ stage: "applicant", date: "2023-01-01", organizationId: "home" }] }
}
const evaluateBody = () => ({ project: projectJson("eval", SECRETARY_ORG), policyId: "fuding-site-2020", date: DATE })

/** A call whose success body is a workbook (read as bytes, not parsed); error bodies are JSON. */
const binary = async (method: string, path: string, role: Role | undefined, body?: Uint8Array, extra: Record<string, string> = {}): Promise<Reply> => {
  const headers: Record<string, string> = { ...(body === undefined ? {} : { "content-type": XLSX_MEDIA_TYPE }), ...extra }
  if (role !== undefined) headers.authorization = `Bearer ${tokenOf(role)}`
  const res = await fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: new Uint8Array(body) }) })
  const json = (res.headers.get("content-type") ?? "").includes("json") ? await res.json() : (await res.arrayBuffer(), undefined)
  return { status: res.status, headers: res.headers, json }
}

// ------------------------------------------------------------------------------------------------ the rows

type Fixture = Awaited<ReturnType<typeof fresh>>

interface Row {
  /** The documented roles that may call the endpoint. */
  readonly allowed: ReadonlyArray<Role>
  /** A write a secretary may make only inside their subtree: also tried out of scope (expected 403). */
  readonly scoped?: boolean
  /** Changes stored state: a refused call must leave the audit log unchanged. */
  readonly writes?: boolean
  /** The answer carries members' personal fields for those entitled to them. */
  readonly personal?: boolean
  /** The answer is itself an array of members. */
  readonly membersAtRoot?: boolean
  /** The answer is a structure: its members (ids and histories) for every role but analysts, who get `members: []` and `actions: []`. */
  readonly structureMembers?: boolean
  /** No token needed. */
  readonly open?: boolean
  /** Makes the resource a call needs (before the audit log is looked at), in or out of the secretary's scope. */
  readonly prepare?: (inScope: boolean) => Promise<Fixture>
  /** Sends a valid request as `role` (anonymous when undefined), on a resource in or out of the secretary's scope. */
  readonly send: (role: Role | undefined, inScope: boolean, fixture: Fixture) => Promise<Reply>
}

const ALL: ReadonlyArray<Role> = ROLES
/** Endpoints that check no role: the reviewer too (who otherwise uses the compliance endpoints only). */
const EVERYONE: ReadonlyArray<Role> = ALL_ROLES
/** Compliance: who reads records and scorecards (not analysts), who counts (everyone). */
const COMPLIANCE_READERS: ReadonlyArray<Role> = ["administrator", "secretary", "viewer", "reviewer"]
const READERS: ReadonlyArray<Role> = ["administrator", "secretary", "viewer"]
const WRITERS: ReadonlyArray<Role> = ["administrator", "secretary"]
const SIMULATORS: ReadonlyArray<Role> = ["administrator", "analyst"]

/** One row per endpoint, keyed `group.endpoint` as in the API definition. */
const matrix: Record<string, Row> = {
  "system.health": { allowed: EVERYONE, open: true, send: (role) => call("GET", "/health", role) },

  "policies.list": { allowed: EVERYONE, send: (role) => call("GET", "/policies", role) },
  "policies.get": { allowed: EVERYONE, send: (role) => call("GET", "/policies/national", role) },
  "policies.reform": {
    allowed: SIMULATORS, writes: true,
    send: (role) => call("POST", "/policies/reforms", role, { base: "fuding-site-2020", id: next("mx-reform"), parameters: { costThresholdYuan: 30_000_000 } })
  },

  "setup.evaluate": { allowed: EVERYONE, send: (role) => call("POST", "/setup/evaluate", role, evaluateBody()) },
  "setup.compare": {
    allowed: EVERYONE,
    send: (role) => call("POST", "/setup/compare", role, { ...evaluateBody(), policyId: undefined, policyIds: ["fuding-site-2020", "national"] })
  },

  "projects.list": { allowed: READERS, personal: true, send: async (role) => (await fresh(), call("GET", "/projects?limit=500", role)) },
  "projects.get": { allowed: READERS, personal: true, send: async (role) => call("GET", `/projects/${(await fresh()).id}`, role) },
  "projects.members": { allowed: READERS, personal: true, membersAtRoot: true, send: async (role) => call("GET", `/projects/${(await fresh()).id}/members`, role) },
  "projects.units": { allowed: READERS, send: async (role) => call("GET", `/projects/${(await fresh()).id}/units`, role) },
  "projects.setup": {
    // the handler refuses analysts only: a reviewer reads the setup decision of a stored project too
    allowed: [...READERS, "reviewer"],
    send: async (role) => call("GET", `/projects/${(await fresh()).id}/setup?policyId=fuding-site-2020&date=${DATE}`, role)
  },
  "projects.create": {
    allowed: WRITERS, scoped: true, writes: true, personal: true,
    send: (role, inScope) => call("POST", "/projects", role, projectJson(next("mx-new"), inScope ? SECRETARY_ORG : OTHER_ORG))
  },
  "projects.replace": {
    allowed: WRITERS, scoped: true, writes: true, personal: true,
    prepare: fresh,
    send: async (role, _inScope, p) => {
      return call("PUT", `/projects/${p.id}`, role, { ...p.body, name: "改名" }, p.ifMatch)
    }
  },
  "projects.remove": {
    allowed: WRITERS, scoped: true, writes: true,
    prepare: fresh,
    send: async (role, _inScope, p) => {
      return call("DELETE", `/projects/${p.id}`, role, undefined, p.ifMatch)
    }
  },
  "projects.putMember": {
    allowed: WRITERS, scoped: true, writes: true, personal: true,
    prepare: fresh,
    send: async (role, _inScope, p) => {
      return call("PUT", `/projects/${p.id}/members/m3`, role, { id: "m3", name: "党员丙", contact: "13800000003", status: "activist", unitId: "gc" }, p.ifMatch)
    }
  },
  "projects.removeMember": {
    allowed: WRITERS, scoped: true, writes: true, personal: true,
    prepare: fresh,
    send: async (role, _inScope, p) => {
      return call("DELETE", `/projects/${p.id}/members/m2`, role, undefined, p.ifMatch)
    }
  },
  "projects.putUnit": {
    allowed: WRITERS, scoped: true, writes: true, personal: true,
    prepare: fresh,
    send: async (role, _inScope, p) => {
      const unit = { id: "sup", name: "监理单位", role: "supervisor", ownership: "private", hasOrganization: false }
      return call("PUT", `/projects/${p.id}/units/sup`, role, unit, p.ifMatch)
    }
  },
  "projects.removeUnit": {
    allowed: WRITERS, scoped: true, writes: true, personal: true,
    prepare: fresh,
    send: async (role, _inScope, p) => {
      return call("DELETE", `/projects/${p.id}/units/sub`, role, undefined, p.ifMatch)
    }
  },

  "audit.list": { allowed: ["administrator"], send: (role) => call("GET", "/audit", role) },

  "scoring.results": { allowed: READERS, send: (role) => call("POST", "/scoring/results", role, scoreBody()) },
  "scoring.record": {
    allowed: WRITERS, scoped: true, writes: true,
    send: (role, inScope) =>
      call("POST", "/scoring/ledger", role, {
        events: [json(inScope
          ? event(next("le"), "m-in", SECRETARY_ORG, "2021-02-03", "shockTeamTask")
          : event(next("le"), "m-out", OTHER_ORG, "2021-02-03", "shockTeamTask"))]
      })
  },
  "scoring.ledgerResults": { allowed: READERS, send: (role) => call("GET", "/scoring/ledger/results?from=2021-01-01&to=2021-12-31", role) },
  "scoring.appraisal": {
    allowed: READERS,
    send: (role) => call("POST", "/scoring/appraisal", role, { policyId: "fuding-site-2020", scores: [], ballots: [] })
  },
  "scoring.obligations": {
    allowed: READERS,
    send: (role) => call("POST", "/scoring/obligations", role, {
      ...scoreBody(), asOf: DATE, talks: [],
      incidents: [{ id: "mx-inc", memberId: "m-in", organizationId: SECRETARY_ORG, date: "2021-03-01", scope: "family", evidence: "谈心记录", recordedBy: "secretary", recordedAt: "2021-03-01" }]
    })
  },
  "scoring.pipeline": { allowed: READERS, send: (role) => call("POST", "/pipeline/check", role, pipelineBody) },
  "scoring.pipelineCounts": {
    allowed: READERS,
    send: (role) => call("POST", "/pipeline/counts", role, { records: [{ ...pipelineBody.record, siteId: "site" }], from: "2023-01-01", to: "2023-12-31" })
  },

  "coverage.listFacts": { allowed: ALL, send: async (role) => (await freshWithFacts(), call("GET", "/coverage/facts?limit=5", role)) },
  "coverage.facts": { allowed: ALL, send: async (role) => call("GET", `/projects/${(await freshWithFacts()).id}/coverage/facts`, role) },
  "coverage.putFacts": {
    allowed: WRITERS, scoped: true, writes: true,
    prepare: fresh,
    send: (role, _inScope, p) => call("PUT", `/projects/${p.id}/coverage/facts`, role, { ownOrganization: false, work: ["instructor"] })
  },
  "coverage.project": {
    allowed: ALL,
    send: async (role) => call("GET", `/projects/${(await freshWithFacts()).id}/coverage?policyId=fuding-site-2020&date=${DATE}`, role)
  },
  "coverage.report": {
    allowed: ALL,
    send: (role) => call("GET", `/coverage/report?policyId=fuding-site-2020&date=${DATE}&groupBy=district`, role)
  },

  "simulation.compare": {
    allowed: SIMULATORS,
    send: (role) =>
      call("POST", "/simulation/compare", role, {
        policyIds: ["fuding-site-2020", REFORM], date: DATE, portfolio: { source: "synthetic", size: 200, seed: 2 }
      })
  },
  "simulation.sweep": {
    allowed: SIMULATORS,
    send: (role) =>
      call("POST", "/simulation/sweep", role, {
        policyId: "fuding-site-2020", parameter: "costThresholdYuan", values: [3e7, 5e7], date: DATE, portfolio: { source: "stored" }
      })
  },

  // The structure's columns of the role table (docs/http/security.md): every role reads the structure and its
  // organizations (ids and periods, no name or contact); the queries that list members one by one are
  // personal data, not for analysts; administrators and secretaries in their subtree append.
  "structure.get": { allowed: ALL, structureMembers: true, send: (role) => call("GET", `/structure?date=${DATE}`, role) },
  "structure.organizations": { allowed: ALL, send: (role) => call("GET", `/organizations?date=${DATE}&limit=10`, role) },
  "structure.dualManagement": { allowed: READERS, send: (role) => call("GET", `/structure/dual-management?date=${DATE}`, role) },
  "structure.blankSpots": { allowed: READERS, send: (role) => call("GET", `/structure/blank-spots?date=${DATE}&mobileOrPocketOnly=false`, role) },
  "structure.mobilePocket": { allowed: READERS, send: (role) => call("GET", `/structure/mobile-pocket?date=${DATE}`, role) },
  "structure.instructors": { allowed: READERS, send: (role) => call("GET", `/structure/projects/mx-site/instructors?date=${DATE}`, role) },
  "structure.dueToDissolve": { allowed: ALL, send: (role) => call("GET", `/structure/due-to-dissolve?date=${DATE}`, role) },
  "structure.completion": {
    allowed: READERS,
    send: (role) => call("GET", `/structure/projects/mx-site/completion?policyId=national&date=${DATE}`, role)
  },
  "structure.append": {
    allowed: WRITERS, scoped: true, writes: true,
    send: async (role, inScope) =>
      call("POST", "/structure/events", role, {
        policyId: "national",
        events: [establish(next("mx-child"), "branch", { approvedBy: inScope ? SECRETARY_ORG : OTHER_ORG })]
      }, { "if-match": await structureVersion() })
  },
  "structure.check": { allowed: ALL, send: (role) => call("GET", `/structure/check?policyId=national&date=${DATE}`, role) },
  "structure.organization": { allowed: ALL, send: (role) => call("GET", `/organizations/${SECRETARY_ORG}?date=${DATE}`, role) },

  // Compliance (issue 19): site facts are recorded by the administrator and secretaries for projects of their
  // subtree (reviews, honours and credit-file entries by a reviewer: compliance.test.ts); records, scorecards,
  // evaluation and credit files are read by everyone but analysts; analysts count (overdue counts, rates).
  "compliance.append": {
    allowed: WRITERS, scoped: true, writes: true,
    prepare: fresh,
    send: async (role, _inScope, p) =>
      call("POST", "/compliance/records", role, {
        events: [{ _tag: "MilestoneRecorded", id: next("mx-rec"), projectId: p.id, date: "2021-03-01", milestone: "redSiteCreationStarted" }]
      }, { "if-match": (await call("GET", `/compliance/projects/${p.id}/records`, "administrator")).headers.get("etag")! })
  },
  "compliance.records": { allowed: COMPLIANCE_READERS, send: async (role) => call("GET", `/compliance/projects/${(await fresh()).id}/records?date=${DATE}`, role) },
  "compliance.scorecard": {
    allowed: COMPLIANCE_READERS,
    send: async (role) => call("GET", `/compliance/projects/${(await fresh()).id}/scorecard?date=${DATE}`, role)
  },
  "compliance.overdue": { allowed: EVERYONE, send: (role) => call("GET", `/compliance/overdue?date=${DATE}&by=organization`, role) },
  "compliance.reportingRate": { allowed: EVERYONE, send: (role) => call("GET", "/compliance/reporting-rate?from=2021-01&to=2021-06&date=2021-07-31&district=福鼎市", role) },
  "compliance.evaluation": { allowed: COMPLIANCE_READERS, send: (role) => call("GET", "/compliance/evaluation?year=2021&policyId=wenzhou-red-site-2022", role) },
  "compliance.creditFile": { allowed: COMPLIANCE_READERS, send: (role) => call("GET", "/compliance/credit-file?year=2021&date=2022-01-31", role) },
  // spreadsheets (docs/spreadsheets.md): each download has the roles of the JSON endpoint behind it; the upload is the append's
  "spreadsheets.overdue": { allowed: EVERYONE, send: (role) => binary("GET", `/compliance/overdue.xlsx?date=${DATE}&by=organization`, role) },
  "spreadsheets.scorecards": { allowed: COMPLIANCE_READERS, send: (role) => binary("GET", `/compliance/scorecards.xlsx?date=${DATE}&district=${encodeURIComponent("福鼎市")}`, role) },
  "spreadsheets.coverage": { allowed: ALL, send: (role) => binary("GET", `/coverage/report.xlsx?policyId=fuding-site-2020&date=${DATE}&groupBy=district`, role) },
  "spreadsheets.recordsTemplate": { allowed: ["administrator", "secretary", "reviewer"], send: (role) => binary("GET", "/compliance/records/template.xlsx", role) },
  "spreadsheets.uploadRecords": {
    allowed: WRITERS, scoped: true, writes: true,
    prepare: fresh,
    send: async (role, _inScope, p) =>
      binary("POST", "/compliance/records.xlsx", role, await xlsxBytes(recordsWorkbook([
        new MilestoneRecorded({ id: next("mx-xrec"), projectId: p.id, date: isoDate("2021-03-01"), milestone: "redSiteCreationStarted" })
      ])), { "if-match": (await call("GET", `/compliance/projects/${p.id}/records`, "administrator")).headers.get("etag")! })
  }
}

/**
 * Cases where the server disagrees with the documented rule: `endpoint/caller` → the bug. Each is kept as an
 * `it.fails` test written to the documented rule.
 */
const knownBugs: Record<string, string> = {}

// ------------------------------------------------------------------------------------------------ checks

/** Paths of member objects (inside a `members` array) that carry `name` or `contact`. */
const personalFields = (x: unknown, path = "$"): Array<string> => {
  if (Array.isArray(x)) return x.flatMap((v, i) => personalFields(v, `${path}[${i}]`))
  if (typeof x !== "object" || x === null) return []
  return Object.entries(x).flatMap(([k, v]) => {
    const here = `${path}.${k}`
    const own = k === "members" && Array.isArray(v)
      ? v.flatMap((m, i) => (typeof m === "object" && m !== null ? ["name", "contact"].filter((f) => f in m).map((f) => `${here}[${i}].${f}`) : []))
      : []
    return [...own, ...personalFields(v, here)]
  })
}

let lastSeq = 0
/** Audit entries written since the last call. */
const newAuditEntries = async (): Promise<Array<{ seq: number }>> => {
  const out: Array<{ seq: number }> = []
  for (;;) {
    const r = await call("GET", `/audit?after=${lastSeq}&limit=500`, "administrator")
    expect(r.status).toBe(200)
    const page = r.json as Array<{ seq: number }>
    out.push(...page)
    if (page.length === 0) return out
    lastSeq = page[page.length - 1]!.seq
  }
}

beforeAll(async () => {
  server = await startTestServer({ maxBodyBytes: 1024 * 1024 })
  // the secretary's organization and another one, each with a member attending it (for the stored ledger)
  const r = await call("POST", "/structure/events", "administrator", {
    policyId: "national",
    events: [
      establish(SECRETARY_ORG, "committee"),
      establish(OTHER_ORG, "committee"),
      { _tag: "Register", date: "2021-01-01", memberId: "m-in", homeOrganizationId: SECRETARY_ORG, status: "full" },
      { _tag: "StartAttendance", date: "2021-01-01", memberId: "m-in", organizationId: SECRETARY_ORG },
      { _tag: "Register", date: "2021-01-01", memberId: "m-out", homeOrganizationId: OTHER_ORG, status: "full" },
      { _tag: "StartAttendance", date: "2021-01-01", memberId: "m-out", organizationId: OTHER_ORG }
    ]
  }, { "if-match": '"0"' })
  expect(r.status, JSON.stringify(r.json)).toBe(200)
  const reform = await call("POST", "/policies/reforms", "administrator", { base: "fuding-site-2020", id: REFORM, parameters: { costThresholdYuan: 30_000_000 } })
  expect(reform.status, JSON.stringify(reform.json)).toBe(201)
})
afterAll(() => server.close())

describe("authorization matrix: completeness", () => {
  it("has a row for every endpoint of the API, and none for an endpoint that does not exist", () => {
    const endpoints = Object.values(RedsiteApi.groups).flatMap((g) => Object.values(g.endpoints).map((e) => `${g.identifier}.${e.name}`))
    expect(endpoints.length).toBeGreaterThanOrEqual(35)
    expect(endpoints.filter((e) => !(e in matrix)), "endpoints without a row in the matrix").toEqual([])
    expect(Object.keys(matrix).filter((k) => !endpoints.includes(k)), "rows for no endpoint").toEqual([])
  })
})

type Caller = Role | "secretary (out of scope)" | "anonymous"

describe("authorization matrix (every endpoint × every role)", () => {
  for (const [key, row] of Object.entries(matrix)) {
    const callers: ReadonlyArray<Caller> = [...ROLES.slice(0, 2), ...(row.scoped ? ["secretary (out of scope)" as const] : []), ...ALL_ROLES.slice(2), "anonymous"]
    describe(key, () => {
      for (const who of callers) {
        const bug = knownBugs[`${key}/${who}`]
        const test = bug === undefined ? it : it.fails
        test(`${who}${bug === undefined ? "" : ` (known bug: ${bug})`}`, async () => {
          const role = who === "anonymous" ? undefined : who === "secretary (out of scope)" ? "secretary" : who
          const inScope = who !== "secretary (out of scope)"
          const fixture = row.prepare === undefined ? (undefined as unknown as Fixture) : await row.prepare(inScope)
          if (row.writes) await newAuditEntries()
          const r = await row.send(role, inScope, fixture)
          const detail = `${key} as ${who}: ${r.status} ${JSON.stringify(r.json)?.slice(0, 300)}`
          expect(r.status, detail).toBeLessThan(500)
          if (role === undefined && !row.open) {
            expect(r.status, detail).toBe(401)
            expect(r.json, detail).toMatchObject({ _tag: "Unauthorized", code: "unauthorized" })
          } else if (role === undefined || (row.allowed.includes(role) && inScope)) {
            expect(r.status, detail).toBeGreaterThanOrEqual(200)
            expect(r.status, detail).toBeLessThan(300)
          } else {
            expect(r.status, detail).toBe(403)
            expect(r.json, detail).toMatchObject({ _tag: "Forbidden", code: "forbidden" })
          }
          const allowed = r.status < 300
          const shown = personalFields(row.membersAtRoot ? { members: r.json } : r.json)
          if (row.writes) {
            const written = await newAuditEntries()
            if (!allowed) expect(written, `${detail}: a refused write changed the audit log`).toEqual([])
            else expect(written.length, `${detail}: an accepted write is audited`).toBeGreaterThan(0)
          }
          if (allowed && (role === "viewer" || role === "analyst" || role === "reviewer")) {
            expect(shown, `${detail}: personal fields shown to a ${role}`).toEqual([])
          }
          if (allowed && row.structureMembers) {
            // analysts: no member ids or histories at all (issue 8); the others read the members
            if (role === "analyst") expect([r.json.members, r.json.actions], `${detail}: members shown to an analyst`).toEqual([[], []])
            else expect(r.json.members.length, `${detail}: the structure's members are not shown to a ${role}`).toBeGreaterThan(0)
          }
          if (allowed && row.personal && (role === "administrator" || role === "secretary")) {
            expect(shown.length, `${detail}: members' names are shown to a ${role}`).toBeGreaterThan(0)
          }
        })
      }
    })
  }
})

describe("routes outside the API definition", () => {
  it.each(["/openapi.json", "/docs"])("%s needs no token and is served to every role", async (path) => {
    for (const role of [...ROLES, undefined]) {
      const res = await fetch(`${server.url}${path}`, role === undefined ? {} : { headers: { authorization: `Bearer token-${role}` } })
      await res.arrayBuffer()
      expect(res.status, `${path} as ${role ?? "anonymous"}`).toBe(200)
    }
  })
})

describe("redaction of personal data across every member-bearing read", () => {
  it("a viewer sees the same members as the administrator, without name and contact", async () => {
    const p = await fresh()
    for (const path of [`/projects/${p.id}`, `/projects/${p.id}/members`, `/projects?limit=500`]) {
      const admin = await call("GET", path, "administrator")
      const viewer = await call("GET", path, "viewer")
      expect(viewer.status, path).toBe(200)
      const strip = (x: unknown): unknown =>
        JSON.parse(JSON.stringify(x), (k, v) => (k === "name" || k === "contact") && typeof v === "string" && /党员|138/.test(v) ? undefined : v)
      expect(viewer.json, path).toEqual(strip(admin.json))
      expect(JSON.stringify(viewer.json)).not.toContain("党员甲")
      expect(JSON.stringify(viewer.json)).not.toContain("13800000001")
    }
  })
})
