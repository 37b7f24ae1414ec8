/**
 * Checks that every package is ready to publish: packs it as pnpm would publish it, then verifies that the
 * tarball holds only what should ship (dist, README, LICENSE, CHANGELOG, package.json, the files its `bin` names), that its
 * `workspace:` dependencies were replaced by versions, and that its types resolve for ESM and CJS consumers
 * under Node 16+ module resolution (`@arethetypeswrong/cli --profile node16`: the legacy `node10` resolution cannot see subpath exports such as `@redsite/adapters-http/client`).
 * Packing runs each package's `prepack` (a fresh build), so no earlier build is needed.
 *
 * It also checks what a registry page and a consumer's package manager read: the manifest's metadata
 * (repository, homepage, bugs, keywords, license, the root's `engines`, a `prepack` build), `effect` as a
 * peer dependency only, README links that are absolute (a relative link is broken on the registry's page),
 * and that every `.changeset/*.md` names known packages with a `patch` or `minor` bump and says something.
 *
 * Run: pnpm check:packages [--out DIR]   (--out keeps the tarballs there, for the consumer test)
 */
import { execFileSync, spawnSync } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const folders = readdirSync(join(root, "packages")).sort()
const required = ["package/package.json", "package/README.md", "package/LICENSE", "package/CHANGELOG.md", "package/dist/index.js", "package/dist/index.cjs", "package/dist/index.d.ts", "package/dist/index.d.cts"]
/** The files a package's `bin` names, as they stand in its tarball. */
const binFiles = (m: Manifest): ReadonlyArray<string> =>
  (typeof m.bin === "string" ? [m.bin] : Object.values(m.bin ?? {})).map((f) => `package/${f.replace(/^\.\//, "")}`)
const allowed = (file: string, m: Manifest) =>
  required.includes(file) || binFiles(m).includes(file) || /^package\/dist\/[^/]+\.(js|cjs|d\.ts|d\.cts|map)$/.test(file)

const out = mkdtempSync(join(tmpdir(), "redsite-pack-"))
const keepAt = process.argv.includes("--out") ? process.argv[process.argv.indexOf("--out") + 1] : undefined
const problems: Array<string> = []
type Manifest = {
  readonly name: string
  readonly version: string
  readonly license?: string
  readonly homepage?: string
  readonly bugs?: { readonly url?: string }
  readonly repository?: { readonly url?: string; readonly directory?: string }
  readonly keywords?: ReadonlyArray<string>
  readonly engines?: { readonly node?: string }
  readonly scripts?: Record<string, string>
  readonly bin?: string | Record<string, string>
  readonly dependencies?: Record<string, string>
  readonly peerDependencies?: Record<string, string>
}
const readJson = <A>(path: string): A => JSON.parse(readFileSync(path, "utf8")) as A
const rootManifest = readJson<Manifest>(join(root, "package.json"))
const byFolder = new Map(folders.map((f) => [f, readJson<Manifest>(join(root, "packages", f, "package.json"))] as const))
const names = new Set([...byFolder.values()].map((m) => m.name))
/**
 * The folders in dependency order (the core first): a package's `prepack` build reads the declarations of
 * the workspace packages it depends on from their freshly built `dist`.
 */
const packages: Array<string> = []
const visit = (folder: string, path: ReadonlyArray<string>): void => {
  if (packages.includes(folder)) return
  if (path.includes(folder)) throw new Error(`the packages depend on each other in a cycle: ${[...path, folder].join(" → ")}`)
  for (const dep of Object.keys(byFolder.get(folder)!.dependencies ?? {})) {
    const inner = folders.find((f) => byFolder.get(f)!.name === dep)
    if (inner !== undefined) visit(inner, [...path, folder])
  }
  packages.push(folder)
}
for (const f of folders) visit(f, [])
const manifests = packages.map((f) => byFolder.get(f)!)

/** What a registry page and a consumer's package manager read from a package's manifest and README. */
const checkManifest = (dir: string, m: Manifest): void => {
  const say = (p: string) => problems.push(`packages/${dir}/package.json: ${p}`)
  const repo = manifests[0]!.repository?.url
  if (m.license !== "MIT") say(`license should be MIT, is ${m.license}`)
  if (repo === undefined || !/^git\+https:\/\/.+\.git$/.test(repo)) say("repository.url should be git+https://….git")
  if (m.repository?.url !== repo || m.repository?.directory !== `packages/${dir}`) say(`repository should be ${repo} with directory packages/${dir}`)
  const web = repo?.replace(/^git\+/, "").replace(/\.git$/, "")
  if (m.homepage !== `${web}/tree/main/packages/${dir}#readme`) say(`homepage should be ${web}/tree/main/packages/${dir}#readme`)
  if (m.bugs?.url !== `${web}/issues`) say(`bugs.url should be ${web}/issues`)
  if ((m.keywords ?? []).length === 0) say("no keywords")
  if (m.engines?.node !== rootManifest.engines?.node) say(`engines.node should be the root's (${rootManifest.engines?.node}), is ${m.engines?.node}`)
  if (m.scripts?.["prepack"] === undefined) say("no prepack build")
  if (m.dependencies?.["effect"] !== undefined || m.peerDependencies?.["effect"] === undefined) say("effect should be a peer dependency only")
  const readme = readFileSync(join(root, "packages", dir, "README.md"), "utf8")
  for (const [, target] of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (!/^(https?:|mailto:|#)/.test(target!)) problems.push(`packages/${dir}/README.md: a relative link (${target}) is broken on the registry's page; link to ${web}/blob/main/…`)
  }
}

/** Every pending changeset names known packages, with a bump the versioning policy allows before 1.0. */
const checkChangesets = (): void => {
  const dir = join(root, ".changeset")
  if (!existsSync(join(dir, "config.json"))) return void problems.push(".changeset/config.json is missing")
  const config = readJson<{ fixed?: ReadonlyArray<ReadonlyArray<string>> }>(join(dir, "config.json"))
  const fixed = new Set(config.fixed?.[0] ?? [])
  if ([...names].some((n) => !fixed.has(n)) || fixed.size !== names.size) problems.push(`.changeset/config.json: fixed should list exactly ${[...names].join(", ")}`)
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".md") && f !== "README.md")) {
    const text = readFileSync(join(dir, file), "utf8")
    const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text)
    if (m === null) {
      problems.push(`.changeset/${file}: no front matter (--- "@redsite/core": minor ---)`)
      continue
    }
    const lines = m[1]!.split(/\r?\n/).filter((l) => l.trim().length > 0)
    if (lines.length === 0) problems.push(`.changeset/${file}: names no package`)
    for (const line of lines) {
      const entry = /^\s*["']?([^"':]+)["']?\s*:\s*(\w+)\s*$/.exec(line)
      if (entry === null) problems.push(`.changeset/${file}: cannot read "${line}"`)
      else if (!names.has(entry[1]!)) problems.push(`.changeset/${file}: unknown package ${entry[1]}`)
      else if (entry[2] !== "patch" && entry[2] !== "minor") problems.push(`.changeset/${file}: ${entry[1]}: ${entry[2]} (before 1.0 a change is patch or minor; see .changeset/README.md)`)
    }
    if (m[2]!.trim().length === 0) problems.push(`.changeset/${file}: says nothing about the change`)
  }
}

try {
  checkChangesets()
  for (const [i, name] of packages.entries()) {
    const dir = join(root, "packages", name)
    checkManifest(name, manifests[i]!)
    const before = new Set(readdirSync(out))
    execFileSync("pnpm", ["pack", "--pack-destination", out], { cwd: dir, stdio: "pipe" })
    const tarball = readdirSync(out).find((f) => !before.has(f))
    if (tarball === undefined) throw new Error(`pnpm pack produced nothing for packages/${name}`)
    const path = join(out, tarball)
    const files = execFileSync("tar", ["-tzf", path], { encoding: "utf8" }).split("\n").filter((f) => f.length > 0)
    for (const f of required) if (!files.includes(f)) problems.push(`${tarball}: missing ${f.replace(/^package\//, "")}`)
    for (const f of binFiles(manifests[i]!)) if (!files.includes(f)) problems.push(`${tarball}: its bin ${f.replace(/^package\//, "")} is missing`)
    for (const f of files) if (!allowed(f, manifests[i]!)) problems.push(`${tarball}: should not ship ${f.replace(/^package\//, "")}`)
    const manifest = execFileSync("tar", ["-xzOf", path, "package/package.json"], { encoding: "utf8" })
    if (manifest.includes("workspace:")) problems.push(`${tarball}: package.json still has a workspace: dependency`)
    const attw = spawnSync(join(root, "node_modules", ".bin", "attw"), [path, "--format", "table-flipped", "--profile", "node16"], { encoding: "utf8" })
    if (attw.status !== 0) problems.push(`${tarball}: type resolution problems\n${attw.stdout}${attw.stderr}`)
    console.log(`${attw.status === 0 ? "ok  " : "FAIL"} ${tarball}: ${files.length} files`)
    if (keepAt !== undefined) {
      mkdirSync(keepAt, { recursive: true })
      copyFileSync(path, join(keepAt, tarball))
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true })
}
for (const p of problems) console.log(p)
console.log(problems.length === 0 ? "every package is ready to publish" : `${problems.length} problem(s)`)
process.exit(problems.length === 0 ? 0 : 1)
