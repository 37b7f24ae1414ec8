import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { isoDate } from "../model/primitives.js"
import { OrganizationKinds } from "../model/vocabulary.js"
import { policies } from "../policy/catalogue/index.js"
import { makeProject } from "../scenarios/seeds.js"
import { replay } from "../structure/apply.js"
import {
  Appoint, Appointment, CompleteProject, Dissolve, Establish, Relate, Relation, Structure, StructureOrganization, StructureProject
} from "../structure/model.js"
import type { StructureEvent } from "../structure/model.js"
import { CoverageFacts, portfolioColumns } from "./columns.js"
import { Status, explainCoverage, runCoverage } from "./coverage.js"
import { SITE_COVER_OF_KIND, coverageFactsFromStructure } from "./fromStructure.js"

const d = isoDate
const fuding = policies.fudingSite2020
// a key project above Fuding's thresholds (seed-002 §一), so every site of the tests is required
const siteProject = (id: string) => makeProject({
  id, name: id, kind: "road", costYuan: 60_000_000, plannedStart: "2020-06-01", plannedEnd: "2023-06-01", major: true,
  units: [{ id: "gc", name: "gc", role: "generalContractor", members: { full: 4 } }]
})
const structureOf = (events: ReadonlyArray<StructureEvent>) => {
  const r = replay(events, policies.national)
  if (Either.isLeft(r)) throw new Error(`event ${r.left.index}: ${r.left.rejection.text.en}`)
  return r.right
}
const establish = (date: string, id: string, kind: "committee" | "combinedBranch" | "workGroup" | "jointOffice" | "branch", projectIds: Array<string>, approvedBy?: string) =>
  new Establish({
    date: d(date),
    organization: { id, name: id, kind, temporary: approvedBy !== undefined, projectIds, ...(approvedBy === undefined ? {} : { approvedBy }) }
  })

describe("coverage facts from the structure", () => {
  // Fuding (seed-002 §三): a temporary combined branch on the site, with an instructor; a second site with only
  // a Party work group to which the department dispatches an instructor; a third that nothing serves.
  const events: Array<StructureEvent> = [
    establish("2020-01-01", "department", "committee", []),
    establish("2020-09-01", "fd-site", "combinedBranch", ["fd-1"], "department"),
    new Appoint({ date: d("2020-09-01"), organizationId: "fd-site", role: "secretary", personId: "pm", end: false }),
    new Appoint({ date: d("2020-09-01"), organizationId: "fd-site", role: "instructor", personId: "ins", end: false }),
    establish("2020-10-01", "fd-2-group", "workGroup", ["fd-2"], "department"),
    new Appoint({ date: d("2020-10-01"), organizationId: "fd-2-group", role: "secretary", personId: "lead", end: false }),
    new Relate({ date: d("2020-10-01"), kind: "instructorDispatch", from: "fd-2-group", to: "department", tasks: [] })
  ]
  const s = structureOf(events)
  const ids = ["fd-1", "fd-2", "fd-3"]

  it("reads an organization of the site's own, Party work, and blank spots, each explained", () => {
    const derived = coverageFactsFromStructure(s, fuding, d("2021-01-01"), ids)
    expect(derived.map((x) => [x.facts.projectId, x.facts.ownOrganization, x.facts.work])).toEqual([
      ["fd-1", true, ["instructor"]],
      ["fd-2", false, ["instructor", "workGroup"]],
      ["fd-3", false, []]
    ])
    expect(derived[0]!.reason).toMatchObject({ ruleId: "coverage.fromStructure", policyId: "fuding-site-2020", citation: { document: "seed-003" } })
    expect(derived[0]!.reason.facts.find((f) => f.name === "ownOrganizations")?.value).toEqual(["fd-site"])
    expect(derived[2]!.reason.text.en).toBe("nothing in the structure serves the site")
    // before the organizations were set up, every site is blank
    expect(coverageFactsFromStructure(s, fuding, d("2020-08-31"), ids).every((x) => !x.facts.ownOrganization && x.facts.work.length === 0)).toBe(true)
  })

  it("takes from the recorded facts only what the structure cannot know", () => {
    const recorded = [new CoverageFacts({ projectId: "fd-3", ownOrganization: true, work: ["massOrganization", "workGroup"], redSiteCreation: true, qualityPlan: true })]
    const [, , third] = coverageFactsFromStructure(s, fuding, d("2021-01-01"), ids, recorded)
    // the structure says nothing serves fd-3: a recorded organization or work group does not override it
    expect(third!.facts).toMatchObject({ ownOrganization: false, work: ["massOrganization"], redSiteCreation: true, qualityPlan: true })
  })

  it("ends with the organization: dissolved after completion, the site is no longer covered by it", () => {
    const later = structureOf([
      ...events,
      new CompleteProject({ date: d("2022-06-30"), projectId: "fd-1" }),
      new Dissolve({ date: d("2022-06-30"), organizationId: "fd-site" })
    ])
    expect(coverageFactsFromStructure(later, fuding, d("2022-06-30"), ["fd-1"])[0]!.facts.ownOrganization).toBe(true)
    expect(coverageFactsFromStructure(later, fuding, d("2022-07-01"), ["fd-1"])[0]!.facts).toMatchObject({ ownOrganization: false, work: [] })
  })

  it("feeds a coverage report: the site with its own organization is organizational, the work group work, the blank none", () => {
    const projects = ids.map((id) => siteProject(id))
    const derived = coverageFactsFromStructure(s, fuding, d("2021-01-01"), ids)
    const run = Either.getOrThrow(runCoverage(portfolioColumns(projects, derived.map((x) => x.facts)), fuding, d("2021-01-01")))
    expect([...run.status]).toEqual([Status.organizational, Status.work, Status.none])
  })
})

describe("a site in a joint branch (seed-000 §二(二): 联合党支部; seed-003 §三 3)", () => {
  // a Shanghai street committee; a temporary joint branch formed with the community serves two small sites,
  // with an instructor; a third site has only the instructor the street dispatches to its work group
  const events: Array<StructureEvent> = [
    establish("2023-01-01", "street", "committee", []),
    new Establish({ date: d("2023-02-01"), organization: { id: "joint", name: "联合党支部", kind: "jointBranch", temporary: true, projectIds: ["sh-1", "sh-2"], approvedBy: "street" } }),
    new Appoint({ date: d("2023-02-01"), organizationId: "joint", role: "secretary", personId: "sec", end: false }),
    new Appoint({ date: d("2023-02-01"), organizationId: "joint", role: "instructor", personId: "ins", end: false }),
    establish("2023-02-01", "sh-3-group", "workGroup", ["sh-3"], "street"),
    new Relate({ date: d("2023-02-01"), kind: "instructorDispatch", from: "sh-3-group", to: "street", tasks: [] })
  ]
  const ids = ["sh-1", "sh-2", "sh-3"]
  const smallSite = (id: string) => makeProject({
    id, name: id, kind: "road", costYuan: 8_000_000, plannedStart: "2023-01-01", plannedEnd: "2023-12-31", major: false,
    units: [{ id: "gc", name: "gc", role: "generalContractor", members: { full: 2 } }]
  })

  it("is organizationally covered by the joint branch, its instructor adding work; a site with an instructor alone is work", () => {
    const derived = coverageFactsFromStructure(structureOf(events), policies.shanghaiSite, d("2023-06-30"), ids)
    expect(derived.map((x) => [x.facts.ownOrganization, x.facts.jointOrganization, x.facts.work])).toEqual([
      [false, true, ["instructor"]],
      [false, true, ["instructor"]],
      [false, false, ["instructor", "workGroup"]]
    ])
    expect(derived[0]!.reason.facts.find((f) => f.name === "jointOrganizations")?.value).toEqual(["joint"])
    expect(derived[0]!.reason.text.en).toBe("a joint organization serving the site covers it: joint")
    // in the report: the two sites in the joint branch are no gap; the third, required too, is one
    const cols = portfolioColumns(ids.map(smallSite), derived.map((x) => x.facts))
    const run = Either.getOrThrow(runCoverage(cols, policies.shanghaiSite, d("2023-06-30")))
    expect([...run.status]).toEqual([Status.organizational, Status.organizational, Status.work])
    expect(ids.map((_, i) => explainCoverage(cols, run, i).gapReason === undefined)).toEqual([true, true, false])
  })
})

describe("coverage facts from the structure: properties", () => {
  const projectIds = ["p1", "p2", "p3", "p4"]
  const day = fc.integer({ min: 0, max: 40 }).map((n) => d(`2021-01-${String((n % 28) + 1).padStart(2, "0")}`))
  const arbOrg = (id: string) =>
    fc.record({
      kind: fc.constantFrom(...OrganizationKinds.values),
      projects: fc.subarray(projectIds),
      from: day,
      dissolved: fc.option(day, { nil: undefined }),
      converted: fc.option(day, { nil: undefined }),
      instructor: fc.boolean(),
      role: fc.constantFrom("instructor" as const, "liaison" as const)
    }).map((o) =>
      new StructureOrganization({
        id, name: id, kind: o.kind, temporary: false, projectIds: o.projects, establishedOn: o.from,
        ...(o.dissolved === undefined || o.dissolved < o.from ? {} : { dissolvedOn: o.dissolved }),
        ...(o.converted === undefined ? {} : { converted: { on: o.converted, target: "community" } }),
        appointments: o.instructor ? [new Appointment({ role: o.role, personId: `i-${id}`, from: o.from })] : []
      })
    )
  const arbRelation = (n: number) =>
    fc.record({
      kind: fc.constantFrom("instructorDispatch" as const, "attachment" as const, "pairing" as const),
      from: fc.integer({ min: 0, max: Math.max(0, n - 1) }),
      validFrom: day,
      validTo: fc.option(day, { nil: undefined })
    }).map((r) => new Relation({
      kind: r.kind, from: `o${r.from}`, to: "outside", validFrom: r.validFrom, tasks: [],
      ...(r.validTo === undefined || r.validTo < r.validFrom ? {} : { validTo: r.validTo })
    }))
  const arbStructure = fc.integer({ min: 0, max: 6 }).chain((n) =>
    fc.tuple(
      fc.tuple(...Array.from({ length: n }, (_, k) => arbOrg(`o${k}`))),
      n === 0 ? fc.constant([]) : fc.array(arbRelation(n), { maxLength: 4 })
    ).map(([organizations, relations]) =>
      new Structure({ organizations, relations, members: [], projects: projectIds.map((id) => new StructureProject({ id })) })))

  it("a project served by a live organization of its own or a joint one is organizational in the report, and only then", () => {
    const projects = projectIds.map((id) => siteProject(id))
    fc.assert(fc.property(arbStructure, day, (s, date) => {
      const derived = coverageFactsFromStructure(s, fuding, date, projectIds)
      const run = Either.getOrThrow(runCoverage(portfolioColumns(projects, derived.map((x) => x.facts)), fuding, date))
      projectIds.forEach((p, i) => {
        const live = s.organizations.filter((o) =>
          o.projectIds.includes(p) && o.establishedOn <= date && (o.dissolvedOn === undefined || date <= o.dissolvedOn) &&
          (o.converted === undefined || date < o.converted.on))
        const own = live.some((o) => SITE_COVER_OF_KIND[o.kind] === "own")
        // a joint branch serving the site is organizational coverage too (联合组建, seed-003 §三 3)
        const joint = live.some((o) => o.kind === "jointBranch")
        const linked = (o: StructureOrganization, kind: string) =>
          s.relations.some((r) => r.kind === kind && r.from === o.id && r.validFrom <= date && (r.validTo === undefined || date <= r.validTo))
        const work = live.some((o) =>
          (SITE_COVER_OF_KIND[o.kind] !== "own" && SITE_COVER_OF_KIND[o.kind] !== "joint" && SITE_COVER_OF_KIND[o.kind] !== "neither") ||
          o.appointments.some((a) => a.role === "instructor") || linked(o, "instructorDispatch") || linked(o, "attachment"))
        expect(derived[i]!.facts.ownOrganization).toBe(own)
        expect(derived[i]!.facts.jointOrganization).toBe(joint)
        expect(run.status[i]).toBe(own || joint ? Status.organizational : work ? Status.work : Status.none)
        expect(explainCoverage(run.cols, run, i).jointOrganization).toBe(joint && !own)
      })
    }), { numRuns: 200 })
  })
})
