/**
 * Executes the policy-simulation notebook headless with Deno's Jupyter kernel and Jupyter's nbconvert, and
 * fails if any cell fails. By default the executed notebook (with its chart) replaces the one in docs/;
 * `--check` executes into a temporary file and leaves docs/ untouched (what CI runs).
 *
 * Needs: deno (`npm install -g deno`), jupyter nbconvert and ipykernel (Debian: `apt-get install
 * jupyter-nbconvert python3-ipykernel`), and the core built (`pnpm build`; this script builds it).
 *
 * Run: pnpm notebook [--check]
 */
import { execFileSync, spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const notebook = join(root, "docs", "notebooks", "policy-simulation.ipynb")
const check = process.argv.includes("--check")

const has = (cmd: string, args: ReadonlyArray<string>) => spawnSync(cmd, args, { stdio: "ignore" }).status === 0
const missing: Array<string> = []
if (!has("deno", ["--version"])) missing.push("deno: npm install -g deno@2")
if (!has("jupyter", ["nbconvert", "--version"])) missing.push("jupyter nbconvert: apt-get install jupyter-nbconvert python3-ipykernel (Debian)")
if (missing.length > 0) {
  console.error(`the notebook needs:\n  ${missing.join("\n  ")}`)
  process.exit(1)
}

console.log("building @redsite/core …")
execFileSync("pnpm", ["-F", "@redsite/core", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] })
// registers (or refreshes) the Deno kernel with Jupyter
execFileSync("deno", ["jupyter", "--install", "--force"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] })

const out = check ? mkdtempSync(join(tmpdir(), "redsite-notebook-")) : undefined
const started = Date.now()
console.log(`executing ${notebook} …`)
const r = spawnSync("jupyter", [
  "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600",
  ...(out === undefined ? ["--inplace"] : ["--output-dir", out]),
  notebook
], { cwd: dirname(notebook), encoding: "utf8" })
if (out !== undefined) rmSync(out, { recursive: true, force: true })
const log = `${r.stdout}${r.stderr}`.split("\n").filter((l) => !/Debugger|frozen modules|PYDEVD|-Xfrozen|Note: Debugging|MissingIDField|validate\(nb\)|unstable/.test(l)).join("\n").trim()
if (r.status !== 0) {
  console.error(log)
  console.error("the notebook failed")
  process.exit(1)
}
console.log(`${log}\nok: every cell ran (${((Date.now() - started) / 1000).toFixed(1)} s)${check ? "" : "; the executed notebook is in docs/notebooks"}`)
