/**
 * The core is pure: no file of packages/core/src (its tests included) imports a Node built-in, or the Node
 * globals that reach the outside world. I/O belongs in the adapters; tests that read files live here.
 */
import { readFileSync, readdirSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { describe, expect, it } from "vitest"

const SRC = join(__dirname, "../packages/core/src")
const sources = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : []
  })

const IO = /from\s+["'](node:[\w/]+|fs|fs\/promises|path|os|child_process|http|https|net|worker_threads|better-sqlite3|pg)["']|\brequire\(|\bprocess\.(env|argv|exit|cwd)|\bfetch\(/

describe("the core imports no I/O", () => {
  it("no source or test file under packages/core/src imports a Node module or reaches process, require or fetch", () => {
    const offenders = sources(SRC).filter((f) => IO.test(readFileSync(f, "utf8"))).map((f) => relative(SRC, f))
    expect(offenders).toEqual([])
  })
})
