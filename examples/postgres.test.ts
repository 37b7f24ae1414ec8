import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startTestDatabase } from "../packages/adapters-postgres/src/testing/server.js"
import type { TestDatabase } from "../packages/adapters-postgres/src/testing/server.js"
import { postgresTour } from "./postgres.js"

let db: TestDatabase
beforeAll(async () => {
  db = await startTestDatabase()
}, 120_000)
afterAll(async () => {
  await db?.stop()
}, 60_000)

describe("example: redsite on PostgreSQL", () => {
  it("one rename of four wins, the other pool's revision moves, the import and the portfolio agree, every write audited", async () => {
    const lines: Array<string> = []
    const t = await postgresTour(db.url, (l) => lines.push(l))
    expect([t.winners, t.conflicts, t.revisionMoved]).toEqual([1, 3, true])
    expect(t.projects).toBe(t.imported + 1)
    // the create, the one accepted rename, one entry per import batch (of 5 lines)
    expect(t.auditEntries).toBe(2 + Math.ceil(t.imported / 5))
    expect(lines.join("\n")).toContain("1 accepted, 3 StoreConflict")
  })
})
