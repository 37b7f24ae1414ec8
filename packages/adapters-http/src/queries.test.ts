/**
 * The read-only queries added for issue 8's "whole library over HTTP", against a real server: the structure
 * queries of the core (dual management, blank spots, mobile and pocket members by site, instructors and
 * liaisons, organizations due to dissolve, a completion proposal), each answered exactly as the core answers
 * on the structure the server serves; the organizations listing and the coverage facts listing with cursor
 * pagination (property: the pages, concatenated, are the unpaged listing); pipeline counts; coverage with
 * facts derived from the structure and the report filtered by organization; ETags and 304 on the policies
 * and the report; and every error in the package's error schema (a 400 for a query, path or header that
 * does not match, a 404 for a route outside the API).
 */
import {
  CoverageFacts,
  CoverageReport,
  Policy,
  Project,
  Structure,
  attendingNothing,
  completionProposal,
  coverageFactsFromStructure,
  coverageReport,
  dualManaged,
  dueToDissolve,
  instructorsAndLiaisons,
  isoDate,
  makeProject,
  mobileAndPocketBySite,
  pipelineCounts,
  policies,
  portfolioColumns,
  PipelineRecord
} from "@redsite/core"
import { Effect, Either, Schema } from "effect"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeClient } from "@redsite/client"
import type { RunningServer } from "./server.js"
import { SECRETARY_ORG, caller, startTestServer, tokenOf } from "./testServer.js"

let server: RunningServer
const call = caller(() => server)
const json = (x: unknown) => JSON.parse(JSON.stringify(x))

const establish = (date: string, id: string, kind: string, extra: Record<string, unknown> = {}, reportsTo?: string) =>
  ({ _tag: "Establish", date, organization: { id, name: id, kind, temporary: false, projectIds: [], ...extra }, ...(reportsTo === undefined ? {} : { reportsTo }) })

const EVENTS = [
  establish("2021-01-01", SECRETARY_ORG, "committee"),
  establish("2021-01-01", "q-home", "branch", { approvedBy: SECRETARY_ORG }, SECRETARY_ORG),
  establish("2021-02-01", "q-site", "branch", { temporary: true, approvedBy: SECRETARY_ORG, projectIds: ["q-p1"] }, SECRETARY_ORG),
  establish("2021-02-01", "q-office", "jointOffice", { approvedBy: SECRETARY_ORG, projectIds: ["q-p2"] }, SECRETARY_ORG),
  { _tag: "Register", date: "2021-01-01", memberId: "m-a", homeOrganizationId: "q-home", status: "full", mobile: true },
  { _tag: "Register", date: "2021-01-01", memberId: "m-b", homeOrganizationId: "q-home", status: "full", pocket: true },
  { _tag: "Register", date: "2021-01-01", memberId: "m-c", homeOrganizationId: "q-home", status: "full" },
  { _tag: "StartAttendance", date: "2021-02-02", memberId: "m-a", organizationId: "q-site" },
  { _tag: "StartAttendance", date: "2021-01-02", memberId: "m-c", organizationId: "q-home" },
  { _tag: "Appoint", date: "2021-02-01", organizationId: "q-site", role: "instructor", personId: "p-instructor" },
  { _tag: "Appoint", date: "2021-02-01", organizationId: "q-site", role: "liaison", personId: "p-liaison" },
  { _tag: "CompleteProject", date: "2021-10-01", projectId: "q-p1" }
]

const projectBody = (id: string, organizationId: string | undefined) => {
  const p = Schema.encodeSync(Project)(makeProject({
    id, name: `工地 ${id}`, kind: "building", costYuan: 60_000_000, plannedStart: "2021-01-01", plannedEnd: "2023-06-30", major: false,
    units: [{ id: "gc", name: "总包", role: "generalContractor", members: { full: 4 } }]
  }))
  return { ...p, district: "福鼎市", units: p.units.map((u) => ({ ...u, ...(organizationId === undefined ? {} : { organizationId }) })) }
}

/** The structure as the server serves it, decoded. */
const served = async () => Schema.decodeUnknownSync(Structure)((await call("GET", "/structure", "administrator")).json)

beforeAll(async () => {
  server = await startTestServer({ maxBodyBytes: 1024 * 1024 })
  const r = await call("POST", "/structure/events", "administrator", { policyId: "national", events: EVENTS }, { "if-match": '"0"' })
  expect(r.status, JSON.stringify(r.json)).toBe(200)
  for (const [id, org] of [["q-p1", "q-site"], ["q-p2", undefined], ["q-p3", "elsewhere"]] as const) {
    const c = await call("POST", "/projects", "administrator", projectBody(id, org))
    expect(c.status, JSON.stringify(c.json)).toBe(201)
  }
  // recorded facts: what the structure cannot know (a union bridge, red-site creation), and a wrong "own organization"
  const f = await call("PUT", "/projects/q-p1/coverage/facts", "administrator", { ownOrganization: false, work: ["massOrganization"], redSiteCreation: true })
  expect(f.status, JSON.stringify(f.json)).toBe(200)
  for (const id of ["q-p2", "q-p3"]) expect((await call("PUT", `/projects/${id}/coverage/facts`, "administrator", { ownOrganization: false })).status).toBe(200)
})
afterAll(() => server.close())

describe("structure queries: as the core answers them on the served structure", () => {
  it("dual management, blank spots, mobile and pocket members by site, instructors and liaisons, due to dissolve, completion", async () => {
    const s = await served()
    for (const date of ["2021-01-15", "2021-06-30", "2021-10-02"]) {
      const dual = await call("GET", `/structure/dual-management?date=${date}`, "viewer")
      expect(dual.json, date).toEqual(json(dualManaged(s, date)))
      const blank = await call("GET", `/structure/blank-spots?date=${date}`, "secretary")
      expect(blank.json, date).toEqual({ date, memberIds: attendingNothing(s, date) })
      const mobileOnly = await call("GET", `/structure/blank-spots?date=${date}&mobileOrPocketOnly=true`, "secretary")
      expect(mobileOnly.json.memberIds, date).toEqual(attendingNothing(s, date, { mobileOrPocketOnly: true }))
      const bySite = await call("GET", `/structure/mobile-pocket?date=${date}`, "viewer")
      expect(bySite.json, date).toEqual([...mobileAndPocketBySite(s, date)].map(([organizationId, e]) => ({ organizationId, ...json(e) })))
      const staff = await call("GET", `/structure/projects/q-p1/instructors?date=${date}`, "viewer")
      expect(staff.json, date).toEqual(json(instructorsAndLiaisons(s, "q-p1", date)))
      const due = await call("GET", `/structure/due-to-dissolve?date=${date}`, "analyst")
      expect(due.json, date).toEqual({ date, organizationIds: dueToDissolve(s, date) })
    }
    // the figures themselves, so that the comparison above is not between two empty lists
    expect((await call("GET", "/structure/dual-management?date=2021-06-30", "viewer")).json).toEqual([{ memberId: "m-a", home: "q-home", attended: ["q-site"] }])
    expect((await call("GET", "/structure/blank-spots?date=2021-06-30", "viewer")).json.memberIds).toEqual(["m-b"])
    expect((await call("GET", "/structure/mobile-pocket?date=2021-06-30", "viewer")).json).toEqual([{ organizationId: "q-site", mobile: ["m-a"], pocket: [] }])
    expect((await call("GET", "/structure/projects/q-p1/instructors?date=2021-06-30", "viewer")).json.map((a: any) => a.role).sort()).toEqual(["instructor", "liaison"])
    expect((await call("GET", "/structure/due-to-dissolve?date=2021-10-02", "viewer")).json.organizationIds).toEqual(["q-site"])

    const proposal = await call("GET", "/structure/projects/q-p1/completion?policyId=national&date=2021-09-30", "secretary")
    expect(proposal.status).toBe(200)
    const expected = completionProposal(s, "q-p1", isoDate("2021-09-30"), policies.national)
    expect(proposal.json).toEqual({ projectId: "q-p1", date: "2021-09-30", events: json(expected.events), blocked: [...expected.blocked] })
    expect(proposal.json.events.map((e: any) => e._tag)).toEqual(["EndAttendance", "Dissolve"])
    // read-only: the structure did not change
    expect((await call("GET", "/structure", "viewer")).headers.get("etag")).toBe(`"${EVENTS.length}"`)
    expect((await call("GET", "/structure/projects/q-p1/completion?policyId=nowhere&date=2021-09-30", "viewer")).status).toBe(404)
  })

  it("lists members one by one only for roles that may see personal data: analysts get 403", async () => {
    for (const path of ["/structure/dual-management", "/structure/blank-spots", "/structure/mobile-pocket", "/structure/projects/q-p1/instructors"]) {
      expect((await call("GET", `${path}?date=2021-06-30`, "analyst")).status, path).toBe(403)
    }
    expect((await call("GET", "/structure/projects/q-p1/completion?policyId=national&date=2021-06-30", "analyst")).status).toBe(403)
  })
})

describe("the organizations listing", () => {
  it("filters by date, kind, temporary, subtree and project", async () => {
    const ids = async (q: string) => (await call("GET", `/organizations?${q}`, "analyst")).json.items.map((o: any) => o.id)
    expect(await ids("")).toEqual([SECRETARY_ORG, "q-home", "q-office", "q-site"])
    expect(await ids("date=2021-01-15")).toEqual([SECRETARY_ORG, "q-home"])
    expect(await ids("kind=branch")).toEqual(["q-home", "q-site"])
    expect(await ids("temporary=true")).toEqual(["q-site"])
    expect(await ids("projectId=q-p2")).toEqual(["q-office"])
    expect(await ids(`under=q-home`)).toEqual(["q-home"])
    expect(await ids(`under=${SECRETARY_ORG}&date=2021-06-30`)).toEqual([SECRETARY_ORG, "q-home", "q-office", "q-site"])
    // as they stood that day: q-site with the instructor and liaison appointed the day it was set up
    const jan = (await call("GET", "/organizations?date=2021-02-01&temporary=true", "viewer")).json.items[0]
    expect(jan.appointments.map((a: any) => a.role).sort()).toEqual(["instructor", "liaison"])
    expect((await call("GET", "/organizations?temporary=maybe", "viewer")).status).toBe(400)
    expect((await call("GET", "/organizations?cursor=not-ours!", "viewer")).status).toBe(400)
  })

  it("pages: concatenated, the pages are the unpaged listing, in id order (property)", async () => {
    const filters = fc.constantFrom("", "kind=branch", "date=2021-06-30", `under=${SECRETARY_ORG}`, "temporary=false")
    await fc.assert(fc.asyncProperty(filters, fc.integer({ min: 1, max: 5 }), async (filter, limit) => {
      const all = (await call("GET", `/organizations?${filter}&limit=500`, "viewer")).json.items
      const pages: Array<unknown> = []
      let cursor: string | undefined
      for (let i = 0; i < 20; i++) {
        const r = await call("GET", `/organizations?${filter}&limit=${limit}${cursor === undefined ? "" : `&cursor=${cursor}`}`, "viewer")
        expect(r.status).toBe(200)
        expect(r.json.items.length).toBeLessThanOrEqual(limit)
        pages.push(...r.json.items)
        cursor = r.json.nextCursor
        if (cursor === undefined) break
      }
      expect(pages).toEqual(all)
      const ids = all.map((o: any) => o.id)
      expect(ids).toEqual([...ids].sort())
    }), { numRuns: 12 })
  })
})

describe("the coverage facts listing", () => {
  it("pages every project's recorded facts in project id order", async () => {
    const first = await call("GET", "/coverage/facts?limit=2", "analyst")
    expect(first.status).toBe(200)
    expect(first.json.items.map((i: any) => i.projectId)).toEqual(["q-p1", "q-p2"])
    expect(first.json.items[0]).toMatchObject({ version: 1, facts: { ownOrganization: false, work: ["massOrganization"], redSiteCreation: true } })
    const second = await call("GET", `/coverage/facts?limit=2&cursor=${first.json.nextCursor}`, "viewer")
    expect(second.json.items.map((i: any) => i.projectId)).toEqual(["q-p3"])
    expect(second.json.nextCursor).toBeUndefined()
  })
})

describe("pipeline counts", () => {
  it("counts per site as the core does, for the roles that read the pipeline", async () => {
    const body = {
      from: "2020-01-01", to: "2020-12-31",
      records: [
        { personId: "zhang", siteId: "site-a", steps: [{ stage: "applicant", date: "2020-01-10", organizationId: "home" }, { stage: "activist", date: "2020-03-01", organizationId: "home" }] },
        { personId: "li", siteId: "site-b", steps: [{ stage: "applicant", date: "2019-05-01", organizationId: "home" }] }
      ],
      talent: [{ personId: "zhang", siteId: "site-a", date: "2020-05-01", milestone: "trainedBackbone" }]
    }
    const r = await call("POST", "/pipeline/counts", "viewer", body)
    expect(r.status).toBe(200)
    const records = body.records.map((x) => Schema.decodeUnknownSync(PipelineRecord)(x))
    expect(r.json).toEqual(json(pipelineCounts({ records, talent: body.talent as any, from: body.from, to: body.to })))
    expect(r.json.map((s: any) => [s.siteId, s.reached.applicant, s.talent.trainedBackbone])).toEqual([["site-a", 1, 1], ["site-b", 0, 0]])
    expect((await call("POST", "/pipeline/counts", "analyst", body)).status).toBe(403)
  })
})

describe("coverage with facts from the structure, and the report by organization", () => {
  const recorded = async () =>
    (await call("GET", "/coverage/facts?limit=500", "administrator")).json.items.map((i: any) => new CoverageFacts({ projectId: i.projectId, ...i.facts }))
  const stored = async () => (await call("GET", "/projects?limit=500", "administrator")).json.items.map((i: any) => Schema.decodeUnknownSync(Project)(i.project))

  it("derives one project's facts from the structure, the recorded facts supplying what it cannot know", async () => {
    const byRecord = await call("GET", "/projects/q-p1/coverage?policyId=national&date=2021-06-30", "analyst")
    expect(byRecord.json).toMatchObject({ ownOrganization: false, work: ["massOrganization"] })
    const byStructure = await call("GET", "/projects/q-p1/coverage?policyId=national&date=2021-06-30&facts=structure", "analyst")
    expect(byStructure.status).toBe(200)
    expect(byStructure.json.ownOrganization).toBe(true)
    expect(byStructure.json.work).toEqual(expect.arrayContaining(["instructor", "massOrganization"]))
    // before the site's branch was set up, the structure knows nothing serving it
    const before = await call("GET", "/projects/q-p1/coverage?policyId=national&date=2021-01-15&facts=structure", "viewer")
    expect(before.json).toMatchObject({ ownOrganization: false, work: ["massOrganization"] })
    expect((await call("GET", "/projects/q-p1/coverage?policyId=national&date=2021-06-30&facts=guessed", "viewer")).status).toBe(400)
  })

  it("reports with structure-derived facts and by an organization's subtree exactly as the core does", async () => {
    const s = await served()
    const projects: Array<Project> = await stored()
    const facts = await recorded()
    const date = isoDate("2021-06-30")
    const derived = coverageFactsFromStructure(s, policies.national, date, projects.map((p) => p.id), facts).map((d) => d.facts)
    const viaStructure = Either.getOrThrow(coverageReport(portfolioColumns(projects, derived), policies.national, date, { groupBy: ["district"] }))
    const r = await call("GET", "/coverage/report?policyId=national&date=2021-06-30&groupBy=district&facts=structure", "viewer")
    expect(r.status).toBe(200)
    expect(r.json).toEqual(json(Schema.encodeSync(CoverageReport)(viaStructure)))
    const plain = await call("GET", "/coverage/report?policyId=national&date=2021-06-30&groupBy=district", "viewer")
    expect(plain.json.totals).not.toEqual(r.json.totals)

    const inSubtree = projects.filter((p) => p.units.some((u) => u.organizationId === "q-site"))
    expect(inSubtree.map((p) => p.id)).toEqual(["q-p1"])
    const byOrg = Either.getOrThrow(coverageReport(portfolioColumns(inSubtree, facts), policies.national, date))
    const o = await call("GET", `/coverage/report?policyId=national&date=2021-06-30&organizationId=${SECRETARY_ORG}`, "analyst")
    expect(o.json.totals).toEqual(json(byOrg.totals))
    expect(o.json.totals.projects).toBe(1)
    const listed = await call("GET", `/projects?organizationId=${SECRETARY_ORG}`, "viewer")
    expect(listed.json.items.map((i: any) => i.project.id)).toEqual(["q-p1"])
  })
})

describe("the report's organization filter (issue 15: the subtree as of the report's date)", () => {
  it("counts a project whose organization was in the subtree on the report's date, and not after its line ended", async () => {
    const version = (await call("GET", "/structure", "viewer")).headers.get("etag")!
    const end = await call("POST", "/structure/events", "administrator", {
      policyId: "national", events: [{ _tag: "EndRelation", date: "2021-09-30", kind: "reportsTo", from: "q-site", to: SECRETARY_ORG }]
    }, { "if-match": version })
    expect(end.status).toBe(200)
    const on = async (date: string) => (await call("GET", `/coverage/report?policyId=national&date=${date}&organizationId=${SECRETARY_ORG}`, "analyst")).json.totals.projects
    expect(await on("2021-06-30")).toBe(1)
    expect(await on("2021-09-30")).toBe(1)
    expect(await on("2021-10-01")).toBe(0)
  })
})

describe("ETags on the policies and the coverage report", () => {
  it("answers If-None-Match with 304 while unchanged, and a new tag after a change", async () => {
    for (const path of ["/policies", "/policies/national", "/coverage/report?policyId=national&date=2021-06-30&groupBy=district"]) {
      const first = await call("GET", path, "analyst")
      const etag = first.headers.get("etag")
      expect(etag, path).toMatch(/^"[A-Za-z0-9_-]{22}"$/)
      expect((await call("GET", path, "viewer")).headers.get("etag"), path).toBe(etag)
      const again = await call("GET", path, "analyst", undefined, { "if-none-match": etag! })
      expect(again.status, path).toBe(304)
      expect(again.json, path).toBeUndefined()
      expect((await call("GET", path, "analyst", undefined, { "if-none-match": `W/${etag}` })).status, path).toBe(304)
      expect((await call("GET", path, "analyst", undefined, { "if-none-match": '"other"' })).status, path).toBe(200)
    }
    const list = (await call("GET", "/policies", "analyst")).headers.get("etag")
    const one = (await call("GET", "/policies/national", "analyst")).headers.get("etag")
    const report = (await call("GET", "/coverage/report?policyId=national&date=2021-06-30&groupBy=district", "analyst")).headers.get("etag")
    expect((await call("POST", "/policies/reforms", "analyst", { base: "national", id: "q-reform", parameters: { branchMinFullMembers: 5 } })).status).toBe(201)
    expect((await call("GET", "/policies", "analyst", undefined, { "if-none-match": list! })).status).toBe(200)
    expect((await call("GET", "/policies/national", "analyst", undefined, { "if-none-match": one! })).status).toBe(304)
    const v = (await call("GET", "/projects/q-p2/coverage/facts", "administrator")).headers.get("etag")!
    expect((await call("PUT", "/projects/q-p2/coverage/facts", "administrator", { ownOrganization: true }, { "if-match": v })).status).toBe(200)
    const changed = await call("GET", "/coverage/report?policyId=national&date=2021-06-30&groupBy=district", "analyst", undefined, { "if-none-match": report! })
    expect(changed.status).toBe(200)
    expect(changed.headers.get("etag")).not.toBe(report)
  })
})

describe("every error in the package's error schema", () => {
  const shaped = (body: any) => {
    expect(typeof body.code).toBe("string")
    expect(typeof body.message).toBe("string")
    expect(typeof body.messageZh).toBe("string")
  }

  it("a query, path or header that does not match: 400 InvalidInput with the path of every bad field", async () => {
    const q = await call("GET", "/coverage/report?policyId=national&date=2021-02-30&groupBy=color&targetYear=1", "viewer")
    expect(q.status).toBe(400)
    shaped(q.json)
    expect(q.json).toMatchObject({ _tag: "InvalidInput", code: "request.invalid" })
    expect(q.json.issues.map((i: any) => i.path)).toEqual(expect.arrayContaining(["date"]))
    const body = await call("POST", "/policies/reforms", "analyst", { base: 1, id: "BAD ID", parameters: [] })
    expect(body.status).toBe(400)
    expect(body.json.issues.map((i: any) => i.path).sort()).toEqual(["base", "id", "parameters"])
    const header = await call("PUT", "/projects/q-p1", "administrator", projectBody("q-p1", "q-site"), { "if-match": "x".repeat(3) })
    expect(header.status).toBe(400)
    shaped(header.json)
  })

  it("a route outside the API: 404 NotFound naming the method and path", async () => {
    for (const [method, path] of [["GET", "/nowhere"], ["POST", "/policies/national"], ["DELETE", "/structure"]] as const) {
      const r = await call(method, path, "administrator")
      expect(r.status, `${method} ${path}`).toBe(404)
      shaped(r.json)
      expect(r.json).toMatchObject({ _tag: "NotFound", code: "route.not_found", resource: "route", id: `${method} ${path}` })
    }
    expect((await call("GET", "/nowhere", undefined)).status).toBe(404)
  })

  it("the OpenAPI document names InvalidInput for 400 and declares 413, with no trace of Effect's decode error", async () => {
    const doc = await (await fetch(`${server.url}/openapi.json`)).json() as any
    expect(JSON.stringify(doc)).not.toContain("HttpApiDecodeError")
    for (const [path, methods] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(methods)) {
        // InvalidInput for every 400; an endpoint may declare its own 400 beside it (an .xlsx upload's SpreadsheetInvalid, naming cells)
        const bad = op.responses["400"].content["application/json"].schema
        const refs = bad.anyOf === undefined ? [bad] : bad.anyOf
        expect(refs, `${method} ${path}`).toContainEqual({ $ref: "#/components/schemas/InvalidInput" })
        expect(refs.length === 1 || (path === "/compliance/records.xlsx" && refs.length === 2), `${method} ${path}: ${JSON.stringify(refs)}`).toBe(true)
        expect(op.responses["413"].content["application/json"].schema, `${method} ${path}`).toEqual({ $ref: "#/components/schemas/PayloadTooLarge" })
      }
    }
    expect(doc.paths["/organizations"].get).toBeDefined()
    expect(doc.paths["/structure/projects/{id}/completion"].get).toBeDefined()
  })
})

describe("typed client", () => {
  it("round-trips the queries, the listings and pipeline counts", async () => {
    const r = await Effect.runPromise(Effect.gen(function*() {
      const client = yield* makeClient(server.url, tokenOf("viewer"))
      const date = isoDate("2021-06-30")
      return {
        organizations: yield* client.structure.organizations({ urlParams: { kind: "branch", limit: 1 } }),
        dual: yield* client.structure.dualManagement({ urlParams: { date } }),
        blank: yield* client.structure.blankSpots({ urlParams: { date, mobileOrPocketOnly: true } }),
        bySite: yield* client.structure.mobilePocket({ urlParams: { date } }),
        staff: yield* client.structure.instructors({ path: { id: "q-p1" }, urlParams: { date } }),
        due: yield* client.structure.dueToDissolve({ urlParams: { date: isoDate("2021-10-02") } }),
        proposal: yield* client.structure.completion({ path: { id: "q-p1" }, urlParams: { policyId: "national", date: isoDate("2021-09-30") } }),
        facts: yield* client.coverage.listFacts({ urlParams: { limit: 1 } }),
        project: yield* client.coverage.project({ path: { id: "q-p1" }, urlParams: { policyId: "national", date, facts: "structure" } }),
        report: yield* client.coverage.report({ urlParams: { policyId: "national", date, organizationId: SECRETARY_ORG, facts: "structure" } }),
        counts: yield* client.scoring.pipelineCounts({ payload: { records: [], from: date, to: date } }),
        policies: yield* client.policies.list(),
        badCursor: yield* Effect.flip(client.structure.organizations({ urlParams: { cursor: "!" } }))
      }
    }))
    expect(r.organizations.items.map((o) => o.id)).toEqual(["q-home"])
    expect(r.organizations.nextCursor).toBeDefined()
    expect(r.dual.map((d) => d.memberId)).toEqual(["m-a"])
    expect(r.blank.memberIds).toEqual(["m-b"])
    expect(r.bySite[0]!.mobile).toEqual(["m-a"])
    expect(r.staff.length).toBe(2)
    expect(r.due.organizationIds).toEqual(["q-site"])
    expect(r.proposal.events.map((e) => e._tag)).toEqual(["EndAttendance", "Dissolve"])
    expect(r.facts.items[0]!.projectId).toBe("q-p1")
    expect(r.project.ownOrganization).toBe(true)
    expect(r.report.totals.projects).toBe(1)
    expect(r.counts).toEqual([])
    expect(r.policies.every((p) => p instanceof Policy)).toBe(true)
    expect(r.badCursor).toMatchObject({ _tag: "InvalidInput" })
  })
})
