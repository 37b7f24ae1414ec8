/**
 * Reliability on real files with real processes: a killed import leaves whole batches only, and two
 * processes writing the same row lose no update.
 */
import { Project, projectFromColumns, syntheticPortfolio } from "@redsite/core"
import { Schema } from "effect"
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"
import { openConnection } from "./database.js"
import { RedsiteStore } from "./store.js"

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, "..", "..", "..")
const dir = mkdtempSync(join(tmpdir(), "redsite-reliability-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const child = (script: string, args: ReadonlyArray<string>) =>
  spawn(process.execPath, ["--import", "tsx", join(here, "testing", script), ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] })

describe("reliability", () => {
  it("after kill -9 in the middle of an import, the file is sound and holds whole batches only", async () => {
    const cols = syntheticPortfolio({ size: 40_000, seed: 9 })
    const encode = Schema.encodeSync(Project)
    const members = new Map<string, number>()
    const lines: Array<string> = []
    for (let i = 0; i < cols.size; i++) {
      const p = projectFromColumns(cols, i)
      members.set(p.id, p.members.length)
      lines.push(JSON.stringify(encode(p)))
    }
    const file = join(dir, "big.jsonl")
    writeFileSync(file, lines.join("\n") + "\n")
    const db = join(dir, "killed.db")
    const batch = 1000
    const proc = child("import-child.ts", [db, file, String(batch)])
    let seen = 0
    let out = ""
    let stderr = ""
    proc.stderr.on("data", (d) => (stderr += String(d)))
    const exited = new Promise<string | null>((resolve) => proc.on("exit", (_code, signal) => resolve(signal)))
    await new Promise<void>((resolve, reject) => {
      proc.stdout.on("data", (d) => {
        out += String(d)
        const all = [...out.matchAll(/committed (\d+)/g)]
        seen = all.length === 0 ? 0 : Number(all[all.length - 1]![1])
        if (seen >= 3 * batch) {
          proc.kill("SIGKILL")
          resolve()
        }
      })
      proc.on("exit", () => (seen >= 3 * batch ? resolve() : reject(new Error(`the import ended before it was killed: ${out} ${stderr}`))))
    })
    expect(await exited).toBe("SIGKILL")
    expect(out).not.toMatch(/done/)

    const store = new RedsiteStore(openConnection(db))
    try {
      expect(store.db.pragma("integrity_check", { simple: true })).toBe("ok")
      const count = store.projects.count()
      expect(count % batch).toBe(0) // whole batches only
      expect(count).toBeGreaterThanOrEqual(seen) // every batch reported committed is there
      expect(count).toBeLessThan(cols.size) // it really was cut short
      // and each stored project is complete
      const stored = store.db.prepare<[], { project_id: string; n: number }>("SELECT project_id, count(*) AS n FROM members GROUP BY project_id").all()
      for (const row of stored) expect(row.n).toBe(members.get(row.project_id))
    } finally {
      store.db.close()
    }
  }, 120_000)

  it("two processes writing the same project lose no update and never surface 'database is locked'", async () => {
    const db = join(dir, "contended.db")
    const cols = syntheticPortfolio({ size: 1, seed: 1 })
    const project = projectFromColumns(cols, 0)
    const setup = new RedsiteStore(openConnection(db))
    setup.projects.create(project, { principalId: "setup", role: "administrator" })
    setup.db.close()
    const rounds = 1000
    const run = (name: string) =>
      new Promise<{ ok: number; conflicts: number; errors: Array<string> }>((resolve, reject) => {
        const p = child("writer-child.ts", [db, project.id, String(rounds), name])
        let out = ""
        let err = ""
        p.stdout.on("data", (d) => (out += String(d)))
        p.stderr.on("data", (d) => (err += String(d)))
        p.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(err))))
      })
    const [a, b] = await Promise.all([run("a"), run("b")])
    console.log(`writer a: ${a.ok} written, ${a.conflicts} conflicts; writer b: ${b.ok} written, ${b.conflicts} conflicts`)
    expect([...a.errors, ...b.errors]).toEqual([])
    expect(a.ok + a.conflicts).toBe(rounds)
    expect(b.ok + b.conflicts).toBe(rounds)
    const store = new RedsiteStore(openConnection(db))
    try {
      // every successful write raised the version by one: none was lost or applied twice
      expect(store.projects.get(project.id)!.version).toBe(1 + a.ok + b.ok)
      expect(store.audit(0, 10_000).filter((e) => e.action === "replace")).toHaveLength(a.ok + b.ok)
    } finally {
      store.db.close()
    }
  }, 120_000)
})
