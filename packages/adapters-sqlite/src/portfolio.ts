/**
 * Queries that feed the core at scale: the stored portfolio as the core's columns (three queries whatever
 * the number of projects, no objects per project), and the relations in force at a date.
 *
 * @module
 */
import { CoverageFacts, Ownerships, Phases, ProjectKinds, allocateColumns, dictionary, monthsOfPeriod, organizationCoverOf, workMask } from "@redsite/core"
import { decoderFor } from "@redsite/core"
import type { Policy, PortfolioColumns } from "@redsite/core"
import { Either, Schema } from "effect"
import type { Actor, RowConflict } from "./rows.js"
import type { RedsiteStore } from "./store.js"
import { StructureEventInvalid, structureReplayPolicy } from "./structure.js"
import type { StructureAppended, StructureRejected } from "./structure.js"
import { StoredRelation, relationEvents } from "./structureLines.js"

/** Options of {@link loadPortfolio}. */
export interface PortfolioQuery {
  readonly district?: string
  readonly phase?: string
  /** Only projects whose planned period contains this date. */
  readonly activeOn?: string
}

/**
 * The stored projects (in id order) with their coverage facts, as the core's `PortfolioColumns`: one query
 * for the projects, one for the units with their full members, one for the coverage facts.
 */
export const loadPortfolio = (store: RedsiteStore, query: PortfolioQuery = {}): PortfolioColumns => {
  const where: Array<string> = []
  const args: Array<string> = []
  if (query.district !== undefined) (where.push("district = ?"), args.push(query.district))
  if (query.phase !== undefined) (where.push("phase = ?"), args.push(query.phase))
  if (query.activeOn !== undefined) (where.push("planned_start <= ? AND planned_end >= ?"), args.push(query.activeOn, query.activeOn))
  const filter = where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`
  const db = store.db
  const projects = db.prepare<string[], {
    id: string; cost_yuan: number; planned_start: string; planned_end: string; major: number; district: string | null; phase: string; kind: string
  }>(`SELECT id, cost_yuan, planned_start, planned_end, major, district, phase, kind FROM projects ${filter} ORDER BY id`).all(...args)
  const n = projects.length
  const index = new Map<string, number>()
  projects.forEach((p, i) => index.set(p.id, i))
  const districts = dictionary()
  const cols = allocateColumns(projects.map((p) => p.id), 0, districts.values)
  projects.forEach((p, i) => {
    cols.costYuan[i] = p.cost_yuan
    cols.plannedMonths[i] = monthsOfPeriod(p.planned_start, p.planned_end)
    cols.major[i] = p.major
    cols.phase[i] = Phases.values.indexOf(p.phase as never)
    cols.kind[i] = ProjectKinds.values.indexOf(p.kind as never)
    cols.district[i] = districts.code(p.district)
  })
  // units in project order with their full members (members without a unit count for the project only)
  const units = db.prepare<string[], { project_id: string; role: string; ownership: string; full: number }>(`
    SELECT u.project_id, u.role, u.ownership, coalesce(c.full, 0) AS full
    FROM units u JOIN projects ON projects.id = u.project_id
    LEFT JOIN (SELECT project_id, unit_id, count(*) AS full FROM members WHERE status = 'full' AND unit_id IS NOT NULL GROUP BY project_id, unit_id) c
      ON c.project_id = u.project_id AND c.unit_id = u.id
    ${filter}
    ORDER BY u.project_id, u.position`).all(...args)
  const totals = db.prepare<string[], { project_id: string; full: number; probationary: number }>(`
    SELECT m.project_id, sum(m.status = 'full') AS full, sum(m.status = 'probationary') AS probationary
    FROM members m JOIN projects ON projects.id = m.project_id ${filter} ${filter === "" ? "WHERE" : "AND"} m.status IN ('full', 'probationary')
    GROUP BY m.project_id`).all(...args)
  for (const t of totals) {
    const i = index.get(t.project_id)!
    cols.fullMembers[i] = t.full
    cols.probationaryMembers[i] = t.probationary
  }
  const unitFull = new Int32Array(units.length)
  const lead = new Array<{ rank: number; ownership: string } | undefined>(n)
  let u = 0
  for (let i = 0; i < n; i++) {
    cols.unitStart[i] = u
    const id = cols.ids[i]!
    while (u < units.length && units[u]!.project_id === id) {
      const row = units[u]!
      unitFull[u] = row.full
      // the grouping key of the core's leadUnitOwnership: general contractor, else owner, else the first unit
      const rank = row.role === "generalContractor" ? 0 : row.role === "owner" ? 1 : 2
      const best = lead[i]
      if (best === undefined || rank < best.rank) lead[i] = { rank, ownership: row.ownership }
      u++
    }
    const l = lead[i]
    if (l !== undefined) cols.leadOwnership[i] = Ownerships.values.indexOf(l.ownership as never)
  }
  cols.unitStart[n] = u
  const facts = db.prepare<[], { project_id: string; body: string }>("SELECT project_id, body FROM coverage_facts").all()
  const decode = Schema.decodeUnknownSync(CoverageFacts)
  for (const f of facts) {
    const i = index.get(f.project_id)
    if (i === undefined) continue
    const v = decode(JSON.parse(f.body))
    cols.ownOrganization[i] = organizationCoverOf(v)
    cols.workForms[i] = workMask(v.work)
    cols.redSiteCreation[i] = v.redSiteCreation ? 1 : 0
    cols.qualityPlan[i] = v.qualityPlan ? 1 : 0
  }
  return { ...cols, unitFullMembers: unitFull }
}

/** A relation between organizations over a period (its attributes: a pairing's `form` and `tasks`). */
export interface RelationRow {
  readonly kind: string
  readonly fromId: string
  readonly toId: string
  readonly validFrom: string
  readonly validTo: string | undefined
  readonly attributes: Readonly<Record<string, unknown>>
}

const decodeRelation = decoderFor("relation", StoredRelation)

/**
 * Adds a relation (e.g. `reportsTo`) valid from a date, optionally until another: appended to the
 * structure's log through the core as a `Relate` (and an `EndRelation` on its end), checked under `policy`
 * (default `structureReplayPolicy`, an assumption). A relation that is not one (`StructureEventInvalid`:
 * an unknown kind, an attribute the structure does not keep) or that the core refuses (`StructureRejected`:
 * an end that is no organization, `organization.unknown`) writes nothing.
 *
 * @example
 * ```ts
 * import { RedsiteStore, addRelation, openConnection } from "@redsite/adapters-sqlite"
 * const store = new RedsiteStore(openConnection("city.db"))
 * const r = addRelation(store, { kind: "guidance", fromId: "site", toId: "department", validFrom: "2021-01-01", validTo: undefined, attributes: {} })
 * ```
 */
export const addRelation = (
  store: RedsiteStore,
  r: RelationRow,
  options: { readonly policy?: Policy; readonly actor?: Actor } = {}
): Either.Either<StructureAppended, RowConflict | StructureEventInvalid | StructureRejected> => {
  const decoded = decodeRelation(r)
  if (Either.isLeft(decoded)) return Either.left(new StructureEventInvalid({ index: 0, error: decoded.left }))
  return store.structure.append(relationEvents(decoded.right), {
    expectedVersion: store.structure.version(),
    policy: options.policy ?? structureReplayPolicy,
    actor: options.actor ?? { principalId: "addRelation", role: "administrator" }
  })
}

/** The relations of the structure in force on a date (valid from on or before it, not ended before it), in one query. */
export const relationsOn = (store: RedsiteStore, date: string): ReadonlyArray<RelationRow> => {
  store.structure.version() // the tables brought up to the log
  return store.db.prepare<[string, string], { kind: string; from_id: string; to_id: string; valid_from: string; valid_to: string | null; pairing_form: string | null; tasks: string }>(
    "SELECT kind, from_id, to_id, valid_from, valid_to, pairing_form, tasks FROM structure_relations WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?) ORDER BY position"
  ).all(date, date).map((r) => {
    const tasks = JSON.parse(r.tasks) as Array<string>
    return {
      kind: r.kind, fromId: r.from_id, toId: r.to_id, validFrom: r.valid_from, validTo: r.valid_to ?? undefined,
      attributes: { ...(r.pairing_form === null ? {} : { form: r.pairing_form }), ...(tasks.length === 0 ? {} : { tasks }) }
    }
  })
}
