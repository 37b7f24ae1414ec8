import { existsSync, writeFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { demoProjects, seededStore } from "./demo.js"
import { StoreSqlite } from "./sqliteStore.js"
import { caller, startTestServer, tempDatabase } from "./testServer.js"

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
})
