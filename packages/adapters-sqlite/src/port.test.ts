import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll } from "vitest"
import { storageContract } from "../../../testing/storeContract.js"
import { openConnection } from "./database.js"
import { sqlitePort } from "./port.js"
import { RedsiteStore } from "./store.js"

const dir = mkdtempSync(join(tmpdir(), "redsite-sqlite-port-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0

storageContract("SQLite", async () => sqlitePort(new RedsiteStore(openConnection(join(dir, `c${n++}.db`)))))
