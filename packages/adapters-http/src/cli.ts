/**
 * The one-command server (`pnpm start`): the API over an embedded SQLite file (default `redsite.db` in the
 * working directory) seeded on first run with the demo portfolio, printing the docs URL and a demo token
 * per role. Stops gracefully on Ctrl-C.
 *
 * Usage: tsx packages/adapters-http/src/cli.ts [--db redsite.db | --memory] [--port 8787] [--host 127.0.0.1] [--cors <origin>]...
 * Environment: REDSITE_ADMIN_TOKEN, REDSITE_VIEWER_TOKEN, … fix a role's token instead of a random one.
 *
 * @module
 */
import { existsSync } from "node:fs"
import { resolve } from "node:path"
import { StoreMemory } from "./memoryStore.js"
import { StoreSqlite } from "./sqliteStore.js"
import { demoProjects, demoTokens, seededStore, startDemoServer } from "./demo.js"
import type { Role } from "./auth.js"

interface CliOptions {
  readonly port: number
  readonly host: string
  readonly cors: ReadonlyArray<string>
  /** The SQLite file, or undefined to keep everything in memory. */
  readonly db: string | undefined
}

const usage = "usage: pnpm start [--db redsite.db | --memory] [--port 8787] [--host 127.0.0.1] [--cors https://ui.example]..."

const parse = (argv: ReadonlyArray<string>): CliOptions => {
  let port = 8787
  let host = "127.0.0.1"
  const cors: Array<string> = []
  let db: string | undefined = "redsite.db"
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    const value = argv[i + 1]
    if (flag === "--help" || flag === "-h") {
      console.log(usage)
      process.exit(0)
    }
    if (flag === "--memory") {
      db = undefined
      continue
    }
    if (value === undefined) throw new Error(`${flag} needs a value\n${usage}`)
    if (flag === "--port") {
      port = Number(value)
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port expects 0..65535, got ${value}`)
    } else if (flag === "--host") host = value
    else if (flag === "--cors") cors.push(value)
    else if (flag === "--db") db = value
    else throw new Error(`unknown option ${flag}\n${usage}`)
    i++
  }
  return { port, host, cors, db }
}

const ENV: Record<Role, string> = {
  administrator: "REDSITE_ADMIN_TOKEN",
  secretary: "REDSITE_SECRETARY_TOKEN",
  viewer: "REDSITE_VIEWER_TOKEN",
  analyst: "REDSITE_ANALYST_TOKEN"
}

const main = async () => {
  const options = parse(process.argv.slice(2))
  const given: Partial<Record<Role, string>> = {}
  for (const [role, name] of Object.entries(ENV) as Array<[Role, string]>) {
    const v = process.env[name]
    if (v !== undefined && v !== "") given[role] = v
  }
  const tokens = demoTokens(given)
  const projects = demoProjects()
  const path = options.db === undefined ? undefined : resolve(options.db)
  const firstRun = path !== undefined && !existsSync(path)
  const server = await startDemoServer(tokens, {
    port: options.port,
    host: options.host,
    corsOrigins: options.cors,
    // the demo portfolio is added to a new database, never to one that already holds data
    store: path === undefined ? seededStore(StoreMemory, projects) : firstRun ? seededStore(StoreSqlite(path), projects) : StoreSqlite(path)
  }).catch((e: unknown) => {
    const code = (e as { cause?: { code?: string } })?.cause?.code ?? (e as { code?: string })?.code
    if (String(e).includes("EADDRINUSE") || code === "EADDRINUSE") {
      throw new Error(`port ${options.port} is in use; pick another with --port`)
    }
    throw e
  })
  console.log(`redsite API listening at ${server.url}`)
  console.log(`  docs (browsable):  ${server.url}/docs`)
  console.log(`  OpenAPI document:  ${server.url}/openapi.json`)
  console.log(path === undefined
    ? `  store: in memory, seeded with ${projects.length} demo projects from the source documents' scenarios (lost on exit)`
    : firstRun
    ? `  store: ${path} (new: seeded with ${projects.length} demo projects from the source documents' scenarios)`
    : `  store: ${path} (kept from earlier runs)`)
  console.log("  demo tokens (send as 'authorization: Bearer <token>'):")
  for (const role of Object.keys(tokens) as Array<Role>) console.log(`    ${role.padEnd(14)} ${tokens[role]}`)
  console.log(`  try: curl -H "authorization: Bearer ${tokens.viewer}" ${server.url}/projects`)
  console.log("Ctrl-C stops the server (requests in flight finish first).")
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping…`)
    server.close().then(() => process.exit(0), (e: unknown) => {
      console.error(e)
      process.exit(1)
    })
  }
  process.on("SIGINT", () => stop("SIGINT"))
  process.on("SIGTERM", () => stop("SIGTERM"))
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
