import { Project, seedScenarios } from "@redsite/core"
import { Effect, Schema } from "effect"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Principal, hashToken } from "./auth.js"
import type { Role } from "./auth.js"
import { makeClient } from "./client.js"
import { startServer } from "./server.js"
import type { RunningServer } from "./server.js"

const ROLES: ReadonlyArray<Role> = ["administrator", "secretary", "viewer", "analyst"]
const tokenOf = (role: Role) => `token-${role}`
let server: RunningServer

beforeAll(async () => {
  server = await startServer({
    port: 0,
    maxBodyBytes: 64 * 1024,
    tokens: ROLES.map((role) => ({
      sha256: hashToken(tokenOf(role)),
      principal: new Principal({ id: role, role, ...(role === "secretary" ? { organizationId: "org-1" } : {}) })
    }))
  })
})
afterAll(async () => {
  await server.close()
})

const scenario = seedScenarios.find((s) => s.id === "fuding-at-threshold")!
const projectJson = Schema.encodeSync(Project)(scenario.project)

const call = async (method: string, path: string, role: Role | undefined, body?: unknown) => {
  const headers: Record<string, string> = { "content-type": "application/json" }
  if (role !== undefined) headers.authorization = `Bearer ${tokenOf(role)}`
  const res = await fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }) })
  const text = await res.text()
  return { status: res.status, json: text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>) }
}

let reformCount = 0
const endpoints = [
  { name: "health", method: "GET", path: () => "/health", allowed: ROLES, anonymous: 200 },
  { name: "policies.list", method: "GET", path: () => "/policies", allowed: ROLES, anonymous: 401 },
  { name: "policies.get", method: "GET", path: () => "/policies/national", allowed: ROLES, anonymous: 401 },
  {
    name: "policies.reform", method: "POST", path: () => "/policies/reforms", allowed: ["administrator", "analyst"] as ReadonlyArray<Role>, anonymous: 401,
    body: () => ({ base: "fuding-site-2020", id: `matrix-${++reformCount}`, parameters: { costThresholdYuan: 30_000_000 } })
  },
  {
    name: "setup.evaluate", method: "POST", path: () => "/setup/evaluate", allowed: ROLES, anonymous: 401,
    body: () => ({ project: projectJson, policyId: scenario.policyId, date: scenario.date })
  },
  {
    name: "setup.compare", method: "POST", path: () => "/setup/compare", allowed: ROLES, anonymous: 401,
    body: () => ({ project: projectJson, policyIds: ["fuding-site-2020", "national"], date: scenario.date })
  }
] as const

describe("authorization matrix (role × endpoint)", () => {
  for (const e of endpoints) {
    for (const role of [...ROLES, undefined]) {
      it(`${e.name} as ${role ?? "anonymous"}`, async () => {
        const r = await call(e.method, e.path(), role, "body" in e ? e.body() : undefined)
        if (role === undefined) expect(r.status).toBe(e.anonymous)
        else if ((e.allowed as ReadonlyArray<Role>).includes(role)) expect(r.status).toBeLessThan(300)
        else {
          expect(r.status).toBe(403)
          expect(r.json).toMatchObject({ _tag: "Forbidden", code: "forbidden" })
        }
      })
    }
  }
})

describe("responses", () => {
  it("serves the OpenAPI document and a docs page", async () => {
    const doc = await (await fetch(`${server.url}/openapi.json`)).json() as { paths: Record<string, unknown> }
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/policies", "/policies/{id}", "/setup/evaluate", "/setup/compare"]))
    expect((await fetch(`${server.url}/docs`)).status).toBe(200)
  })

  it("evaluates a setup with cited reasons", async () => {
    const r = await call("POST", "/setup/evaluate", "viewer", { project: projectJson, policyId: "fuding-site-2020", date: scenario.date })
    expect(r.status).toBe(200)
    const req = r.json!.requirement as { value: string; reasons: Array<{ ruleId: string }> }
    expect(req.value).toBe("required")
    expect(req.reasons[0]!.ruleId).toBe("fuding-site-2020.requirement")
  })

  it("answers schema errors with 400 and the path of every bad field", async () => {
    const r = await call("POST", "/setup/evaluate", "viewer", { project: { ...projectJson, costYuan: -1, phase: "x" }, policyId: "national", date: "2020-02-30" })
    expect(r.status).toBe(400)
    const paths = (r.json!.issues as Array<{ path: Array<string | number> }>).map((i) => i.path.join("."))
    expect(paths).toEqual(expect.arrayContaining(["project.costYuan", "project.phase", "date"]))
  })

  it("answers unknown ids with 404, invalid reforms with 400, oversized bodies with 413", async () => {
    expect((await call("GET", "/policies/nope", "viewer")).status).toBe(404)
    const bad = await call("POST", "/policies/reforms", "analyst", { base: "national", id: "bad-1", parameters: { nope: 1 } })
    expect(bad.status).toBe(400)
    expect(bad.json).toMatchObject({ _tag: "InvalidInput", issues: [{ path: "parameters.nope" }] })
    const big = await call("POST", "/setup/evaluate", "viewer", "x".repeat(100 * 1024))
    expect(big.status).toBe(413)
    expect(big.json).toMatchObject({ code: "payload_too_large" })
  })

  it("of two concurrent reforms with the same id, exactly one wins and the other gets 409", async () => {
    const body = { base: "national", id: "race", parameters: { branchMinFullMembers: 5 } }
    const results = await Promise.all([call("POST", "/policies/reforms", "administrator", body), call("POST", "/policies/reforms", "analyst", body)])
    expect(results.map((r) => r.status).sort()).toEqual([201, 409])
  })
})

describe("robustness", () => {
  const count = async () => ((await call("GET", "/policies", "viewer")).json as unknown as Array<unknown>).length

  it("no 5xx and no state change for arbitrary request bodies", async () => {
    const before = await count()
    await fc.assert(fc.asyncProperty(
      fc.constantFrom("/setup/evaluate", "/setup/compare", "/policies/reforms"),
      fc.oneof(fc.json(), fc.string(), fc.anything().map((x) => { try { return JSON.stringify(x) ?? "null" } catch { return "null" } })),
      async (path, body) => {
        const r = await call("POST", path, "viewer", body)
        expect(r.status).toBeLessThan(500)
      }
    ), { numRuns: 150 })
    expect(await count()).toBe(before)
  })

  it("no 5xx for arbitrary paths and query strings", async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom("/policies", "/policies/", "/health", "/setup/evaluate"),
      fc.webQueryParameters(),
      fc.webSegment(),
      async (base, query, segment) => {
        const r = await fetch(`${server.url}${base}${segment}?${query}`, { headers: { authorization: `Bearer ${tokenOf("viewer")}` } })
        await r.arrayBuffer()
        expect(r.status).toBeLessThan(500)
      }
    ), { numRuns: 150 })
  })
})

describe("typed client", () => {
  it("round-trips policies and setup evaluation", async () => {
    const program = Effect.gen(function*() {
      const client = yield* makeClient(server.url, tokenOf("analyst"))
      const list = yield* client.policies.list()
      const one = yield* client.policies.get({ path: { id: "wenzhou-red-site-2022" } })
      const decision = yield* client.setup.evaluate({ payload: { project: scenario.project, policyId: scenario.policyId, date: scenario.date } })
      const created = yield* client.policies.reform({ payload: { base: "wenzhou-red-site-2022", id: "wz-55", parameters: { creatingShare2022: 0.55 } } })
      const missing = yield* Effect.flip(client.policies.get({ path: { id: "absent" } }))
      return { list, one, decision, created, missing }
    })
    const r = await Effect.runPromise(program)
    expect(r.list.length).toBeGreaterThanOrEqual(7)
    expect(r.one.id).toBe("wenzhou-red-site-2022")
    expect(r.decision.projectId).toBe(scenario.project.id)
    expect(r.created.parameters.find((p) => p.key === "creatingShare2022")!.value).toBe(0.55)
    expect(r.missing._tag).toBe("NotFound")
  })
})
