/**
 * Checks that every package is ready to publish: packs it as pnpm would publish it, then verifies that the
 * tarball holds only what should ship (dist, README, LICENSE, CHANGELOG, package.json), that its
 * `workspace:` dependencies were replaced by versions, and that its types resolve for ESM and CJS consumers
 * under Node 16+ module resolution (`@arethetypeswrong/cli --profile node16`: the legacy `node10` resolution cannot see subpath exports such as `@redsite/adapters-http/client`). Run after `pnpm build`.
 *
 * Run: pnpm check:packages
 */
import { execFileSync, spawnSync } from "node:child_process"
import { mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const packages = readdirSync(join(root, "packages")).sort()
const required = ["package/package.json", "package/README.md", "package/LICENSE", "package/CHANGELOG.md", "package/dist/index.js", "package/dist/index.cjs", "package/dist/index.d.ts", "package/dist/index.d.cts"]
const allowed = (file: string) => required.includes(file) || /^package\/dist\/[^/]+\.(js|cjs|d\.ts|d\.cts|map)$/.test(file)

const out = mkdtempSync(join(tmpdir(), "redsite-pack-"))
const problems: Array<string> = []
try {
  for (const name of packages) {
    const dir = join(root, "packages", name)
    const before = new Set(readdirSync(out))
    execFileSync("pnpm", ["pack", "--pack-destination", out], { cwd: dir, stdio: "pipe" })
    const tarball = readdirSync(out).find((f) => !before.has(f))
    if (tarball === undefined) throw new Error(`pnpm pack produced nothing for packages/${name}`)
    const path = join(out, tarball)
    const files = execFileSync("tar", ["-tzf", path], { encoding: "utf8" }).split("\n").filter((f) => f.length > 0)
    for (const f of required) if (!files.includes(f)) problems.push(`${tarball}: missing ${f.replace(/^package\//, "")}`)
    for (const f of files) if (!allowed(f)) problems.push(`${tarball}: should not ship ${f.replace(/^package\//, "")}`)
    const manifest = execFileSync("tar", ["-xzOf", path, "package/package.json"], { encoding: "utf8" })
    if (manifest.includes("workspace:")) problems.push(`${tarball}: package.json still has a workspace: dependency`)
    const attw = spawnSync(join(root, "node_modules", ".bin", "attw"), [path, "--format", "table-flipped", "--profile", "node16"], { encoding: "utf8" })
    if (attw.status !== 0) problems.push(`${tarball}: type resolution problems\n${attw.stdout}${attw.stderr}`)
    console.log(`${attw.status === 0 ? "ok  " : "FAIL"} ${tarball}: ${files.length} files`)
  }
} finally {
  rmSync(out, { recursive: true, force: true })
}
for (const p of problems) console.log(p)
console.log(problems.length === 0 ? "every package is ready to publish" : `${problems.length} problem(s)`)
process.exit(problems.length === 0 ? 0 : 1)
