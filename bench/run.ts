/**
 * Runs every benchmark in this folder, one process each, passing the same arguments to all of them.
 *
 * Run: pnpm bench [--scale 0.01] [--only coverage,structure]
 * Benchmarks print their own figures (throughput, ratios against a baseline measured in the same run, peak
 * memory). This runner only reports which ones ran and fails if one of them fails; it never judges a time.
 */
import { spawnSync } from "node:child_process"
import { readdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const onlyAt = args.indexOf("--only")
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? "").split(",").filter((s) => s.length > 0)) : undefined
const passed = onlyAt >= 0 ? [...args.slice(0, onlyAt), ...args.slice(onlyAt + 2)] : args

const benches = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.startsWith("_"))
  .filter((f) => only === undefined || only.has(f.replace(/\.ts$/, "")))
  .sort()

if (benches.length === 0) {
  console.error(only === undefined ? "no benchmark found in bench/" : `no benchmark named ${[...only].join(", ")}`)
  process.exit(1)
}

const failed: Array<string> = []
for (const file of benches) {
  console.log(`\n=== bench/${file} ${passed.join(" ")}`.trimEnd())
  const started = Date.now()
  const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", join(here, file), ...passed], {
    stdio: "inherit"
  })
  if (r.status !== 0) failed.push(file)
  console.log(`--- ${r.status === 0 ? "done" : "FAILED"}: bench/${file} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
}
console.log(`\n${benches.length - failed.length} benchmark(s) ran, ${failed.length} failed${failed.length > 0 ? `: ${failed.join(", ")}` : ""}`)
process.exit(failed.length === 0 ? 0 : 1)
