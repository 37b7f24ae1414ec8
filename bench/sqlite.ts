/**
 * SQLite benchmark. Scale 1: 100,000 projects with 1,000,000 members (10 each, in 2 units) from JSON Lines.
 *
 * Measured in the same run:
 *   - import: redsite's `importJsonl` (read, parse, decode through the core's schema, check, write in
 *     batches) against raw better-sqlite3 prepared inserts of the same rows in one transaction (no parsing,
 *     no checks) into the same tables — target: at least half the raw rate;
 *   - load: the whole portfolio as the core's columns (`loadPortfolio`) against a raw SELECT of the project
 *     rows, alternated 5 times, best of each in wall-clock and CPU time — target: within 3×.
 * Prints rows/s, ratios, file sizes and peak memory. Times are printed, never asserted. The machine is shared
 * and noisy: raw and import runs alternate `--repeat` times (default 3), each into a fresh file, and the
 * ratio is taken between the best runs (the median of the paired ratios is printed too), in wall-clock and
 * in CPU time (less sensitive to other processes).
 *
 * Run: pnpm exec tsx bench/sqlite.ts [--scale 1] [--repeat 3]
 */
import { RedsiteStore, importJsonl, loadPortfolio, openConnection } from "@redsite/adapters-sqlite"
import { statSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { numberArg, peakMemory } from "./_args.js"
import { MEMBERS_PER_PROJECT, projectJson, writeProjectsJsonl } from "./_projects.js"

const scale = numberArg("scale", 1)
const repeat = Math.max(1, Math.round(numberArg("repeat", 3)))
const PROJECTS = Math.max(10, Math.round(100_000 * scale))
const dir = mkdtempSync(join(tmpdir(), "redsite-bench-sqlite-"))
const memory = peakMemory()
memory.start()
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000
const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 })
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`
const sizeOf = (path: string) => statSync(path).size + (() => {
  try {
    return statSync(`${path}-wal`).size
  } catch {
    return 0
  }
})()

try {
  console.log(`SQLite benchmark, scale ${scale}: ${fmt(PROJECTS)} projects, ${fmt(PROJECTS * MEMBERS_PER_PROJECT)} members, ${fmt(PROJECTS * 2)} units`)
  // the input file
  const file = join(dir, "projects.jsonl")
  let t = performance.now()
  await writeProjectsJsonl(file, PROJECTS)
  console.log(`  write the JSON Lines file   ${(performance.now() - t).toFixed(0)} ms  (${mb(statSync(file).size)})`)
  const rows = PROJECTS * (1 + 2 + MEMBERS_PER_PROJECT)

  // raw: prepared inserts of the same rows in one transaction, values computed in memory
  const rawRun = (path: string) => {
    const raw = openConnection(path)
    const insP = raw.prepare(`INSERT INTO projects (id, version, name, district, locality, kind, cost_yuan, planned_start, planned_end, major, phase, competent_department, sections)
      VALUES (?, 1, ?, ?, NULL, ?, ?, ?, ?, ?, ?, NULL, '[]')`)
    const insU = raw.prepare("INSERT INTO units (project_id, position, id, name, role, ownership, has_organization, organization_id) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)")
    const insM = raw.prepare("INSERT INTO members (project_id, position, id, name, contact, status, unit_id, home_organization_id, section, mobile, pocket) VALUES (?, ?, ?, NULL, NULL, ?, ?, NULL, NULL, ?, ?)")
    const t = performance.now()
    const c = process.cpuUsage()
    raw.transaction(() => {
      for (let i = 0; i < PROJECTS; i++) {
        const p = projectJson(i)
        insP.run(p.id, p.name, p.district, p.kind, p.costYuan, p.plannedStart, p.plannedEnd, p.major ? 1 : 0, p.phase)
        p.units.forEach((u, k) => insU.run(p.id, k, u.id, u.name, u.role, u.ownership, u.hasOrganization ? 1 : 0))
        p.members.forEach((m, k) => insM.run(p.id, k, m.id, m.status, m.unitId, m.mobile ? 1 : 0, m.pocket ? 1 : 0))
      }
    })()
    const times = { wall: performance.now() - t, cpu: cpuMs(process.cpuUsage(c)) }
    raw.close()
    return times
  }

  // ours: importJsonl from the file
  const tty = process.stdout.isTTY === true
  const oursRun = async (path: string) => {
    const store = new RedsiteStore(openConnection(path))
    const t = performance.now()
    const c = process.cpuUsage()
    const r = await importJsonl(store, "projects", file, {
      batchSize: 5000,
      onProgress: (p) => { if (tty) process.stdout.write(`\r  importing… ${fmt(p.rows)} projects`) }
    })
    const times = { wall: performance.now() - t, cpu: cpuMs(process.cpuUsage(c)) }
    if (tty) process.stdout.write("\r")
    if (!r.ok) throw new Error(`import failed: ${JSON.stringify(r.issues.slice(0, 3))}`)
    return { store, times }
  }

  const raws: Array<{ wall: number; cpu: number }> = []
  const ours: Array<{ wall: number; cpu: number }> = []
  const rawPath = join(dir, "raw.db")
  const oursPath = join(dir, "redsite.db")
  let store: RedsiteStore | undefined
  let rawSize = 0
  for (let k = 0; k < repeat; k++) {
    for (const f of [rawPath, oursPath]) for (const x of ["", "-wal", "-shm"]) rmSync(`${f}${x}`, { force: true })
    store?.db.close()
    raws.push(rawRun(rawPath))
    rawSize = sizeOf(rawPath)
    memory.sample()
    const o = await oursRun(oursPath)
    store = o.store
    ours.push(o.times)
    memory.sample()
  }
  const best = (xs: ReadonlyArray<{ wall: number; cpu: number }>, key: "wall" | "cpu") => Math.min(...xs.map((x) => x[key]))
  const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const rawMs = best(raws, "wall")
  const oursMs = best(ours, "wall")
  console.log(`  raw better-sqlite3 inserts, one transaction   ${fmt(rawMs)} ms  (${fmt(rows / (rawMs / 1000))} rows/s)  cpu ${fmt(best(raws, "cpu"))} ms  file ${mb(rawSize)}`)
  console.log(`  redsite importJsonl (read, parse, decode, check, write in batches of 5,000)   ${fmt(oursMs)} ms  (${fmt(rows / (oursMs / 1000))} rows/s)  cpu ${fmt(best(ours, "cpu"))} ms  file ${mb(sizeOf(oursPath))}`)
  console.log(`  import rate redsite / raw (best of ${repeat} each): ${(rawMs / oursMs).toFixed(2)} wall, ${(best(raws, "cpu") / best(ours, "cpu")).toFixed(2)} cpu; median of the paired runs ${median(raws.map((r, k) => r.wall / ours[k]!.wall)).toFixed(2)} wall (target ≥ 0.5)`)
  store = store!

  // load the portfolio for a coverage report vs a raw SELECT of the project rows, alternated (5 rounds), the
  // best of each in wall-clock and in CPU time (the CPU figure is the steadier one on a shared machine)
  let loaded = 0
  let selected = 0
  const loads: Array<{ wall: number; cpu: number }> = []
  const selects: Array<{ wall: number; cpu: number }> = []
  const timed = (f: () => void) => {
    const t = performance.now()
    const c = process.cpuUsage()
    f()
    return { wall: performance.now() - t, cpu: cpuMs(process.cpuUsage(c)) }
  }
  for (let k = 0; k < 5; k++) {
    loads.push(timed(() => {
      loaded = loadPortfolio(store).size
    }))
    selects.push(timed(() => {
      selected = 0
      for (const row of store.db.prepare("SELECT id, cost_yuan, planned_start, planned_end, major, district, phase, kind FROM projects ORDER BY id").iterate()) if (row !== undefined) selected++
    }))
  }
  if (loaded !== PROJECTS || selected !== PROJECTS) throw new Error(`loaded ${loaded}, selected ${selected}, expected ${PROJECTS}`)
  const loadMs = best(loads, "wall")
  const selectMs = best(selects, "wall")
  console.log(`  load the portfolio as columns (projects, units' full members, coverage facts)   ${fmt(loadMs)} ms  (${fmt(PROJECTS / (loadMs / 1000))} projects/s)  cpu ${fmt(best(loads, "cpu"))} ms`)
  console.log(`  raw SELECT of the project rows   ${fmt(selectMs)} ms  cpu ${fmt(best(selects, "cpu"))} ms;  ratio load / select (best of 5 each): ${(loadMs / selectMs).toFixed(2)}× wall, ${(best(loads, "cpu") / best(selects, "cpu")).toFixed(2)}× cpu (target ≤ 3)`)
  store.db.close()
  memory.stop()
  console.log(`  peak memory: ${memory.mib().toFixed(0)} MiB resident`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
