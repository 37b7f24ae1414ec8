/**
 * Queries that feed the core at scale: the stored portfolio as the core's columns (three streamed queries
 * whatever the number of projects, no objects per project), and the relations in force at a date.
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
 * Separators of the strings the portfolio query builds: between the fields of a unit, between units or
 * members. Ids and vocabulary hold no control character (the core refuses them), so neither occurs inside
 * a field; `PROBATIONARY` stands for a probationary member in a project's member string.
 */
const FIELD = "\u001f"
const ITEM = "\u001e"
const PROBATIONARY = FIELD

/**
 * The stored projects (in id order) with their coverage facts, as the core's `PortfolioColumns`, read in one
 * snapshot (a read transaction). One statement streams the projects, each with two strings: its units in
 * position order (id, role, ownership) and its counted members (the unit of each full member, a mark for
 * each probationary one; others are not read); a second streams the coverage facts in the same order; the
 * two are walked side by side, with no object per project (the strings are read with `indexOf`, not split). Its cost is measured against a raw `SELECT` of
 * the project rows by `bench/sqlite.ts`.
 */
export const loadPortfolio = (store: RedsiteStore, query: PortfolioQuery = {}): PortfolioColumns => {
  const where: Array<string> = []
  const args: Array<string> = []
  if (query.district !== undefined) (where.push("p.district = ?"), args.push(query.district))
  if (query.phase !== undefined) (where.push("p.phase = ?"), args.push(query.phase))
  if (query.activeOn !== undefined) (where.push("p.planned_start <= ? AND p.planned_end >= ?"), args.push(query.activeOn, query.activeOn))
  const filter = where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`
  const db = store.db
  return db.transaction((): PortfolioColumns => {
    const n = db.prepare(`SELECT count(*) FROM projects p ${filter}`).pluck().get(...args) as number
    const ids = new Array<string>(n)
    const districts = dictionary()
    const cols = allocateColumns(ids, 0, districts.values)
    let unitFull = new Int32Array(Math.max(16, 2 * n))
    const projects = db.prepare(`
      SELECT p.id, p.cost_yuan, p.planned_start, p.planned_end, p.major, p.district, p.phase, p.kind,
        (SELECT group_concat(u.id || '${FIELD}' || u.role || '${FIELD}' || u.ownership, '${ITEM}' ORDER BY u.position) FROM units u WHERE u.project_id = p.id),
        (SELECT group_concat(CASE m.status WHEN 'full' THEN ifnull(m.unit_id, '') WHEN 'probationary' THEN '${PROBATIONARY}' END, '${ITEM}') FROM members m WHERE m.project_id = p.id)
      FROM projects p ${filter} ORDER BY p.id`).raw().iterate(...args) as IterableIterator<[string, number, string, string, number, string | null, string, string, string | null, string | null]>
    // joined with the projects: the facts of selected projects only, whatever the file holds
    const facts = db.prepare(`SELECT c.project_id, c.body FROM coverage_facts c JOIN projects p ON p.id = c.project_id ${filter} ORDER BY c.project_id`)
      .raw().iterate(...args) as IterableIterator<[string, string]>
    const decode = Schema.decodeUnknownSync(CoverageFacts)
    // the facts stream holds a subset of the projects, in the same (SQLite's) order: a row is taken when its
    // project comes up, compared by equality only
    let f = facts.next()
    let i = 0
    let u = 0
    for (const [id, cost, start, end, major, district, phase, kind, units, members] of projects) {
      if (i === n) break // more rows than counted: cannot happen inside the transaction
      ids[i] = id
      cols.costYuan[i] = cost
      cols.plannedMonths[i] = monthsOfPeriod(start, end)
      cols.major[i] = major
      cols.phase[i] = Phases.values.indexOf(phase as never)
      cols.kind[i] = ProjectKinds.values.indexOf(kind as never)
      cols.district[i] = districts.code(district)
      cols.unitStart[i] = u
      // the member string: one item per counted member; a probationary one is the lone mark
      let items = 0
      let probationary = 0
      let padded = ""
      if (members !== null) {
        items = 1
        for (let k = members.indexOf(ITEM); k >= 0; k = members.indexOf(ITEM, k + 1)) items++
        for (let k = members.indexOf(PROBATIONARY); k >= 0; k = members.indexOf(PROBATIONARY, k + 1)) probationary++
        padded = ITEM + members + ITEM
      }
      cols.fullMembers[i] = items - probationary
      cols.probationaryMembers[i] = probationary
      if (units !== null) {
        // the core's leadUnitOwnership: the general contractor's, else the owner's, else the first unit's
        let rank = 3
        let lead = ""
        let from = 0
        for (;;) {
          const a = units.indexOf(FIELD, from)
          const b = units.indexOf(FIELD, a + 1)
          let c = units.indexOf(ITEM, b + 1)
          const last = c < 0
          if (last) c = units.length
          const unitId = units.slice(from, a)
          const role = units.slice(a + 1, b)
          let full = 0
          if (padded !== "") {
            const needle = ITEM + unitId + ITEM
            for (let k = padded.indexOf(needle); k >= 0; k = padded.indexOf(needle, k + needle.length - 1)) full++
          }
          if (u === unitFull.length) {
            const grown = new Int32Array(2 * u)
            grown.set(unitFull)
            unitFull = grown
          }
          unitFull[u++] = full
          const r = role === "generalContractor" ? 0 : role === "owner" ? 1 : 2
          if (r < rank) (rank = r, lead = units.slice(b + 1, c))
          if (last) break
          from = c + 1
        }
        cols.leadOwnership[i] = Ownerships.values.indexOf(lead as never)
      }
      if (!f.done && f.value[0] === id) {
        const v = decode(JSON.parse(f.value[1]))
        cols.ownOrganization[i] = organizationCoverOf(v)
        cols.workForms[i] = workMask(v.work)
        cols.redSiteCreation[i] = v.redSiteCreation ? 1 : 0
        cols.qualityPlan[i] = v.qualityPlan ? 1 : 0
        f = facts.next()
      }
      i++
    }
    cols.unitStart[n] = u
    if (!f.done) facts.return?.()
    return { ...cols, unitFullMembers: unitFull.slice(0, u) }
  })()
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
