/**
 * What `redsite-server --postgres` (the adapters-http CLI) says when it cannot run on PostgreSQL: without this
 * package installed (simulated: the CLI run with a tsconfig whose paths leave `@redsite/adapters-postgres`
 * out, so its import fails as it would in an install without it), and on a database it cannot reach (the
 * password never printed).
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, "..", "..", "..")
const cli = join(root, "packages", "adapters-http", "src", "cli.ts")
const PACKAGE = "@redsite/adapters-postgres"
// a closed port: nothing listens on port 1, the connection is refused at once
const URL = "postgres://redsite:not-to-be-printed@127.0.0.1:1/province"

const work = mkdtempSync(join(tmpdir(), "redsite-cli-nopg-"))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** The CLI run to its end; `withoutPackage` hides this package from it. */
const runCli = (withoutPackage: boolean) => {
  const env: NodeJS.ProcessEnv = { ...process.env }
  if (withoutPackage) {
    const base = JSON.parse(readFileSync(join(root, "tsconfig.base.json"), "utf8")) as { compilerOptions: { paths: Record<string, Array<string>> } }
    const paths = Object.fromEntries(Object.entries(base.compilerOptions.paths).filter(([name]) => name !== PACKAGE))
    expect(Object.keys(paths)).not.toContain(PACKAGE)
    writeFileSync(join(work, "tsconfig.json"), JSON.stringify({ extends: join(root, "tsconfig.base.json"), compilerOptions: { baseUrl: root, paths } }))
    env["TSX_TSCONFIG_PATH"] = join(work, "tsconfig.json")
  }
  const r = spawnSync(process.execPath, ["--import", "tsx", cli, "--postgres", URL, "--port", "0"], { cwd: root, env, encoding: "utf8", timeout: 90_000 })
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

describe("redsite-server --postgres when it cannot run on PostgreSQL", () => {
  it("without @redsite/adapters-postgres installed: exits 1 and says what to install", () => {
    const r = runCli(true)
    expect(r.status).toBe(1)
    expect(r.out).toContain(`--postgres needs the package ${PACKAGE}, which is not installed`)
    expect(r.out).toContain(`npm install ${PACKAGE}`)
    expect(r.out).not.toContain("not-to-be-printed")
  }, 120_000)

  it("with it, on a database it cannot reach: exits 1 naming the database, password redacted", () => {
    const r = runCli(false)
    expect(r.status).toBe(1)
    expect(r.out).toContain("--postgres: cannot open postgres://redsite:***@127.0.0.1:1/province")
    expect(r.out).not.toContain("not-to-be-printed")
    expect(r.out).not.toContain("not installed")
  }, 120_000)
})
