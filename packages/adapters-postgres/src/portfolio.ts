/**
 * The stored portfolio as the core's columns (`PortfolioColumns`) on PostgreSQL: one statement (one
 * snapshot) whatever the number of projects — the project columns, each project's units (role, ownership,
 * full members) as arrays, its member counts and its coverage facts — read as arrays of values (no object
 * per row) and poured into the core's typed arrays.
 *
 * @module
 */
import { CoverageFacts, Ownerships, Phases, ProjectKinds, allocateColumns, dictionary, monthsOfPeriod, organizationCoverOf, workMask } from "@redsite/core"
import type { PortfolioColumns } from "@redsite/core"
import { Schema } from "effect"
import type pg from "pg"

/** Filters of {@link loadPortfolio}. */
export interface PortfolioFilter {
  readonly district?: string | undefined
  readonly phase?: string | undefined
}

const decodeFacts = Schema.decodeUnknownSync(CoverageFacts)

/**
 * The stored projects (in id order, optionally of one district or phase) with their coverage facts, as the
 * core's `PortfolioColumns`.
 *
 * @example
 * ```ts
 * import pg from "pg"
 * import { loadPortfolio } from "@redsite/adapters-postgres"
 * const pool = new pg.Pool({ connectionString: process.env.REDSITE_PG_URL })
 * const columns = await loadPortfolio(pool, { district: "鹿城区" })
 * ```
 */
export const loadPortfolio = async (pool: pg.Pool | pg.ClientBase, filter: PortfolioFilter = {}): Promise<PortfolioColumns> => {
  const where: Array<string> = []
  const args: Array<string> = []
  if (filter.district !== undefined) (args.push(filter.district), where.push(`p.district = $${args.length}`))
  if (filter.phase !== undefined) (args.push(filter.phase), where.push(`p.phase = $${args.length}`))
  // units in position order with their full members; member totals; facts — all per project, in one pass
  const rows = (await pool.query({
    text: `SELECT p.id, p.cost_yuan, p.planned_start, p.planned_end, p.major, p.district, p.phase, p.kind,
        u.roles, u.ownerships, u.full, m.full AS full_members, m.probationary, f.body
      FROM projects p
      LEFT JOIN LATERAL (
        SELECT array_agg(u.role ORDER BY u.position) AS roles, array_agg(u.ownership ORDER BY u.position) AS ownerships,
          array_agg((SELECT count(*) FROM members x WHERE x.project_id = u.project_id AND x.unit_id = u.id AND x.status = 'full') ORDER BY u.position) AS full
        FROM units u WHERE u.project_id = p.id) u ON true
      LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE x.status = 'full') AS full, count(*) FILTER (WHERE x.status = 'probationary') AS probationary
        FROM members x WHERE x.project_id = p.id) m ON true
      LEFT JOIN coverage_facts f ON f.project_id = p.id
      ${where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`}
      ORDER BY p.id`,
    values: args,
    rowMode: "array"
  })).rows as Array<[string, number, string, string, boolean, string | null, string, string, Array<string> | null, Array<string> | null, Array<string> | null, string, string, unknown]>
  const n = rows.length
  const districts = dictionary()
  const cols = allocateColumns(rows.map((r) => r[0]), 0, districts.values)
  const unitFull: Array<number> = []
  let u = 0
  for (let i = 0; i < n; i++) {
    const [, cost, start, end, major, district, phase, kind, roles, ownerships, full, fullMembers, probationary, body] = rows[i]!
    cols.costYuan[i] = cost
    cols.plannedMonths[i] = monthsOfPeriod(start, end)
    cols.major[i] = major ? 1 : 0
    cols.phase[i] = Phases.values.indexOf(phase as never)
    cols.kind[i] = ProjectKinds.values.indexOf(kind as never)
    cols.district[i] = districts.code(district)
    cols.fullMembers[i] = Number(fullMembers)
    cols.probationaryMembers[i] = Number(probationary)
    cols.unitStart[i] = u
    if (roles !== null) {
      // the grouping key of the core's leadUnitOwnership: general contractor, else owner, else the first unit
      let best = -1
      let bestRank = 3
      for (let k = 0; k < roles.length; k++) {
        unitFull.push(Number(full![k]))
        const rank = roles[k] === "generalContractor" ? 0 : roles[k] === "owner" ? 1 : 2
        if (rank < bestRank) (bestRank = rank, best = k)
      }
      u += roles.length
      if (best >= 0) cols.leadOwnership[i] = Ownerships.values.indexOf(ownerships![best] as never)
    }
    if (body !== null) {
      const v = decodeFacts(body)
      cols.ownOrganization[i] = organizationCoverOf(v)
      cols.workForms[i] = workMask(v.work)
      cols.redSiteCreation[i] = v.redSiteCreation ? 1 : 0
      cols.qualityPlan[i] = v.qualityPlan ? 1 : 0
    }
  }
  cols.unitStart[n] = u
  return { ...cols, unitFullMembers: Int32Array.from(unitFull) }
}
