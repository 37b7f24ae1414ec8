/**
 * Runs every example in this folder as a separate process and fails if any fails (CI calls this).
 */
import { spawnSync } from "node:child_process"
import { readdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const helpers = new Set(["run-all.ts", "table.ts"])
const examples = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !helpers.has(f))
  .sort()

let failed = 0
for (const file of examples) {
  const started = Date.now()
  const r = spawnSync(process.execPath, ["--import", "tsx", join(here, file)], { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" })
  const ok = r.status === 0
  if (!ok) failed++
  console.log(`${ok ? "ok  " : "FAIL"} ${file} (${Date.now() - started} ms)`)
  if (!ok) console.log(r.stdout.slice(-4000), r.stderr.slice(-4000))
}
console.log(`${examples.length - failed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
