import { RedsiteStore, openConnection } from "@redsite/adapters-sqlite"
import {
  CoverageFacts, CoverageReport, Phases, Project, SetupDecision, catalogue, coverageReport, evaluateSetup, isoDate, makeProject, portfolioColumns, reform, seedScenarios
} from "@redsite/core"
import type { Policy, StoragePort } from "@redsite/core"
import { Context, Effect, Either, Layer, Schema } from "effect"
import fc from "fast-check"
import { execFileSync } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterEach, describe, expect, it } from "vitest"
import { revisionCache } from "./derived.js"
import { seededStore } from "./demo.js"
import { StoreMemory } from "./memoryStore.js"
import type { RunningServer } from "./server.js"
import { StoreSqlite } from "./sqliteStore.js"
import { Store } from "./store.js"
import { caller, startTestServer, tempDatabase } from "./testServer.js"

describe("a revision cache", () => {
  it("answers only for the revision it was given, and drops every value of an older one", () => {
    const c = revisionCache<number>(4)
    expect(c.get("1", "a")).toBeUndefined()
    c.set("1", "a", 1)
    c.set("1", "b", 2)
    expect(c.get("1", "a")).toBe(1)
    expect(c.get("2", "a")).toBeUndefined()
    c.set("2", "b", 3)
    expect(c.get("2", "a")).toBeUndefined()
    expect(c.get("2", "b")).toBe(3)
    expect(c.get("1", "b")).toBeUndefined()
  })

  it("keeps at most its capacity, dropping the least recently used", () => {
    const c = revisionCache<string>(2)
    c.set("r", "a", "A")
    c.set("r", "b", "B")
    expect(c.get("r", "a")).toBe("A") // a is now the most recent
    c.set("r", "c", "C")
    expect(c.get("r", "b")).toBeUndefined()
    expect(c.get("r", "a")).toBe("A")
    expect(c.get("r", "c")).toBe("C")
  })
})

const encodeProject = Schema.encodeSync(Project)
const encodeReport = Schema.encodeSync(CoverageReport)

/** A small project of the given district, cost and full members. */
const projectOf = (id: string, district: string, costYuan: number, full: number, phase: (typeof Phases.values)[number] = "construction") =>
  makeProject({
    id, name: `项目 ${id}`, kind: "building", costYuan, plannedStart: "2021-01-01", plannedEnd: "2023-06-30", major: false, district, phase,
    units: [{ id: "gc", name: "总包单位", role: "generalContractor", ownership: "stateOwned", hasOrganization: true, members: { full } }]
  })

const DISTRICTS = ["福鼎市", "温州市", "浦东新区"]
const initial = [projectOf("a-1", "福鼎市", 60_000_000, 3), projectOf("a-2", "温州市", 20_000_000, 0), projectOf("a-3", "浦东新区", 90_000_000, 12, "preparation")]

const stores: ReadonlyArray<{ readonly name: string; readonly make: () => Layer.Layer<Store, unknown> }> = [
  { name: "memory", make: () => StoreMemory },
  { name: "sqlite", make: () => StoreSqlite(tempDatabase()) }
]

let running: Array<RunningServer> = []
afterEach(async () => {
  await Promise.all(running.map((s) => s.close()))
  running = []
})
const start = async (store: Layer.Layer<Store, unknown>) => {
  const server = await startTestServer({ store: seededStore(store, initial, [], []) })
  running.push(server)
  return { server, call: caller(() => server) }
}

/** The report as the core computes it from the given rows, in the JSON the API sends. */
const expected = (
  projects: ReadonlyArray<Project>, facts: ReadonlyArray<CoverageFacts>, policy: Policy, date: string,
  q: { readonly groupBy?: ReadonlyArray<"district" | "phase">; readonly district?: string; readonly targetYear?: number }, extra: ReadonlyArray<Policy> = []
) => {
  const rows = [...projects].filter((p) => q.district === undefined || p.district === q.district).sort((a, b) => (a.id < b.id ? -1 : 1))
  const report = Either.getOrThrow(coverageReport(portfolioColumns(rows, facts), policy, isoDate(date), {
    groupBy: q.groupBy ?? [],
    ...(q.targetYear === undefined ? {} : { targetYear: q.targetYear })
  }, extra))
  return JSON.parse(JSON.stringify(encodeReport(report)))
}

const REPORT = "/coverage/report?policyId=fuding-site-2020&date=2021-06-30&groupBy=district"
const fuding = catalogue.find((p) => p.id === "fuding-site-2020")!
let reforms = 0

describe.each(stores)("derived data on the $name store", ({ make }) => {
  it("changes its revision with every write, and a write between two reports changes the second", async () => {
    const { call } = await start(make())
    const before = await call("GET", REPORT, "viewer")
    expect(before.status).toBe(200)
    expect(before.headers.get("content-type")).toBe("application/json")
    expect(before.json).toEqual(expected(initial, [], fuding, "2021-06-30", { groupBy: ["district"] }))
    // the same question at the same revision: the same answer, byte for byte
    const again = await fetch(`${running[0]!.url}${REPORT}`, { headers: { authorization: "Bearer token-analyst" } })
    expect(JSON.parse(await again.text())).toEqual(before.json)

    const facts = new CoverageFacts({ projectId: "a-1", ownOrganization: true, work: [], redSiteCreation: false, qualityPlan: false })
    expect((await call("PUT", "/projects/a-1/coverage/facts", "administrator", { ownOrganization: true })).status).toBe(200)
    const after = await call("GET", REPORT, "viewer")
    expect(after.json).not.toEqual(before.json)
    expect(after.json).toEqual(expected(initial, [facts], fuding, "2021-06-30", { groupBy: ["district"] }))

    const added = projectOf("a-4", "福鼎市", 70_000_000, 5)
    expect((await call("POST", "/projects", "administrator", encodeProject(added))).status).toBe(201)
    expect((await call("GET", REPORT, "viewer")).json).toEqual(expected([...initial, added], [facts], fuding, "2021-06-30", { groupBy: ["district"] }))
    expect((await call("DELETE", "/projects/a-4", "administrator", undefined, { "if-match": '"1"' })).status).toBe(204)
    expect((await call("GET", REPORT, "viewer")).json).toEqual(after.json)
  })

  it("sees a reform as soon as it is stored, in reports and setup evaluations", async () => {
    const { call } = await start(make())
    const path = "/coverage/report?policyId=fuding-10m&date=2021-06-30"
    expect((await call("GET", path, "viewer")).status).toBe(404)
    const evaluate = { project: encodeProject(initial[1]!), policyId: "fuding-10m", date: "2021-06-30" }
    expect((await call("POST", "/setup/evaluate", "analyst", evaluate)).status).toBe(404)
    const body = { base: "fuding-site-2020", id: "fuding-10m", parameters: { costThresholdYuan: 10_000_000 } }
    expect((await call("POST", "/policies/reforms", "analyst", body)).status).toBe(201)
    const derived = Either.getOrThrow(reform(fuding, { id: "fuding-10m", parameters: { costThresholdYuan: 10_000_000 } }))
    const r = await call("GET", path, "viewer")
    expect(r.status).toBe(200)
    expect(r.json).toEqual(expected(initial, [], derived, "2021-06-30", {}, [derived]))
    expect((await call("POST", "/setup/evaluate", "analyst", evaluate)).status).toBe(200)
  })

  it("decides a setup as the core does, with kept resolutions, for catalogue policies and reforms of reforms (property)", async () => {
    const { call } = await start(make())
    const first = { base: "fuding-site-2020", id: "r-1", parameters: { costThresholdYuan: 10_000_000 } }
    const second = { base: "r-1", id: "r-2", parameters: { costThresholdYuan: 90_000_000 } }
    for (const body of [first, second]) expect((await call("POST", "/policies/reforms", "analyst", body)).status).toBe(201)
    const r1 = Either.getOrThrow(reform(fuding, { id: "r-1", parameters: first.parameters }))
    const r2 = Either.getOrThrow(reform(r1, { id: "r-2", parameters: second.parameters }, [r1]))
    const all = [...catalogue, r1, r2]
    const encodeDecision = Schema.encodeSync(SetupDecision)
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...seedScenarios), fc.constantFrom(...all.map((p) => p.id)), fc.boolean(),
      async (scenario, policyId, addReform) => {
        if (addReform) {
          // a write between evaluations: a new revision, a new list of policies, resolutions made again
          expect((await call("POST", "/policies/reforms", "analyst", { base: "national", id: `x-${++reforms}`, parameters: {} })).status).toBe(201)
        }
        const policy = all.find((p) => p.id === policyId)!
        const want = evaluateSetup(scenario.project, policy, scenario.date, all)
        const r = await call("POST", "/setup/evaluate", "analyst", { project: encodeProject(scenario.project), policyId, date: scenario.date })
        if (Either.isLeft(want)) expect(r.status).toBe(400)
        else expect(r.json).toEqual(JSON.parse(JSON.stringify(encodeDecision(want.right))))
      }
    ), { numRuns: 25 })
  }, 60_000)

  it("checks the role before any cached report", async () => {
    const { call } = await start(make())
    expect((await call("GET", REPORT, "viewer")).status).toBe(200)
    expect((await call("GET", REPORT, undefined)).status).toBe(401)
    const forged = await fetch(`${running[0]!.url}${REPORT}`, { headers: { authorization: "Bearer token-nobody" } })
    expect(forged.status).toBe(401)
  })

  it("agrees with the core's report after any interleaving of writes and reads (property)", async () => {
    const { call } = await start(make())
    const projects = new Map(initial.map((p) => [p.id, { project: p, version: 1 }]))
    const facts = new Map<string, { facts: CoverageFacts; version: number }>()
    let serial = 0
    type Op =
      | { readonly kind: "facts"; readonly pick: number; readonly own: boolean; readonly redSite: boolean }
      | { readonly kind: "create"; readonly district: number; readonly cost: number; readonly full: number }
      | { readonly kind: "delete"; readonly pick: number }
      | { readonly kind: "read"; readonly policy: number; readonly district: number; readonly group: boolean; readonly year: boolean }
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant("facts" as const), pick: fc.nat(), own: fc.boolean(), redSite: fc.boolean() }),
      fc.record({ kind: fc.constant("create" as const), district: fc.nat(DISTRICTS.length - 1), cost: fc.integer({ min: 1, max: 200 }), full: fc.nat(20) }),
      fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant("read" as const), policy: fc.nat(2), district: fc.nat(DISTRICTS.length), group: fc.boolean(), year: fc.boolean() })
    )
    const policies = ["fuding-site-2020", "national", "wenzhou-red-site-2022"]
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
      for (const o of [...ops, { kind: "read", policy: 0, district: DISTRICTS.length, group: true, year: false } as const]) {
        const ids = [...projects.keys()].sort()
        if (o.kind === "facts" && ids.length > 0) {
          const id = ids[o.pick % ids.length]!
          const old = facts.get(id)
          const r = await call("PUT", `/projects/${id}/coverage/facts`, "administrator", { ownOrganization: o.own, redSiteCreation: o.redSite },
            old === undefined ? {} : { "if-match": `"${old.version}"` })
          expect(r.status).toBe(200)
          facts.set(id, { facts: new CoverageFacts({ projectId: id, ownOrganization: o.own, work: [], redSiteCreation: o.redSite, qualityPlan: false }), version: r.json.version })
        } else if (o.kind === "create") {
          const p = projectOf(`n-${++serial}`, DISTRICTS[o.district]!, o.cost * 1_000_000, o.full)
          expect((await call("POST", "/projects", "administrator", encodeProject(p))).status).toBe(201)
          projects.set(p.id, { project: p, version: 1 })
        } else if (o.kind === "delete" && ids.length > 0) {
          const id = ids[o.pick % ids.length]!
          expect((await call("DELETE", `/projects/${id}`, "administrator", undefined, { "if-match": `"${projects.get(id)!.version}"` })).status).toBe(204)
          projects.delete(id)
          facts.delete(id)
        } else if (o.kind === "read") {
          const district = DISTRICTS[o.district]
          const q = {
            ...(o.group ? { groupBy: ["district", "phase"] as const } : {}),
            ...(district === undefined ? {} : { district }),
            ...(o.year ? { targetYear: 2021 } : {})
          }
          const params = new URLSearchParams({ policyId: policies[o.policy]!, date: "2021-06-30" })
          if (o.group) params.set("groupBy", "district,phase")
          if (district !== undefined) params.set("district", district)
          if (o.year) params.set("targetYear", "2021")
          const r = await call("GET", `/coverage/report?${params}`, "analyst")
          expect(r.status).toBe(200)
          const policy = catalogue.find((p) => p.id === policies[o.policy])!
          expect(r.json).toEqual(expected([...projects.values()].map((p) => p.project), [...facts.values()].map((f) => f.facts), policy, "2021-06-30", q))
        }
      }
    }), { numRuns: 12 })
  }, 60_000)
})

describe("the revision of a SQLite store", () => {
  const here = dirname(fileURLToPath(import.meta.url))

  it("changes with this connection's writes and with another connection's commits", async () => {
    const path = tempDatabase()
    const revisionAt = (service: StoragePort) => Effect.runSync(service.revision)
    await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const ctx = yield* Layer.build(StoreSqlite(path))
      const service = Context.get(ctx, Store)
      const r0 = revisionAt(service)
      expect(revisionAt(service)).toBe(r0)
      yield* service.projects.create(initial[0]!, { principalId: "t", role: "administrator" })
      const r1 = revisionAt(service)
      expect(r1).not.toBe(r0)
      const other = new RedsiteStore(openConnection(path))
      other.coverage.create(new CoverageFacts({ projectId: "a-1", ownOrganization: true, work: [], redSiteCreation: false, qualityPlan: false }), { principalId: "o", role: "administrator" })
      other.db.close()
      expect(revisionAt(service)).not.toBe(r1)
    })))
  })

  it("never serves a report another process has made stale", async () => {
    const path = tempDatabase()
    const server = await startTestServer({ store: seededStore(StoreSqlite(path), initial, [], []) })
    running.push(server)
    const call = caller(() => server)
    const before = await call("GET", REPORT, "viewer")
    expect(before.json).toEqual(expected(initial, [], fuding, "2021-06-30", { groupBy: ["district"] }))
    expect((await call("GET", REPORT, "viewer")).json).toEqual(before.json)
    // another process edits the file behind the server's back, without going through the store (no audit entry)
    const made = new CoverageFacts({ projectId: "a-1", ownOrganization: true, work: [], redSiteCreation: false, qualityPlan: false })
    execFileSync(process.execPath, ["-e", `
      const db = require("better-sqlite3")(process.argv[1])
      db.prepare("INSERT INTO coverage_facts (project_id, version, body) VALUES ('a-1', 1, ?)").run(process.argv[2])
      db.close()`, path, JSON.stringify(Schema.encodeSync(CoverageFacts)(made))], { cwd: join(here, "../../adapters-sqlite") })
    const after = await call("GET", REPORT, "viewer")
    expect(after.json).not.toEqual(before.json)
    expect(after.json).toEqual(expected(initial, [made], fuding, "2021-06-30", { groupBy: ["district"] }))
  })
})
