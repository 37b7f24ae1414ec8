/**
 * Test support for the migrations: the fixtures of every earlier schema version (`fixtures/v<k>.sql`, each a
 * file as the published code of its version wrote it, dumped as SQL), and the same data written through
 * this version's API, to compare a migrated file with.
 *
 * The fixtures hold one data set: a project with its units and members, two organizations and three
 * relations in the legacy tables, a policy, coverage facts, a point event, an event of another stream, the
 * structure's events (an organization serving a unit, an action) of which the last two were appended
 * after the tables last caught up, and the audit entries of the writes. They were made by running the
 * migrations of commit b72991e (the last with live code in migrations 2 and 3) on that data; the fixture of
 * version 5 is the version-4 fixture opened by the code of commit a389de0 (schema version 5: the legacy rows
 * moved and offered to the core, the structure's tables caught up). They are never made again, since they
 * stand for files already in use.
 *
 * @module
 */
import {
  Appoint, CoverageFacts, Establish, Organization, PointEvent, RecordAction, Register, Relate, StartAttendance, StructureEvent, isoDate, policies,
  seedScenarios
} from "@redsite/core"
import Database from "better-sqlite3"
import { Schema } from "effect"
import { readFileSync } from "node:fs"
import type { Connection } from "../connection.js"

const d = isoDate

/** The schema versions a fixture exists for. */
export const fixtureVersions = [1, 2, 3, 4, 5] as const

/** The versions whose fixture holds structure events its tables have not caught up with (the pending ones). */
export const laggingFixtureVersions = [1, 2, 3, 4] as const

/** Writes the fixture of schema version `version` to a new database file at `file`. */
export const writeFixture = (file: string, version: (typeof fixtureVersions)[number]): void => {
  const db = new Database(file)
  db.exec(readFileSync(new URL(`./fixtures/v${version}.sql`, import.meta.url), "utf8"))
  db.close()
}

/** The structure's events the fixtures' tables had caught up with. */
export const heldEvents: ReadonlyArray<StructureEvent> = [
  new Establish({ date: d("2020-01-01"), organization: { id: "department", name: "区住建委党委", kind: "committee", temporary: false, projectIds: [] } }),
  new Establish({ date: d("2020-01-01"), organization: { id: "town", name: "镇党委", kind: "committee", temporary: false, projectIds: [] } }),
  new Establish({
    date: d("2020-09-03"),
    organization: { id: "site", name: "项目临时党支部", kind: "combinedBranch", temporary: true, approvedBy: "department", projectIds: ["p1"], unitIds: ["gc"] }
  }),
  new Relate({ date: d("2020-09-03"), kind: "secondSuperior", from: "site", to: "town", tasks: [] }),
  new Relate({ date: d("2020-09-10"), kind: "pairing", from: "site", to: "town", pairingForm: "signedPairing", tasks: ["安全生产", "就业帮扶"] }),
  new Register({ date: d("2020-09-05"), memberId: "wang", homeOrganizationId: "home-outside", status: "full", mobile: true, pocket: false }),
  new StartAttendance({ date: d("2020-09-05"), memberId: "wang", organizationId: "site" }),
  new Appoint({ date: d("2020-09-03"), organizationId: "site", role: "secretary", personId: "wang", end: false }),
  new RecordAction({ date: d("2020-10-01"), organizationId: "department", memberId: "wang", action: "discipline" })
]

/** The structure's events appended after the fixtures' tables last caught up (the generic log, as older code did). */
export const pendingEvents: ReadonlyArray<StructureEvent> = [
  new Establish({ date: d("2020-11-01"), organization: { id: "site3", name: "三号工地党支部", kind: "branch", temporary: false, approvedBy: "town", projectIds: [], unitIds: ["u3"] } }),
  new Appoint({ date: d("2020-11-02"), organizationId: "site3", role: "deputy", personId: "li", end: false })
]

/** The fixtures' project (a seed scenario's). */
export const fixtureProject = seedScenarios.find((s) => s.id === "shanghai-major")!.project

/** The fixtures' organizations in the legacy `organizations` table. */
export const legacyOrganizations: ReadonlyArray<Organization> = [
  new Organization({ id: "legacy-branch", name: "某标段党支部", kind: "branch", temporary: false, projectIds: [fixtureProject.id], unitIds: [], establishedOn: d("2021-03-01") }),
  new Organization({ id: "legacy-temp", name: "临时党支部", kind: "combinedBranch", temporary: true, projectIds: [], unitIds: [], establishedOn: d("2021-04-01"), dissolvedOn: d("2022-04-01") })
]

/** The fixtures' rows of the legacy `relations` table. */
export const legacyRelations = [
  { kind: "reportsTo", fromId: "legacy-branch", toId: "department", validFrom: "2021-03-01", validTo: undefined, attributes: {} },
  { kind: "pairing", fromId: "legacy-branch", toId: "town", validFrom: "2021-03-10", validTo: "2022-12-31", attributes: { form: "signedPairing", tasks: ["安全生产"] } },
  { kind: "guidance", fromId: "legacy-temp", toId: "site", validFrom: "2021-04-01", validTo: undefined, attributes: {} }
] as const

/** The fixtures' other documents and records. */
export const fixturePolicy = policies.national
export const fixtureCoverage = new CoverageFacts({ projectId: fixtureProject.id, ownOrganization: true, work: ["instructor"], redSiteCreation: false, qualityPlan: false })
export const fixturePoints = [
  new PointEvent({ id: "pe1", memberId: "wang", organizationId: "site", date: d("2021-05-01"), item: "meeting", points: 2, evidence: "minutes 5", recordedBy: "sec", recordedAt: d("2021-05-02") })
]

/** The time the fixtures' audit entries and events were recorded at. */
export const FIXTURE_RECORDED_AT = "2024-01-01T00:00:00.000Z"

/** The structure's events as the log stores them (`payload` encoded). */
export const asLogged = (events: ReadonlyArray<StructureEvent>) =>
  events.map((e) => ({ stream: "structure", type: e._tag, occurredOn: e.date, payload: Schema.encodeSync(StructureEvent)(e) }))

/**
 * Every row of every table and the schema of a database, in an order that does not depend on how the rows
 * were written (to compare two files).
 */
export const contentsOf = (db: Connection) => {
  const schema = db.prepare<[], { type: string; name: string; tbl_name: string; sql: string | null }>(
    "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name"
  ).all()
  const tables = Object.fromEntries(schema.filter((o) => o.type === "table").map((o) => [
    o.name,
    db.prepare(`SELECT * FROM "${o.name}"`).all().map((r) => JSON.stringify(r)).sort()
  ]))
  return { version: db.pragma("user_version", { simple: true }) as number, schema, tables }
}
