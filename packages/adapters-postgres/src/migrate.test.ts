import { AppointmentRoles, OrganizationActionKinds, PairingForms, RelationKinds, seedScenarios } from "@redsite/core"
import { projectSummary } from "./collections.js"
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

  it("migration 3 backfills each project's member counts and portfolio line as the port writes them", async () => {
    const admin = await connect()
    await admin.query("CREATE DATABASE redsite_v2_fixture")
    await admin.end()
    const url = new URL(db.url)
    url.pathname = "/redsite_v2_fixture"
    const c = new pg.Client({ connectionString: url.toString() })
    await c.connect()
    // a database at version 2, written before the summary existed
    await c.query("CREATE TABLE redsite_schema (version integer NOT NULL)")
    for (const m of pgMigrations.filter((x) => x.version <= 2)) await c.query(m.sql)
    await c.query("INSERT INTO redsite_schema (version) VALUES (2)")
    const projects = [...new Map(seedScenarios.map((x) => [x.project.id, x.project])).values()]
    for (const p of projects) {
      await c.query(`INSERT INTO projects (id, version, name, kind, cost_yuan, planned_start, planned_end, major, phase) VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8)`,
        [p.id, p.name, p.kind, p.costYuan, p.plannedStart, p.plannedEnd, p.major, p.phase])
      for (const [i, u] of p.units.entries()) {
        await c.query("INSERT INTO units (project_id, position, id, name, role, ownership, has_organization) VALUES ($1, $2, $3, $4, $5, $6, $7)", [p.id, i, u.id, u.name, u.role, u.ownership, u.hasOrganization])
      }
      for (const [i, m] of p.members.entries()) {
        await c.query("INSERT INTO members (project_id, position, id, status, unit_id, mobile, pocket) VALUES ($1, $2, $3, $4, $5, false, false)", [p.id, i, m.id, m.status, m.unitId ?? null])
      }
    }
    expect(await migrate(c)).toEqual(pgMigrations.filter((m) => m.version > 2).map((m) => m.version))
    const rows = (await c.query<{ id: string; full_members: number; probationary_members: number; portfolio_line: string }>(
      "SELECT id, full_members, probationary_members, portfolio_line FROM projects ORDER BY id")).rows
    expect(rows.length).toBe(projects.length)
    for (const r of rows) {
      const s = projectSummary(projects.find((p) => p.id === r.id)!)
      expect([r.id, r.full_members, r.probationary_members, r.portfolio_line]).toEqual([r.id, s.full, s.probationary, s.line])
    }
    await c.end()
  })
})
