import { Project, seedScenarios } from "@redsite/core"
import { Effect, Schema } from "effect"
import fc from "fast-check"
import { Agent, request as httpRequest } from "node:http"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Role } from "@redsite/client"
import { makeClient } from "@redsite/client"
import type { RunningServer } from "./server.js"
import { ROLES, caller, startTestServer, tokenOf } from "./testServer.js"

let server: RunningServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server.close()
})

const scenario = seedScenarios.find((s) => s.id === "fuding-at-threshold")!
const projectJson = Schema.encodeSync(Project)(scenario.project)

const call = caller(() => server)

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
    expect(r.json).toMatchObject({ _tag: "InvalidInput", code: "request.invalid" })
    const paths = (r.json!.issues as Array<{ path: string }>).map((i) => i.path)
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

  it("records a reform in the audit log, by whom, once", async () => {
    const created = await call("POST", "/policies/reforms", "analyst", { base: "fuding-site-2020", id: "audited-30m", parameters: { costThresholdYuan: 30_000_000 } })
    expect(created.status).toBe(201)
    const log = await call("GET", "/audit?limit=500", "administrator")
    const entries = log.json.filter((e: any) => e.resource === "policy" && e.resourceId === "audited-30m")
    expect(entries).toMatchObject([{ action: "create", principalId: "analyst", role: "analyst", afterVersion: 1 }])
    // and it is served like the catalogue's policies
    expect((await call("GET", "/policies/audited-30m", "viewer")).status).toBe(200)
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

describe("CORS", () => {
  it("sends no CORS headers unless origins are configured, and only for those origins", async () => {
    const plain = await fetch(`${server.url}/health`, { headers: { origin: "https://elsewhere.example" } })
    expect(plain.headers.get("access-control-allow-origin")).toBeNull()
    const open = await startTestServer({ corsOrigins: ["https://ui.example"] })
    try {
      const ok = await fetch(`${open.url}/health`, { headers: { origin: "https://ui.example" } })
      expect(ok.headers.get("access-control-allow-origin")).toBe("https://ui.example")
      const other = await fetch(`${open.url}/health`, { headers: { origin: "https://elsewhere.example" } })
      expect(other.headers.get("access-control-allow-origin")).not.toBe("https://elsewhere.example")
    } finally {
      await open.close()
    }
  })
})

describe("graceful shutdown", () => {
  it("finishes a request in flight, then refuses new connections", async () => {
    const s = await startTestServer()
    const { hostname, port } = new URL(s.url)
    const body = JSON.stringify({ project: projectJson, policyId: scenario.policyId, date: scenario.date })
    const half = Math.floor(body.length / 2)
    // Send the headers and half the body, start closing, then send the rest: the answer must still come.
    const answer = new Promise<string>((resolve, reject) => {
      const req = httpRequest({
        host: hostname, port: Number(port), method: "POST", path: "/setup/evaluate",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${tokenOf("viewer")}` }
      }, (res) => {
        let text = ""
        res.setEncoding("utf8")
        res.on("data", (c: string) => (text += c))
        res.on("end", () => resolve(`${res.statusCode} ${text}`))
      })
      req.on("error", reject)
      req.write(body.slice(0, half))
      setTimeout(() => {
        closing = s.close()
        setTimeout(() => req.end(body.slice(half)), 100)
      }, 100)
    })
    let closing: Promise<void> | undefined
    const text = await answer
    expect(text.startsWith("200 ")).toBe(true)
    expect(JSON.parse(text.slice(4)).projectId).toBe(scenario.project.id)
    await closing
    await expect(fetch(`${s.url}/health`)).rejects.toThrow()
  })
})

describe("shutdown (issue 15: stop accepting, finish what is in flight, close every socket)", () => {
  /**
   * A request sent on a keep-alive connection with `Expect: 100-continue`: `started` resolves once the server
   * has taken the request (it sends 100 Continue as it does), then ten bytes of the body are written, and the
   * rest when `release` is called.
   */
  const held = (s: RunningServer, agent: Agent, body: string) => {
    const { hostname, port } = new URL(s.url)
    let release = () => {}
    let started = () => {}
    const taken = new Promise<void>((resolve) => (started = resolve))
    const answer = new Promise<{ status: number; connection: string | undefined; json: any }>((resolve, reject) => {
      const req = httpRequest({
        host: hostname, port: Number(port), method: "POST", path: "/setup/evaluate", agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), expect: "100-continue", authorization: `Bearer ${tokenOf("viewer")}` }
      }, (res) => {
        let text = ""
        res.setEncoding("utf8")
        res.on("data", (c: string) => (text += c))
        res.on("end", () => resolve({ status: res.statusCode!, connection: res.headers.connection, json: JSON.parse(text) }))
      })
      req.on("error", reject)
      req.on("continue", () => req.write(body.slice(0, 10), () => started()))
      req.flushHeaders()
      release = () => req.end(body.slice(10))
    })
    return { answer, taken, release: () => release() }
  }

  it("lets the request in flight finish (its connection then closing), closes idle connections and refuses new ones", async () => {
    const s = await startTestServer()
    const agent = new Agent({ keepAlive: true })
    try {
      // an idle keep-alive connection, left by an earlier request: closed at once, so it does not hold the shutdown
      const { hostname, port } = new URL(s.url)
      let idleClosed: Promise<void> | undefined
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest({ host: hostname, port: Number(port), path: "/health", agent }, (res) => {
          res.resume()
          res.on("end", () => resolve())
        })
        req.on("socket", (socket) => (idleClosed = new Promise((closed) => socket.once("close", () => closed()))))
        req.on("error", reject).end()
      })
      expect(idleClosed).toBeDefined()
      const inFlight = held(s, new Agent({ keepAlive: true }), JSON.stringify({ project: projectJson, policyId: scenario.policyId, date: scenario.date }))
      await inFlight.taken
      const closing = s.close()
      await idleClosed
      await expect(fetch(`${s.url}/health`)).rejects.toThrow()
      inFlight.release()
      const done = await inFlight.answer
      expect([done.status, done.connection, done.json.projectId]).toEqual([200, "close", scenario.project.id])
      await closing
    } finally {
      agent.destroy()
    }
  })

  it("closes a connection whose request never completes once the grace period is over, and resolves", async () => {
    const s = await startTestServer({ shutdownGraceMs: 200 })
    const agent = new Agent({ keepAlive: true })
    const stuck = held(s, agent, JSON.stringify({ project: projectJson, policyId: scenario.policyId, date: scenario.date }))
    const outcome = stuck.answer.then((a) => `answered ${a.status}`, () => "connection closed")
    await stuck.taken
    await s.close()
    expect(await outcome).toBe("connection closed")
    agent.destroy()
  })
})
