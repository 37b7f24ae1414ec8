/**
 * The structure over time (组织架构) on PostgreSQL: its events in the event log (`structure` stream), its
 * records in the `structure_*` tables, row for row as SQLite keeps them, both written in one transaction.
 *
 * The adapter holds no rules: an append locks the stream's state row (`SELECT … FOR UPDATE` on
 * `structure_state`, so appends are serialized and a stale version is refused), hands the events to the
 * core's `replay` from the stored structure, and writes only what the core accepted — the events, the
 * records that changed, the new state and the audit entry — or nothing. Reads load every table in one
 * statement (one snapshot) and decode it through the core's schema; the structure is cached per state, so
 * a read costs one small query while nothing was written (by this process or another).
 *
 * @module
 */
import { Structure, emptyStructure } from "@redsite/core"
import type { StructureMember, StructureOrganization } from "@redsite/core"
import { Either, Schema } from "effect"
import type pg from "pg"
import { num } from "./db.js"

/** The event-log stream of the structure's events (the same name as on SQLite). */
export const STRUCTURE_STREAM = "structure"

/** The stream's state: how many events the tables hold, and the last one's sequence number. */
export interface StructureState {
  readonly version: number
  readonly lastSeq: number
}

/** Reads the state; with `lock`, holds its row until the transaction ends (appends are serialized by it). */
export const readState = async (c: pg.ClientBase | pg.Pool, lock: boolean): Promise<StructureState> => {
  const r = (await c.query<{ version: number; last_seq: string }>(
    `SELECT version, last_seq FROM structure_state WHERE stream = $1${lock ? " FOR UPDATE" : ""}`, [STRUCTURE_STREAM]
  )).rows[0]
  return r === undefined ? { version: 0, lastSeq: 0 } : { version: r.version, lastSeq: num(r.last_seq) }
}

const decodeStructure = Schema.decodeUnknownEither(Structure)

const opt = <K extends string, V>(key: K, v: V | null): { [P in K]?: V } => (v === null ? {} : ({ [key]: v } as { [P in K]?: V }))

const groupBy = <R extends Record<string, unknown>>(rows: ReadonlyArray<R>, key: keyof R): Map<unknown, Array<R>> => {
  const m = new Map<unknown, Array<R>>()
  for (const r of rows) {
    const list = m.get(r[key])
    if (list === undefined) m.set(r[key], [r])
    else list.push(r)
  }
  return m
}

/** Every table as a JSON array in its order, with the state, in one statement (one snapshot). */
const LOAD = `SELECT
  (SELECT row_to_json(s) FROM (SELECT version, last_seq FROM structure_state WHERE stream = 'structure') s) AS state,
  (SELECT coalesce(json_agg(t ORDER BY t.position), '[]') FROM structure_organizations t) AS orgs,
  (SELECT coalesce(json_agg(t ORDER BY t.organization_id, t.position), '[]') FROM structure_organization_projects t) AS org_projects,
  (SELECT coalesce(json_agg(t ORDER BY t.organization_id, t.position), '[]') FROM structure_organization_units t) AS org_units,
  (SELECT coalesce(json_agg(t ORDER BY t.organization_id, t.position), '[]') FROM structure_appointments t) AS appointments,
  (SELECT coalesce(json_agg(t ORDER BY t.position), '[]') FROM structure_relations t) AS relations,
  (SELECT coalesce(json_agg(t ORDER BY t.position), '[]') FROM structure_members t) AS members,
  (SELECT coalesce(json_agg(t ORDER BY t.member_id, t.position), '[]') FROM structure_member_homes t) AS homes,
  (SELECT coalesce(json_agg(t ORDER BY t.member_id, t.position), '[]') FROM structure_member_attendance t) AS attendance,
  (SELECT coalesce(json_agg(t ORDER BY t.member_id, t.position), '[]') FROM structure_member_statuses t) AS statuses,
  (SELECT coalesce(json_agg(t ORDER BY t.position), '[]') FROM structure_projects t) AS projects,
  (SELECT coalesce(json_agg(t ORDER BY t.position), '[]') FROM structure_actions t) AS actions`

type Row = Record<string, any>

/** The tables as the core's `Structure` with their state, read in one statement. */
export const loadStructure = async (c: pg.ClientBase | pg.Pool): Promise<StructureState & { readonly structure: Structure }> => {
  const r = (await c.query<Record<string, any>>(LOAD)).rows[0]!
  const orgProjects = groupBy<Row>(r.org_projects, "organization_id")
  const orgUnits = groupBy<Row>(r.org_units, "organization_id")
  const appointments = groupBy<Row>(r.appointments, "organization_id")
  const homes = groupBy<Row>(r.homes, "member_id")
  const attendance = groupBy<Row>(r.attendance, "member_id")
  const statuses = groupBy<Row>(r.statuses, "member_id")
  const period = (p: Row) => ({ from: p.valid_from, ...opt("to", p.valid_to) })
  const encoded = {
    organizations: (r.orgs as Array<Row>).map((o) => ({
      id: o.id, name: o.name, kind: o.kind, temporary: o.temporary,
      projectIds: (orgProjects.get(o.id) ?? []).map((p) => p.project_id),
      unitIds: (orgUnits.get(o.id) ?? []).map((u) => u.unit_id),
      establishedOn: o.established_on, ...opt("dissolvedOn", o.dissolved_on), ...opt("approvedBy", o.approved_by),
      ...opt("committeeSince", o.committee_since),
      ...(o.converted_on === null ? {} : { converted: { on: o.converted_on, target: o.converted_target } }),
      appointments: (appointments.get(o.id) ?? []).map((a) => ({ role: a.role, personId: a.person_id, ...period(a) }))
    })),
    relations: (r.relations as Array<Row>).map((x) => ({
      kind: x.kind, from: x.from_id, to: x.to_id, validFrom: x.valid_from, ...opt("validTo", x.valid_to),
      ...opt("pairingForm", x.pairing_form), tasks: x.tasks
    })),
    members: (r.members as Array<Row>).map((m) => ({
      id: m.id,
      homes: (homes.get(m.id) ?? []).map((h) => ({ organizationId: h.organization_id, ...period(h) })),
      attendance: (attendance.get(m.id) ?? []).map((a) => ({ organizationId: a.organization_id, ...period(a) })),
      mobile: m.mobile, pocket: m.pocket,
      statuses: (statuses.get(m.id) ?? []).map((s) => ({ status: s.status, from: s.valid_from, ...opt("decidedBy", s.decided_by) }))
    })),
    projects: (r.projects as Array<Row>).map((p) => ({ id: p.id, ...opt("completedOn", p.completed_on) })),
    actions: (r.actions as Array<Row>).map((a) => ({ action: a.action, organizationId: a.organization_id, memberId: a.member_id, date: a.date }))
  }
  const d = decodeStructure(encoded)
  if (Either.isLeft(d)) throw new Error(`the stored structure does not decode (damaged database?): ${d.left.message}`)
  const state = r.state as { version: number; last_seq: number } | null
  return { version: state?.version ?? 0, lastSeq: num(state?.last_seq), structure: d.right }
}

// ------------------------------------------------------------------------------------------- writing

type Tuple = ReadonlyArray<string | number | boolean | null>

const orgTuple = (o: StructureOrganization, i: number): Tuple => [
  o.id, i, o.name, o.kind, o.temporary, o.establishedOn, o.dissolvedOn ?? null, o.approvedBy ?? null, o.committeeSince ?? null,
  o.converted?.on ?? null, o.converted?.target ?? null
]
const relationTuple = (r: Structure["relations"][number], i: number): Tuple => [
  i, r.kind, r.from, r.to, r.validFrom, r.validTo ?? null, r.pairingForm ?? null, JSON.stringify(r.tasks)
]
const memberTuple = (m: StructureMember, i: number): Tuple => [m.id, i, m.mobile, m.pocket]
const projectTuple = (p: Structure["projects"][number], i: number): Tuple => [p.id, i, p.completedOn ?? null]
const actionTuple = (a: Structure["actions"][number], i: number): Tuple => [i, a.action, a.organizationId, a.memberId, a.date]

const sameTuple = (a: Tuple, b: Tuple) => a.length === b.length && a.every((x, i) => x === b[i])

/** `INSERT … ON CONFLICT (key) DO UPDATE` of one table's columns. */
const upsertSql = (table: string, columns: ReadonlyArray<string>, key: ReadonlyArray<string>) => {
  const set = columns.filter((c) => !key.includes(c)).map((c) => `${c} = excluded.${c}`).join(", ")
  return `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})
    ON CONFLICT (${key.join(", ")}) DO ${set === "" ? "NOTHING" : `UPDATE SET ${set}`}`
}
const child = ["member_id", "position"]
const SQL = {
  org: upsertSql("structure_organizations", ["id", "position", "name", "kind", "temporary", "established_on", "dissolved_on", "approved_by", "committee_since", "converted_on", "converted_target"], ["id"]),
  orgProject: upsertSql("structure_organization_projects", ["organization_id", "position", "project_id"], ["organization_id", "position"]),
  orgProjectsFrom: "DELETE FROM structure_organization_projects WHERE organization_id = $1 AND position >= $2",
  orgUnit: upsertSql("structure_organization_units", ["organization_id", "position", "unit_id"], ["organization_id", "position"]),
  orgUnitsFrom: "DELETE FROM structure_organization_units WHERE organization_id = $1 AND position >= $2",
  appointment: upsertSql("structure_appointments", ["organization_id", "position", "role", "person_id", "valid_from", "valid_to"], ["organization_id", "position"]),
  appointmentsFrom: "DELETE FROM structure_appointments WHERE organization_id = $1 AND position >= $2",
  relation: upsertSql("structure_relations", ["position", "kind", "from_id", "to_id", "valid_from", "valid_to", "pairing_form", "tasks"], ["position"]),
  member: upsertSql("structure_members", ["id", "position", "mobile", "pocket"], ["id"]),
  home: upsertSql("structure_member_homes", ["member_id", "position", "organization_id", "valid_from", "valid_to"], child),
  homesFrom: "DELETE FROM structure_member_homes WHERE member_id = $1 AND position >= $2",
  attendance: upsertSql("structure_member_attendance", ["member_id", "position", "organization_id", "valid_from", "valid_to"], child),
  attendanceFrom: "DELETE FROM structure_member_attendance WHERE member_id = $1 AND position >= $2",
  status: upsertSql("structure_member_statuses", ["member_id", "position", "status", "valid_from", "decided_by"], child),
  statusesFrom: "DELETE FROM structure_member_statuses WHERE member_id = $1 AND position >= $2",
  project: upsertSql("structure_projects", ["id", "position", "completed_on"], ["id"]),
  action: upsertSql("structure_actions", ["position", "action", "organization_id", "member_id", "date"], ["position"]),
  actionsFrom: "DELETE FROM structure_actions WHERE position >= $1"
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

/**
 * Writes what changed from `before` (what the tables hold) to `after` (what the core made of it), inside
 * the caller's transaction: a record the core left as it was is not written. Parents before children, so
 * that every foreign key holds when its row is written.
 */
export const writeStructure = async (c: pg.ClientBase, before: Structure, after: Structure): Promise<void> => {
  const statements: Array<[string, Tuple]> = []
  const sync = <A>(b: ReadonlyArray<A>, a: ReadonlyArray<A>, tuple: (x: A, i: number) => Tuple, upsert: string, truncate: ((from: number) => Tuple) | undefined, truncateSql?: string) => {
    for (let i = 0; i < a.length; i++) {
      if (i < b.length && (b[i] === a[i] || sameTuple(tuple(b[i]!, i), tuple(a[i]!, i)))) continue
      statements.push([upsert, tuple(a[i]!, i)])
    }
    if (b.length > a.length && truncate !== undefined) statements.push([truncateSql!, truncate(a.length)])
  }
  if (!extends_(before, after)) {
    // not an extension of what is stored (the core never does this): rewrite everything
    for (const t of ["structure_actions", "structure_organization_units", "structure_member_statuses", "structure_member_attendance", "structure_member_homes",
      "structure_members", "structure_relations", "structure_appointments", "structure_organization_projects", "structure_organizations", "structure_projects"]) {
      statements.push([`DELETE FROM ${t}`, []])
    }
    before = emptyStructure
  }
  sync(before.projects, after.projects, projectTuple, SQL.project, undefined)
  for (let i = 0; i < after.organizations.length; i++) {
    const a = after.organizations[i]!
    const b = before.organizations[i]
    if (a === b) continue
    if (b === undefined || !sameTuple(orgTuple(b, i), orgTuple(a, i))) statements.push([SQL.org, orgTuple(a, i)])
    sync(b?.projectIds ?? [], a.projectIds, (p, k) => [a.id, k, p], SQL.orgProject, (k) => [a.id, k], SQL.orgProjectsFrom)
    sync(b?.unitIds ?? [], a.unitIds, (u, k) => [a.id, k, u], SQL.orgUnit, (k) => [a.id, k], SQL.orgUnitsFrom)
    sync(b?.appointments ?? [], a.appointments, (x, k) => [a.id, k, x.role, x.personId, x.from, x.to ?? null], SQL.appointment, (k) => [a.id, k], SQL.appointmentsFrom)
  }
  sync(before.relations, after.relations, relationTuple, SQL.relation, undefined)
  for (let i = 0; i < after.members.length; i++) {
    const a = after.members[i]!
    const b = before.members[i]
    if (a === b) continue
    if (b === undefined || !sameTuple(memberTuple(b, i), memberTuple(a, i))) statements.push([SQL.member, memberTuple(a, i)])
    sync(b?.homes ?? [], a.homes, (h, k) => [a.id, k, h.organizationId, h.from, h.to ?? null], SQL.home, (k) => [a.id, k], SQL.homesFrom)
    sync(b?.attendance ?? [], a.attendance, (h, k) => [a.id, k, h.organizationId, h.from, h.to ?? null], SQL.attendance, (k) => [a.id, k], SQL.attendanceFrom)
    sync(b?.statuses ?? [], a.statuses, (x, k) => [a.id, k, x.status, x.from, x.decidedBy ?? null], SQL.status, (k) => [a.id, k], SQL.statusesFrom)
  }
  // actions last: they refer to organizations and members
  sync(before.actions, after.actions, actionTuple, SQL.action, (k) => [k], SQL.actionsFrom)
  for (const [sql, args] of statements) await c.query(sql, args as Array<unknown>)
}

/**
 * An organization and every one under it on a date along both leadership lines (`reportsTo`,
 * `secondSuperior`, as the core's `subtreeOf`), in one recursive query over the relations table.
 */
export const subtreeQuery = async (c: pg.Pool | pg.ClientBase, organizationId: string, date: string): Promise<ReadonlySet<string>> => {
  const rows = (await c.query<{ id: string }>(`
    WITH RECURSIVE below(id) AS (
      SELECT $1::text
      UNION
      SELECT r.from_id FROM structure_relations r JOIN below b ON r.to_id = b.id
      WHERE r.kind IN ('reportsTo', 'secondSuperior') AND r.valid_from <= $2 AND (r.valid_to IS NULL OR r.valid_to >= $2)
    ) SELECT id FROM below`, [organizationId, date])).rows
  return new Set(rows.map((r) => r.id))
}
