import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { valueOf } from "../explain/explanation.js"
import { isoDate, periodEnd } from "../model/primitives.js"
import { decideSetup } from "../organization/setup.js"
import { policies, resolve } from "../policy/catalogue/index.js"
import { makeProject } from "../scenarios/seeds.js"
import { countMembers } from "../model/project.js"
import { portfolioColumns } from "./columns.js"
import { projectFromColumns } from "./coverage.js"

// The general branch (50) and the committee (100) count members in all, probationary included (SOE
// primary-organization regulations 2019 Art. 4: 党员人数50人以上); the columns must carry the probationary
// members so that a project rebuilt from them is decided as the project itself.
const site = (full: number, probationary: number) =>
  makeProject({
    id: `s-${full}-${probationary}`, name: "site", kind: "building", costYuan: 10_000_000, major: false,
    plannedStart: "2021-01-01", plannedEnd: periodEnd("2021-01-01", 12),
    units: [{ id: "gc", name: "GC", role: "generalContractor", hasOrganization: true, members: { full, probationary } }]
  })

const national = Either.getOrThrow(resolve(policies.national))
const formsOf = (p: ReturnType<typeof site>) => (valueOf(decideSetup(p, national, isoDate("2021-06-01")).forms) ?? []).map((f) => f.form)

describe("probationary members in the portfolio columns", () => {
  it.each([
    [40, 9], [40, 10], [40, 11], // 49 / 50 / 51 members in all: the general branch from 50
    [90, 9], [90, 10], [90, 11] // 99 / 100 / 101: the committee from 100
  ])("a project of %i full and %i probationary members rebuilt from the columns has the same counts and forms", (full, probationary) => {
    const p = site(full, probationary)
    const cols = portfolioColumns([p])
    expect(cols.probationaryMembers[0]).toBe(probationary)
    const rebuilt = projectFromColumns(cols, 0)
    expect(countMembers(rebuilt.members)).toMatchObject({ full, probationary })
    expect(formsOf(rebuilt)).toEqual(formsOf(p))
  })

  it("the rebuilt project's first form moves from branch to general branch at 50 members in all", () => {
    const first = (full: number, probationary: number) => formsOf(projectFromColumns(portfolioColumns([site(full, probationary)]), 0))[0]
    expect(first(40, 9)).toBe("branch")
    expect(first(40, 10)).toBe("generalBranch")
  })
})
