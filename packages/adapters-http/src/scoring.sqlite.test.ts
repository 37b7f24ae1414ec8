/** The scoring suite again (the stored ledger included), on a SQLite file instead of the in-memory store. */
import { testStore } from "./testServer.js"

testStore.current = "sqlite"
await import("./scoring.test.js")
