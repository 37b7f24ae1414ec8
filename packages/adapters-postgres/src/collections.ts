/**
 * The port's versioned collections on PostgreSQL: projects (their units and members in their own tables,
 * read back in the same statement as JSON arrays) and documents (policies, coverage facts: a `jsonb` body).
 *
 * Optimistic versions: a write reads the stored version with `SELECT … FOR UPDATE` (in PostgreSQL's default
 * READ COMMITTED isolation a second writer of the same row waits there for the first to commit, then reads
 * the version the first wrote), compares it with the one the caller based its change on, and writes or
 * rolls back. So of concurrent writers based on the same version exactly one wins; the others fail with
 * `StoreConflict` and change nothing. A create inserts with `ON CONFLICT DO NOTHING`, which also waits for
 * a concurrent insert of the same id.
 *
 * @module
 */
import { StoreConflict, StoreMissing, decodeProject } from "@redsite/core"
import type { Page, PageQuery, Project, ProjectQuery, StoreCollection, Versioned } from "@redsite/core"
import { Effect, Either, Schema } from "effect"
import type pg from "pg"
import { finish, transaction } from "./db.js"
import type { Pool } from "./db.js"

/** A transaction's outcome as an Effect failing with its refusal (a thrown error is a defect). */
export const settle = <A, E>(run: () => Promise<Either.Either<A, E>>): Effect.Effect<A, E> =>
  Effect.flatMap(Effect.promise(run), (r) => (Either.isRight(r) ? Effect.succeed(r.right) : Effect.fail(r.left)))

/** A refused write (typed with both refusals, so that the branches of a transaction body agree). */
type Refused = Either.Either<never, StoreConflict | StoreMissing>
const missing = (id: string): Refused => Either.left(new StoreMissing({ id }))
const conflict = (id: string, currentVersion: number | undefined, expectedVersion: number | undefined): Refused =>
  Either.left(new StoreConflict({ id, currentVersion, expectedVersion }))

/** Reads the stored version of a row and locks it until the transaction ends. */
const lockVersion = async (c: pg.ClientBase, table: string, key: string, id: string): Promise<number | undefined> =>
  (await c.query<{ version: number }>(`SELECT version FROM ${table} WHERE ${key} = $1 FOR UPDATE`, [id])).rows[0]?.version

// ------------------------------------------------------------------------------------------- projects

/** The columns of a project row with its units and members, as one query returns them. */
interface ProjectRow {
  id: string; version: number; name: string; district: string | null; locality: string | null; kind: string
  cost_yuan: number; planned_start: string; planned_end: string; major: boolean; phase: string
  competent_department: string | null; sections: ReadonlyArray<string>
  units: ReadonlyArray<[string, string, string, string, boolean, string | null]>
  members: ReadonlyArray<[string, string | null, string | null, string, string | null, string | null, string | null, boolean, boolean]>
}

/** The project columns with the units and members of each as JSON arrays (in their stored order). */
export const PROJECT_SELECT = `SELECT p.id, p.version, p.name, p.district, p.locality, p.kind, p.cost_yuan, p.planned_start, p.planned_end, p.major,
  p.phase, p.competent_department, p.sections,
  coalesce((SELECT json_agg(json_build_array(u.id, u.name, u.role, u.ownership, u.has_organization, u.organization_id) ORDER BY u.position)
    FROM units u WHERE u.project_id = p.id), '[]') AS units,
  coalesce((SELECT json_agg(json_build_array(m.id, m.name, m.contact, m.status, m.unit_id, m.home_organization_id, m.section, m.mobile, m.pocket) ORDER BY m.position)
    FROM members m WHERE m.project_id = p.id), '[]') AS members
  FROM projects p`

const opt = <K extends string, V>(key: K, v: V | null): { [P in K]?: V } => (v === null ? {} : ({ [key]: v } as { [P in K]?: V }))

/** A project's rows as the core's `Project`, decoded through the core (a failure is a damaged database). */
const projectOf = (p: ProjectRow): Project => {
  const r = decodeProject({
    id: p.id, name: p.name, ...opt("district", p.district), ...opt("locality", p.locality), kind: p.kind,
    costYuan: p.cost_yuan, plannedStart: p.planned_start, plannedEnd: p.planned_end, major: p.major, phase: p.phase,
    ...opt("competentDepartment", p.competent_department),
    units: p.units.map(([id, name, role, ownership, hasOrganization, organizationId]) => ({ id, name, role, ownership, hasOrganization, ...opt("organizationId", organizationId) })),
    members: p.members.map(([id, name, contact, status, unitId, home, section, mobile, pocket]) => ({
      id, ...opt("name", name), ...opt("contact", contact), status, ...opt("unitId", unitId), ...opt("homeOrganizationId", home),
      ...opt("section", section), mobile, pocket
    })),
    sections: p.sections
  })
  if (Either.isLeft(r)) throw new Error(`stored project ${p.id} does not decode (damaged database?): ${r.left.message}`)
  return r.right
}

/**
 * What a project row carries for the portfolio (schema version 3): full and probationary members, and its
 * line — planned start and end, phase, kind, the two counts, then each unit's `role:ownership:full members`
 * in unit order, separated by spaces — what the portfolio's columns
 * need, counted as the core's `portfolioColumns` counts them (a member without a unit counts for the
 * project only).
 */
export const projectSummary = (e: Project) => {
  let full = 0
  let probationary = 0
  const byUnit = new Map<string, number>()
  for (const m of e.members) {
    if (m.status === "probationary") probationary++
    if (m.status !== "full") continue
    full++
    if (m.unitId !== undefined) byUnit.set(m.unitId, (byUnit.get(m.unitId) ?? 0) + 1)
  }
  const units = e.units.map((u) => ` ${u.role}:${u.ownership}:${byUnit.get(u.id) ?? 0}`).join("")
  return { full, probationary, line: `${e.plannedStart} ${e.plannedEnd} ${e.phase} ${e.kind} ${full} ${probationary}${units}` }
}

/**
 * Writes a project's rows at `version` inside the caller's transaction: the project row (inserted — with
 * `insertIfAbsent`, only when its id is free, returning false otherwise — or updated with its units and
 * members replaced), then its units and members, each list in one statement.
 */
export const writeProject = async (c: pg.ClientBase, e: Project, version: number, mode: "insert" | "insertIfAbsent" | "update"): Promise<boolean> => {
  const sum = projectSummary(e)
  const row = [e.id, version, e.name, e.district ?? null, e.locality ?? null, e.kind, e.costYuan, e.plannedStart, e.plannedEnd, e.major, e.phase,
    e.competentDepartment ?? null, JSON.stringify(e.sections ?? []), sum.full, sum.probationary, sum.line]
  if (mode === "update") {
    await c.query(`UPDATE projects SET version = $2, name = $3, district = $4, locality = $5, kind = $6, cost_yuan = $7, planned_start = $8,
      planned_end = $9, major = $10, phase = $11, competent_department = $12, sections = $13, full_members = $14, probationary_members = $15,
      portfolio_line = $16 WHERE id = $1`, row)
    await c.query("DELETE FROM members WHERE project_id = $1", [e.id])
    await c.query("DELETE FROM units WHERE project_id = $1", [e.id])
  } else {
    const r = await c.query(`INSERT INTO projects (id, version, name, district, locality, kind, cost_yuan, planned_start, planned_end, major, phase, competent_department, sections,
      full_members, probationary_members, portfolio_line)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)${mode === "insertIfAbsent" ? " ON CONFLICT (id) DO NOTHING" : ""}`, row)
    if (r.rowCount === 0) return false
  }
  if (e.units.length > 0) {
    await c.query(`INSERT INTO units (project_id, position, id, name, role, ownership, has_organization, organization_id)
      SELECT $1, t.* FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::text[]) AS t`, [
      e.id, e.units.map((_, i) => i), e.units.map((u) => u.id), e.units.map((u) => u.name), e.units.map((u) => u.role), e.units.map((u) => u.ownership),
      e.units.map((u) => u.hasOrganization), e.units.map((u) => u.organizationId ?? null)
    ])
  }
  if (e.members.length > 0) {
    const m = e.members
    await c.query(`INSERT INTO members (project_id, position, id, name, contact, status, unit_id, home_organization_id, section, mobile, pocket)
      SELECT $1, t.* FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::boolean[], $11::boolean[]) AS t`, [
      e.id, m.map((_, i) => i), m.map((x) => x.id), m.map((x) => x.name ?? null), m.map((x) => x.contact ?? null), m.map((x) => x.status),
      m.map((x) => x.unitId ?? null), m.map((x) => x.homeOrganizationId ?? null), m.map((x) => x.section ?? null), m.map((x) => x.mobile === true),
      m.map((x) => x.pocket === true)
    ])
  }
  return true
}

/** The projects collection of the port. */
export const projectCollection = (pool: Pool): StoreCollection<Project, ProjectQuery> => ({
  get: (id) => Effect.promise(async () => {
    const row = (await pool.query<ProjectRow>(`${PROJECT_SELECT} WHERE p.id = $1`, [id])).rows[0]
    return row === undefined ? undefined : { value: projectOf(row), version: row.version }
  }),
  list: (q) => Effect.promise(async (): Promise<Page<Project>> => {
    const where: Array<string> = []
    const args: Array<unknown> = []
    const arg = (v: unknown) => (args.push(v), `$${args.length}`)
    if (q.district !== undefined) where.push(`p.district = ${arg(q.district)}`)
    if (q.phase !== undefined) where.push(`p.phase = ${arg(q.phase)}`)
    if (q.organizationIds !== undefined) {
      where.push(`EXISTS (SELECT 1 FROM units u WHERE u.project_id = p.id AND u.organization_id = ANY(${arg([...q.organizationIds])}::text[]))`)
    }
    if (q.after !== undefined) where.push(`p.id > ${arg(q.after)}`)
    const rows = (await pool.query<ProjectRow>(`${PROJECT_SELECT} ${where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`} ORDER BY p.id LIMIT ${arg(q.limit + 1)}`, args)).rows
    const more = rows.length > q.limit
    const page = more ? rows.slice(0, q.limit) : rows
    return { items: page.map((r) => ({ value: projectOf(r), version: r.version })), next: more ? page[page.length - 1]!.id : undefined }
  }),
  create: (value, actor) =>
    settle(() => transaction(pool, async (c) => {
      if (!(await writeProject(c, value, 1, "insertIfAbsent"))) {
        const v = (await c.query<{ version: number }>("SELECT version FROM projects WHERE id = $1", [value.id])).rows[0]?.version
        return Either.left(new StoreConflict({ id: value.id, currentVersion: v, expectedVersion: undefined }))
      }
      await finish(c, { actor, action: "create", resource: "project", resourceId: value.id, before: null, after: 1 })
      return Either.right<Versioned<Project>>({ value, version: 1 })
    })),
  replace: (value, expected, actor) =>
    settle(() => transaction(pool, async (c) => {
      const v = await lockVersion(c, "projects", "id", value.id)
      if (v === undefined) return missing(value.id)
      if (v !== expected) return conflict(value.id, v, expected)
      await writeProject(c, value, expected + 1, "update")
      await finish(c, { actor, action: "replace", resource: "project", resourceId: value.id, before: expected, after: expected + 1 })
      return Either.right<Versioned<Project>>({ value, version: expected + 1 })
    })),
  remove: (id, expected, actor) =>
    settle(() => transaction(pool, async (c) => {
      const v = await lockVersion(c, "projects", "id", id)
      if (v === undefined) return missing(id)
      if (v !== expected) return conflict(id, v, expected)
      await c.query("DELETE FROM projects WHERE id = $1", [id])
      await finish(c, { actor, action: "delete", resource: "project", resourceId: id, before: expected, after: null })
      return Either.right(undefined)
    }))
})

// ------------------------------------------------------------------------------------------ documents

/** A collection of values kept whole as a `jsonb` body (encoded through the core's schema, decoded on read). */
export const documentCollection = <A, I, R = never>(
  pool: Pool,
  table: string,
  key: string,
  resource: string,
  schema: Schema.Schema<A, I>,
  idOf: (a: A) => string,
  /** What a create fails with when a foreign key of the table refuses the value (its row refers to one that is not stored). */
  referenceMissing?: (id: string) => R
): StoreCollection<A, PageQuery, R> => {
  const encode = Schema.encodeSync(schema)
  const decode = Schema.decodeUnknownSync(schema)
  return {
    get: (id) => Effect.promise(async () => {
      const row = (await pool.query<{ version: number; body: unknown }>(`SELECT version, body FROM ${table} WHERE ${key} = $1`, [id])).rows[0]
      return row === undefined ? undefined : { value: decode(row.body), version: row.version }
    }),
    list: (q) => Effect.promise(async () => {
      const rows = (await pool.query<{ k: string; version: number; body: unknown }>(
        `SELECT ${key} AS k, version, body FROM ${table} ${q.after === undefined ? "" : `WHERE ${key} > $2`} ORDER BY ${key} LIMIT $1`,
        q.after === undefined ? [q.limit + 1] : [q.limit + 1, q.after]
      )).rows
      const more = rows.length > q.limit
      const kept = more ? rows.slice(0, q.limit) : rows
      return { items: kept.map((r) => ({ value: decode(r.body), version: r.version })), next: more ? kept[kept.length - 1]!.k : undefined }
    }),
    create: (value, actor) =>
      settle(() => transaction(pool, async (c): Promise<Either.Either<Versioned<A>, StoreConflict | R>> => {
        const id = idOf(value)
        let inserted: pg.QueryResult
        try {
          inserted = await c.query(`INSERT INTO ${table} (${key}, version, body) VALUES ($1, 1, $2) ON CONFLICT (${key}) DO NOTHING`, [id, JSON.stringify(encode(value))])
        } catch (e) {
          // a foreign key violation: the value refers to a row that is not stored (the transaction rolls back)
          if (referenceMissing !== undefined && (e as { code?: unknown }).code === "23503") return Either.left<StoreConflict | R>(referenceMissing(id))
          throw e
        }
        if (inserted.rowCount === 0) {
          const v = (await c.query<{ version: number }>(`SELECT version FROM ${table} WHERE ${key} = $1`, [id])).rows[0]?.version
          return Either.left(new StoreConflict({ id, currentVersion: v, expectedVersion: undefined }))
        }
        await finish(c, { actor, action: "create", resource, resourceId: id, before: null, after: 1 })
        return Either.right<Versioned<A>>({ value, version: 1 })
      })),
    replace: (value, expected, actor) =>
      settle(() => transaction(pool, async (c): Promise<Either.Either<Versioned<A>, StoreConflict | StoreMissing | R>> => {
        const id = idOf(value)
        const v = await lockVersion(c, table, key, id)
        if (v === undefined) return missing(id)
        if (v !== expected) return conflict(id, v, expected)
        await c.query(`UPDATE ${table} SET version = $2, body = $3 WHERE ${key} = $1`, [id, expected + 1, JSON.stringify(encode(value))])
        await finish(c, { actor, action: "replace", resource, resourceId: id, before: expected, after: expected + 1 })
        return Either.right<Versioned<A>>({ value, version: expected + 1 })
      })),
    remove: (id, expected, actor) =>
      settle(() => transaction(pool, async (c) => {
        const v = await lockVersion(c, table, key, id)
        if (v === undefined) return missing(id)
        if (v !== expected) return conflict(id, v, expected)
        await c.query(`DELETE FROM ${table} WHERE ${key} = $1`, [id])
        await finish(c, { actor, action: "delete", resource, resourceId: id, before: expected, after: null })
        return Either.right(undefined)
      }))
  }
}
