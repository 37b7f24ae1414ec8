/**
 * The stored portfolio as the core's columns (`PortfolioColumns`) on PostgreSQL: one scan of the projects
 * table whatever the number of projects — each row's cost, major flag, district and its portfolio line
 * (schema version 3: dates, phase, kind, member counts, each unit's role, ownership and full members, as one
 * text written with the project's rows) and the coverage facts — read as arrays of values (no object per
 * row) into the core's typed arrays. (The cost of a large result is per field the driver reads.)
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
  // one scan of the projects with their portfolio line (schema version 3), and their facts: six fields a row
  // (the cost of a large result is per field the driver reads), the line read in place
  const rows = (await pool.query({
    text: `SELECT p.id, p.cost_yuan, p.major, p.district, p.portfolio_line, f.body
      FROM projects p LEFT JOIN coverage_facts f ON f.project_id = p.id
      ${where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`}
      ORDER BY p.id`,
    values: args,
    rowMode: "array"
  })).rows as Array<[string, number, boolean, string | null, string, unknown]>
  const n = rows.length
  const districts = dictionary()
  const cols = allocateColumns(rows.map((r) => r[0]), 0, districts.values)
  const unitFull: Array<number> = []
  const int = (line: string, from: number, to: number) => {
    let v = 0
    for (let k = from; k < to; k++) v = v * 10 + line.charCodeAt(k) - 48
    return v
  }
  let u = 0
  for (let i = 0; i < n; i++) {
    const row = rows[i]!
    cols.costYuan[i] = row[1]
    cols.major[i] = row[2] ? 1 : 0
    cols.district[i] = districts.code(row[3])
    // planned start, planned end, phase, kind, full members, probationary members, then the units
    const line = row[4]
    const e1 = line.indexOf(" ")
    const e2 = line.indexOf(" ", e1 + 1)
    const e3 = line.indexOf(" ", e2 + 1)
    const e4 = line.indexOf(" ", e3 + 1)
    const e5 = line.indexOf(" ", e4 + 1)
    let e6 = line.indexOf(" ", e5 + 1)
    if (e6 < 0) e6 = line.length
    cols.plannedMonths[i] = monthsOfPeriod(line.slice(0, e1), line.slice(e1 + 1, e2))
    cols.phase[i] = Phases.values.indexOf(line.slice(e2 + 1, e3) as never)
    cols.kind[i] = ProjectKinds.values.indexOf(line.slice(e3 + 1, e4) as never)
    cols.fullMembers[i] = int(line, e4 + 1, e5)
    cols.probationaryMembers[i] = int(line, e5 + 1, e6)
    cols.unitStart[i] = u
    // each unit's role:ownership:full members; the lead is the core's leadUnitOwnership grouping key: the
    // general contractor, else the owner, else the first unit
    let bestRank = 3
    let leadFrom = 0
    let leadTo = 0
    for (let at = e6 + 1; at < line.length;) {
      const a = line.indexOf(":", at)
      const b = line.indexOf(":", a + 1)
      let end = line.indexOf(" ", b + 1)
      if (end < 0) end = line.length
      unitFull.push(int(line, b + 1, end))
      const rank = line.startsWith("generalContractor:", at) ? 0 : line.startsWith("owner:", at) ? 1 : 2
      if (rank < bestRank) (bestRank = rank, leadFrom = a + 1, leadTo = b)
      u++
      at = end + 1
    }
    if (bestRank < 3) cols.leadOwnership[i] = Ownerships.values.indexOf(line.slice(leadFrom, leadTo) as never)
    const body = row[5]
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
