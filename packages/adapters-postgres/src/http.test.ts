/**
 * Two HTTP server processes (`pnpm start --postgres …`, the adapters-http CLI) on one PostgreSQL database,
 * written through both at once.
 */
import { Project, seedScenarios } from "@redsite/core"
import { Schema } from "effect"
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { freshDatabases } from "./testing/fresh.js"
import type { FreshDatabases } from "./testing/fresh.js"

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, "..", "..", "..")
const cli = join(root, "packages", "adapters-http", "src", "cli.ts")
const TOKEN = "admin-two-servers-token"

let dbs: FreshDatabases
const servers: Array<ChildProcess> = []
beforeAll(async () => {
  dbs = await freshDatabases()
}, 120_000)
afterAll(async () => {
  for (const s of servers) {
    if (s.exitCode === null) {
      s.kill("SIGTERM")
      await new Promise((r) => s.once("exit", r))
    }
  }
  await dbs?.stop()
}, 60_000)

/** Starts the CLI on the database and resolves with the URL it listens at. */
const start = (url: string) =>
  new Promise<string>((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", cli, "--postgres", url, "--port", "0"], {
      cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, REDSITE_ADMIN_TOKEN: TOKEN }
    })
    servers.push(p)
    let out = ""
    let err = ""
    p.stdout!.on("data", (d) => {
      out += String(d)
      const m = /listening at (http:\/\/\S+)/.exec(out)
      if (m) resolve(m[1]!)
    })
    p.stderr!.on("data", (d) => (err += String(d)))
    p.on("exit", (code) => reject(new Error(`server exited (${code}): ${out} ${err}`)))
  })

const call = async (base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const r = await fetch(`${base}${path}`, {
    method, headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await r.text()
  return { status: r.status, json: text === "" ? undefined : JSON.parse(text) }
}

const encode = Schema.encodeSync(Project)
const projectBody = (id: string, name: string) => ({ ...encode(seedScenarios[0]!.project), id, name })

describe("two HTTP server processes on one PostgreSQL database", () => {
  it("50 concurrent conflicting writes through both: exactly one wins per version, no lost update, the audit complete", async () => {
    const url = await dbs.fresh()
    const a = await start(url)
    const b = await start(url)
    const both = [a, b]

    // 50 writes based on version 1, alternating servers: one 200, 49 × 409
    expect((await call(a, "POST", "/projects", projectBody("two-servers", "v1"))).status).toBe(201)
    const writes = await Promise.all(Array.from({ length: 50 }, (_, k) =>
      call(both[k % 2]!, "PUT", "/projects/two-servers", projectBody("two-servers", `writer ${k}`), { "if-match": `"1"` })))
    const statuses = writes.map((w) => w.status).sort()
    expect(statuses).toEqual([200, ...Array(49).fill(409)])
    const winner = writes.findIndex((w) => w.status === 200)
    for (const base of both) {
      const got = await call(base, "GET", "/projects/two-servers")
      expect([got.json.version, got.json.project.name]).toEqual([2, `writer ${winner}`])
    }

    // 12 writers each adding 1 through either server, retrying on 409: every increment kept
    expect((await call(b, "POST", "/projects", projectBody("counter", "0"))).status).toBe(201)
    const writers = 12
    await Promise.all(Array.from({ length: writers }, async (_, k) => {
      const base = both[k % 2]!
      for (;;) {
        const cur = await call(base, "GET", "/projects/counter")
        const next = await call(base, "PUT", "/projects/counter", { ...cur.json.project, name: String(Number(cur.json.project.name) + 1) }, { "if-match": `"${cur.json.version}"` })
        if (next.status === 200) return
        expect(next.status).toBe(409)
      }
    }))
    for (const base of both) {
      const got = await call(base, "GET", "/projects/counter")
      expect([got.json.project.name, got.json.version]).toEqual([String(writers), writers + 1])
    }

    // the audit, read through either server: one entry per accepted write, versions in commit order
    const audit = (await call(b, "GET", "/audit?after=0&limit=500")).json as Array<{ resourceId: string; action: string; afterVersion?: number }>
    expect(audit.filter((e) => e.resourceId === "two-servers").map((e) => [e.action, e.afterVersion])).toEqual([["create", 1], ["replace", 2]])
    expect(audit.filter((e) => e.resourceId === "counter" && e.action === "replace").map((e) => e.afterVersion))
      .toEqual(Array.from({ length: writers }, (_, k) => k + 2))
  }, 120_000)
})
