/**
 * The HTTP fuzz run of `@redsite/adapters-http` (fuzz.test.ts: random and malformed requests) again, on a
 * PostgreSQL-backed server through `postgresPort` instead of the in-memory store (issue 18, item 6): no 5xx,
 * no personal data leaked, on this store too.
 * One embedded PostgreSQL server per test file (or `REDSITE_PG_URL`'s), one fresh migrated database.
 */
import { storeLayer } from "@redsite/adapters-http"
import { afterAll, beforeAll, expect } from "vitest"
import { testStore } from "../../adapters-http/src/testServer.js"
import { openPostgres } from "./open.js"
import type { PostgresStore } from "./open.js"
import { freshDatabases } from "./testing/fresh.js"
import type { FreshDatabases } from "./testing/fresh.js"

let dbs: FreshDatabases
let store: PostgresStore
// registered before the suite's own beforeAll (which starts the server on this store), so it runs first
beforeAll(async () => {
  dbs = await freshDatabases()
  store = await openPostgres(await dbs.fresh(), { max: 4 })
}, 120_000)
// hooks run in reverse: this runs after the suite's own afterAll; the suite must have written to PostgreSQL
afterAll(async () => {
  if (store !== undefined) {
    const { rows } = await store.pool.query<{ n: string }>("SELECT count(*) AS n FROM projects")
    expect(Number(rows[0]!.n)).toBeGreaterThan(0)
  }
  await store?.close()
  await dbs?.stop()
}, 60_000)

testStore.layers.postgres = () => storeLayer(store.port)
testStore.current = "postgres"
await import("../../adapters-http/src/fuzz.test.js")
