import { AppointmentRoles, OrganizationActionKinds, PairingForms, RelationKinds } from "@redsite/core"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { PgDatabaseTooNew, migrate } from "./migrate.js"
import { PG_LATEST_VERSION, pgMigrations } from "./migrations.js"
import { startTestDatabase } from "./testing/server.js"
import type { TestDatabase } from "./testing/server.js"

let db: TestDatabase
beforeAll(async () => {
  db = await startTestDatabase()
}, 120_000)
afterAll(async () => {
  await db?.stop()
}, 60_000)

const connect = async () => {
  const c = new pg.Client({ connectionString: db.url })
  await c.connect()
  return c
}

describe("PostgreSQL migrations", () => {
  it("bring an empty database to the latest version once, even when several processes start at once, and are frozen SQL", async () => {
    const clients = await Promise.all([1, 2, 3].map(connect))
    const applied = await Promise.all(clients.map((c) => migrate(c)))
    // exactly one of them migrated, under the advisory lock; the others found it done
    expect(applied.map((a) => a.length).sort()).toEqual([0, 0, pgMigrations.length])
    const c = clients[0]!
    expect((await c.query("SELECT version FROM redsite_schema")).rows).toEqual([{ version: PG_LATEST_VERSION }])
    expect(await migrate(c)).toEqual([])
    const tables = (await c.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).rows.map((r) => r.t)
    expect(tables).toContain("structure_relations")
    expect(tables).not.toContain("relations")
    expect(tables).not.toContain("organizations")
    await Promise.all(clients.map((x) => x.end()))
  })

  it("constrain relation kinds, pairing forms, appointment roles and action kinds to the core's vocabularies", () => {
    const listIn = (column: string) => {
      // the last check of the column in the last migration that sets one (the audit's action comes before the structure's)
      const source = `\\b${column} text[^,]*CHECK \\(${column} IN \\(([^)]*)\\)`
      const sql = [...pgMigrations].reverse().find((m) => new RegExp(source).test(m.sql))!.sql
      return [...[...sql.matchAll(new RegExp(source, "g"))].at(-1)![1]!.matchAll(/'([^']+)'/g)].map((m) => m[1])
    }
    expect(listIn("kind")).toEqual([...RelationKinds])
    expect(listIn("pairing_form")).toEqual([...PairingForms])
    expect(listIn("role")).toEqual([...AppointmentRoles])
    expect(listIn("action")).toEqual([...OrganizationActionKinds])
  })

  it("refuse a database written by a newer version, changing nothing; and the tables refuse what no structure holds", async () => {
    const c = await connect()
    await migrate(c)
    await c.query("UPDATE redsite_schema SET version = $1", [PG_LATEST_VERSION + 1])
    await expect(migrate(c)).rejects.toBeInstanceOf(PgDatabaseTooNew)
    expect((await c.query("SELECT version FROM redsite_schema")).rows).toEqual([{ version: PG_LATEST_VERSION + 1 }])
    await c.query("UPDATE redsite_schema SET version = $1", [PG_LATEST_VERSION])
    await c.query("INSERT INTO structure_organizations (id, position, name, kind, temporary, established_on) VALUES ('a', 0, 'a', 'committee', false, '2020-01-01')")
    await expect(c.query("INSERT INTO structure_relations (position, kind, from_id, to_id, valid_from) VALUES (0, 'boss', 'a', 'a', '2020-01-01')")).rejects.toThrow(/check constraint/)
    await expect(c.query("INSERT INTO structure_relations (position, kind, from_id, to_id, valid_from) VALUES (0, 'guidance', 'a', 'nowhere', '2020-01-01')")).rejects.toThrow(/foreign key/)
    await c.end()
  })
})
