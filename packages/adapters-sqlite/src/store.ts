/**
 * Repositories over a redsite database: projects (with their units and members in their own tables),
 * reforms and coverage facts as versioned documents, the structure over time (organizations and relations
 * are its events and tables: `store.structure`), an append-only
 * event log and points ledger, and the audit log. Every write runs in one transaction with its audit
 * entry; a write based on a stale version fails with {@link RowConflict} and changes nothing. What is read
 * is decoded through the core's schemas: the adapter stores and loads, the core decides.
 *
 * @module
 */
import { CoverageFacts, PointEvent, Policy, Project, decodeProject } from "@redsite/core"
import { Either, Schema } from "effect"
import type { Connection } from "./connection.js"
import { RowConflict, RowMissing } from "./rows.js"
import type { Actor, AuditRow, Page, Versioned } from "./rows.js"
import { StructureRepository } from "./structure.js"

/** An event to append to the log: its stream (e.g. an organization id), type, date and encoded payload. */
export interface StoredEvent {
  readonly stream: string
  readonly type: string
  readonly occurredOn: string
  readonly payload: unknown
}

/** Filters and paging of a project listing. */
export interface ProjectFilter {
  readonly district?: string | undefined
  readonly phase?: string | undefined
  /** Only projects with a unit whose organization is one of these. */
  readonly organizationIds?: ReadonlyArray<string> | undefined
  readonly after?: string | undefined
  readonly limit: number
}

/** A versioned collection: the operations every stored kind of value offers. */
export interface Collection<A, Q> {
  readonly get: (id: string) => Versioned<A> | undefined
  readonly list: (query: Q) => Page<A>
  readonly create: (value: A, actor: Actor) => Either.Either<Versioned<A>, RowConflict>
  readonly replace: (value: A, expectedVersion: number, actor: Actor) => Either.Either<Versioned<A>, RowConflict | RowMissing>
  readonly remove: (id: string, expectedVersion: number, actor: Actor) => Either.Either<void, RowConflict | RowMissing>
}


interface ProjectRow {
  id: string; version: number; name: string; district: string | null; locality: string | null; kind: string
  cost_yuan: number; planned_start: string; planned_end: string; major: number; phase: string
  competent_department: string | null; sections: string
}
interface UnitRow { project_id: string; id: string; name: string; role: string; ownership: string; has_organization: number; organization_id: string | null }
interface MemberRow {
  project_id: string; id: string; name: string | null; contact: string | null; status: string; unit_id: string | null
  home_organization_id: string | null; section: string | null; mobile: number; pocket: number
}

const opt = <K extends string, V>(key: K, v: V | null): { [P in K]?: V } => (v === null ? {} : ({ [key]: v } as { [P in K]?: V }))

/** Rebuilds a project's encoded form from its rows and decodes it through the core (a failure is a damaged file). */
const projectOf = (p: ProjectRow, units: ReadonlyArray<UnitRow>, members: ReadonlyArray<MemberRow>): Project => {
  const encoded = {
    id: p.id, name: p.name, ...opt("district", p.district), ...opt("locality", p.locality), kind: p.kind,
    costYuan: p.cost_yuan, plannedStart: p.planned_start, plannedEnd: p.planned_end, major: p.major === 1, phase: p.phase,
    ...opt("competentDepartment", p.competent_department),
    units: units.map((u) => ({ id: u.id, name: u.name, role: u.role, ownership: u.ownership, hasOrganization: u.has_organization === 1, ...opt("organizationId", u.organization_id) })),
    members: members.map((m) => ({
      id: m.id, ...opt("name", m.name), ...opt("contact", m.contact), status: m.status, ...opt("unitId", m.unit_id),
      ...opt("homeOrganizationId", m.home_organization_id), ...opt("section", m.section), mobile: m.mobile === 1, pocket: m.pocket === 1
    })),
    sections: JSON.parse(p.sections) as Array<string>
  }
  const r = decodeProject(encoded)
  if (Either.isLeft(r)) throw new Error(`stored project ${p.id} does not decode (damaged database?): ${r.left.message}`)
  return r.right
}

/** The statements of the project tables, prepared once per connection. */
const projectStatements = (db: Connection) => ({
  get: db.prepare<[string], ProjectRow>("SELECT * FROM projects WHERE id = ?"),
  units: db.prepare<[string], UnitRow>("SELECT * FROM units WHERE project_id = ? ORDER BY position"),
  members: db.prepare<[string], MemberRow>("SELECT * FROM members WHERE project_id = ? ORDER BY position"),
  version: db.prepare<[string], { version: number }>("SELECT version FROM projects WHERE id = ?"),
  insert: db.prepare(`INSERT INTO projects (id, version, name, district, locality, kind, cost_yuan, planned_start, planned_end, major, phase, competent_department, sections)
    VALUES (@id, @version, @name, @district, @locality, @kind, @costYuan, @plannedStart, @plannedEnd, @major, @phase, @competentDepartment, @sections)`),
  update: db.prepare(`UPDATE projects SET version = @version, name = @name, district = @district, locality = @locality, kind = @kind, cost_yuan = @costYuan,
    planned_start = @plannedStart, planned_end = @plannedEnd, major = @major, phase = @phase, competent_department = @competentDepartment, sections = @sections WHERE id = @id`),
  insertUnit: db.prepare(`INSERT INTO units (project_id, position, id, name, role, ownership, has_organization, organization_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
  insertMember: db.prepare(`INSERT INTO members (project_id, position, id, name, contact, status, unit_id, home_organization_id, section, mobile, pocket)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  deleteChildren: db.prepare("DELETE FROM members WHERE project_id = ?"),
  deleteUnits: db.prepare("DELETE FROM units WHERE project_id = ?"),
  delete: db.prepare("DELETE FROM projects WHERE id = ?")
})
type ProjectStatements = ReturnType<typeof projectStatements>

/**
 * Writes one project's rows (the project row at `version`, then its units and members). A decoded project's
 * fields are already the stored primitives (dates are strings, money numbers), so no encoding is needed.
 */
const writeProjectRows = (s: ProjectStatements, e: Project, version: number, update: boolean) => {
  const row = {
    id: e.id, version, name: e.name, district: e.district ?? null, locality: e.locality ?? null, kind: e.kind, costYuan: e.costYuan,
    plannedStart: e.plannedStart, plannedEnd: e.plannedEnd, major: e.major ? 1 : 0, phase: e.phase,
    competentDepartment: e.competentDepartment ?? null, sections: JSON.stringify(e.sections ?? [])
  }
  if (update) {
    s.update.run(row)
    s.deleteChildren.run(e.id)
    s.deleteUnits.run(e.id)
  } else s.insert.run(row)
  e.units.forEach((u, i) => s.insertUnit.run(e.id, i, u.id, u.name, u.role, u.ownership, u.hasOrganization ? 1 : 0, u.organizationId ?? null))
  e.members.forEach((m, i) => s.insertMember.run(e.id, i, m.id, m.name ?? null, m.contact ?? null, m.status, m.unitId ?? null,
    m.homeOrganizationId ?? null, m.section ?? null, m.mobile === true ? 1 : 0, m.pocket === true ? 1 : 0))
}

/** At most this many units or members are written by one statement of a bulk insert (11 parameters each). */
const ROWS_PER_STATEMENT = 32

/**
 * The bulk writer of {@link RedsiteStore.insertProjects}: positional parameters, and each project's units and
 * members in one multi-row `INSERT` each (statements prepared once per row count), so that a project of
 * 12 units and members costs 3 statements instead of 13. The rows written are those of `writeProjectRows`.
 */
const bulkProjectWriter = (db: Connection) => {
  const project = db.prepare(`INSERT INTO projects (id, version, name, district, locality, kind, cost_yuan, planned_start, planned_end, major, phase, competent_department, sections)
    VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const many = (table: string, columns: string, width: number) => {
    const cache: Array<ReturnType<Connection["prepare"]> | undefined> = []
    const row = `(${Array.from({ length: width }, () => "?").join(", ")})`
    return (rows: number) =>
      (cache[rows] ??= db.prepare(`INSERT INTO ${table} (${columns}) VALUES ${Array.from({ length: rows }, () => row).join(", ")}`))
  }
  const units = many("units", "project_id, position, id, name, role, ownership, has_organization, organization_id", 8)
  const members = many("members", "project_id, position, id, name, contact, status, unit_id, home_organization_id, section, mobile, pocket", 11)
  const args: Array<unknown> = []
  return (e: Project) => {
    project.run(e.id, e.name, e.district ?? null, e.locality ?? null, e.kind, e.costYuan, e.plannedStart, e.plannedEnd, e.major ? 1 : 0, e.phase,
      e.competentDepartment ?? null, JSON.stringify(e.sections ?? []))
    for (let from = 0; from < e.units.length; from += ROWS_PER_STATEMENT) {
      const to = Math.min(e.units.length, from + ROWS_PER_STATEMENT)
      args.length = 0
      for (let i = from; i < to; i++) {
        const u = e.units[i]!
        args.push(e.id, i, u.id, u.name, u.role, u.ownership, u.hasOrganization ? 1 : 0, u.organizationId ?? null)
      }
      units(to - from).run(args)
    }
    for (let from = 0; from < e.members.length; from += ROWS_PER_STATEMENT) {
      const to = Math.min(e.members.length, from + ROWS_PER_STATEMENT)
      args.length = 0
      for (let i = from; i < to; i++) {
        const m = e.members[i]!
        args.push(e.id, i, m.id, m.name ?? null, m.contact ?? null, m.status, m.unitId ?? null, m.homeOrganizationId ?? null, m.section ?? null,
          m.mobile === true ? 1 : 0, m.pocket === true ? 1 : 0)
      }
      members(to - from).run(args)
    }
  }
}

/** The repositories of one connection. */
export class RedsiteStore {
  readonly projects: Collection<Project, ProjectFilter> & { readonly count: () => number }
  readonly policies: Collection<Policy, { readonly after?: string | undefined; readonly limit: number }>
  readonly coverage: Collection<CoverageFacts, { readonly after?: string | undefined; readonly limit: number }>
  /**
   * Inserts already-decoded projects at version 1, inside the caller's transaction (bulk import). Fails on an
   * existing id (the caller's transaction then rolls back).
   */
  readonly insertProjects: (projects: ReadonlyArray<Project>) => void
  /** Records one audit entry (inside the caller's transaction). */
  readonly record: (actor: Actor, action: AuditRow["action"], resource: string, id: string, before: number | null, after: number | null) => void

  constructor(readonly db: Connection) {
    const audit = db.prepare(`INSERT INTO audit (at, principal_id, role, action, resource, resource_id, before_version, after_version)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
    const record = (actor: Actor, action: AuditRow["action"], resource: string, id: string, before: number | null, after: number | null) => {
      audit.run(new Date().toISOString(), actor.principalId, actor.role, action, resource, id, before, after)
    }
    this.record = record

    // ---------------------------------------------------------------------------------------- projects
    const s = projectStatements(db)
    let bulk: ReturnType<typeof bulkProjectWriter> | undefined
    this.insertProjects = (projects) => {
      bulk ??= bulkProjectWriter(db)
      for (const p of projects) bulk(p)
    }
    const load = (row: ProjectRow): Versioned<Project> => ({ value: projectOf(row, s.units.all(row.id), s.members.all(row.id)), version: row.version })
    const filterSql = (q: ProjectFilter) => {
      const where: Array<string> = []
      const args: Array<unknown> = []
      if (q.district !== undefined) (where.push("district = ?"), args.push(q.district))
      if (q.phase !== undefined) (where.push("phase = ?"), args.push(q.phase))
      if (q.organizationIds !== undefined) {
        where.push("EXISTS (SELECT 1 FROM units u WHERE u.project_id = projects.id AND u.organization_id IN (SELECT value FROM json_each(?)))")
        args.push(JSON.stringify(q.organizationIds))
      }
      if (q.after !== undefined) (where.push("id > ?"), args.push(q.after))
      return { sql: where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`, args }
    }
    const pageOf = (q: ProjectFilter): Page<Project> => {
      const f = filterSql(q)
      const ids = `SELECT id FROM projects ${f.sql} ORDER BY id LIMIT ?`
      const args = [...f.args, q.limit + 1]
      const rows = db.prepare<unknown[], ProjectRow>(`SELECT * FROM projects WHERE id IN (${ids}) ORDER BY id`).all(...args)
      const more = rows.length > q.limit
      const page = more ? rows.slice(0, q.limit) : rows
      const last = page[page.length - 1]?.id
      // units and members of the whole page in two queries (no query per project)
      const within = last === undefined ? [] : [...f.args, q.limit]
      const units = last === undefined ? [] : db.prepare<unknown[], UnitRow>(`SELECT * FROM units WHERE project_id IN (${ids}) ORDER BY project_id, position`).all(...within)
      const members = last === undefined ? [] : db.prepare<unknown[], MemberRow>(`SELECT * FROM members WHERE project_id IN (${ids}) ORDER BY project_id, position`).all(...within)
      const group = <R extends { project_id: string }>(rs: ReadonlyArray<R>) => {
        const m = new Map<string, Array<R>>()
        for (const r of rs) {
          const list = m.get(r.project_id)
          if (list === undefined) m.set(r.project_id, [r])
          else list.push(r)
        }
        return m
      }
      const u = group(units)
      const m = group(members)
      return {
        items: page.map((row) => ({ value: projectOf(row, u.get(row.id) ?? [], m.get(row.id) ?? []), version: row.version })),
        next: more ? last : undefined
      }
    }
    this.projects = {
      get: (id) => {
        const row = s.get.get(id)
        return row === undefined ? undefined : load(row)
      },
      list: pageOf,
      count: () => (db.prepare("SELECT count(*) AS n FROM projects").get() as { n: number }).n,
      create: (value, actor) =>
        db.transaction((): Either.Either<Versioned<Project>, RowConflict> => {
          const existing = s.version.get(value.id)
          if (existing !== undefined) return Either.left(new RowConflict({ table: "project", id: value.id, currentVersion: existing.version, expectedVersion: undefined }))
          writeProjectRows(s, value, 1, false)
          record(actor, "create", "project", value.id, null, 1)
          return Either.right({ value, version: 1 })
        }).immediate(),
      replace: (value, expected, actor) =>
        db.transaction((): Either.Either<Versioned<Project>, RowConflict | RowMissing> => {
          const existing = s.version.get(value.id)
          if (existing === undefined) return Either.left(new RowMissing({ table: "project", id: value.id }))
          if (existing.version !== expected) return Either.left(new RowConflict({ table: "project", id: value.id, currentVersion: existing.version, expectedVersion: expected }))
          writeProjectRows(s, value, expected + 1, true)
          record(actor, "replace", "project", value.id, expected, expected + 1)
          return Either.right({ value, version: expected + 1 })
        }).immediate(),
      remove: (id, expected, actor) =>
        db.transaction((): Either.Either<void, RowConflict | RowMissing> => {
          const existing = s.version.get(id)
          if (existing === undefined) return Either.left(new RowMissing({ table: "project", id }))
          if (existing.version !== expected) return Either.left(new RowConflict({ table: "project", id, currentVersion: existing.version, expectedVersion: expected }))
          s.delete.run(id)
          record(actor, "delete", "project", id, expected, null)
          return Either.right(undefined)
        }).immediate()
    }

    // ------------------------------------------------------------------------- documents (JSON bodies)
    const documents = <A, I>(table: string, resource: string, key: string, schema: Schema.Schema<A, I>, idOf: (a: A) => string) => {
      const encode = Schema.encodeSync(schema)
      const decode = Schema.decodeUnknownSync(schema)
      const get = db.prepare<[string], { version: number; body: string }>(`SELECT version, body FROM ${table} WHERE ${key} = ?`)
      const insert = db.prepare(`INSERT INTO ${table} (${key}, version, body) VALUES (?, ?, ?)`)
      const update = db.prepare(`UPDATE ${table} SET version = ?, body = ? WHERE ${key} = ?`)
      const del = db.prepare(`DELETE FROM ${table} WHERE ${key} = ?`)
      const page = db.prepare<[string, number], { k: string; version: number; body: string }>(`SELECT ${key} AS k, version, body FROM ${table} WHERE ${key} > ? ORDER BY ${key} LIMIT ?`)
      const read = (body: string) => decode(JSON.parse(body))
      const collection: Collection<A, { readonly after?: string | undefined; readonly limit: number }> = {
        get: (id) => {
          const row = get.get(id)
          return row === undefined ? undefined : { value: read(row.body), version: row.version }
        },
        list: (q) => {
          const rows = page.all(q.after ?? "", q.limit + 1)
          const more = rows.length > q.limit
          const kept = more ? rows.slice(0, q.limit) : rows
          return { items: kept.map((r) => ({ value: read(r.body), version: r.version })), next: more ? kept[kept.length - 1]!.k : undefined }
        },
        create: (value, actor) =>
          db.transaction((): Either.Either<Versioned<A>, RowConflict> => {
            const id = idOf(value)
            const existing = get.get(id)
            if (existing !== undefined) return Either.left(new RowConflict({ table: resource, id, currentVersion: existing.version, expectedVersion: undefined }))
            insert.run(id, 1, JSON.stringify(encode(value)))
            record(actor, "create", resource, id, null, 1)
            return Either.right({ value, version: 1 })
          }).immediate(),
        replace: (value, expected, actor) =>
          db.transaction((): Either.Either<Versioned<A>, RowConflict | RowMissing> => {
            const id = idOf(value)
            const existing = get.get(id)
            if (existing === undefined) return Either.left(new RowMissing({ table: resource, id }))
            if (existing.version !== expected) return Either.left(new RowConflict({ table: resource, id, currentVersion: existing.version, expectedVersion: expected }))
            update.run(expected + 1, JSON.stringify(encode(value)), id)
            record(actor, "replace", resource, id, expected, expected + 1)
            return Either.right({ value, version: expected + 1 })
          }).immediate(),
        remove: (id, expected, actor) =>
          db.transaction((): Either.Either<void, RowConflict | RowMissing> => {
            const existing = get.get(id)
            if (existing === undefined) return Either.left(new RowMissing({ table: resource, id }))
            if (existing.version !== expected) return Either.left(new RowConflict({ table: resource, id, currentVersion: existing.version, expectedVersion: expected }))
            del.run(id)
            record(actor, "delete", resource, id, expected, null)
            return Either.right(undefined)
          }).immediate()
      }
      return collection
    }
    this.policies = documents("policies", "policy", "id", Policy, (p) => p.id)
    this.coverage = documents("coverage_facts", "coverage", "project_id", CoverageFacts, (f) => f.projectId)
  }

  private structureRepository: StructureRepository | undefined

  /**
   * The structure over time: events appended through the core, kept in the event log and in the structure
   * tables in one transaction, read back as the core's `Structure` (see {@link StructureRepository}).
   */
  get structure(): StructureRepository {
    return (this.structureRepository ??= new StructureRepository(this))
  }

  /** Audit entries after `afterSeq` (exclusive), oldest first. */
  audit(afterSeq: number, limit: number): ReadonlyArray<AuditRow> {
    const rows = this.db.prepare<[number, number], {
      seq: number; at: string; principal_id: string; role: string; action: AuditRow["action"]; resource: string; resource_id: string
      before_version: number | null; after_version: number | null
    }>("SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?").all(afterSeq, limit)
    return rows.map((r) => ({
      seq: r.seq, at: r.at, principalId: r.principal_id, role: r.role, action: r.action, resource: r.resource, resourceId: r.resource_id,
      ...(r.before_version === null ? {} : { beforeVersion: r.before_version }),
      ...(r.after_version === null ? {} : { afterVersion: r.after_version })
    }))
  }

  /**
   * Appends events to the log in one transaction, in order, and returns their sequence numbers. The log is
   * generic: `payload` is what the caller's schema encodes (e.g. the core's structure events); read it back
   * through the same schema with {@link RedsiteStore.events}.
   */
  appendEvents(events: ReadonlyArray<StoredEvent>): ReadonlyArray<number> {
    const insert = this.db.prepare("INSERT INTO events (stream, type, occurred_on, recorded_at, payload) VALUES (?, ?, ?, ?, ?)")
    const at = new Date().toISOString()
    return this.db.transaction(() => events.map((e) => Number(insert.run(e.stream, e.type, e.occurredOn, at, JSON.stringify(e.payload)).lastInsertRowid))).immediate()
  }

  /**
   * Events in log order: after sequence number `afterSeq`, optionally of one stream and up to a date
   * (occurred on or before it), decoded with the caller's schema (a payload that does not decode is a damaged log).
   */
  events<A, I>(schema: Schema.Schema<A, I>, query: { readonly afterSeq?: number; readonly stream?: string; readonly until?: string; readonly limit?: number } = {}): ReadonlyArray<{ readonly seq: number; readonly stream: string; readonly type: string; readonly occurredOn: string; readonly recordedAt: string; readonly payload: A }> {
    const decode = Schema.decodeUnknownSync(schema)
    const rows = this.db.prepare<unknown[], { seq: number; stream: string; type: string; occurred_on: string; recorded_at: string; payload: string }>(
      `SELECT * FROM events WHERE seq > ? ${query.stream === undefined ? "" : "AND stream = ?"} ${query.until === undefined ? "" : "AND occurred_on <= ?"} ORDER BY seq LIMIT ?`
    ).all(...[query.afterSeq ?? 0, ...(query.stream === undefined ? [] : [query.stream]), ...(query.until === undefined ? [] : [query.until]), query.limit ?? 1_000_000])
    return rows.map((r) => ({ seq: r.seq, stream: r.stream, type: r.type, occurredOn: r.occurred_on, recordedAt: r.recorded_at, payload: decode(JSON.parse(r.payload)) }))
  }

  /** Appends point events to the ledger in one transaction, in order (the core has accepted them). */
  appendLedger(events: ReadonlyArray<PointEvent>): void {
    const insert = this.db.prepare("INSERT INTO ledger (id, member_id, organization_id, date, body) VALUES (?, ?, ?, ?, ?)")
    const encode = Schema.encodeSync(PointEvent)
    this.db.transaction(() => {
      for (const e of events) insert.run(e.id, e.memberId, e.organizationId, e.date, JSON.stringify(encode(e)))
    }).immediate()
  }

  /** The ledger's events dated within `[from, to]`, in recording order; all of them without bounds. */
  ledger(from?: string, to?: string): ReadonlyArray<PointEvent> {
    const decode = Schema.decodeUnknownSync(PointEvent)
    return this.db.prepare<[string, string], { body: string }>("SELECT body FROM ledger WHERE date >= ? AND date <= ? ORDER BY seq")
      .all(from ?? "", to ?? "9999-12-31").map((r) => decode(JSON.parse(r.body)))
  }
}
