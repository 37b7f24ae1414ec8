/**
 * The stored portfolio as the core's columns (`PortfolioColumns`) on PostgreSQL: one scan of the projects
 * table whatever the number of projects — the project columns with the summary each row carries of its
 * units and members (schema version 3: counts by status; each unit's role, ownership and full members, as
 * one short text) and the coverage facts — read as arrays of values (no object per row) into the core's
 * typed arrays. (The cost of a large result is per field the driver reads, so the units are one field.)
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
  // one scan of the projects with the summary of their units and members (schema version 3), and their facts
  const rows = (await pool.query({
    text: `SELECT p.id, p.cost_yuan, p.planned_start, p.planned_end, p.major, p.district, p.phase, p.kind,
        p.full_members, p.probationary_members, p.unit_summary, f.body
      FROM projects p LEFT JOIN coverage_facts f ON f.project_id = p.id
      ${where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`}
      ORDER BY p.id`,
    values: args,
    rowMode: "array"
  })).rows as Array<[string, number, string, string, boolean, string | null, string, string, number, number, string, unknown]>
  const n = rows.length
  const districts = dictionary()
  const cols = allocateColumns(rows.map((r) => r[0]), 0, districts.values)
  const unitFull: Array<number> = []
  let u = 0
  for (let i = 0; i < n; i++) {
    const [, cost, start, end, major, district, phase, kind, full, probationary, summary, body] = rows[i]!
    cols.costYuan[i] = cost
    cols.plannedMonths[i] = monthsOfPeriod(start, end)
    cols.major[i] = major ? 1 : 0
    cols.phase[i] = Phases.values.indexOf(phase as never)
    cols.kind[i] = ProjectKinds.values.indexOf(kind as never)
    cols.district[i] = districts.code(district)
    cols.fullMembers[i] = full
    cols.probationaryMembers[i] = probationary
    cols.unitStart[i] = u
    if (summary !== "") {
      // each unit's role:ownership:full members; the lead is the core's leadUnitOwnership grouping key:
      // the general contractor, else the owner, else the first unit
      let bestRank = 3
      let lead = ""
      for (const unit of summary.split(" ")) {
        const a = unit.indexOf(":")
        const b = unit.indexOf(":", a + 1)
        const role = unit.slice(0, a)
        unitFull.push(Number(unit.slice(b + 1)))
        const rank = role === "generalContractor" ? 0 : role === "owner" ? 1 : 2
        if (rank < bestRank) (bestRank = rank, lead = unit.slice(a + 1, b))
        u++
      }
      cols.leadOwnership[i] = Ownerships.values.indexOf(lead as never)
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
