import { afterAll, beforeAll } from "vitest"
import { storageContract } from "../../../testing/storeContract.js"
import { openPostgres } from "./open.js"
import type { PostgresStore } from "./open.js"
import { freshDatabases } from "./testing/fresh.js"
import type { FreshDatabases } from "./testing/fresh.js"

let dbs: FreshDatabases
const open: Array<PostgresStore> = []
beforeAll(async () => {
  dbs = await freshDatabases()
}, 120_000)
afterAll(async () => {
  for (const s of open) await s.close()
  await dbs?.stop()
}, 60_000)

storageContract("PostgreSQL", async () => {
  const store = await openPostgres(await dbs.fresh(), { max: 4 })
  open.push(store)
  return store.port
})
