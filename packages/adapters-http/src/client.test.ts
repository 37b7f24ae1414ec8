/**
 * Round trips through the exported typed client ({@link makeClient}) against a real server on a loopback
 * port, one per resource group not covered elsewhere: structure, simulation, coverage facts, appraisal,
 * obligations, pipeline and units. Each decodes the answers into the core's classes and checks typed errors.
 */
import {
  AttendanceInterval,
  CoverageReport,
  PolicyComparison,
  Project,
  ProjectCoverage,
  Structure,
  SweepRow,
  Unit,
  fudingDefaultScheme,
  isoDate,
  pointEvent
} from "@redsite/core"
import type { PointEvent } from "@redsite/core"
import { Effect, Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { AppendEventsRequest, AppraisalRequest, CompareRequest, CoverageFactsBody, isRedsiteApiError, makeClient, makePromiseClient, ObligationsRequest, PipelineCheckRequest, ScoreRequest, SweepRequest } from "@redsite/client"
import type { RunningServer } from "./server.js"
import { projectJson, startTestServer, tokenOf } from "./testServer.js"
import type { Role } from "@redsite/client"

let server: RunningServer
beforeAll(async () => {
  server = await startTestServer({ maxBodyBytes: 1024 * 1024 })
})
afterAll(() => server.close())

/** Runs a program with a typed client of the given role. */
const withClient = <A, E>(role: Role, f: (client: Effect.Effect.Success<ReturnType<typeof makeClient>>) => Effect.Effect<A, E>) =>
  Effect.runPromise(Effect.flatMap(makeClient(server.url, tokenOf(role)), f))

const DATE = isoDate("2021-06-30")

/** The shared test project with its general contractor's unit and first member only. */
const projectOf = (id: string): Project => {
  const p = projectJson(id)
  return Schema.decodeUnknownSync(Project)({ ...p, units: p.units.slice(0, 1), members: p.members.slice(0, 1) })
}

const schemes = [fudingDefaultScheme]
const roster = ["wang", "li", "zhao"].map((memberId) =>
  new AttendanceInterval({ memberId, organizationId: "site", from: isoDate("2021-01-01"), to: isoDate("2021-12-31") }))
const event = (id: string, memberId: string, date: string, item: string): PointEvent =>
  pointEvent(schemes, { id, memberId, organizationId: "site", date, item, recordedBy: "secretary", recordedAt: date })!
const events = [event("e1", "wang", "2021-02-03", "shockTeamTask"), event("e2", "wang", "2021-02-10", "safetyViolation"), event("e3", "li", "2021-03-01", "duesOnTime")]

describe("typed client round trips", () => {
  it("structure: append at a version, read now and as of a date, check, one organization; a stale version is a typed Conflict", async () => {
    const r = await withClient("administrator", (client) =>
      Effect.gen(function*() {
        const before = yield* client.structure.get({ urlParams: {} })
        const appended = yield* client.structure.append({
          headers: { "if-match": '"0"' },
          payload: Schema.decodeUnknownSync(AppendEventsRequest)({
            policyId: "national",
            events: [
              { _tag: "Establish", date: "2021-01-01", organization: { id: "cl-root", name: "工委", kind: "committee", temporary: false } },
              { _tag: "Establish", date: "2021-02-01", organization: { id: "cl-site", name: "工地支部", kind: "branch", temporary: false, projectIds: ["cl-p"], approvedBy: "cl-root" } },
              { _tag: "Register", date: "2021-02-01", memberId: "cl-m", homeOrganizationId: "cl-root", status: "full" },
              { _tag: "StartAttendance", date: "2021-02-02", memberId: "cl-m", organizationId: "cl-site" }
            ]
          })
        })
        const now = yield* client.structure.get({ urlParams: {} })
        const earlier = yield* client.structure.get({ urlParams: { date: isoDate("2021-01-15") } })
        const violations = yield* client.structure.check({ urlParams: { policyId: "national", date: DATE } })
        const site = yield* client.structure.organization({ path: { id: "cl-site" }, urlParams: { date: DATE } })
        const stale = yield* Effect.flip(client.structure.append({
          headers: { "if-match": '"0"' },
          payload: Schema.decodeUnknownSync(AppendEventsRequest)({
            policyId: "national", events: [{ _tag: "Establish", date: "2021-03-01", organization: { id: "cl-late", name: "迟到", kind: "branch", temporary: false, approvedBy: "cl-root" } }]
          })
        }))
        const missing = yield* Effect.flip(client.structure.organization({ path: { id: "cl-site" }, urlParams: { date: isoDate("2021-01-15") } }))
        return { before, appended, now, earlier, violations, site, stale, missing }
      }))
    expect(r.before.organizations).toEqual([])
    expect(r.appended).toMatchObject({ version: 4, accepted: 4 })
    expect(r.now).toBeInstanceOf(Structure)
    expect(r.now.organizations.map((o) => o.id)).toEqual(["cl-root", "cl-site"])
    expect(r.now.members.map((m) => m.attendance.map((a) => a.organizationId))).toEqual([["cl-site"]])
    expect(r.earlier.organizations.map((o) => o.id)).toEqual(["cl-root"])
    expect(Array.isArray(r.violations)).toBe(true)
    for (const v of r.violations) expect(v.citation).toBeDefined()
    expect(r.site.organization.id).toBe("cl-site")
    expect(r.site.chainToRoot).toEqual(["cl-site", "cl-root"])
    expect(r.site.superiors).toEqual([{ id: "cl-root", kind: "reportsTo" }])
    expect(r.stale).toMatchObject({ _tag: "Conflict", code: "version.stale", currentVersion: "4" })
    expect(r.missing._tag).toBe("NotFound")
  })

  it("simulation: compare a reform with its base and sweep a parameter; a secretary gets a typed Forbidden", async () => {
    const r = await withClient("analyst", (client) =>
      Effect.gen(function*() {
        const reform = yield* client.policies.reform({ payload: { base: "fuding-site-2020", id: "cl-fuding-30m", parameters: { costThresholdYuan: 30_000_000 } } })
        const comparison = yield* client.simulation.compare({
          payload: Schema.decodeUnknownSync(CompareRequest)({
            policyIds: ["fuding-site-2020", reform.id], date: DATE, portfolio: { source: "synthetic", size: 2000, seed: 3 }, explainLimit: 10
          })
        })
        const sweep = yield* client.simulation.sweep({
          payload: Schema.decodeUnknownSync(SweepRequest)({
            policyId: "fuding-site-2020", parameter: "costThresholdYuan", values: [3e7, 5e7, 8e7], date: DATE, portfolio: { source: "synthetic", size: 2000, seed: 3 }
          })
        })
        const unknownParameter = yield* Effect.flip(client.simulation.sweep({
          payload: Schema.decodeUnknownSync(SweepRequest)({ policyId: "fuding-site-2020", parameter: "noSuch", values: [1], date: DATE, portfolio: { source: "stored" } })
        }))
        return { comparison, sweep, unknownParameter }
      }))
    expect(r.comparison).toBeInstanceOf(PolicyComparison)
    expect(r.comparison.outcomes.map((o) => o.policyId)).toEqual(["fuding-site-2020", "cl-fuding-30m"])
    expect(r.comparison.outcomes[0]!.totals.projects).toBe(2000)
    expect(r.comparison.changes.length).toBeGreaterThan(0)
    expect(r.comparison.changes.length).toBeLessThanOrEqual(10)
    expect(r.sweep.map((row) => row.value)).toEqual([3e7, 5e7, 8e7])
    expect(r.sweep[0]).toBeInstanceOf(SweepRow)
    expect(r.sweep[0]!.required).toBeGreaterThanOrEqual(r.sweep[2]!.required)
    expect(r.unknownParameter._tag).toBe("InvalidInput")

    const refused = await withClient("secretary", (client) =>
      Effect.flip(client.simulation.sweep({
        payload: Schema.decodeUnknownSync(SweepRequest)({ policyId: "fuding-site-2020", parameter: "costThresholdYuan", values: [3e7], date: DATE, portfolio: { source: "stored" } })
      })))
    expect(refused._tag).toBe("Forbidden")
  })

  it("coverage facts: create, read, replace at the version, explain the project; a stale version is a typed Conflict", async () => {
    const r = await withClient("administrator", (client) =>
      Effect.gen(function*() {
        yield* client.projects.create({ payload: projectOf("cl-cov") })
        const absent = yield* Effect.flip(client.coverage.facts({ path: { id: "cl-cov" } }))
        const created = yield* client.coverage.putFacts({ path: { id: "cl-cov" }, headers: {}, payload: Schema.decodeUnknownSync(CoverageFactsBody)({ ownOrganization: true }) })
        const read = yield* client.coverage.facts({ path: { id: "cl-cov" } })
        const replaced = yield* client.coverage.putFacts({
          path: { id: "cl-cov" }, headers: { "if-match": `"${created.version}"` },
          payload: Schema.decodeUnknownSync(CoverageFactsBody)({ ownOrganization: false, work: ["instructor"] })
        })
        const stale = yield* Effect.flip(client.coverage.putFacts({
          path: { id: "cl-cov" }, headers: { "if-match": `"${created.version}"` },
          payload: Schema.decodeUnknownSync(CoverageFactsBody)({ ownOrganization: true })
        }))
        const explained = yield* client.coverage.project({ path: { id: "cl-cov" }, urlParams: { policyId: "fuding-site-2020", date: DATE } })
        return { absent, created, read, replaced, stale, explained }
      }))
    expect(r.absent._tag).toBe("NotFound")
    expect(r.created).toMatchObject({ version: 1, projectId: "cl-cov", facts: { ownOrganization: true, work: [], redSiteCreation: false, qualityPlan: false } })
    expect(r.read).toEqual(r.created)
    expect(r.replaced).toMatchObject({ version: 2, facts: { ownOrganization: false, work: ["instructor"] } })
    expect(r.stale).toMatchObject({ _tag: "Conflict", code: "version.stale" })
    expect(r.explained).toBeInstanceOf(ProjectCoverage)
    expect(r.explained).toMatchObject({ projectId: "cl-cov", policyId: "fuding-site-2020", ownOrganization: false, work: ["instructor"] })
  })

  it("appraisal: the scores of a period and the ballots, combined under the policy", async () => {
    const r = await withClient("secretary", (client) =>
      Effect.gen(function*() {
        const scored = yield* client.scoring.results({
          payload: Schema.decodeUnknownSync(ScoreRequest)(JSON.parse(JSON.stringify({ events, roster, from: "2021-01-01", to: "2021-03-31" })))
        })
        const appraisal = yield* client.scoring.appraisal({
          payload: new AppraisalRequest({
            policyId: "fuding-site-2020",
            scores: scored.scores,
            ballots: Schema.decodeUnknownSync(AppraisalRequest.fields.ballots)([
              { memberId: "wang", organizationId: "site", excellent: 9, qualified: 1, basicallyQualified: 0, unqualified: 0 }
            ])
          })
        })
        const unknownPolicy = yield* Effect.flip(client.scoring.appraisal({ payload: new AppraisalRequest({ policyId: "nowhere", scores: [], ballots: [] }) }))
        return { scored, appraisal, unknownPolicy }
      }))
    expect(r.scored.scores.map((s) => s.memberId).sort()).toEqual(["li", "wang", "zhao"])
    expect(r.appraisal._tag).toBe("Settled")
    if (r.appraisal._tag !== "Settled") return
    const records = r.appraisal.value.flatMap((o) => o.records)
    expect(records.map((x) => x.memberId).sort()).toEqual(["li", "wang", "zhao"])
    expect(r.appraisal.reasons[0]!.ruleId).toBeTypeOf("string")
    expect(r.unknownPolicy._tag).toBe("NotFound")
  })

  it("obligations: the talks due from the roster and the ledger, done or overdue", async () => {
    const r = await withClient("viewer", (client) =>
      client.scoring.obligations({
        payload: Schema.decodeUnknownSync(ObligationsRequest)(JSON.parse(JSON.stringify({
          asOf: "2021-06-30", roster, events,
          talks: [{ id: "t1", memberId: "li", organizationId: "site", date: "2021-01-05", by: "secretary" }],
          incidents: [{ id: "inc1", memberId: "wang", organizationId: "site", date: "2021-03-01", scope: "family", evidence: "谈心记录", recordedBy: "secretary", recordedAt: "2021-03-02" }]
        })))
      }))
    expect(r.due.filter((d) => d.trigger === "familyIncident").map((d) => [d.memberId, d.triggerId, d.status])).toEqual([["wang", "incident:inc1", "overdue"]])
    expect(r.asOf).toBe("2021-06-30")
    const byTrigger = (trigger: string) => r.due.filter((d) => d.trigger === trigger)
    expect(byTrigger("newArrival").map((d) => d.memberId).sort()).toEqual(["li", "wang", "zhao"])
    expect(byTrigger("safetyViolation").map((d) => d.memberId)).toEqual(["wang"])
    expect(r.due.find((d) => d.memberId === "li" && d.trigger === "newArrival")!.status).toBe("done")
    expect(r.overdue.map((d) => d.memberId)).toContain("zhao")
  })

  it("pipeline: a path that keeps the intervals passes; admission by a temporary organization is an issue; analysts get a typed Forbidden", async () => {
    const request = (admitting: string) =>
      Schema.decodeUnknownSync(PipelineCheckRequest)({
        policyId: "fuding-site-2020",
        asOf: "2024-12-31",
        organizations: [{ id: "home", kind: "branch", temporary: false }, { id: "site", kind: "combinedBranch", temporary: true }],
        record: {
          personId: "zhang", birthDate: "1995-05-05",
          steps: ["2020-01-10", "2020-03-01", "2021-03-01", "2021-06-01", "2022-06-01"].map((date, i) => ({
            stage: ["applicant", "activist", "candidate", "probationary", "full"][i],
            date,
            organizationId: i === 3 ? admitting : "home"
          }))
        }
      })
    const r = await withClient("viewer", (client) =>
      Effect.all({ ok: client.scoring.pipeline({ payload: request("home") }), bad: client.scoring.pipeline({ payload: request("site") }) }))
    expect(r.ok._tag).toBe("Settled")
    expect(r.bad._tag).toBe("Settled")
    if (r.ok._tag !== "Settled" || r.bad._tag !== "Settled") return
    expect(r.ok.value.issues).toEqual([])
    expect(r.bad.value.issues.length).toBeGreaterThan(0)
    const refused = await withClient("analyst", (client) => Effect.flip(client.scoring.pipeline({ payload: request("home") })))
    expect(refused._tag).toBe("Forbidden")
  })

  it("units: add one at the project's version, list, remove it; an unknown unit and a stale version are typed errors", async () => {
    const r = await withClient("secretary", (client) =>
      Effect.gen(function*() {
        const created = yield* client.projects.create({ payload: projectOf("cl-units") })
        const unit = Schema.decodeUnknownSync(Unit)({ id: "sup", name: "监理单位", role: "supervisor", ownership: "private", hasOrganization: false })
        const added = yield* client.projects.putUnit({ path: { id: "cl-units", unitId: "sup" }, headers: { "if-match": `"${created.version}"` }, payload: unit })
        const listed = yield* client.projects.units({ path: { id: "cl-units" } })
        const stale = yield* Effect.flip(client.projects.removeUnit({ path: { id: "cl-units", unitId: "sup" }, headers: { "if-match": `"${created.version}"` } }))
        const removed = yield* client.projects.removeUnit({ path: { id: "cl-units", unitId: "sup" }, headers: { "if-match": `"${added.version}"` } })
        const after = yield* client.projects.units({ path: { id: "cl-units" } })
        const unknown = yield* Effect.flip(client.projects.removeUnit({ path: { id: "cl-units", unitId: "sup" }, headers: { "if-match": `"${removed.version}"` } }))
        const noIfMatch = yield* Effect.flip(client.projects.removeUnit({ path: { id: "cl-units", unitId: "gc" }, headers: {} }))
        return { created, unit, added, listed, stale, removed, after, unknown, noIfMatch }
      }))
    expect(r.added.version).toBe(r.created.version + 1)
    expect(r.added.project.units.map((u) => u.id)).toEqual(["gc", "sup"])
    expect(r.listed.map((u) => u.id)).toEqual(["gc", "sup"])
    expect(r.listed[1]).toBeInstanceOf(Unit)
    expect(r.listed[1]).toEqual(r.unit)
    expect(r.stale).toMatchObject({ _tag: "Conflict", code: "version.stale" })
    expect(r.removed.version).toBe(r.added.version + 1)
    expect(r.after.map((u) => u.id)).toEqual(["gc"])
    expect(r.unknown._tag).toBe("InvalidInput")
    expect(r.noIfMatch._tag).toBe("PreconditionRequired")
  })
})

describe("Promise client round trips", () => {
  it("creates a project from plain JSON, reads the coverage report at a plain ISO date, and rejects with the API's typed errors", async () => {
    const admin = makePromiseClient(server.url, tokenOf("administrator"))
    // the project as a UI holds it: JSON, dates as strings, defaults left out
    const plain = projectJson("pc-1") as unknown as Schema.Schema.Encoded<typeof Project>
    const created = await admin.projects.create({ payload: { ...plain, units: plain.units.slice(0, 1) } })
    expect(created).toMatchObject({ version: 1, project: { id: "pc-1" } })
    expect(created.project).toBeInstanceOf(Project)
    const report = await admin.coverage.report({ policyId: "fuding-site-2020", date: "2021-06-30", groupBy: ["district"] })
    expect(report).toBeInstanceOf(CoverageReport)
    expect(report).toMatchObject({ policyId: "fuding-site-2020", date: "2021-06-30" })
    expect(report.groups.map((g) => g.by)).toEqual(["district"])
    const stale = await admin.projects.replace({ id: "pc-1", "if-match": '"7"', payload: plain }).catch((e: unknown) => e)
    expect(isRedsiteApiError(stale)).toBe(true)
    expect(stale).toMatchObject({ _tag: "Conflict", code: "version.stale" })
    const viewer = makePromiseClient(server.url, tokenOf("viewer"))
    await expect(viewer.policies.reform({ payload: { base: "fuding-site-2020", id: "pc-reform", parameters: {} } })).rejects.toMatchObject({ _tag: "Forbidden" })
    await expect(makePromiseClient(server.url).projects.get({ id: "pc-1" })).rejects.toMatchObject({ _tag: "Unauthorized" })
  })
})
