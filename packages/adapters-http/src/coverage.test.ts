import { CoverageFacts, CoverageReport, coverageReport, isoDate, policies, portfolioColumns } from "@redsite/core"
import { Context, Effect, Either, Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeClient } from "@redsite/client"
import { demoCoverageFacts, demoProjects, seededStore } from "./demo.js"
import type { RunningServer } from "./server.js"
import { Store } from "./store.js"
import { ROLES, caller, projectJson, startTestServer, testStoreLayer, tokenOf } from "./testServer.js"

let server: RunningServer
beforeAll(async () => {
  server = await startTestServer({ store: seededStore(testStoreLayer()), maxBodyBytes: 1024 * 1024 })
})
afterAll(() => server.close())
const call = caller(() => server)
const projects = demoProjects()
const target = projects.find((p) => p.id === "sh-long")!

describe("coverage facts of a project", () => {
  it("of a project removed after the request loaded it: a 404 of the project (the store's StoreReferenceMissing), nothing stored", async () => {
    // the store answers a read of the project (the request passes its checks) but holds no such project, as when
    // it is removed between the read and the write: the write reaches the store, which refuses it
    const ghost = { ...target, id: "removed-meanwhile" }
    const racing = Layer.map(testStoreLayer(), (ctx) => {
      const store = Context.get(ctx, Store)
      return Context.add(ctx, Store, {
        ...store,
        projects: { ...store.projects, get: (id) => (id === ghost.id ? Effect.succeed({ value: ghost, version: 1 }) : store.projects.get(id)) }
      })
    })
    const own = await startTestServer({ store: racing })
    try {
      const put = await caller(() => own)("PUT", `/projects/${ghost.id}/coverage/facts`, "administrator", { ownOrganization: true })
      expect(put.status).toBe(404)
      expect(put.json).toMatchObject({ code: "project.not_found", id: ghost.id })
      expect((await caller(() => own)("GET", `/audit?limit=100`, "administrator")).json.filter((e: any) => e.resource === "coverage")).toEqual([])
    } finally {
      await own.close()
    }
  })

  it("are created, then replaced only at the version read (428 without If-Match, 409 when stale)", async () => {
    expect((await call("GET", `/projects/${target.id}/coverage/facts`, "viewer")).status).toBe(404)
    const created = await call("PUT", `/projects/${target.id}/coverage/facts`, "administrator", { ownOrganization: true })
    expect(created.status).toBe(200)
    expect(created.json).toMatchObject({ version: 1, projectId: target.id, facts: { ownOrganization: true, work: [] } })
    expect((await call("PUT", `/projects/${target.id}/coverage/facts`, "administrator", { ownOrganization: false })).status).toBe(428)
    expect((await call("PUT", `/projects/${target.id}/coverage/facts`, "administrator", { ownOrganization: false }, { "if-match": '"7"' })).status).toBe(409)
    const read = await call("GET", `/projects/${target.id}/coverage/facts`, "analyst")
    expect(read.headers.get("etag")).toBe('"1"')
    expect((await call("PUT", `/projects/nowhere/coverage/facts`, "administrator", { ownOrganization: true })).status).toBe(404)
  })

  it("may be written by administrators and secretaries in scope only", async () => {
    for (const role of ["viewer", "analyst"] as const) {
      expect((await call("PUT", `/projects/${target.id}/coverage/facts`, role, { ownOrganization: true }, { "if-match": '"1"' })).status).toBe(403)
    }
    // the test secretary's organization serves no demo project
    expect((await call("PUT", `/projects/${target.id}/coverage/facts`, "secretary", { ownOrganization: true }, { "if-match": '"1"' })).status).toBe(403)
  })

  it("reject a work form that does not exist, naming the field", async () => {
    const r = await call("PUT", `/projects/deco/coverage/facts`, "administrator", { ownOrganization: false, work: ["prayer"] })
    expect(r.status).toBe(400)
    expect(JSON.stringify(r.json)).toContain("work")
  })
})

describe("coverage of one project and of the portfolio", () => {
  it("explains one project: required with its rule, the cover, and for a blank spot the gap and the remedy", async () => {
    const covered = await call("GET", `/projects/sh-major/coverage?policyId=shanghai-site&date=2021-06-30`, "analyst")
    expect(covered.status).toBe(200)
    expect(covered.json.required.reasons[0].ruleId).toBe("shanghai-site.requirement")
    expect(covered.json.status).toBe("organizational")
    const blank = await call("GET", `/projects/fuding-under/coverage?policyId=national&date=2021-06-30`, "viewer")
    expect(blank.json).toMatchObject({ status: "none", required: { _tag: "Settled", value: "required" } })
    expect(blank.json.gapReason.en).toMatch(/blank spot/)
    expect(blank.json.remedy.forms._tag).toBe("Settled")
  })

  it("reports the stored portfolio exactly as the core does, for every role", async () => {
    const path = "/coverage/report?policyId=wenzhou-red-site-2022&date=2023-12-31&groupBy=district,phase&targetYear=2023"
    const facts = [...demoCoverageFacts(), new CoverageFacts({ projectId: target.id, ownOrganization: true, work: [], redSiteCreation: false, qualityPlan: false })]
    const expected = Either.getOrThrow(coverageReport(portfolioColumns(projects, facts), policies.wenzhouRedSite2022, isoDate("2023-12-31"), { groupBy: ["district", "phase"], targetYear: 2023 }))
    for (const role of ROLES) {
      const r = await call("GET", path, role)
      expect(r.status, role).toBe(200)
      expect(r.json.totals).toEqual(JSON.parse(JSON.stringify(expected.totals)))
      expect(r.json.groups.map((g: any) => g.by)).toEqual(["district", "phase"])
      expect(r.json.targets.progress._tag).toBe("Settled")
    }
    expect((await call("GET", "/coverage/report?policyId=national&date=2023-12-31&groupBy=color", "viewer")).status).toBe(400)
    expect((await call("GET", "/coverage/report?policyId=nowhere&date=2023-12-31", "viewer")).status).toBe(404)
  })

  it("round-trips through the typed client", async () => {
    const report = await Effect.runPromise(Effect.gen(function*() {
      const client = yield* makeClient(server.url, tokenOf("analyst"))
      return yield* client.coverage.report({ urlParams: { policyId: "fuding-site-2020", date: isoDate("2021-06-30"), groupBy: ["district"] } })
    }))
    expect(report).toBeInstanceOf(CoverageReport)
    expect(report.totals.projects).toBe(projects.length)
  })
})

describe("simulation", () => {
  const compare = { policyIds: ["fuding-site-2020", "fuding-30m"], date: "2021-06-30", portfolio: { source: "synthetic", size: 2000, seed: 3 } }

  it("compares a reform with its base on a synthetic portfolio (analysts and administrators only)", async () => {
    const reform = await call("POST", "/policies/reforms", "analyst", { base: "fuding-site-2020", id: "fuding-30m", parameters: { costThresholdYuan: 30_000_000 } })
    expect(reform.status).toBe(201)
    const r = await call("POST", "/simulation/compare", "analyst", compare)
    expect(r.status).toBe(200)
    expect(r.json.deltas[0].required).toBeGreaterThan(0)
    expect(r.json.changes[0].parameters[0].key).toBe("costThresholdYuan")
    for (const role of ["viewer", "secretary"] as const) expect((await call("POST", "/simulation/compare", role, compare)).status).toBe(403)
    const stored = await call("POST", "/simulation/compare", "administrator", { ...compare, portfolio: { source: "stored" } })
    expect(stored.json.outcomes[0].totals.projects).toBe(projects.length)
  })

  it("sweeps a parameter, and rejects one the policy lacks or a portfolio too large", async () => {
    const ok = await call("POST", "/simulation/sweep", "analyst", { policyId: "fuding-site-2020", parameter: "costThresholdYuan", values: [3e7, 5e7, 8e7], date: "2021-06-30", portfolio: { source: "synthetic", size: 2000 } })
    expect(ok.status).toBe(200)
    expect(ok.json.map((r: any) => r.value)).toEqual([3e7, 5e7, 8e7])
    expect(ok.json[0].required).toBeGreaterThanOrEqual(ok.json[2].required)
    const unknown = await call("POST", "/simulation/sweep", "analyst", { policyId: "fuding-site-2020", parameter: "noSuch", values: [1], date: "2021-06-30", portfolio: { source: "stored" } })
    expect(unknown.status).toBe(400)
    const huge = await call("POST", "/simulation/sweep", "analyst", { policyId: "fuding-site-2020", parameter: "costThresholdYuan", values: [1], date: "2021-06-30", portfolio: { source: "synthetic", size: 5_000_000 } })
    expect(huge.status).toBe(400)
  })
})

// last: it adds a project to the stored portfolio
describe("coverage facts not recorded yet", () => {
  it("of a project, written with If-Match before any are recorded, are a 409 saying so, not a 404 of the project (issue 15)", async () => {
    const other = { id: "facts-none-yet" }
    expect((await call("POST", "/projects", "administrator", projectJson(other.id))).status).toBe(201)
    const r = await call("PUT", `/projects/${other.id}/coverage/facts`, "administrator", { ownOrganization: true }, { "if-match": '"1"' })
    expect([r.status, r.json.code]).toEqual([409, "version.stale"])
    expect(r.json.message).toContain("without If-Match")
    expect((await call("PUT", `/projects/${other.id}/coverage/facts`, "administrator", { ownOrganization: true })).status).toBe(200)
  })
})

describe("a site covered by a joint organization (issue 14 item 7)", () => {
  it("is recorded with jointOrganization and explained as organizational coverage, not a gap (seed-003 §三 3; seed-000 §二(二))", async () => {
    // the one-year Shanghai site with too few members: its members join a joint branch serving it, and keep the instructor
    const read = await call("GET", "/projects/sh-year/coverage/facts", "viewer")
    const put = await call("PUT", "/projects/sh-year/coverage/facts", "administrator", { ownOrganization: false, jointOrganization: true, work: ["instructor"] },
      read.status === 200 ? { "if-match": read.headers.get("etag")! } : {})
    expect(put.status).toBe(200)
    expect(put.json.facts).toMatchObject({ ownOrganization: false, jointOrganization: true, work: ["instructor"] })
    expect((await call("GET", "/projects/sh-year/coverage/facts", "viewer")).json.facts.jointOrganization).toBe(true)
    const explained = await call("GET", "/projects/sh-year/coverage?policyId=shanghai-site&date=2021-06-30", "analyst")
    expect(explained.json).toMatchObject({ status: "organizational", ownOrganization: false, jointOrganization: true, required: { _tag: "Settled", value: "required" } })
    expect(explained.json.gapReason).toBeUndefined()
  })
})
