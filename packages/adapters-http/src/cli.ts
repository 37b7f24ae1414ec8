/**
 * The one-command server (`pnpm start`): the API over an embedded SQLite file (default `redsite.db` in the
 * working directory) seeded on first run with the demo portfolio, printing the docs URL and a demo token
 * per role. Stops gracefully on Ctrl-C or SIGTERM (a second signal stops at once), and when the
 * process that launched it goes away (so `pnpm start` never leaves an orphaned server). Also the package's
 * `redsite-server` bin (`npx @redsite/adapters-http`).
 *
 * The server only knows the core's storage port: `--db` runs it on the SQLite package's port, `--memory` on
 * the core's memory port, `--postgres <url>` on PostgreSQL (`@redsite/adapters-postgres`, imported only then,
 * so that SQLite users need neither it nor `pg`; several servers may share one database); another store is
 * one more case of {@link StoreChoice} and {@link storeLayerOf}.
 *
 * Usage: tsx packages/adapters-http/src/cli.ts [--db redsite.db | --memory | --postgres postgres://…] [--port 8787] [--host 127.0.0.1] [--cors <origin>]...
 * Environment: REDSITE_ADMIN_TOKEN, REDSITE_VIEWER_TOKEN, … fix a role's token instead of a random one;
 * REDSITE_PSEUDONYM_SECRET keys analysts' pseudonyms (random per run without it).
 *
 * @module
 */
import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { Effect, Layer } from "effect"
import type { StoragePort } from "@redsite/core"
import { StoreMemory } from "./memoryStore.js"
import { StoreSqlite } from "./sqliteStore.js"
import { Store } from "./store.js"
import { demoProjects, demoTokens, seededWhenNew, startDemoServer } from "./demo.js"
import type { Role } from "@redsite/client"

/** Which store the server runs on. */
type StoreChoice =
  | { readonly kind: "memory" }
  | { readonly kind: "sqlite"; readonly path: string }
  | { readonly kind: "postgres"; readonly url: string }

interface CliOptions {
  readonly port: number
  readonly host: string
  readonly cors: ReadonlyArray<string>
  readonly store: StoreChoice
}

/** The store layer of a choice (a port, opened with the server and closed with it) and how to name it. */
const storeLayerOf = (choice: StoreChoice): { readonly layer: Layer.Layer<Store, unknown>; readonly name: string; readonly kept: string } => {
  switch (choice.kind) {
    case "memory": return { layer: StoreMemory, name: "in memory", kept: "lost on exit" }
    case "sqlite": return { layer: StoreSqlite(choice.path), name: choice.path, kept: "kept from earlier runs" }
    case "postgres": return { layer: storePostgres(choice.url), name: redacted(choice.url), kept: "kept; shared with every server on the database" }
  }
}

/** A URL without its password, to print. */
const redacted = (url: string) => {
  try {
    const u = new URL(url)
    if (u.password !== "") u.password = "***"
    return u.toString()
  } catch {
    return "postgres"
  }
}

/**
 * What the CLI says when `@redsite/adapters-postgres` cannot be imported: it is an optional companion of this
 * package (SQLite users need neither it nor `pg`), so a server started with `--postgres` must have it beside.
 */
const missingPostgres = (name: string, e: unknown): string => {
  const why = e instanceof Error ? e.message : String(e)
  const code = (e as { code?: unknown } | undefined)?.code
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND"
    ? `--postgres needs the package ${name}, which is not installed. Install it beside @redsite/adapters-http ` +
      `(same version), e.g. npm install ${name}, then start again. (${why})`
    : `--postgres: ${name} could not be loaded: ${why}`
}

/**
 * The store on PostgreSQL: `@redsite/adapters-postgres` imported when asked for (its name in a variable, so
 * that neither the type checker nor a bundler requires it of SQLite users), the database migrated (under an
 * advisory lock: servers starting at once migrate once), its pool ended with the server.
 */
const storePostgres = (url: string): Layer.Layer<Store, unknown> => {
  const name = "@redsite/adapters-postgres"
  type Opened = { readonly port: StoragePort; readonly close: () => Promise<void> }
  const load = Effect.tryPromise({
    try: async () => (await import(name)) as { openPostgres: (url: string) => Promise<Opened> },
    catch: (e) => new Error(missingPostgres(name, e))
  })
  const open = Effect.flatMap(load, (module) => Effect.tryPromise({
    try: () => module.openPostgres(url),
    catch: (e) => new Error(`--postgres: cannot open ${redacted(url)}: ${e instanceof Error ? e.message : String(e)}`)
  }))
  return Layer.scoped(Store, Effect.map(Effect.acquireRelease(open, (db) => Effect.promise(() => db.close())), (db) => db.port))
}

/** The core's `StoreConflict`, by its tag (a defect here: the seed dies on a store error). */
const isStoreConflict = (defect: unknown) =>
  typeof defect === "object" && defect !== null && (defect as { _tag?: unknown })._tag === "StoreConflict"

/**
 * {@link seededWhenNew}, safe when several servers start at once on one new database (PostgreSQL behind a
 * load balancer): each may find the store new and start seeding; their writes meet on the same ids and
 * versions, and a server whose write loses (`StoreConflict`: another server created that project, or appended
 * the structure first) stops seeding, since another one is doing it, and starts serving. Seeding proceeds in
 * one order, so the first to write an item keeps going and completes the seed: the demo portfolio is written
 * once, never twice, and no server fails to start. `seeded` ends true only for servers that completed a seed.
 */
const seededOnce = (layer: Layer.Layer<Store, unknown>, projects: Parameters<typeof seededWhenNew>[1], seeded: { value: boolean }): Layer.Layer<Store, unknown> =>
  Layer.effectDiscard(Effect.gen(function*() {
    const port = yield* Store
    const attempt = Effect.scoped(Layer.build(seededWhenNew(Layer.succeed(Store, port), projects, seeded)))
    // a lost race: the store is no longer new, so the second attempt finds it used and seeds nothing
    const lost = (defect: unknown) => isStoreConflict(defect) ? Effect.sync(() => { seeded.value = false }) : Effect.die(defect)
    yield* attempt.pipe(
      Effect.catchAllDefect((d) => Effect.zipRight(lost(d), attempt)),
      Effect.catchAllDefect((d) => Effect.zipRight(lost(d), attempt))
    )
  })).pipe(Layer.provideMerge(layer))

const usage = "usage: pnpm start [--db redsite.db | --memory | --postgres postgres://user@host/db] [--port 8787] [--host 127.0.0.1] [--cors https://ui.example]..."

const parse = (argv: ReadonlyArray<string>): CliOptions => {
  let port = 8787
  let host = "127.0.0.1"
  const cors: Array<string> = []
  let store: StoreChoice = { kind: "sqlite", path: "redsite.db" }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    const value = argv[i + 1]
    if (flag === "--help" || flag === "-h") {
      console.log(usage)
      process.exit(0)
    }
    if (flag === "--memory") {
      store = { kind: "memory" }
      continue
    }
    if (value === undefined) throw new Error(`${flag} needs a value\n${usage}`)
    if (flag === "--port") {
      port = Number(value)
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port expects 0..65535, got ${value}`)
    } else if (flag === "--host") host = value
    else if (flag === "--cors") cors.push(value)
    else if (flag === "--db") store = { kind: "sqlite", path: value }
    else if (flag === "--postgres") store = { kind: "postgres", url: value }
    else throw new Error(`unknown option ${flag}\n${usage}`)
    i++
  }
  return { port, host, cors, store: store.kind === "sqlite" ? { kind: "sqlite", path: resolve(store.path) } : store }
}

const ENV: Record<Role, string> = {
  administrator: "REDSITE_ADMIN_TOKEN",
  secretary: "REDSITE_SECRETARY_TOKEN",
  viewer: "REDSITE_VIEWER_TOKEN",
  analyst: "REDSITE_ANALYST_TOKEN",
  reviewer: "REDSITE_REVIEWER_TOKEN"
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
  const store = storeLayerOf(options.store)
  const seeded = { value: false }
  const server = await startDemoServer(tokens, {
    port: options.port,
    host: options.host,
    corsOrigins: options.cors,
    // analysts' pseudonyms stay the same across restarts when a secret is given
    ...(process.env.REDSITE_PSEUDONYM_SECRET ? { pseudonymSecret: process.env.REDSITE_PSEUDONYM_SECRET } : {}),
    // the demo portfolio is added to a new store, never to one that already holds data; servers starting at
    // once on one new database seed it once
    store: seededOnce(store.layer, projects, seeded)
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
  console.log(seeded.value
    ? `  store: ${store.name} (new: seeded with ${projects.length} demo projects from the source documents' scenarios${options.store.kind === "memory" ? "; lost on exit" : ""})`
    : `  store: ${store.name} (${store.kept})`)
  console.log("  demo tokens (send as 'authorization: Bearer <token>'):")
  for (const role of Object.keys(tokens) as Array<Role>) console.log(`    ${role.padEnd(14)} ${tokens[role]}`)
  console.log(`  try: curl -H "authorization: Bearer ${tokens.viewer}" ${server.url}/projects`)
  console.log("Ctrl-C stops the server (requests in flight finish first).")
  let stopping = false
  const stop = (why: string) => {
    if (stopping) {
      // a second signal: stop now
      console.error(`${why}: stopping at once`)
      process.exit(1)
    }
    stopping = true
    console.log(`\n${why}: stopping (new connections refused, requests in flight finish first)…`)
    server.close().then(() => process.exit(0), (e: unknown) => {
      console.error(e)
      process.exit(1)
    })
  }
  process.on("SIGINT", () => stop("SIGINT"))
  process.on("SIGTERM", () => stop("SIGTERM"))
  watchLaunchers(() => stop("launcher gone"))
}

/** A process's parent and process group, from `/proc/<pid>/stat` (Linux), or undefined. */
const statOf = (pid: number | "self"): { readonly parent: number; readonly group: number } | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    // the fields after the command (in parentheses): state, parent, process group, …
    const [, parent, group] = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return { parent: Number(parent), group: Number(group) }
  } catch {
    return undefined
  }
}

/**
 * The processes that launched this one: the parent, and its ancestors in the same process group (the job a
 * shell started: `pnpm`, `sh -c`, `tsx`; not the interactive shell itself, so `nohup … &` keeps working).
 * Where there is no `/proc`, the parent only.
 */
const launchers = (): ReadonlyArray<number> => {
  const group = statOf("self")?.group
  const out: Array<number> = [process.ppid]
  for (let pid = process.ppid; out.length < 8;) {
    const s = statOf(pid)
    if (s === undefined || s.group !== group || s.parent <= 1) break
    out.push(pid = s.parent)
  }
  return out.filter((pid) => pid > 1)
}

/**
 * Stops the server when the process that launched it goes away. A launcher that exits on a signal without
 * passing it on (`pnpm start` runs `sh`, then `tsx`, then node: pnpm and sh exit on SIGTERM and leave the
 * rest running) would otherwise leave the server serving, orphaned (issue 15): each launcher is polled every
 * second and the first one gone stops the server gracefully.
 */
const watchLaunchers = (onGone: () => void) => {
  const watched = launchers()
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0)
      return true
    } catch (e) {
      return (e as { code?: string }).code === "EPERM"
    }
  }
  const timer = setInterval(() => {
    if (watched.some((pid) => !alive(pid)) || (watched.length > 0 && process.ppid !== watched[0])) {
      clearInterval(timer)
      onGone()
    }
  }, 1000)
  timer.unref()
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
