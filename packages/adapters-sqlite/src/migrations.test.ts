import Database from "better-sqlite3"
import { Either, Schema } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { DatabaseUnreadable, openConnection } from "./database.js"
import { LATEST_VERSION, migrations } from "./migrations.js"
import { LEGACY_ADOPTION_ACTOR, legacyStructureRows } from "./legacy.js"
import { RedsiteStore } from "./store.js"
import { structureReplayPolicy } from "./structure.js"
import { StoredRelation, organizationEvents, relationEvents } from "./structureLines.js"
import {
  FIXTURE_RECORDED_AT, asLogged, contentsOf, fixtureCoverage, fixturePoints, fixturePolicy, fixtureProject, fixtureVersions, heldEvents, laggingFixtureVersions, legacyOrganizations,
  legacyRelations, pendingEvents, writeFixture
} from "./testing/fixtures.js"

const dir = mkdtempSync(join(tmpdir(), "redsite-sqlite-migrations-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const path = () => join(dir, `m${n++}.db`)
const actor = { principalId: "fixture", role: "administrator" }
const decodeRelation = Schema.decodeUnknownSync(StoredRelation)
/** The contents to compare: the legacy rows are only in a migrated file (checked apart), the times of writing normalized. */
const comparable = (db: Database.Database) => {
  db.prepare("UPDATE audit SET at = ?").run(FIXTURE_RECORDED_AT)
  db.prepare("UPDATE events SET recorded_at = ?").run(FIXTURE_RECORDED_AT)
  const c = contentsOf(db)
  // a stored policy's body is the catalogue's as it was when the file was written; a migration never rewrites
  // it and the catalogue changes between versions, so policies compare by id and version
  const policies = (c.tables["policies"] ?? []).map((r) => {
    const row = JSON.parse(String(r)) as { id: string; version: number }
    return JSON.stringify({ id: row.id, version: row.version })
  })
  return { ...c, tables: { ...c.tables, policies, legacy_structure_rows: [] } }
}

/** The fixtures' data written by this version, through its API, into a new file. */
const writtenNow = () => {
  const store = new RedsiteStore(openConnection(path()))
  store.projects.create(fixtureProject, actor)
  // the legacy organizations' audit entries (the legacy table is gone: what they say is in the structure)
  for (const o of legacyOrganizations) store.record(actor, "create", "organization", o.id, null, 1)
  store.policies.create(fixturePolicy, actor)
  store.coverage.create(fixtureCoverage, actor)
  store.appendLedger(fixturePoints)
  store.appendEvents([{ stream: "other", type: "Noise", occurredOn: "2020-01-01", payload: {} }])
  store.appendEvents(asLogged([...heldEvents, ...pendingEvents]))
  // what the core accepts of the legacy rows, appended as the upgrade does
  const adopted = [...organizationEvents(legacyOrganizations[0]!), ...relationEvents(decodeRelation(legacyRelations[0])), ...relationEvents(decodeRelation(legacyRelations[1]))]
  expect(Either.isRight(store.structure.append(adopted, { expectedVersion: store.structure.version(), policy: structureReplayPolicy, actor: LEGACY_ADOPTION_ACTOR }))).toBe(true)
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
    const raw = new Database(file, { readonly: true })
    // before version 5 the legacy tables; from 5 on, their rows as migration 5 kept them
    const legacy = version < 5
      ? [
        ...raw.prepare("SELECT id, version, body FROM organizations ORDER BY id").all().map((r: any) => ({ ...r, body: JSON.parse(r.body) })),
        ...raw.prepare("SELECT seq, kind, from_id AS fromId, to_id AS toId, valid_from AS validFrom, valid_to AS validTo, attributes FROM relations ORDER BY seq").all()
          .map((r: any) => ({ ...r, attributes: JSON.parse(r.attributes) }))
      ]
      : raw.prepare("SELECT row FROM legacy_structure_rows ORDER BY seq").all().map((r: any) => JSON.parse(r.row))
    raw.close()
    const migrated = openConnection(file)
    expect(migrated.pragma("user_version", { simple: true })).toBe(LATEST_VERSION)
    expect(migrated.pragma("foreign_key_check")).toEqual([])
    expect(migrated.pragma("integrity_check", { simple: true })).toBe("ok")
    // the latest version's file is not migrated: its tables catch up with the log on the first read, as any file's
    expect(new RedsiteStore(migrated).structure.version()).toBe(heldEvents.length + pendingEvents.length + 4)
    expect(comparable(migrated)).toEqual(comparable(writtenNow()))
    // every legacy row kept: adopted, or refused with the core's reason
    expect(legacyStructureRows(migrated).map((r) => r.row)).toEqual(legacy)
    // (a temporary organization needs an approving superior, Art. 6: the legacy table never held one; a relation to it then names no organization)
    expect(legacyStructureRows(migrated).map((r) => [r.source, (r.row as { id?: string; fromId?: string }).id ?? (r.row as { fromId: string }).fromId, r.state, /^refused by the core \((\w+)\): ([\w.]+):/.exec(r.reason ?? "")?.slice(1)])).toEqual([
      ["organization", "legacy-branch", "adopted", undefined],
      ["organization", "legacy-temp", "refused", ["Establish", "temporary.noApprovingSuperior"]],
      ["relation", "legacy-branch", "adopted", undefined],
      ["relation", "legacy-branch", "adopted", undefined],
      ["relation", "legacy-temp", "refused", ["Relate", "organization.unknown"]]
    ])
    migrated.close()
  })

  it("leave a file untouched at its version when a stored structure event does not replay, saying which", () => {
    // (only a file whose tables lag its log replays a stored event when opened)
    for (const version of laggingFixtureVersions) {
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

  it("6 adds the compliance records' table, empty, to a file of version 5; events appended after are read back in order", async () => {
    const { sqlitePort } = await import("./port.js")
    const { Effect } = await import("effect")
    const { MilestoneRecorded, Correct, isoDate } = await import("@redsite/core")
    const file = path()
    writeFixture(file, 5)
    const db = openConnection(file)
    expect(db.prepare("SELECT count(*) AS n FROM compliance_records").get()).toEqual({ n: 0 })
    const port = sqlitePort(new RedsiteStore(db))
    const events = [
      new MilestoneRecorded({ id: "m1", projectId: fixtureProject.id, date: isoDate("2022-06-01"), milestone: "redSiteCreationStarted" }),
      new Correct({ id: "c1", date: isoDate("2022-06-02"), corrects: "m1" })
    ]
    expect(Effect.runSync(port.records.append(events, 0, actor)).version).toBe(2)
    expect(db.prepare("SELECT seq, record_id, project_id, type FROM compliance_records ORDER BY seq").all()).toEqual([
      { seq: 1, record_id: "m1", project_id: fixtureProject.id, type: "MilestoneRecorded" },
      { seq: 2, record_id: "c1", project_id: fixtureProject.id, type: "Correct" }
    ])
    expect(Effect.runSync(port.records.log(fixtureProject.id)).book.events.map((e) => e.id)).toEqual(["m1", "c1"])
    db.close()
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
