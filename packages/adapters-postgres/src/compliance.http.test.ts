/**
 * The HTTP compliance suite of `@redsite/adapters-http` (compliance.test.ts) again, on a PostgreSQL database
 * through `postgresPort` instead of the in-memory store: records appended and read, scorecards and queries
 * answered the same way on every store.
 */
import { storeLayer } from "@redsite/adapters-http"
import { afterAll, beforeAll } from "vitest"
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
afterAll(async () => {
  await store?.close()
  await dbs?.stop()
}, 60_000)

testStore.layers.postgres = () => storeLayer(store.port)
testStore.current = "postgres"
await import("../../adapters-http/src/compliance.test.js")
