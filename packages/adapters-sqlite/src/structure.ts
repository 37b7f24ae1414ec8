/**
 * The structure over time (组织架构) in tables: organizations with their appointments and the projects and
 * units they serve, relations with their periods, members with their homes, attendance and statuses,
 * projects, and the organizations' recorded actions (discipline, dues collection) — the core's `Structure`,
 * row for row — beside the structure's events in the event log.
 *
 * The adapter holds no rules. Appending events hands them to the core (`replay` from the stored
 * structure, under the caller's policy); only what the core accepts is stored, and in the same transaction
 * as the events the records the core changed are written to the tables. Reading loads the tables in one
 * query per table and decodes them through the core's schemas; `structureAt(date)` reads only the rows
 * begun by the date and lets the core's `asOf` say how they stood then.
 *
 * The tables are a projection of the log and follow it: events appended to the `structure` stream some
 * other way (the generic `appendEvents`, as before schema version 2) are replayed through the core into
 * the tables before the next read or write — and, when a database is upgraded, by {@link catchUpStructure}
 * in the upgrade's transaction. A migration never replays (it is frozen SQL): where it changes what the
 * tables hold, it empties them, and the upgrade replays the log into them.
 *
 * @module
 */
import {
  Rejection, Structure, StructureEvent, asOf, decoderFor, emptyStructure, policies, reform, replay, subtreeOf
} from "@redsite/core"
import type { DecodeError, Policy, StructureMember, StructureOrganization } from "@redsite/core"
import { Data, Either, Schema } from "effect"
import type { Connection } from "./connection.js"
import { RowConflict } from "./rows.js"
import type { Actor, AuditRow } from "./rows.js"

/** The event-log stream the structure's events are kept in (the one the HTTP server has always used). */
export const STRUCTURE_STREAM = "structure"

/**
 * The policy stored events are replayed under when the tables catch up with the log (the migration's
 * backfill, or events appended without this repository). Each event was checked under the policy named
 * when it was appended; on replay only the rules every policy shares apply, and the policy-dependent ones
 * (may a temporary organization admit — `temporaryMayAdmit`; where may an organization convert —
 * `conversionTargets`) let through what some catalogue policy allowed: Langshan's conversion targets with
 * admission allowed. Assumption (policy parameter): the HTTP server reuses it (its seeding, its structure on SQLite);
 * pass `replayPolicy` to {@link StructureRepository} for another.
 */
export const structureReplayPolicy: Policy = Either.getOrThrow(
  reform(policies.langshanStreet, { id: "redsite-replay", parameters: { temporaryMayAdmit: true } })
)

/** An event offered to {@link StructureRepository.append} is not a structure event (its decode error lists every bad field). */
export class StructureEventInvalid extends Data.TaggedError("StructureEventInvalid")<{
  /** 0-based position of the event in the appended list. */
  readonly index: number
  readonly error: DecodeError
}> {
  override get message() {
    return `structure event ${this.index + 1} is not a valid event (nothing was written): ${this.error.message}`
  }
}

/** The core refused an appended event: its rejection (code, entities, citation, text); nothing was written. */
export class StructureRejected extends Data.TaggedError("StructureRejected")<{
  /** 0-based position of the refused event in the appended list. */
  readonly index: number
  /** The event's tag (`Relate`, `Dissolve`…). */
  readonly tag: string
  readonly rejection: Rejection
}> {
  override get message() {
    const r = this.rejection
    return `structure event ${this.index + 1} (${this.tag}) refused: ${r.code}: ${r.text.en} (${r.citation.document} ${r.citation.section}); nothing was written`
  }
}

/**
 * The stored log does not replay: an event of the `structure` stream is refused by the core (the log was
 * edited, or written by a tool that did not check it). Nothing is written to the tables; a migration that
 * meets it is rolled back, leaving the file at its previous version.
 */
export class StructureLogUnreplayable extends Data.TaggedError("StructureLogUnreplayable")<{
  /** Sequence number of the refused event in the event log. */
  readonly seq: number
  readonly rejection: Rejection
}> {
  override get message() {
    const r = this.rejection
    return `the structure's event log does not replay: event seq ${this.seq} is refused by the core (${r.code}: ${r.text.en}, ${r.citation.document} ${r.citation.section})`
  }
}

/** What an append stored: the structure's new version (its number of events), the events' log sequence numbers, the new structure. */
export interface StructureAppended {
  readonly version: number
  readonly seqs: ReadonlyArray<number>
  readonly structure: Structure
}

/** Options of {@link StructureRepository.append}. */
export interface AppendStructureOptions {
  /** The version the change is based on (the number of events the caller's structure has seen). */
  readonly expectedVersion: number
  /** The policy the core checks the new events under. */
  readonly policy: Policy
  /** Recorded in the audit log (one entry per append). */
  readonly actor: Actor
}

/**
 * What {@link StructureRepository} needs of the store it works in: the connection, the event log and the
 * audit log (a `RedsiteStore` is one).
 */
export interface StructureHost {
  readonly db: Connection
  /** Appends events to the log inside the caller's transaction; returns their sequence numbers. */
  readonly appendEvents: (events: ReadonlyArray<{ readonly stream: string; readonly type: string; readonly occurredOn: string; readonly payload: unknown }>) => ReadonlyArray<number>
  /** Records one audit entry inside the caller's transaction. */
  readonly record: (actor: Actor, action: AuditRow["action"], resource: string, id: string, before: number | null, after: number | null) => void
}

/** Options of {@link StructureRepository}. */
export interface StructureRepositoryOptions {
  /** The policy events already in the log are replayed under when the tables catch up; default {@link structureReplayPolicy}. */
  readonly replayPolicy?: Policy
}

// ----------------------------------------------------------------------------------------------- rows

interface OrgRow {
  id: string; position: number; name: string; kind: string; temporary: number; established_on: string; dissolved_on: string | null
  approved_by: string | null; committee_since: string | null; converted_on: string | null; converted_target: string | null
}
interface OrgProjectRow { organization_id: string; position: number; project_id: string }
interface AppointmentRow { organization_id: string; position: number; role: string; person_id: string; valid_from: string; valid_to: string | null }
interface RelationRow {
  position: number; kind: string; from_id: string; to_id: string; valid_from: string; valid_to: string | null; pairing_form: string | null; tasks: string
}
interface MemberRow { id: string; position: number; mobile: number; pocket: number }
interface PeriodRow { member_id: string; position: number; organization_id: string; valid_from: string; valid_to: string | null }
interface StatusRow { member_id: string; position: number; status: string; valid_from: string; decided_by: string | null }
interface ProjectRow { id: string; position: number; completed_on: string | null }
interface OrgUnitRow { organization_id: string; position: number; unit_id: string }
interface ActionRow { position: number; action: string; organization_id: string; member_id: string; date: string }

type Tuple = ReadonlyArray<string | number | null>

const orgTuple = (o: StructureOrganization, i: number): Tuple => [
  o.id, i, o.name, o.kind, o.temporary ? 1 : 0, o.establishedOn, o.dissolvedOn ?? null, o.approvedBy ?? null, o.committeeSince ?? null,
  o.converted?.on ?? null, o.converted?.target ?? null
]
const relationTuple = (r: Structure["relations"][number], i: number): Tuple => [
  i, r.kind, r.from, r.to, r.validFrom, r.validTo ?? null, r.pairingForm ?? null, JSON.stringify(r.tasks)
]
const memberTuple = (m: StructureMember, i: number): Tuple => [m.id, i, m.mobile ? 1 : 0, m.pocket ? 1 : 0]
const projectTuple = (p: Structure["projects"][number], i: number): Tuple => [p.id, i, p.completedOn ?? null]
const actionTuple = (a: Structure["actions"][number], i: number): Tuple => [i, a.action, a.organizationId, a.memberId, a.date]

const sameTuple = (a: Tuple, b: Tuple) => a.length === b.length && a.every((x, i) => x === b[i])

/**
 * Writes the records of `after` that differ from those of `before` at the same position (both lists of
 * one kind, `after` extending `before`): a record the core left as it was (the same object, or the same
 * row) is not written.
 */
const syncList = <A>(before: ReadonlyArray<A>, after: ReadonlyArray<A>, tuple: (a: A, i: number) => Tuple, upsert: (t: Tuple) => void, truncate: (from: number) => void) => {
  for (let i = 0; i < after.length; i++) {
    const a = after[i]!
    if (i < before.length) {
      const b = before[i]!
      if (b === a || sameTuple(tuple(b, i), tuple(a, i))) continue
    }
    upsert(tuple(a, i))
  }
  if (before.length > after.length) truncate(after.length)
}

/** Whether `after` keeps every record of `before` at its position (the core appends records and never removes them). */
const extends_ = (before: Structure, after: Structure): boolean => {
  const keeps = <A>(b: ReadonlyArray<A>, a: ReadonlyArray<A>, key: (x: A) => string) => {
    if (a.length < b.length) return false
    for (let i = 0; i < b.length; i++) if (b[i] !== a[i] && key(b[i]!) !== key(a[i]!)) return false
    return true
  }
  return keeps(before.organizations, after.organizations, (o) => o.id) && keeps(before.members, after.members, (m) => m.id) &&
    keeps(before.projects, after.projects, (p) => p.id) &&
    keeps(before.relations, after.relations, (r) => `${r.kind}|${r.from}|${r.to}|${r.validFrom}`) &&
    keeps(before.actions, after.actions, (a) => `${a.action}|${a.organizationId}|${a.memberId}|${a.date}`)
}

const opt = <K extends string, V>(key: K, v: V | null): { [P in K]?: V } => (v === null ? {} : ({ [key]: v } as { [P in K]?: V }))

const groupBy = <R, K extends keyof R>(rows: ReadonlyArray<R>, key: K): Map<R[K], Array<R>> => {
  const m = new Map<R[K], Array<R>>()
  for (const r of rows) {
    const list = m.get(r[key])
    if (list === undefined) m.set(r[key], [r])
    else list.push(r)
  }
  return m
}

const decodeStructure = Schema.decodeUnknownEither(Structure)
const decodeEvent = decoderFor("structure event", StructureEvent)
const encodeEvent = Schema.encodeUnknownEither(StructureEvent)
const decodeStored = Schema.decodeUnknownSync(StructureEvent)

/** An offered event as the core's value and its encoded form (a `StructureEvent` value, or its JSON form). */
const acceptEvent = (input: unknown): Either.Either<{ readonly event: StructureEvent; readonly encoded: unknown }, DecodeError> => {
  const asValue = encodeEvent(input)
  if (Either.isRight(asValue)) return Either.right({ event: input as StructureEvent, encoded: asValue.right })
  return Either.map(decodeEvent(input), (event) => ({ event, encoded: Schema.encodeSync(StructureEvent)(event) }))
}

/**
 * The statements of the structure tables on one connection, and the two things done with them: loading
 * the tables into a `Structure`, and writing the changes between two structures.
 */
class StructureTables {
  private readonly st
  private readonly at
  /** The units served and the actions (schema version 3). */
  private readonly v3

  constructor(readonly db: Connection) {
    const upsert = (table: string, columns: ReadonlyArray<string>, key: ReadonlyArray<string>) => {
      const set = columns.filter((c) => !key.includes(c)).map((c) => `${c} = excluded.${c}`).join(", ")
      return db.prepare(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})
        ON CONFLICT (${key.join(", ")}) DO ${set === "" ? "NOTHING" : `UPDATE SET ${set}`}`)
    }
    const child = ["member_id", "position"]
    this.st = {
      state: db.prepare<[string], { version: number; last_seq: number }>("SELECT version, last_seq FROM structure_state WHERE stream = ?"),
      setState: db.prepare("UPDATE structure_state SET version = ?, last_seq = ? WHERE stream = ?"),
      lastSeq: db.prepare<[string], { s: number | null }>("SELECT max(seq) AS s FROM events WHERE stream = ?"),
      after: db.prepare<[string, number], { seq: number; payload: string }>("SELECT seq, payload FROM events WHERE stream = ? AND seq > ? ORDER BY seq"),
      org: upsert("structure_organizations", ["id", "position", "name", "kind", "temporary", "established_on", "dissolved_on", "approved_by", "committee_since", "converted_on", "converted_target"], ["id"]),
      orgProject: upsert("structure_organization_projects", ["organization_id", "position", "project_id"], ["organization_id", "position"]),
      orgProjectsFrom: db.prepare("DELETE FROM structure_organization_projects WHERE organization_id = ? AND position >= ?"),
      appointment: upsert("structure_appointments", ["organization_id", "position", "role", "person_id", "valid_from", "valid_to"], ["organization_id", "position"]),
      appointmentsFrom: db.prepare("DELETE FROM structure_appointments WHERE organization_id = ? AND position >= ?"),
      relation: upsert("structure_relations", ["position", "kind", "from_id", "to_id", "valid_from", "valid_to", "pairing_form", "tasks"], ["position"]),
      member: upsert("structure_members", ["id", "position", "mobile", "pocket"], ["id"]),
      home: upsert("structure_member_homes", ["member_id", "position", "organization_id", "valid_from", "valid_to"], child),
      homesFrom: db.prepare("DELETE FROM structure_member_homes WHERE member_id = ? AND position >= ?"),
      attendance: upsert("structure_member_attendance", ["member_id", "position", "organization_id", "valid_from", "valid_to"], child),
      attendanceFrom: db.prepare("DELETE FROM structure_member_attendance WHERE member_id = ? AND position >= ?"),
      status: upsert("structure_member_statuses", ["member_id", "position", "status", "valid_from", "decided_by"], child),
      statusesFrom: db.prepare("DELETE FROM structure_member_statuses WHERE member_id = ? AND position >= ?"),
      project: upsert("structure_projects", ["id", "position", "completed_on"], ["id"])
    }
    // the whole structure, and the rows begun by a date (`?` is the date): one query per table
    const q = <R>(sql: string) => db.prepare<unknown[], R>(sql)
    this.at = {
      all: {
        orgs: q<OrgRow>("SELECT * FROM structure_organizations ORDER BY position"),
        orgProjects: q<OrgProjectRow>("SELECT * FROM structure_organization_projects ORDER BY organization_id, position"),
        appointments: q<AppointmentRow>("SELECT * FROM structure_appointments ORDER BY organization_id, position"),
        relations: q<RelationRow>("SELECT * FROM structure_relations ORDER BY position"),
        members: q<MemberRow>("SELECT * FROM structure_members ORDER BY position"),
        homes: q<PeriodRow>("SELECT * FROM structure_member_homes ORDER BY member_id, position"),
        attendance: q<PeriodRow>("SELECT * FROM structure_member_attendance ORDER BY member_id, position"),
        statuses: q<StatusRow>("SELECT * FROM structure_member_statuses ORDER BY member_id, position"),
        projects: q<ProjectRow>("SELECT * FROM structure_projects ORDER BY position")
      },
      on: {
        orgs: q<OrgRow>("SELECT * FROM structure_organizations WHERE established_on <= ? ORDER BY position"),
        orgProjects: q<OrgProjectRow>(`SELECT op.* FROM structure_organization_projects op JOIN structure_organizations o ON o.id = op.organization_id
          WHERE o.established_on <= ? ORDER BY op.organization_id, op.position`),
        appointments: q<AppointmentRow>("SELECT * FROM structure_appointments WHERE valid_from <= ? ORDER BY organization_id, position"),
        relations: q<RelationRow>("SELECT * FROM structure_relations WHERE valid_from <= ? ORDER BY position"),
        // a member is in the structure from their first status (registration)
        members: q<MemberRow>(`SELECT m.* FROM structure_members m JOIN structure_member_statuses s ON s.member_id = m.id AND s.position = 0
          WHERE s.valid_from <= ? ORDER BY m.position`),
        homes: q<PeriodRow>("SELECT * FROM structure_member_homes WHERE valid_from <= ? ORDER BY member_id, position"),
        attendance: q<PeriodRow>("SELECT * FROM structure_member_attendance WHERE valid_from <= ? ORDER BY member_id, position"),
        statuses: q<StatusRow>("SELECT * FROM structure_member_statuses WHERE valid_from <= ? ORDER BY member_id, position"),
        projects: q<ProjectRow>(`SELECT * FROM structure_projects WHERE id IN (SELECT op.project_id FROM structure_organization_projects op
          JOIN structure_organizations o ON o.id = op.organization_id WHERE o.established_on <= ?) ORDER BY position`)
      }
    }
    this.v3 = {
      orgUnit: upsert("structure_organization_units", ["organization_id", "position", "unit_id"], ["organization_id", "position"]),
      orgUnitsFrom: db.prepare("DELETE FROM structure_organization_units WHERE organization_id = ? AND position >= ?"),
      action: upsert("structure_actions", ["position", "action", "organization_id", "member_id", "date"], ["position"]),
      actionsFrom: db.prepare("DELETE FROM structure_actions WHERE position >= ?"),
      all: {
        orgUnits: q<OrgUnitRow>("SELECT * FROM structure_organization_units ORDER BY organization_id, position"),
        actions: q<ActionRow>("SELECT * FROM structure_actions ORDER BY position")
      },
      on: {
        orgUnits: q<OrgUnitRow>(`SELECT ou.* FROM structure_organization_units ou JOIN structure_organizations o ON o.id = ou.organization_id
          WHERE o.established_on <= ? ORDER BY ou.organization_id, ou.position`),
        actions: q<ActionRow>("SELECT * FROM structure_actions WHERE date <= ? ORDER BY position")
      }
    }
  }

  /** The stream's version (events applied to the tables) and the last event's sequence number. */
  state(): { readonly version: number; readonly lastSeq: number } {
    const s = this.st.state.get(STRUCTURE_STREAM)
    return s === undefined ? { version: 0, lastSeq: 0 } : { version: s.version, lastSeq: s.last_seq }
  }

  /** The sequence number of the stream's last event in the log (0 when there is none). */
  logSeq(): number {
    return this.st.lastSeq.get(STRUCTURE_STREAM)?.s ?? 0
  }

  /** Events of the stream in the log after `seq` (up to `until`, inclusive, when given), decoded through the core's schema. */
  eventsAfter(seq: number, until?: number): ReadonlyArray<{ readonly seq: number; readonly event: StructureEvent }> {
    return this.st.after.all(STRUCTURE_STREAM, seq)
      .filter((r) => until === undefined || r.seq <= until)
      .map((r) => ({ seq: r.seq, event: decodeStored(JSON.parse(r.payload)) }))
  }

  setState(version: number, lastSeq: number): void {
    this.st.setState.run(version, lastSeq, STRUCTURE_STREAM)
  }

  /**
   * The tables as the core's `Structure` (all of it, or the rows begun by `date`, which the caller hands to
   * `asOf`), decoded through the core's schema: a row that does not decode is a damaged file.
   */
  load(date?: string): Structure {
    const qs = date === undefined ? this.at.all : this.at.on
    const args = date === undefined ? [] : [date]
    const orgProjects = groupBy(qs.orgProjects.all(...args), "organization_id")
    const v3 = date === undefined ? this.v3.all : this.v3.on
    const orgUnits = groupBy(v3.orgUnits.all(...args), "organization_id")
    const appointments = groupBy(qs.appointments.all(...args), "organization_id")
    const homes = groupBy(qs.homes.all(...args), "member_id")
    const attendance = groupBy(qs.attendance.all(...args), "member_id")
    const statuses = groupBy(qs.statuses.all(...args), "member_id")
    const period = (p: { valid_from: string; valid_to: string | null }) => ({ from: p.valid_from, ...opt("to", p.valid_to) })
    const encoded = {
      organizations: qs.orgs.all(...args).map((o) => ({
        id: o.id, name: o.name, kind: o.kind, temporary: o.temporary === 1,
        projectIds: (orgProjects.get(o.id) ?? []).map((p) => p.project_id),
        unitIds: (orgUnits.get(o.id) ?? []).map((u) => u.unit_id),
        establishedOn: o.established_on, ...opt("dissolvedOn", o.dissolved_on), ...opt("approvedBy", o.approved_by),
        ...opt("committeeSince", o.committee_since),
        ...(o.converted_on === null ? {} : { converted: { on: o.converted_on, target: o.converted_target } }),
        appointments: (appointments.get(o.id) ?? []).map((a) => ({ role: a.role, personId: a.person_id, ...period(a) }))
      })),
      relations: qs.relations.all(...args).map((r) => ({
        kind: r.kind, from: r.from_id, to: r.to_id, validFrom: r.valid_from, ...opt("validTo", r.valid_to),
        ...opt("pairingForm", r.pairing_form), tasks: JSON.parse(r.tasks) as unknown
      })),
      members: qs.members.all(...args).map((m) => ({
        id: m.id,
        homes: (homes.get(m.id) ?? []).map((h) => ({ organizationId: h.organization_id, ...period(h) })),
        attendance: (attendance.get(m.id) ?? []).map((a) => ({ organizationId: a.organization_id, ...period(a) })),
        mobile: m.mobile === 1, pocket: m.pocket === 1,
        statuses: (statuses.get(m.id) ?? []).map((s) => ({ status: s.status, from: s.valid_from, ...opt("decidedBy", s.decided_by) }))
      })),
      projects: qs.projects.all(...args).map((p) => ({ id: p.id, ...opt("completedOn", p.completed_on) })),
      actions: v3.actions.all(...args).map((a) => ({ action: a.action, organizationId: a.organization_id, memberId: a.member_id, date: a.date }))
    }
    const r = decodeStructure(encoded)
    if (Either.isLeft(r)) throw new Error(`the stored structure does not decode (damaged database?): ${r.left.message}`)
    return r.right
  }

  /**
   * Writes what changed from `before` (what the tables hold) to `after` (what the core made of it), inside
   * the caller's transaction. Parents before children, so that every foreign key holds when its row is written.
   */
  write(before: Structure, after: Structure): void {
    if (!extends_(before, after)) {
      // not an extension of what is stored (the core never does this): rewrite everything
      this.clear()
      before = emptyStructure
    }
    const s = this.st
    const v3 = this.v3
    const run = (stmt: { run: (...a: Array<unknown>) => unknown }) => (t: Tuple) => stmt.run(...t)
    const none = () => {}
    syncList(before.projects, after.projects, projectTuple, run(s.project), none)
    for (let i = 0; i < after.organizations.length; i++) {
      const a = after.organizations[i]!
      const b = before.organizations[i]
      if (a === b) continue
      if (b === undefined || !sameTuple(orgTuple(b, i), orgTuple(a, i))) s.org.run(...orgTuple(a, i))
      syncList(b?.projectIds ?? [], a.projectIds, (p, k) => [a.id, k, p], run(s.orgProject), (k) => s.orgProjectsFrom.run(a.id, k))
      syncList(b?.unitIds ?? [], a.unitIds, (u, k) => [a.id, k, u], run(v3.orgUnit), (k) => v3.orgUnitsFrom.run(a.id, k))
      syncList(b?.appointments ?? [], a.appointments, (x, k) => [a.id, k, x.role, x.personId, x.from, x.to ?? null], run(s.appointment), (k) => s.appointmentsFrom.run(a.id, k))
    }
    syncList(before.relations, after.relations, relationTuple, run(s.relation), none)
    for (let i = 0; i < after.members.length; i++) {
      const a = after.members[i]!
      const b = before.members[i]
      if (a === b) continue
      if (b === undefined || !sameTuple(memberTuple(b, i), memberTuple(a, i))) s.member.run(...memberTuple(a, i))
      syncList(b?.homes ?? [], a.homes, (h, k) => [a.id, k, h.organizationId, h.from, h.to ?? null], run(s.home), (k) => s.homesFrom.run(a.id, k))
      syncList(b?.attendance ?? [], a.attendance, (h, k) => [a.id, k, h.organizationId, h.from, h.to ?? null], run(s.attendance), (k) => s.attendanceFrom.run(a.id, k))
      syncList(b?.statuses ?? [], a.statuses, (x, k) => [a.id, k, x.status, x.from, x.decidedBy ?? null], run(s.status), (k) => s.statusesFrom.run(a.id, k))
    }
    // actions last: they refer to organizations and members
    syncList(before.actions, after.actions, actionTuple, run(v3.action), (k) => v3.actionsFrom.run(k))
  }

  private clear(): void {
    for (const t of ["structure_actions", "structure_organization_units", "structure_member_statuses", "structure_member_attendance", "structure_member_homes", "structure_members", "structure_relations",
      "structure_appointments", "structure_organization_projects", "structure_organizations", "structure_projects"]) this.db.exec(`DELETE FROM ${t}`)
  }

  /**
   * Brings the tables up to the log, inside the caller's transaction: the stream's events not yet applied
   * are replayed by the core from `from` (what the tables hold) and the changes written. Throws
   * {@link StructureLogUnreplayable} when the core refuses one (the caller's transaction then rolls back).
   */
  catchUp(from: Structure, policy: Policy): { readonly version: number; readonly lastSeq: number; readonly structure: Structure } {
    const state = this.state()
    const pending = this.eventsAfter(state.lastSeq)
    if (pending.length === 0) return { ...state, structure: from }
    const r = replay(pending.map((p) => p.event), policy, from)
    if (Either.isLeft(r)) throw new StructureLogUnreplayable({ seq: pending[r.left.index]!.seq, rejection: r.left.rejection })
    this.write(from, r.right)
    const next = { version: state.version + pending.length, lastSeq: pending[pending.length - 1]!.seq }
    this.setState(next.version, next.lastSeq)
    return { ...next, structure: r.right }
  }
}

/**
 * Brings the structure tables up to the log inside the caller's transaction: the `structure` stream's
 * events the tables lack are replayed through the core under {@link structureReplayPolicy} and the records
 * it changed written. Opening a database runs it in the transaction of the migrations it applies (a
 * migration empties the tables where what they hold must be computed again), so that an upgraded file
 * reads as one written by this version; throws {@link StructureLogUnreplayable} when the core refuses a
 * stored event (the upgrade then rolls back, leaving the file at its previous version).
 */
export const catchUpStructure = (db: Connection): void => {
  const t = new StructureTables(db)
  if (t.logSeq() > t.state().lastSeq) t.catchUp(t.load(), structureReplayPolicy)
}

/**
 * The structure over time, stored: events appended through the core, the tables written in the same
 * transaction, reads in a few bulk queries. Get it as `store.structure`.
 *
 * Its version is the number of events in the `structure` stream (the HTTP API's `ETag`); a write based on
 * another version fails with `RowConflict` (`table: "structure"`) and writes nothing.
 *
 * @example
 * ```ts
 * import { RedsiteStore, openConnection } from "@redsite/adapters-sqlite"
 * import { Establish, isoDate, policies } from "@redsite/core"
 * const store = new RedsiteStore(openConnection("city.db"))
 * const r = store.structure.append([new Establish({ date: isoDate("2021-01-01"),
 *   organization: { id: "street", name: "街道党工委", kind: "workingCommittee", temporary: false, projectIds: [] } })],
 *   { expectedVersion: store.structure.version(), policy: policies.national, actor: { principalId: "ops", role: "administrator" } })
 * const then = store.structure.structureAt("2021-06-30")
 * ```
 */
export class StructureRepository {
  private readonly tables: StructureTables
  private readonly replayPolicy: Policy
  /** The structure the tables held at a state (reused while the stored state is the same). */
  private cache: { readonly version: number; readonly lastSeq: number; readonly structure: Structure } | undefined

  constructor(readonly store: StructureHost, options: StructureRepositoryOptions = {}) {
    this.tables = new StructureTables(store.db)
    this.replayPolicy = options.replayPolicy ?? structureReplayPolicy
  }

  /** The tables' structure at their stored state, from the cache when nothing was written since. */
  private stored(): { readonly version: number; readonly lastSeq: number; readonly structure: Structure } {
    const state = this.tables.state()
    const c = this.cache
    if (c !== undefined && c.version === state.version && c.lastSeq === state.lastSeq) return c
    this.cache = { ...state, structure: this.tables.load() }
    return this.cache
  }

  /** Whether the log holds structure events the tables do not have yet (appended some other way). */
  private behind(): boolean {
    return this.tables.logSeq() > this.tables.state().lastSeq
  }

  /**
   * The tables brought up to the log, in a write transaction (on a read-only connection the missing events
   * are replayed in memory instead, writing nothing).
   */
  private current(): { readonly version: number; readonly lastSeq: number; readonly structure: Structure } {
    if (!this.behind()) return this.stored()
    if (this.store.db.readonly) {
      const s = this.stored()
      const pending = this.tables.eventsAfter(s.lastSeq)
      const r = replay(pending.map((p) => p.event), this.replayPolicy, s.structure)
      if (Either.isLeft(r)) throw new StructureLogUnreplayable({ seq: pending[r.left.index]!.seq, rejection: r.left.rejection })
      return { version: s.version + pending.length, lastSeq: pending[pending.length - 1]!.seq, structure: r.right }
    }
    return this.store.db.transaction(() => {
      this.cache = this.tables.catchUp(this.stored().structure, this.replayPolicy)
      return this.cache
    }).immediate()
  }

  /** The structure's version: the number of events in its stream. */
  version(): number {
    return this.behind() ? this.current().version : this.tables.state().version
  }

  /** The whole structure with its history, as the core's `replay` of the log makes it. */
  structure(): Structure {
    return this.current().structure
  }

  /**
   * The structure as it stood on a date — the core's `asOf` of the whole structure — from the rows begun
   * by then (one query per table, using the tables' date indexes).
   */
  structureAt(date: string): Structure {
    if (this.behind()) {
      if (this.store.db.readonly) return asOf(this.current().structure, date)
      this.current()
    }
    return asOf(this.tables.load(date), date)
  }

  /**
   * An organization and every one under it on a date, along both leadership lines (`reportsTo`,
   * `secondSuperior`, as the core's `subtreeOf`), in one recursive query over the relations table.
   */
  subtreeAt(organizationId: string, date: string): ReadonlySet<string> {
    if (this.behind()) {
      if (this.store.db.readonly) return subtreeOf(this.current().structure, organizationId, date)
      this.current()
    }
    const rows = this.store.db.prepare<[string, string, string], { id: string }>(`
      WITH RECURSIVE below(id) AS (
        SELECT ?
        UNION
        SELECT r.from_id FROM structure_relations r JOIN below b ON r.to_id = b.id
        WHERE r.kind IN ('reportsTo', 'secondSuperior') AND r.valid_from <= ? AND (r.valid_to IS NULL OR r.valid_to >= ?)
      ) SELECT id FROM below`).all(organizationId, date, date)
    return new Set(rows.map((r) => r.id))
  }

  /**
   * Offers groups of events to the core, one group after another, from the stored structure, writing
   * nothing: a group is accepted or refused whole, and a refused group is left out before the next is
   * offered. Returns the refusals (the group's index, the refused event's tag, the core's rejection), so
   * that a caller can report every refused line of an input at once.
   */
  offer(groups: ReadonlyArray<ReadonlyArray<StructureEvent>>, policy: Policy): ReadonlyArray<{ readonly index: number; readonly tag: string; readonly rejection: Rejection }> {
    let s = this.current().structure
    const refused: Array<{ readonly index: number; readonly tag: string; readonly rejection: Rejection }> = []
    groups.forEach((group, index) => {
      const r = replay(group, policy, s)
      if (Either.isLeft(r)) refused.push({ index, tag: group[r.left.index]!._tag, rejection: r.left.rejection })
      else s = r.right
    })
    return refused
  }

  /**
   * Appends events: each is decoded (a `StructureEvent`, or its JSON form), the core replays them from
   * the stored structure under `policy`, and — in one transaction — the events go to the log, the records
   * the core changed to the tables, and one entry to the audit log. A stale `expectedVersion`
   * (`RowConflict`), an invalid event (`StructureEventInvalid`: an unknown relation kind, a bad date…) or
   * one the core refuses (`StructureRejected`: a dangling reference is `organization.unknown` or
   * `member.unknown`, with its citation) writes nothing.
   */
  append(
    events: ReadonlyArray<StructureEvent | typeof StructureEvent.Encoded>,
    options: AppendStructureOptions
  ): Either.Either<StructureAppended, RowConflict | StructureEventInvalid | StructureRejected> {
    const accepted: Array<{ readonly event: StructureEvent; readonly encoded: unknown }> = []
    for (let i = 0; i < events.length; i++) {
      const a = acceptEvent(events[i])
      if (Either.isLeft(a)) return Either.left(new StructureEventInvalid({ index: i, error: a.left }))
      accepted.push(a.right)
    }
    const db = this.store.db
    return db.transaction((): Either.Either<StructureAppended, RowConflict | StructureRejected> => {
      const now = this.tables.catchUp(this.stored().structure, this.replayPolicy)
      this.cache = now
      if (now.version !== options.expectedVersion) {
        return Either.left(new RowConflict({ table: "structure", id: STRUCTURE_STREAM, currentVersion: now.version, expectedVersion: options.expectedVersion }))
      }
      const r = replay(accepted.map((a) => a.event), options.policy, now.structure)
      if (Either.isLeft(r)) {
        return Either.left(new StructureRejected({ index: r.left.index, tag: accepted[r.left.index]!.event._tag, rejection: r.left.rejection }))
      }
      if (accepted.length === 0) return Either.right({ version: now.version, seqs: [], structure: now.structure })
      this.tables.write(now.structure, r.right)
      const seqs = this.store.appendEvents(accepted.map((a) => ({ stream: STRUCTURE_STREAM, type: a.event._tag, occurredOn: a.event.date, payload: a.encoded })))
      const version = now.version + accepted.length
      this.tables.setState(version, seqs[seqs.length - 1]!)
      this.store.record(options.actor, "replace", "structure", `events ${now.version + 1}-${version}`, now.version, version)
      this.cache = { version, lastSeq: seqs[seqs.length - 1]!, structure: r.right }
      return Either.right({ version, seqs, structure: r.right })
    }).immediate()
  }
}
