import {
  AppointmentRoles, Appoint, ChangeStatus, CompleteProject, Convert, Dissolve, ElectCommittee, EndAttendance, EndRelation, Establish, MemberStatuses,
  OrganizationActionKinds, PairingForms, RecordAction, Register, Relate, RelationKinds, StartAttendance, Structure, StructureEvent, TransferHome, asOf,
  isoDate, policies, replay, subtreeOf
} from "@redsite/core"
import type { IsoDate } from "@redsite/core"
import { Effect, Either, Schema } from "effect"
import fc from "fast-check"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { SqliteDatabase, layer, openDatabase } from "./api.js"
import { DatabaseUnreadable, openConnection } from "./database.js"
import { migrations } from "./migrations.js"
import { RowConflict } from "./rows.js"
import { RedsiteStore } from "./store.js"
import { StructureEventInvalid, StructureRejected, structureReplayPolicy } from "./structure.js"

const dir = mkdtempSync(join(tmpdir(), "redsite-sqlite-structure-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const path = () => join(dir, `s${n++}.db`)
const actor = { principalId: "tester", role: "administrator" }
const encode = Schema.encodeSync(Structure)
const encodeEvent = Schema.encodeSync(StructureEvent)
const policy = structureReplayPolicy
const d = (s: string) => isoDate(s)
const addDays = (date: string, k: number) => isoDate(new Date(Date.parse(`${date}T00:00:00Z`) + k * 86_400_000).toISOString().slice(0, 10))

const establish = (
  date: string,
  id: string,
  extra: Partial<{ temporary: boolean; approvedBy: string; reportsTo: string; projectIds: Array<string>; unitIds: Array<string> }> = {}
) =>
  new Establish({
    date: d(date),
    organization: {
      id, name: `组织${id}`, kind: extra.temporary === true ? "combinedBranch" : "committee", temporary: extra.temporary ?? false,
      projectIds: extra.projectIds ?? [], ...(extra.approvedBy === undefined ? {} : { approvedBy: extra.approvedBy }),
      ...(extra.unitIds === undefined ? {} : { unitIds: extra.unitIds })
    },
    ...(extra.reportsTo === undefined ? {} : { reportsTo: extra.reportsTo })
  })

/** A site: a department, a town, a temporary site branch under both, a member at home outside the graph attending it. */
const site: ReadonlyArray<StructureEvent> = [
  establish("2020-01-01", "department"),
  establish("2020-01-01", "town"),
  establish("2020-09-03", "site", { temporary: true, approvedBy: "department", projectIds: ["p1"] }),
  new Relate({ date: d("2020-09-03"), kind: "secondSuperior", from: "site", to: "town", tasks: [] }),
  new Relate({ date: d("2020-09-10"), kind: "pairing", from: "site", to: "town", pairingForm: "signedPairing", tasks: ["安全生产", "就业帮扶"] }),
  new Register({ date: d("2020-09-05"), memberId: "wang", homeOrganizationId: "home-outside", status: "full", mobile: true, pocket: false }),
  new StartAttendance({ date: d("2020-09-05"), memberId: "wang", organizationId: "site" }),
  new Appoint({ date: d("2020-09-03"), organizationId: "site", role: "secretary", personId: "wang", end: false })
]

// ------------------------------------------------------------------------------------------ histories

/**
 * A random history on a small world (6 organizations, 4 members, 3 projects, 4 units), dated in order; some
 * events are refused. Every kind of event, every appointment role (the committee member included), units
 * served and recorded actions (some by temporary organizations, which the core refuses).
 */
const arbHistory = fc.array(
  fc.record({
    kind: fc.nat(17),
    a: fc.nat(5),
    b: fc.nat(5),
    m: fc.nat(3),
    flag: fc.boolean(),
    pick: fc.nat(20),
    days: fc.integer({ min: 0, max: 30 })
  }),
  { minLength: 5, maxLength: 60 }
).map((rows) => {
  let day = "2020-01-01"
  // a few organizations and members to start from; the others are set up (or refused) as the history goes
  const roots = [
    establish(day, "o0"), establish(day, "o1", { reportsTo: "o0" }),
    establish(day, "o2", { temporary: true, approvedBy: "o1", projectIds: ["p0"], unitIds: ["u0", "u1"] }),
    new Register({ date: d(day), memberId: "m0", homeOrganizationId: "o0", status: "activist", mobile: false, pocket: false }),
    new Register({ date: d(day), memberId: "m1", homeOrganizationId: "outside0", status: "full", mobile: true, pocket: false })
  ]
  // what earlier events began, so that ending events mostly name something that exists
  const related: Array<Relate> = []
  const attending: Array<StartAttendance> = []
  const appointed: Array<Appoint> = []
  const stage = new Map<string, number>([["m0", 1], ["m1", 4]])
  const pickOf = <A>(xs: ReadonlyArray<A>, k: number) => (xs.length === 0 ? undefined : xs[k % xs.length])
  return [...roots, ...rows.map((r): StructureEvent => {
    day = addDays(day, r.days)
    const date = d(day)
    const o = (k: number) => `o${k}`
    const mem = `m${r.m}`
    const kind = RelationKinds[r.pick % RelationKinds.length]!
    switch (r.kind) {
      case 0:
      case 1: return establish(day, o(3 + (r.a % 3)), {
        temporary: r.flag, ...(r.b % 4 !== 3 ? { approvedBy: o(r.b) } : {}), ...(r.pick % 3 === 0 ? { reportsTo: o(r.b) } : {}),
        projectIds: r.flag ? [`p${r.a % 3}`] : r.pick % 4 === 0 ? [`p${r.pick % 3}`, `p${(r.pick + 1) % 3}`] : [],
        ...(r.pick % 5 === 0 ? {} : { unitIds: r.pick % 5 === 1 ? [] : [`u${r.b % 4}`, ...(r.flag ? [`u${(r.b + 1) % 4}`] : [])] })
      })
      case 2:
      case 14: {
        const e = new Relate({
          date, kind, from: o(r.flag ? r.a % 3 : r.a), to: o(r.b % 3),
          ...(kind === "pairing" ? { pairingForm: PairingForms[r.pick % PairingForms.length]!, tasks: r.flag ? ["安全生产", "党建联建"] : [] } : { tasks: [] })
        })
        related.push(e)
        return e
      }
      case 3: {
        const x = pickOf(related, r.pick)
        return x === undefined ? new EndRelation({ date, kind, from: o(r.a), to: o(r.b) }) : new EndRelation({ date, kind: x.kind, from: x.from, to: x.to })
      }
      case 4:
        stage.set(mem, r.pick % 5)
        return new Register({ date, memberId: mem, homeOrganizationId: r.flag ? o(r.a) : `outside${r.b}`, status: MemberStatuses.values[r.pick % 5]!, mobile: r.flag, pocket: r.pick % 2 === 0 })
      case 5: return new TransferHome({ date, memberId: mem, organizationId: r.flag ? o(r.a) : `outside${r.b}` })
      case 6: {
        const e = new StartAttendance({ date, memberId: mem, organizationId: o(r.a) })
        attending.push(e)
        return e
      }
      case 7: {
        const x = pickOf(attending, r.pick)
        return new EndAttendance({ date, memberId: x?.memberId ?? mem, organizationId: x?.organizationId ?? o(r.a) })
      }
      case 8: {
        // mostly the next stage after the one last given to the member, sometimes any
        const next = r.pick % 4 === 0 ? r.pick % 5 : Math.min(4, (stage.get(mem) ?? 0) + 1)
        stage.set(mem, next)
        return new ChangeStatus({ date, memberId: mem, status: MemberStatuses.values[next]!, ...(r.flag ? { decidedBy: o(r.a) } : {}) })
      }
      case 9: return new Dissolve({ date, organizationId: o(r.a) })
      case 10: return new CompleteProject({ date, projectId: `p${r.a % 3}` })
      case 11: return new Convert({ date, organizationId: o(r.a), target: ["businessDistrict", "building", "community", "nowhere"][r.pick % 4]! })
      case 12: return new ElectCommittee({ date, organizationId: o(r.a) })
      case 16:
      case 17: return new RecordAction({ date, organizationId: o(r.flag ? r.a % 3 : r.a), memberId: r.flag ? `m${r.m % 2}` : mem, action: OrganizationActionKinds[r.pick % OrganizationActionKinds.length]! })
      default: {
        const x = r.flag ? pickOf(appointed, r.pick) : undefined
        if (x !== undefined) return new Appoint({ date, organizationId: x.organizationId, role: x.role, personId: x.personId, end: true })
        const e = new Appoint({ date, organizationId: o(r.a), role: AppointmentRoles[r.pick % AppointmentRoles.length]!, personId: mem, end: false })
        appointed.push(e)
        return e
      }
    }
  })]
})

/** Appends a history in chunks (as the HTTP API does), keeping what the core accepts; returns the accepted events. */
const appendAll = (store: RedsiteStore, events: ReadonlyArray<StructureEvent>, chunk: number) => {
  const accepted: Array<StructureEvent> = []
  for (let i = 0; i < events.length; i += chunk) {
    let part = events.slice(i, i + chunk)
    while (part.length > 0) {
      const version = store.structure.version()
      const r = store.structure.append(part, { expectedVersion: version, policy, actor })
      if (Either.isRight(r)) {
        accepted.push(...part)
        break
      }
      // a refused event: nothing of the chunk was written; drop it and retry the rest
      expect(r.left).toBeInstanceOf(StructureRejected)
      expect(store.structure.version()).toBe(version)
      const k = (r.left as StructureRejected).index
      part = [...part.slice(0, k), ...part.slice(k + 1)]
    }
  }
  return accepted
}


describe("structure tables", () => {
  it("load back what the core's replay makes of the accepted events, and as-of any date what the core's asOf makes of it", () => {
    const anyDate = fc.integer({ min: -3, max: 900 }).map((k) => addDays("2019-12-31", k))
    fc.assert(fc.property(arbHistory, fc.integer({ min: 1, max: 5 }), fc.array(anyDate, { minLength: 1, maxLength: 4 }), (events, chunk, dates) => {
      const file = path()
      const writer = new RedsiteStore(openConnection(file))
      const accepted = appendAll(writer, events, chunk)
      const expected = Either.getOrThrow(replay(accepted, policy))
      // a second connection: what it reads comes from the tables, not from the writer's memory
      const reader = new RedsiteStore(openConnection(file))
      expect(reader.structure.version()).toBe(accepted.length)
      expect(encode(reader.structure.structure())).toEqual(encode(expected))
      for (const date of [...dates, ...accepted.slice(0, 2).map((e) => e.date)]) {
        expect(encode(reader.structure.structureAt(date))).toEqual(encode(asOf(expected, date)))
        for (const o of expected.organizations.slice(0, 2)) expect([...reader.structure.subtreeAt(o.id, date)].sort()).toEqual([...subtreeOf(expected, o.id, date)].sort())
      }
      // the log holds exactly the accepted events, in order
      expect(reader.events(StructureEvent, { stream: "structure" }).map((e) => encodeEvent(e.payload))).toEqual(accepted.map((e) => encodeEvent(e)))
      writer.db.close()
      reader.db.close()
    }), { numRuns: 60 })
  })

  it("writes only the records an event changed", () => {
    const store = new RedsiteStore(openConnection(path()))
    expect(Either.isRight(store.structure.append(site, { expectedVersion: 0, policy, actor }))).toBe(true)
    const changes = () => store.db.prepare<[], { c: number }>("SELECT total_changes() AS c").get()!.c
    const before = changes()
    const r = store.structure.append([new EndAttendance({ date: d("2021-01-01"), memberId: "wang", organizationId: "site" })], { expectedVersion: site.length, policy, actor })
    expect(Either.isRight(r)).toBe(true)
    // one attendance row, the stream's state, the event, the audit entry
    expect(changes() - before).toBe(4)
  })

  it("refuses a stale version, an unknown relation kind and a dangling reference, writing nothing", () => {
    const store = new RedsiteStore(openConnection(path()))
    expect(Either.isRight(store.structure.append(site, { expectedVersion: 0, policy, actor }))).toBe(true)
    const count = (t: string) => (store.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n
    const tables = ["events", "audit", "structure_relations", "structure_organizations", "structure_member_attendance"]
    const snapshot = () => tables.map(count)
    const was = snapshot()
    const later = new Relate({ date: d("2021-01-01"), kind: "guidance", from: "site", to: "department", tasks: [] })

    const stale = store.structure.append([later], { expectedVersion: site.length - 1, policy, actor })
    expect(Either.isLeft(stale) && stale.left).toBeInstanceOf(RowConflict)
    expect(Either.isLeft(stale) && stale.left.message).toBe(`structure structure is at version ${site.length}, not ${site.length - 1}`)

    const unknownKind = store.structure.append([encodeEvent(later), { ...encodeEvent(later), kind: "boss" } as never], { expectedVersion: site.length, policy, actor })
    expect(Either.isLeft(unknownKind) && unknownKind.left).toBeInstanceOf(StructureEventInvalid)
    const invalid = (unknownKind as Either.Left<StructureEventInvalid, never>).left
    expect(invalid.index).toBe(1)
    expect(invalid.error.issues.map((i) => i.path)).toContain("kind")
    expect(invalid.message).toMatch(/structure event 2 is not a valid event \(nothing was written\)/)

    const dangling = store.structure.append([later, new Relate({ date: d("2021-01-02"), kind: "attachment", from: "site", to: "nowhere", tasks: [] })], { expectedVersion: site.length, policy, actor })
    expect(Either.isLeft(dangling) && dangling.left).toBeInstanceOf(StructureRejected)
    const rejected = (dangling as Either.Left<StructureRejected, never>).left
    expect([rejected.index, rejected.tag, rejected.rejection.code, rejected.rejection.entities]).toEqual([1, "Relate", "organization.unknown", ["nowhere"]])
    expect(rejected.rejection.citation.document.length).toBeGreaterThan(0)
    expect(rejected.message).toMatch(/structure event 2 \(Relate\) refused: organization\.unknown: organization nowhere does not exist/)

    const attendsNowhere = store.structure.append([new StartAttendance({ date: d("2021-01-01"), memberId: "li", organizationId: "site" })], { expectedVersion: site.length, policy, actor })
    expect(Either.isLeft(attendsNowhere) && (attendsNowhere.left as StructureRejected).rejection.code).toBe("member.unknown")

    expect(snapshot()).toEqual(was)
    expect(store.structure.version()).toBe(site.length)
  })

  it("the tables refuse what no structure holds, should anything write them directly: an unknown relation kind, a relation to a missing organization", () => {
    const store = new RedsiteStore(openConnection(path()))
    store.structure.append(site, { expectedVersion: 0, policy, actor })
    const insert = store.db.prepare("INSERT INTO structure_relations (position, kind, from_id, to_id, valid_from) VALUES (?, ?, ?, ?, ?)")
    expect(() => insert.run(99, "boss", "site", "town", "2021-01-01")).toThrow(/CHECK constraint failed/)
    expect(() => insert.run(99, "guidance", "site", "nowhere", "2021-01-01")).toThrow(/FOREIGN KEY constraint failed/)
  })

  it("constrain relation kinds, pairing forms, appointment roles and action kinds to the core's vocabularies", () => {
    // the CHECK of the last migration that sets one for the column
    const listIn = (column: string) => {
      const pattern = new RegExp(`\\b${column} TEXT[^,]*CHECK \\(${column} IN \\(([^)]*)\\)`)
      const sql = [...migrations].reverse().find((m) => pattern.test(m.sql))!.sql
      return [...pattern.exec(sql)![1]!.matchAll(/'([^']+)'/g)].map((m) => m[1])
    }
    expect(listIn("kind")).toEqual([...RelationKinds])
    expect(listIn("pairing_form")).toEqual([...PairingForms])
    expect(listIn("role")).toEqual([...AppointmentRoles])
    expect(listIn("action")).toEqual([...OrganizationActionKinds])
  })

  it("keep the units an organization serves and its actions, every appointment role, and refuse an action of an unknown kind or by a missing organization", () => {
    const store = new RedsiteStore(openConnection(path()))
    const events = [
      ...site,
      establish("2020-09-04", "site2", { approvedBy: "department", projectIds: ["p1"], unitIds: ["gc", "sub"] }),
      ...AppointmentRoles.map((role, k) => new Appoint({ date: d("2020-09-06"), organizationId: "site2", role, personId: `person${k}`, end: false })),
      new RecordAction({ date: d("2020-10-01"), organizationId: "department", memberId: "wang", action: "duesCollection" })
    ]
    expect(Either.isRight(store.structure.append(events, { expectedVersion: 0, policy, actor }))).toBe(true)
    const rows = (sql: string) => store.db.prepare(sql).all()
    expect(rows("SELECT organization_id, position, unit_id FROM structure_organization_units ORDER BY organization_id, position")).toEqual([
      { organization_id: "site2", position: 0, unit_id: "gc" }, { organization_id: "site2", position: 1, unit_id: "sub" }
    ])
    expect(rows("SELECT role FROM structure_appointments WHERE organization_id = 'site2' ORDER BY position").map((r: any) => r.role)).toEqual([...AppointmentRoles])
    expect(rows("SELECT * FROM structure_actions")).toEqual([{ position: 0, action: "duesCollection", organization_id: "department", member_id: "wang", date: "2020-10-01" }])
    // a temporary organization does not collect dues: the core refuses, nothing is written
    const refused = store.structure.append([new RecordAction({ date: d("2020-10-02"), organizationId: "site", memberId: "wang", action: "duesCollection" })], { expectedVersion: events.length, policy, actor })
    expect(Either.isLeft(refused) && (refused.left as StructureRejected).rejection.code).toBe("temporary.collectsDues")
    const expected = Either.getOrThrow(replay(events, policy))
    const reader = new RedsiteStore(openConnection(store.db.name))
    expect(encode(reader.structure.structure())).toEqual(encode(expected))
    expect(encode(reader.structure.structureAt("2020-09-30"))).toEqual(encode(asOf(expected, "2020-09-30")))
    const insert = store.db.prepare("INSERT INTO structure_actions (position, action, organization_id, member_id, date) VALUES (?, ?, ?, ?, ?)")
    expect(() => insert.run(9, "expel", "department", "wang", "2021-01-01")).toThrow(/CHECK constraint failed/)
    expect(() => insert.run(9, "discipline", "nowhere", "wang", "2021-01-01")).toThrow(/FOREIGN KEY constraint failed/)
  })
})

describe("events appended outside the repository", () => {
  it("catches up with structure events appended the old way (the generic log)", () => {
    const store = new RedsiteStore(openConnection(path()))
    store.structure.append(site.slice(0, 3), { expectedVersion: 0, policy, actor })
    store.appendEvents(site.slice(3).map((e) => ({ stream: "structure", type: e._tag, occurredOn: e.date, payload: encodeEvent(e) })))
    const expected = Either.getOrThrow(replay(site, policy))
    // a read-only connection replays what the tables lack in memory, writing nothing
    const readonly = new RedsiteStore(openConnection(store.db.name, { readonly: true }))
    expect(encode(readonly.structure.structure())).toEqual(encode(expected))
    expect(encode(readonly.structure.structureAt("2020-09-06"))).toEqual(encode(asOf(expected, "2020-09-06")))
    expect([...readonly.structure.subtreeAt("town", "2020-09-06")].sort()).toEqual(["site", "town"])
    expect((store.db.prepare("SELECT version FROM structure_state").get() as { version: number }).version).toBe(3)
    // a writable one brings the tables up to the log
    expect(store.structure.version()).toBe(site.length)
    expect((store.db.prepare("SELECT version FROM structure_state").get() as { version: number }).version).toBe(site.length)
    expect(encode(new RedsiteStore(openConnection(store.db.name)).structure.structure())).toEqual(encode(expected))
  })
})

describe("the two APIs", () => {
  it("Effect: the layer opens the database, the service appends and reads the structure, the scope closes it", async () => {
    const file = path()
    const program = Effect.gen(function*() {
      const store = yield* SqliteDatabase
      const r = store.structure.append(site, { expectedVersion: 0, policy: policies.national, actor })
      expect(Either.isRight(r)).toBe(true)
      return { version: store.structure.version(), at: store.structure.structureAt("2020-06-30"), db: store.db }
    })
    const out = await Effect.runPromise(Effect.scoped(Effect.provide(program, layer(file))))
    expect(out.version).toBe(site.length)
    expect(out.at.organizations.map((o) => o.id)).toEqual(["department", "town"])
    expect(out.db.open).toBe(false)
    const again = await Effect.runPromise(Effect.scoped(Effect.provide(Effect.map(SqliteDatabase, (s) => s.structure.structure().members.map((m) => m.id)), layer(file))))
    expect(again).toEqual(["wang"])
    const failed = await Effect.runPromise(Effect.either(Effect.scoped(Effect.provide(SqliteDatabase, layer(join(dir, "missing", "x.db"))))))
    expect(Either.isLeft(failed) && failed.left).toBeInstanceOf(DatabaseUnreadable)
  })

  it("Promise: appends resolve with the new version, a stale one rejects with RowConflict, reads resolve to the core's structure", async () => {
    const db = await openDatabase(path())
    const first = await db.structure.append(site, { expectedVersion: 0, policy: policies.national, actor })
    expect(first.version).toBe(site.length)
    await expect(db.structure.append(site.slice(0, 1), { expectedVersion: 0, policy: policies.national, actor })).rejects.toBeInstanceOf(RowConflict)
    await expect(db.structure.append([new Dissolve({ date: d("2021-01-01"), organizationId: "nowhere" })], { expectedVersion: site.length, policy: policies.national, actor }))
      .rejects.toBeInstanceOf(StructureRejected)
    expect(await db.structure.version()).toBe(site.length)
    const s = await db.structure.structure()
    expect(encode(s)).toEqual(encode(Either.getOrThrow(replay(site, policies.national))))
    const at = await db.structure.structureAt("2020-09-04" as IsoDate)
    expect(at.relations.map((r) => r.kind)).toEqual(["reportsTo", "secondSuperior"])
    expect([...(await db.structure.subtreeAt("department", "2021-01-01"))]).toEqual(["department", "site"])
    await db.close()
  })
})
