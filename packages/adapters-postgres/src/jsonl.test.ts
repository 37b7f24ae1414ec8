import { CoverageFacts, Member, Project, portfolioColumns, projectFromColumns, seedScenarios, syntheticPortfolio } from "@redsite/core"
import { Effect, Schema } from "effect"
import { spawn } from "node:child_process"
import { dirname, join } from "node:path"
import { Readable } from "node:stream"
import { fileURLToPath } from "node:url"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { importJsonl } from "./jsonl.js"
import { openPostgres } from "./open.js"
import type { PostgresStore } from "./open.js"
import { freshDatabases } from "./testing/fresh.js"
import type { FreshDatabases } from "./testing/fresh.js"

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, "..", "..", "..")
const dir = mkdtempSync(join(tmpdir(), "redsite-pg-import-"))
let dbs: FreshDatabases
const opened: Array<PostgresStore> = []
beforeAll(async () => {
  dbs = await freshDatabases()
}, 120_000)
afterAll(async () => {
  for (const s of opened) await s.close()
  await dbs?.stop()
  rmSync(dir, { recursive: true, force: true })
}, 60_000)

const run = <A, E>(e: Effect.Effect<A, E>) => Effect.runPromise(e)
const encode = Schema.encodeSync(Project)
const open = async () => {
  const s = await openPostgres(await dbs.fresh(), { max: 4 })
  opened.push(s)
  return s
}
const jsonl = (values: ReadonlyArray<unknown>) => Readable.from([values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join("\n") + "\n"])
const synthetic = (size: number, seed: number) => {
  const cols = syntheticPortfolio({ size, seed })
  return Array.from({ length: cols.size }, (_, i) => projectFromColumns(cols, i))
}
const count = async (s: PostgresStore, table: string) => Number((await s.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n)

describe("PostgreSQL import of JSON Lines through COPY", () => {
  it("writes every project in batches, read back equal through the port (text needing COPY's escapes included), one audit entry per batch", async () => {
    const s = await open()
    const odd = new Project({ ...seedScenarios[0]!.project, id: "z-odd", name: "tab\there, new\nline, back\\slash, \\N and 中文" })
    const projects = [...synthetic(25, 3), odd]
    const r = await importJsonl(s.pool, "projects", jsonl(projects.map((p) => encode(p))), { batchSize: 10 })
    expect([r.ok, r.committedRows, r.batches, r.issues]).toEqual([true, projects.length, 3, []])
    for (const p of projects) expect((await run(s.port.projects.get(p.id)))?.value).toEqual(p)
    const audit = (await run(s.port.audit(0, 100))).filter((a) => a.resource === "import:projects")
    expect(audit.map((a) => a.resourceId)).toEqual(["lines 1-10", "lines 11-20", "lines 21-26"])
  })

  it("stops at the first batch with a bad line: every bad line of it reported with its line and path, the batches before it kept, nothing of it", async () => {
    const s = await open()
    const projects = synthetic(12, 5).map((p) => encode(p))
    const lines: Array<unknown> = [...projects]
    lines[6] = "{not json"
    lines[8] = { ...projects[8] as object, costYuan: -1 }
    lines[9] = projects[2]
    const r = await importJsonl(s.pool, "projects", jsonl(lines), { batchSize: 5 })
    expect(r.ok).toBe(false)
    expect(r.committedRows).toBe(5)
    // line 10 repeats line 3's id, which batch 1 stored: twice in the input, and already in the database
    expect(r.issues.map((i) => [i.line, i.path])).toEqual([[7, ""], [9, "costYuan"], [10, "id"], [10, "id"]])
    expect(r.issues.filter((i) => i.line === 10).map((i) => i.message).sort()).toEqual([expect.stringMatching(/already exists in the database/), expect.stringMatching(/appears twice in the input/)])
    expect(await count(s, "projects")).toBe(5)
    expect(await count(s, "members")).toBe((synthetic(12, 5).slice(0, 5)).reduce((n, p) => n + p.members.length, 0))
  })

  it("atomic: one bad line and nothing at all is written; ids already stored are reported, or skipped and counted with skipExisting", async () => {
    const s = await open()
    const projects = synthetic(9, 7)
    const lines: Array<unknown> = projects.map((p) => encode(p))
    lines.push({ id: "broken" })
    const atomic = await importJsonl(s.pool, "projects", jsonl(lines), { batchSize: 3, atomic: true })
    expect([atomic.ok, atomic.committedRows, atomic.batches]).toEqual([false, 0, 0])
    expect(await count(s, "projects")).toBe(0)
    expect((await run(s.port.audit(0, 100))).length).toBe(0)
    const first = await importJsonl(s.pool, "projects", jsonl(projects.slice(0, 4).map((p) => encode(p))))
    expect(first.committedRows).toBe(4)
    const again = await importJsonl(s.pool, "projects", jsonl(projects.map((p) => encode(p))))
    expect(again.ok).toBe(false)
    expect(again.issues.map((i) => i.line)).toEqual([1, 2, 3, 4])
    const resumed = await importJsonl(s.pool, "projects", jsonl(projects.map((p) => encode(p))), { skipExisting: true })
    expect([resumed.ok, resumed.committedRows, resumed.skippedRows]).toEqual([true, 5, 4])
    expect(await count(s, "projects")).toBe(9)
  })

  it("the portfolio of projects imported through COPY and written through the port is the core's portfolioColumns, column for column", async () => {
    const s = await open()
    const seeds = [...new Map(seedScenarios.map((x) => [x.project.id, x.project])).values()]
    const noUnits = new Project({ ...seeds[0]!, id: "zz-no-units", district: undefined, units: [], members: seeds[0]!.members.map(({ unitId: _, ...m }) => new Member(m)) })
    const imported = synthetic(40, 13)
    const written = [...seeds, noUnits]
    await importJsonl(s.pool, "projects", jsonl(imported.map((p) => encode(p))))
    for (const p of written) await run(s.port.projects.create(p, { principalId: "t", role: "administrator" }))
    const all = [...imported, ...written].sort((a, b) => (a.id < b.id ? -1 : 1))
    const facts = all.filter((_, i) => i % 3 === 0).map((p, i) => new CoverageFacts({ projectId: p.id, ownOrganization: i % 2 === 0, work: i % 2 === 0 ? [] : ["instructor"], redSiteCreation: i % 4 === 1, qualityPlan: true }))
    for (const f of facts) await run(s.port.coverage.create(f, { principalId: "t", role: "administrator" }))
    // a replace rewrites the summary with the rows
    const changed = new Project({ ...written[0]!, members: written[0]!.members.slice(1) })
    await run(s.port.projects.replace(changed, 1, { principalId: "t", role: "administrator" }))
    const expected = portfolioColumns(all.map((p) => (p.id === changed.id ? changed : p)), facts)
    const cols = await run(s.port.portfolio({}))
    for (const key of Object.keys(expected) as Array<keyof typeof expected>) {
      const e = expected[key]
      expect([key, ArrayBuffer.isView(e) ? [...(cols[key] as Int32Array)] : cols[key]]).toEqual([key, ArrayBuffer.isView(e) ? [...(e as Int32Array)] : e])
    }
    const district = all.find((p) => p.district !== undefined)!.district!
    expect((await run(s.port.portfolio({ district }))).ids).toEqual(all.filter((p) => p.district === district).map((p) => p.id))
  })

  it("moves the revision other processes read", async () => {
    const s = await open()
    const other = await openPostgres(s.pool.options.connectionString!, { max: 2 })
    opened.push(other)
    const before = await run(other.port.revision)
    await importJsonl(s.pool, "projects", jsonl(synthetic(3, 11).map((p) => encode(p))))
    expect(await run(other.port.revision)).not.toBe(before)
  })

  it("after kill -9 of the importing process, the database holds whole batches only", async () => {
    const s = await open()
    const projects = synthetic(20_000, 9)
    const file = join(dir, "big.jsonl")
    writeFileSync(file, projects.map((p) => JSON.stringify(encode(p))).join("\n") + "\n")
    const members = new Map(projects.map((p) => [p.id, p.members.length]))
    const batch = 500
    const proc = spawn(process.execPath, ["--import", "tsx", join(here, "testing", "import-child.ts"), s.pool.options.connectionString!, file, String(batch)],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] })
    let out = ""
    let err = ""
    proc.stderr.on("data", (d) => (err += String(d)))
    const exited = new Promise<string | null>((resolve) => proc.on("exit", (_c, signal) => resolve(signal)))
    await new Promise<void>((resolve, reject) => {
      proc.stdout.on("data", (d) => {
        out += String(d)
        if ([...out.matchAll(/committed (\d+)/g)].length >= 3) {
          proc.kill("SIGKILL")
          resolve()
        }
      })
      proc.on("exit", () => reject(new Error(`the import ended before it was killed: ${out} ${err}`)))
    })
    expect(await exited).toBe("SIGKILL")
    expect(out).not.toMatch(/done/)
    // the server notices the lost connection and rolls its transaction back; wait for it to be gone
    for (let k = 0; k < 100; k++) {
      const active = Number((await s.pool.query("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' AND query ILIKE 'COPY%'")).rows[0].n)
      if (active === 0) break
      await new Promise((r) => setTimeout(r, 50))
    }
    const n = await count(s, "projects")
    const batches = (await run(s.port.audit(0, 1000))).filter((a) => a.resource === "import:projects").length
    expect(n).toBeGreaterThanOrEqual(3 * batch)
    expect(n).toBeLessThan(projects.length)
    expect(n).toBe(batches * batch)
    // every stored project is whole: its members all there
    const stored = (await s.pool.query<{ id: string; n: string }>("SELECT p.id, (SELECT count(*) FROM members m WHERE m.project_id = p.id) AS n FROM projects p")).rows
    for (const r of stored) expect(Number(r.n)).toBe(members.get(r.id))
    // and the import resumes where it stopped
    const resumed = await importJsonl(s.pool, "projects", file, { skipExisting: true })
    expect([resumed.ok, resumed.skippedRows, await count(s, "projects")]).toEqual([true, n, projects.length])
  }, 120_000)
})
