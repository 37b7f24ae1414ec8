/**
 * The storage port (存储端口): one program written against the core's `StoragePort` runs unchanged on the
 * memory store and on a SQLite file, and the HTTP server runs on whichever port it is given.
 *
 * Run: pnpm exec tsx examples/storage-port.ts
 */
import { Principal, hashToken, startServer } from "@redsite/adapters-http"
import { RedsiteStore, openConnection, sqlitePort } from "@redsite/adapters-sqlite"
import { CoverageFacts, memoryPort, seedScenarios } from "@redsite/core"
import type { StoragePort } from "@redsite/core"
import { Effect } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const ops = { principalId: "ops", role: "administrator" }
const project = seedScenarios[0]!.project

/** Stores a project and what covers it, tries facts of a project that is not stored, and reads the audit log. */
const program = (store: StoragePort) =>
  Effect.gen(function*() {
    yield* store.projects.create(project, ops)
    yield* store.coverage.create(new CoverageFacts({ projectId: project.id, ownOrganization: true, work: [], redSiteCreation: false, qualityPlan: false }), ops)
    // facts of a project the store does not hold: a typed refusal, nothing written
    const refused = yield* Effect.flip(store.coverage.create(new CoverageFacts({ projectId: "nowhere", ownOrganization: true, work: [], redSiteCreation: false, qualityPlan: false }), ops))
    const audit = yield* store.audit(0, 100)
    const cols = yield* store.portfolio({})
    return { refused: `${refused._tag} (${refused._tag === "StoreReferenceMissing" ? `${refused.resource} ${refused.id}` : refused.id})`, audit: audit.map((a) => `${a.action} ${a.resource} ${a.resourceId}`), projects: cols.ids }
  })

const dir = mkdtempSync(join(tmpdir(), "redsite-example-port-"))
const sqlite = new RedsiteStore(openConnection(join(dir, "city.db")))
try {
  for (const [name, store] of [["memory", memoryPort()], ["SQLite", sqlitePort(sqlite)]] as const) {
    const r = await Effect.runPromise(program(store))
    console.log(`${name}: refused ${r.refused}; audit: ${r.audit.join(", ")}; portfolio: ${r.projects.join(", ")}`)
  }

  // the HTTP server on the SQLite port: it reads and writes nothing else
  const token = "example-viewer"
  const server = await startServer({ port: 0, store: sqlitePort(sqlite), tokens: [{ sha256: hashToken(token), principal: new Principal({ id: "viewer", role: "viewer" }) }] })
  try {
    const res = await fetch(`${server.url}/projects/${project.id}/coverage/facts`, { headers: { authorization: `Bearer ${token}` } })
    console.log(`GET /projects/${project.id}/coverage/facts → ${res.status}, ETag ${res.headers.get("etag")}`)
  } finally {
    await server.close()
  }
} finally {
  sqlite.db.close()
  rmSync(dir, { recursive: true, force: true })
}
