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
import pg from "pg"
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

/** Starts the CLI on the database and resolves with the URL it listens at (and, through `said`, what it printed). */
const start = (url: string, said?: (out: string) => void) =>
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
      said?.(out)
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

  it("three servers starting at once on one new database: all start, the demo is seeded once", async () => {
    const url = await dbs.fresh()
    // the race made certain: the audit table is locked until all three servers wait for it (their first look
    // at whether the store is new), then released, so that all three find the store new at once
    const gate = new pg.Client({ connectionString: url })
    await gate.connect()
    await gate.query("BEGIN")
    await gate.query("LOCK TABLE audit IN ACCESS EXCLUSIVE MODE")
    const printed = ["", "", ""]
    const starting = Promise.all(printed.map((_, k) => start(url, (out) => (printed[k] = out))))
    starting.catch(() => {}) // awaited below; a server that exits fails the test there
    // watched from another connection (pg_stat_activity is a snapshot within the gate's transaction)
    const watch = new pg.Client({ connectionString: url })
    await watch.connect()
    const waiting = async () => Number((await watch.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rows[0]!.n)
    await expect.poll(waiting, { timeout: 100_000, interval: 200 }).toBeGreaterThanOrEqual(3)
    await watch.end()
    await gate.query("COMMIT")
    await gate.end()
    const bases = await starting
    // each server's store line is printed after its listening line: wait for all three
    await expect.poll(() => printed.every((out) => /store: /.test(out)), { timeout: 10_000 }).toBe(true)
    const seeders = printed.filter((out) => /new: seeded with/.test(out)).length
    expect(seeders).toBeGreaterThanOrEqual(1)

    const projects = (await call(bases[0]!, "GET", "/projects?limit=500")).json.items as Array<{ id?: string; project?: { id: string } }>
    const ids = projects.map((p) => p.project?.id ?? p.id)
    const demo = [...new Set(seedScenarios.map((s) => s.project.id))]
    expect([...ids].sort()).toEqual([...demo].sort())
    // one create per demo project and one structure append in the audit, read through every server
    for (const base of bases) {
      const audit = (await call(base, "GET", "/audit?after=0&limit=500")).json as Array<{ resource: string; resourceId: string; action: string }>
      const creates = audit.filter((e) => e.resource === "project" && e.action === "create").map((e) => e.resourceId)
      expect([...creates].sort()).toEqual([...demo].sort())
      expect(audit.filter((e) => e.resource === "structure").length).toBe(1)
    }
  }, 180_000)
})
