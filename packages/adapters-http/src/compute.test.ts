/**
 * Simulations off the request thread (issue 15, item 3): a pool of workers with a concurrency limit, a
 * time budget and cancellation; `/health` answers while they run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { RunningServer } from "./server.js"
import { caller, startTestServer, tokenOf } from "./testServer.js"

/** A comparison that takes a while: four policies over a large synthetic portfolio. */
const heavy = (seed: number) => ({
  policyIds: ["national", "fuding-site-2020", "langshan-street", "shanghai-expo"],
  date: "2021-06-30",
  portfolio: { source: "synthetic", size: 600_000, seed }
})
const light = { policyIds: ["national", "fuding-site-2020"], date: "2021-06-30", portfolio: { source: "synthetic", size: 500, seed: 1 } }

let server: RunningServer
beforeAll(async () => {
  server = await startTestServer({ compute: { workers: 1, maxQueued: 0, budgetMs: 60_000 } })
})
afterAll(() => server.close())
const call = caller(() => server)

const post = (body: unknown, signal?: AbortSignal) =>
  fetch(`${server.url}/simulation/compare`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${tokenOf("analyst")}` },
    body: JSON.stringify(body),
    ...(signal === undefined ? {} : { signal })
  })

describe("the compute pool", () => {
  it("runs a simulation off the request thread: /health and other requests are answered before it finishes", async () => {
    const order: Array<string> = []
    const sim = post(heavy(1)).then(async (r) => (order.push(`simulation ${r.status}`), r.status))
    await new Promise((r) => setTimeout(r, 200))
    const health = await fetch(`${server.url}/health`)
    order.push(`health ${health.status}`)
    const policies = await call("GET", "/policies", "viewer")
    order.push(`policies ${policies.status}`)
    expect(await sim).toBe(200)
    expect(order).toEqual(["health 200", "policies 200", "simulation 200"])
  })

  it("answers 503 with Retry-After when the pool and its queue are full, naming the limit", async () => {
    const first = post(heavy(2))
    await new Promise((r) => setTimeout(r, 200))
    const second = await post(light)
    const body = (await second.json()) as any
    expect([second.status, body._tag, body.code, second.headers.get("retry-after")]).toEqual([503, "ServiceUnavailable", "compute.busy", "5"])
    expect(body.message).toContain("1 running, 0 waiting")
    expect((await first).status).toBe(200)
    // once the worker is free again, the same request is served
    expect((await post(light)).status).toBe(200)
  })

  it("stops a simulation whose client went away, freeing its worker for the next request", async () => {
    const abort = new AbortController()
    const gone = post(heavy(3), abort.signal).catch(() => "aborted")
    await new Promise((r) => setTimeout(r, 300))
    abort.abort()
    expect(await gone).toBe("aborted")
    // the worker computing for nobody was stopped: the pool (one worker, no queue) takes the next one
    let r = await post(light)
    for (let i = 0; i < 20 && r.status === 503; i++) {
      await new Promise((x) => setTimeout(x, 100))
      r = await post(light)
    }
    expect(r.status).toBe(200)
  })
})

describe("the time budget", () => {
  it("stops a simulation that outruns it and answers 503 compute.timeout with Retry-After", async () => {
    const s = await startTestServer({ compute: { workers: 1, maxQueued: 1, budgetMs: 50 } })
    try {
      const r = await fetch(`${s.url}/simulation/compare`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${tokenOf("analyst")}` },
        body: JSON.stringify(heavy(4))
      })
      const body = (await r.json()) as any
      expect([r.status, body.code, r.headers.get("retry-after")]).toEqual([503, "compute.timeout", "5"])
      expect(body.message).toContain("50 ms")
    } finally {
      await s.close()
    }
  })
})
