import { RedsiteStore, openConnection, sqlitePort } from "@redsite/adapters-sqlite"
import { memoryPort } from "@redsite/core"
import { existsSync, writeFileSync } from "node:fs"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { demoProjects, seededStore } from "./demo.js"
import { StoreSqlite } from "./sqliteStore.js"
import { caller, projectJson, startTestServer, tempDatabase } from "./testServer.js"

describe("a server on a SQLite file", () => {
  it("keeps projects, versions, coverage facts and the audit log across restarts, and seeds only once", async () => {
    const path = tempDatabase()
    const first = await startTestServer({ store: seededStore(StoreSqlite(path)) })
    const call1 = caller(() => first)
    const put = await call1("PUT", "/projects/sh-long/coverage/facts", "administrator", { ownOrganization: true })
    expect(put.status).toBe(200)
    const audit1 = (await call1("GET", "/audit?limit=500", "administrator")).json
    await first.close()
    expect(existsSync(path)).toBe(true)

    const second = await startTestServer({ store: seededStore(StoreSqlite(path)) })
    const call2 = caller(() => second)
    try {
      const page = await call2("GET", "/projects?limit=500", "viewer")
      expect(page.json.items).toHaveLength(demoProjects().length)
      expect((await call2("GET", "/projects/sh-long/coverage/facts", "viewer")).json).toMatchObject({ version: 1, facts: { ownOrganization: true } })
      // nothing was seeded twice: the audit log is the same
      expect((await call2("GET", "/audit?limit=500", "administrator")).json).toEqual(audit1)
    } finally {
      await second.close()
    }
  })

  it("refuses to start on a file that is not a redsite database, saying why", async () => {
    const path = tempDatabase()
    writeFileSync(path, "not a database ".repeat(100))
    await expect(startTestServer({ store: StoreSqlite(path) })).rejects.toThrow(/cannot open .* as a redsite database/)
  })

  it("runs on a port the caller opened (any StoragePort), which stays open after the server closes", async () => {
    const path = tempDatabase()
    const store = new RedsiteStore(openConnection(path))
    try {
      for (const port of [sqlitePort(store), memoryPort()]) {
        const server = await startTestServer({ store: port })
        const call = caller(() => server)
        const created = await call("POST", "/projects", "administrator", projectJson("on-a-port"))
        expect(created.status).toBe(201)
        expect((await call("GET", "/projects/on-a-port", "viewer")).json).toMatchObject({ version: 1 })
        await server.close()
        // the server wrote through the port and nothing else; the port is still usable after the server is gone
        expect(Effect.runSync(port.projects.get("on-a-port"))?.version).toBe(1)
      }
      expect(store.projects.count()).toBe(1)
    } finally {
      store.db.close()
    }
  })
})
