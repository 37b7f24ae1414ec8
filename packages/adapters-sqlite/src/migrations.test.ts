import Database from "better-sqlite3"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { DatabaseUnreadable, openConnection } from "./database.js"
import { LATEST_VERSION, migrations } from "./migrations.js"
import { addRelation } from "./portfolio.js"
import { RedsiteStore } from "./store.js"
import {
  FIXTURE_RECORDED_AT, asLogged, contentsOf, fixtureCoverage, fixturePoints, fixturePolicy, fixtureProject, fixtureVersions, heldEvents, legacyOrganizations,
  legacyRelations, pendingEvents, writeFixture
} from "./testing/fixtures.js"

const dir = mkdtempSync(join(tmpdir(), "redsite-sqlite-migrations-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const path = () => join(dir, `m${n++}.db`)
const actor = { principalId: "fixture", role: "administrator" }

/** The fixtures' data written by this version, through its API, into a new file. */
const writtenNow = () => {
  const store = new RedsiteStore(openConnection(path()))
  store.projects.create(fixtureProject, actor)
  for (const o of legacyOrganizations) store.organizations.create(o, actor)
  store.policies.create(fixturePolicy, actor)
  store.coverage.create(fixtureCoverage, actor)
  store.appendLedger(fixturePoints)
  for (const r of legacyRelations) addRelation(store, r)
  store.appendEvents([{ stream: "other", type: "Noise", occurredOn: "2020-01-01", payload: {} }])
  store.appendEvents(asLogged([...heldEvents, ...pendingEvents]))
  store.structure.version()
  store.db.prepare("UPDATE audit SET at = ?").run(FIXTURE_RECORDED_AT)
  store.db.prepare("UPDATE events SET recorded_at = ?").run(FIXTURE_RECORDED_AT)
  return store.db
}

describe("migrations", () => {
  it("are frozen: plain SQL that imports no code (the file imports nothing)", async () => {
    const { readFileSync } = await import("node:fs")
    const source = readFileSync(new URL("./migrations.ts", import.meta.url), "utf8")
    expect(source).not.toMatch(/^import /m)
    for (const m of migrations) expect(Object.keys(m).sort()).toEqual(["description", "sql", "version"])
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1))
  })

  it.each(fixtureVersions.map((v) => [v]))("take a file of version %i, as the published code wrote it, to one equal to a file this version writes", (version) => {
    const file = path()
    writeFixture(file, version)
    const migrated = openConnection(file)
    expect(migrated.pragma("user_version", { simple: true })).toBe(LATEST_VERSION)
    expect(migrated.pragma("foreign_key_check")).toEqual([])
    expect(migrated.pragma("integrity_check", { simple: true })).toBe("ok")
    // the latest version's file is not migrated: its tables catch up with the log on the first read, as any file's
    expect(new RedsiteStore(migrated).structure.version()).toBe(heldEvents.length + pendingEvents.length)
    expect(contentsOf(migrated)).toEqual(contentsOf(writtenNow()))
    migrated.close()
  })

  it("leave a file untouched at its version when a stored structure event does not replay, saying which", () => {
    for (const version of fixtureVersions.filter((v) => v < LATEST_VERSION)) {
      const file = path()
      writeFixture(file, version)
      const raw = new Database(file)
      // a hand edit of the log: the organization of the last appointment never existed
      raw.prepare("UPDATE events SET payload = json_set(payload, '$.organizationId', 'ghost') WHERE seq = 12").run()
      const before = contentsOf(raw)
      raw.close()
      expect(() => openConnection(file)).toThrow(DatabaseUnreadable)
      expect(() => openConnection(file)).toThrow(/event seq 12 is refused by the core \(organization\.unknown/)
      const after = new Database(file, { readonly: true })
      expect(contentsOf(after)).toEqual(before)
      after.close()
    }
  })

  it("3 empties the structure tables only when what they hold carries a unit served or an action", () => {
    const run3 = (edit: string) => {
      const file = path()
      writeFixture(file, 2)
      const raw = new Database(file)
      raw.exec(edit)
      raw.exec(migrations[2]!.sql)
      const out = {
        organizations: raw.prepare("SELECT count(*) AS n FROM structure_organizations").get(),
        state: raw.prepare("SELECT version, last_seq FROM structure_state").get()
      }
      raw.close()
      return out
    }
    expect(run3("")).toEqual({ organizations: { n: 0 }, state: { version: 0, last_seq: 0 } })
    // the action is one of the pending events (after the tables' last event): the unit is the only carrier
    expect(run3("UPDATE events SET seq = seq + 100 WHERE type = 'RecordAction'")).toEqual({ organizations: { n: 0 }, state: { version: 0, last_seq: 0 } })
    const noCarrier = "UPDATE events SET seq = seq + 100 WHERE type = 'RecordAction'; UPDATE events SET payload = json_set(payload, '$.organization.unitIds', json('[]')) WHERE seq <= 10"
    expect(run3(noCarrier)).toEqual({ organizations: { n: 3 }, state: { version: 9, last_seq: 10 } })
  })
})
