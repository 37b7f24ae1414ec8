/** The spreadsheet endpoints again, on a SQLite file instead of the in-memory store. */
import { testStore } from "./testServer.js"

testStore.current = "sqlite"
await import("./spreadsheetHandlers.test.js")
