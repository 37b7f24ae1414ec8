/**
 * Executes the policy-simulation notebook headless with Deno's Jupyter kernel and Jupyter's nbconvert, and
 * fails if any cell fails or a stored output carries ANSI colour codes. By default the executed notebook
 * (with its charts) replaces the one in docs/; `--check` executes into a temporary file and leaves docs/
 * untouched (what CI runs).
 *
 * The notebook imports the packages as a user would, by `npm:` specifiers. `@redsite/core` is the package
 * as packed for the registry: this script packs it (`pnpm pack`, whose prepack builds it) and unpacks the
 * tarball into docs/notebooks/node_modules/@redsite/core, where npm would install it. docs/notebooks/deno.json
 * sets `nodeModulesDir: "manual"`, so Deno resolves every `npm:` specifier from node_modules folders and
 * downloads nothing: `effect`, `vega-lite` and `vega` come from the workspace's own install.
 *
 * Needs: deno (`npm install -g deno@2.9.6`), jupyter nbconvert and ipykernel (Debian: `apt-get install
 * jupyter-nbconvert python3-ipykernel jupyter-client`), and `pnpm install`.
 *
 * Run: pnpm notebook [--check]
 */
import { execFileSync, spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
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

console.log("packing @redsite/core (its prepack builds it) into docs/notebooks/node_modules …")
const packed = mkdtempSync(join(tmpdir(), "redsite-pack-"))
execFileSync("pnpm", ["-F", "@redsite/core", "pack", "--pack-destination", packed], { cwd: root, stdio: ["ignore", "ignore", "inherit"] })
const tarball = readdirSync(packed).find((f) => f.endsWith(".tgz"))
if (tarball === undefined) throw new Error(`pnpm pack wrote no tarball into ${packed}`)
const installed = join(dirname(notebook), "node_modules", "@redsite", "core")
rmSync(installed, { recursive: true, force: true })
mkdirSync(installed, { recursive: true })
execFileSync("tar", ["-xzf", join(packed, tarball), "-C", installed, "--strip-components=1"])
rmSync(packed, { recursive: true, force: true })
// registers (or refreshes) the Deno kernel with Jupyter
execFileSync("deno", ["jupyter", "--install", "--force"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] })

/** What a reader should not find in the stored outputs: errors, text on stderr, ANSI colour codes. */
function outputProblems(json: string): Array<string> {
  const nb = JSON.parse(json) as { cells: Array<{ outputs?: Array<{ output_type: string; name?: string; text?: unknown }> }> }
  const problems: Array<string> = []
  nb.cells.forEach((cell, k) => {
    for (const o of cell.outputs ?? []) {
      if (o.output_type === "error") problems.push(`cell ${k}: an error output`)
      if (o.output_type === "stream" && o.name === "stderr") problems.push(`cell ${k}: stderr: ${String(o.text).slice(0, 200)}`)
      // JSON.stringify writes the escape character as \u001b
      if (JSON.stringify(o).includes("\\u001b[")) problems.push(`cell ${k}: ANSI colour codes in an output`)
    }
  })
  return problems
}

const out = check ? mkdtempSync(join(tmpdir(), "redsite-notebook-")) : undefined
const started = Date.now()
console.log(`executing ${notebook} …`)
const r = spawnSync("jupyter", [
  "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600",
  ...(out === undefined ? ["--inplace"] : ["--output-dir", out]),
  notebook
], { cwd: dirname(notebook), encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } })
const executed = out === undefined ? notebook : join(out, "policy-simulation.ipynb")
const problems = r.status === 0 ? outputProblems(readFileSync(executed, "utf8")) : []
if (out !== undefined) rmSync(out, { recursive: true, force: true })
const log = `${r.stdout}${r.stderr}`.split("\n").filter((l) => !/Debugger|frozen modules|PYDEVD|-Xfrozen|Note: Debugging|MissingIDField|validate\(nb\)|unstable/.test(l)).join("\n").trim()
if (r.status !== 0 || problems.length > 0) {
  console.error(log)
  console.error(problems.join("\n"))
  console.error("the notebook failed")
  process.exit(1)
}
console.log(`${log}\nok: every cell ran (${((Date.now() - started) / 1000).toFixed(1)} s)${check ? "" : "; the executed notebook is in docs/notebooks"}`)
