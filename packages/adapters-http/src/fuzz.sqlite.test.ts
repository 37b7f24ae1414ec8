/** The fuzz suite again, on a SQLite file instead of the in-memory store (issue 15: no 5xx on either store). */
import { testStore } from "./testServer.js"

testStore.current = "sqlite"
await import("./fuzz.test.js")
