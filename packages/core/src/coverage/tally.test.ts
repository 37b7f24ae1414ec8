import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { isoDate } from "../model/primitives.js"
import { Ownerships, Phases, ProjectKinds } from "../model/vocabulary.js"
import { catalogue } from "../policy/catalogue/index.js"
import { syntheticPortfolio } from "../simulation/generator.js"
import { NONE, OrganizationCover } from "./columns.js"
import { Requirement, Status, runCoverage } from "./coverage.js"
import { GroupKeys, summarize } from "./report.js"
import type { GroupKey } from "./report.js"

const date = isoDate("2021-06-30")

type Row = { req: number; status: number; joint: boolean }

/** The counts of a set of rows, one row at a time, the plain way. */
const plainCounts = (rows: ReadonlyArray<Row>) => {
  const count = (f: (r: Row) => boolean) => rows.filter(f).length
  const required = count((r) => r.req === Requirement.required)
  const reqOrg = count((r) => r.req === Requirement.required && r.status === Status.organizational)
  const reqWork = count((r) => r.req === Requirement.required && r.status === Status.work)
  return {
    projects: rows.length, required, notRequired: count((r) => r.req === Requirement.notRequired), undecided: count((r) => r.req === Requirement.gap),
    requiredOrganizational: reqOrg, requiredJointOrganizational: count((r) => r.req === Requirement.required && r.joint), requiredWork: reqWork, requiredNone: count((r) => r.req === Requirement.required && r.status === Status.none),
    organizational: count((r) => r.status === Status.organizational), jointOrganizational: count((r) => r.joint), work: count((r) => r.status === Status.work), none: count((r) => r.status === Status.none),
    organizationalRate: required === 0 ? null : reqOrg / required, coveredRate: required === 0 ? null : (reqOrg + reqWork) / required
  }
}

describe("the report's tally passes", () => {
  it("give the same totals and groups as counting row by row, for any groupings in any order", () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(...catalogue),
      fc.uniqueArray(fc.constantFrom(...GroupKeys), { maxLength: 4 }),
      fc.array(fc.integer({ min: -1, max: 17 }), { minLength: 200, maxLength: 200 }),
      fc.array(fc.oneof(fc.integer({ min: 0, max: 2 }), fc.constant(NONE)), { minLength: 200, maxLength: 200 }),
      fc.array(fc.constantFrom(OrganizationCover.none, OrganizationCover.own, OrganizationCover.joint), { minLength: 200, maxLength: 200 }),
      (seed, policy, groupBy, districts, owners, covers) => {
        // districts out of range (-1, 16, 17) and lead units without an ownership land in the "none" slot; the
        // organizations covering the sites are drawn anew, own and joint ones alike
        const cols = { ...syntheticPortfolio({ size: 200, seed }), district: Int32Array.from(districts), leadOwnership: Uint8Array.from(owners), ownOrganization: Uint8Array.from(covers) }
        const run = Either.getOrThrow(runCoverage(cols, policy, date))
        const rows = Array.from({ length: cols.size }, (_, i): Row => ({
          req: run.requirement[i]!,
          // an own and a joint organization are both organizational coverage (seed-003 §三 3)
          status: cols.ownOrganization[i] !== OrganizationCover.none ? Status.organizational : cols.workForms[i] !== 0 ? Status.work : Status.none,
          joint: cols.ownOrganization[i] === OrganizationCover.joint
        }))
        const { totals, groups } = summarize(cols, run, groupBy)
        expect({ ...totals }).toEqual(plainCounts(rows))
        expect(groups.map((g) => g.by)).toEqual(groupBy)
        // the group value of a row, read the plain way: "" when the code names no value
        const valueOf = (by: GroupKey, i: number): string => {
          const [names, code] = by === "district" ? [cols.districts, cols.district[i]!]
            : by === "phase" ? [Phases.values, cols.phase[i]!]
            : by === "kind" ? [ProjectKinds.values, cols.kind[i]!]
            : [Ownerships.values, cols.leadOwnership[i]!]
          return code >= 0 && code < names.length ? names[code]! : ""
        }
        for (const g of groups) {
          const bySlot = new Map<string, Array<Row>>()
          rows.forEach((r, i) => {
            const v = valueOf(g.by, i)
            bySlot.set(v, [...(bySlot.get(v) ?? []), r])
          })
          expect(g.rows.length).toBe(bySlot.size)
          for (const row of g.rows) expect({ ...row.counts }, `${g.by} ${row.value}`).toEqual(plainCounts(bySlot.get(row.value)!))
          const sumProjects = g.rows.reduce((s, row) => s + row.counts.projects, 0)
          expect(sumProjects).toBe(cols.size)
        }
        // the cover codes the run computes on first use are the ones the tally counted
        expect([...run.status]).toEqual(rows.map((r) => r.status))
      }
    ), { numRuns: 60 })
  })
})
