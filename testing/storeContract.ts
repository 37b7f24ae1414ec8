/**
 * The contract of the storage port: one suite that every implementation runs unchanged in its own tests
 * (memory, SQLite, PostgreSQL), so that what one store promises, all do. Test support, not part of the
 * core (it needs vitest, and the core has no test dependency in what it ships): it lives in the repository's
 * `testing/` folder, imports the core by its package name, and a store's test imports it by path.
 *
 * @example
 * ```ts
 * // packages/adapters-sqlite/src/port.test.ts
 * import { storageContract } from "../../../testing/storeContract.js"
 * storageContract("SQLite", async () => sqlitePort(new RedsiteStore(openConnection(freshFile()))))
 * ```
 *
 * @module
 */
import { Effect, Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import {
  Appoint, Correct, CoverageFacts, MilestoneRecorded, RecordEvent, RecordRefused, ReportReviewed, ReportSubmitted, StepRecorded, Dissolve, Establish, Label, PointEvent, Policy, Project, Register, Relate, StartAttendance,
  StoreConflict, StoreMissing, StoreReferenceMissing, Structure, StructureRefused, asOf, isoDate, policies, portfolioColumns, replay,
  seedScenarios, subtreeOf
} from "@redsite/core"
import type { StoragePort, StoreCollection, StructureEvent, Versioned } from "@redsite/core"

const run = <A, E>(e: Effect.Effect<A, E>) => Effect.runPromise(e)
const fail = <A, E>(e: Effect.Effect<A, E>) => Effect.runPromise(Effect.flip(e))
const actor = { principalId: "contract", role: "administrator" }
const d = isoDate
const encodeStructure = Schema.encodeSync(Structure)

/** Distinct seed projects, in id order. */
const projects: ReadonlyArray<Project> = [...new Map(seedScenarios.map((s) => [s.project.id, s.project])).values()].sort((a, b) => (a.id < b.id ? -1 : 1))

/** A department, a town, a temporary site branch approved by the department with the town as its second superior, a member attending it. */
const site: ReadonlyArray<StructureEvent> = [
  new Establish({ date: d("2020-01-01"), organization: { id: "department", name: "住建委党委", kind: "committee", temporary: false, projectIds: [] } }),
  new Establish({ date: d("2020-01-01"), organization: { id: "town", name: "镇党委", kind: "committee", temporary: false, projectIds: [] } }),
  new Establish({ date: d("2020-09-03"), organization: { id: "site", name: "项目临时党支部", kind: "combinedBranch", temporary: true, approvedBy: "department", projectIds: ["p1"] } }),
  new Relate({ date: d("2020-09-03"), kind: "secondSuperior", from: "site", to: "town", tasks: [] }),
  new Register({ date: d("2020-09-05"), memberId: "wang", homeOrganizationId: "home-outside", status: "full", mobile: true, pocket: false }),
  new StartAttendance({ date: d("2020-09-05"), memberId: "wang", organizationId: "site" }),
  new Appoint({ date: d("2020-09-03"), organizationId: "site", role: "secretary", personId: "wang", end: false })
]
const policy = policies.national
const encodeRecords = Schema.encodeSync(Schema.Array(RecordEvent))

/** Two projects' records: milestones, a report and its review, a step corrected (with a replacement) by a later event. */
const records: ReadonlyArray<RecordEvent> = [
  new MilestoneRecorded({ id: "m1", projectId: "p1", date: d("2022-06-01"), milestone: "redSiteCreationStarted" }),
  new MilestoneRecorded({ id: "m2", projectId: "p2", date: d("2022-06-05"), milestone: "redSiteCreationStarted" }),
  new ReportSubmitted({ id: "r1", projectId: "p1", date: d("2022-07-08"), month: "2022-06" as never, organizationId: "site" }),
  new StepRecorded({ id: "s1", projectId: "p2", date: d("2022-06-10"), step: "organizationEstablished" }),
  new ReportReviewed({ id: "v1", projectId: "p1", date: d("2022-07-12"), reportId: "r1", outcome: "reviewed", reviewerId: "office" }),
  new Correct({ id: "c1", date: d("2022-08-01"), corrects: "s1", replacement: new StepRecorded({ id: "s2", projectId: "p2", date: d("2022-06-09"), step: "organizationEstablished" }) })
]

/** The collection contract: versions, conflicts, missing rows, paging, audit — on one collection of values keyed by `idOf`. */
const collectionContract = <A, R>(
  make: () => Promise<StoragePort>,
  pick: (s: StoragePort) => StoreCollection<A, { readonly after?: string | undefined; readonly limit: number }, R>,
  resource: string,
  values: () => ReadonlyArray<A>,
  idOf: (a: A) => string,
  changed: (a: A) => A,
  /** What the values need stored first (coverage facts: their projects). */
  setup: (s: StoragePort) => Promise<void> = async () => {}
) => {
  it(`${resource}: create at version 1, replace at the stored version only, remove; a stale or missing write changes nothing and is not audited`, async () => {
    const store = await make()
    await setup(store)
    const since = (await run(store.audit(0, 100_000))).at(-1)?.seq ?? 0
    const c = pick(store)
    const [a] = values()
    const id = idOf(a!)
    expect((await run(c.create(a!, actor))).version).toBe(1)
    const again = await fail(c.create(a!, actor))
    expect(again).toBeInstanceOf(StoreConflict)
    expect([(again as StoreConflict).currentVersion, (again as StoreConflict).expectedVersion]).toEqual([1, undefined])
    const b = changed(a!)
    expect((await run(c.replace(b, 1, actor))).version).toBe(2)
    // versions 0, 1 (stale) and 3 (ahead) are all refused: exactly the stored one is accepted
    for (const v of [0, 1, 3]) {
      const e = await fail(c.replace(a!, v, actor))
      expect(e).toBeInstanceOf(StoreConflict)
      expect((e as StoreConflict).currentVersion).toBe(2)
    }
    const kept = await run(c.get(id))
    expect(kept?.version).toBe(2)
    expect(kept?.value).toEqual(b)
    expect(await fail(c.remove(id, 1, actor))).toBeInstanceOf(StoreConflict)
    await run(c.remove(id, 2, actor))
    expect(await run(c.get(id))).toBeUndefined()
    expect(await fail(c.replace(a!, 1, actor))).toBeInstanceOf(StoreMissing)
    expect(await fail(c.remove(id, 1, actor))).toBeInstanceOf(StoreMissing)
    const audit = (await run(store.audit(since, 100))).filter((x) => x.resourceId === id)
    expect(audit.map((x) => [x.action, x.principalId, x.beforeVersion, x.afterVersion])).toEqual([
      ["create", "contract", undefined, 1], ["replace", "contract", 1, 2], ["delete", "contract", 2, undefined]
    ])
    expect(audit.map((x) => x.seq)).toEqual([...audit.map((x) => x.seq)].sort((p, q) => p - q))
  })

  it(`${resource}: pages in ascending id order, of at most the limit, whose cursors walk every value once`, async () => {
    const store = await make()
    await setup(store)
    const c = pick(store)
    const all = values()
    for (const v of [...all].reverse()) await run(c.create(v, actor))
    const ids = all.map(idOf).sort()
    for (const limit of [1, 2, all.length - 1, all.length, all.length + 1]) {
      const seen: Array<string> = []
      let after: string | undefined
      for (;;) {
        const page = await run(c.list({ after, limit }))
        expect(page.items.length).toBeLessThanOrEqual(limit)
        seen.push(...page.items.map((i: Versioned<A>) => idOf(i.value)))
        if (page.next === undefined) break
        after = page.next
      }
      expect(seen).toEqual(ids)
    }
  })
}

/**
 * Runs the storage contract on the stores `make` opens (each test a new, empty one).
 */
export const storageContract = (name: string, make: () => Promise<StoragePort>): void => {
  describe(`storage contract: ${name}`, () => {
    collectionContract(make, (s) => s.projects, "projects", () => projects.slice(0, 5), (p) => p.id, (p) => new Project({ ...p, name: `${p.name}（改）` }))
    collectionContract(make, (s) => s.coverage, "coverage", () => projects.slice(0, 4).map((p, i) =>
      new CoverageFacts({ projectId: p.id, ownOrganization: i % 2 === 0, work: i % 2 === 0 ? [] : ["instructor"], redSiteCreation: false, qualityPlan: false })),
    (f) => f.projectId, (f) => new CoverageFacts({ ...f, qualityPlan: !f.qualityPlan }), async (s) => {
      for (const p of projects.slice(0, 4)) await run(s.projects.create(p, actor))
    })
    collectionContract(make, (s) => s.policies, "policies", () => Object.values(policies).slice(0, 3), (p) => p.id, (p) => new Policy({ ...p, name: new Label({ zh: `${p.name.zh}（修订）`, en: `${p.name.en} (revised)` }) }))

    it("coverage: facts of a project that is not stored are refused (nothing stored, nothing audited), and go when their project is removed", async () => {
      const store = await make()
      const [p, q] = projects
      const factsOf = (id: string) => new CoverageFacts({ projectId: id, ownOrganization: true, work: [], redSiteCreation: false, qualityPlan: false })
      const auditBefore = (await run(store.audit(0, 1000))).length
      const revisionBefore = await run(store.revision)
      const refused = await fail(store.coverage.create(factsOf(p!.id), actor))
      expect(refused).toBeInstanceOf(StoreReferenceMissing)
      expect([(refused as StoreReferenceMissing).resource, (refused as StoreReferenceMissing).id]).toEqual(["project", p!.id])
      expect(await run(store.coverage.get(p!.id))).toBeUndefined()
      expect((await run(store.audit(0, 1000))).length).toBe(auditBefore)
      expect(await run(store.revision)).toBe(revisionBefore)
      // once the project is stored its facts are accepted; removing the project removes them, and only them
      const saved = await run(store.projects.create(p!, actor))
      await run(store.projects.create(q!, actor))
      await run(store.coverage.create(factsOf(p!.id), actor))
      await run(store.coverage.create(factsOf(q!.id), actor))
      await run(store.projects.remove(p!.id, saved.version, actor))
      expect(await run(store.coverage.get(p!.id))).toBeUndefined()
      expect((await run(store.coverage.get(q!.id)))?.version).toBe(1)
      expect((await run(store.coverage.list({ limit: 10 }))).items.map((i) => i.value.projectId)).toEqual([q!.id])
      // the facts went with their project: replacing them is a write to a missing row, creating them again a missing reference
      expect(await fail(store.coverage.replace(factsOf(p!.id), 1, actor))).toBeInstanceOf(StoreMissing)
      expect(await fail(store.coverage.create(factsOf(p!.id), actor))).toBeInstanceOf(StoreReferenceMissing)
    })

    it("projects: filtered by district and phase", async () => {
      const store = await make()
      for (const p of projects) await run(store.projects.create(p, actor))
      const district = projects.find((p) => p.district !== undefined)!.district!
      const page = await run(store.projects.list({ district, limit: 1000 }))
      expect(page.items.map((i) => i.value.id)).toEqual(projects.filter((p) => p.district === district).map((p) => p.id))
      const phase = projects[0]!.phase
      expect((await run(store.projects.list({ phase, limit: 1000 }))).items.map((i) => i.value.id)).toEqual(projects.filter((p) => p.phase === phase).map((p) => p.id))
    })

    it("portfolio: the core's columns of the stored projects and coverage facts, in id order", async () => {
      const store = await make()
      const facts = projects.slice(0, 2).map((p) => new CoverageFacts({ projectId: p.id, ownOrganization: true, work: ["instructor"], redSiteCreation: true, qualityPlan: false }))
      for (const p of [...projects].reverse()) await run(store.projects.create(p, actor))
      for (const f of facts) await run(store.coverage.create(f, actor))
      const cols = await run(store.portfolio({}))
      const expected = portfolioColumns(projects, facts)
      expect(cols.ids).toEqual(expected.ids)
      expect([...cols.costYuan]).toEqual([...expected.costYuan])
      expect([...cols.ownOrganization]).toEqual([...expected.ownOrganization])
    })

    it("structure: appends at its version what the core accepts, all or none, and reads as the core's replay, asOf and subtreeOf", async () => {
      const store = await make()
      expect((await run(store.structure.current)).version).toBe(0)
      const r = await run(store.structure.append(site, 0, policy, actor))
      expect(r.version).toBe(site.length)
      const expected = Either.getOrThrow(replay(site, policy))
      expect(encodeStructure((await run(store.structure.current)).structure)).toEqual(encodeStructure(expected))
      for (const date of ["2019-12-31", "2020-01-01", "2020-09-03", "2020-09-04", "2021-01-01"]) {
        const at = await run(store.structure.asOf(date))
        expect(at.version).toBe(site.length)
        expect(encodeStructure(at.structure)).toEqual(encodeStructure(asOf(expected, date)))
        expect([...await run(store.structure.subtree("town", date))].sort()).toEqual([...subtreeOf(expected, "town", date)].sort())
      }
      // a stale version, and a batch the core refuses in its second event: nothing stored, nothing audited
      const auditBefore = (await run(store.audit(0, 1000))).length
      const stale = await fail(store.structure.append([new Dissolve({ date: d("2022-01-01"), organizationId: "site" })], site.length - 1, policy, actor))
      expect(stale).toBeInstanceOf(StoreConflict)
      const refused = await fail(store.structure.append([
        new Dissolve({ date: d("2022-01-01"), organizationId: "site" }),
        new Relate({ date: d("2022-01-02"), kind: "guidance", from: "site", to: "nowhere", tasks: [] })
      ], site.length, policy, actor))
      expect(refused).toBeInstanceOf(StructureRefused)
      expect([(refused as StructureRefused).index, (refused as StructureRefused).tag, (refused as StructureRefused).rejection.code]).toEqual([1, "Relate", "organization.unknown"])
      expect((await run(store.structure.current)).version).toBe(site.length)
      expect((await run(store.audit(0, 1000))).length).toBe(auditBefore)
    })

    it("records: appends at the log's version what the core accepts, all or none; reads the log whole or by project (a correction with the record it corrects)", async () => {
      const store = await make()
      const empty = await run(store.records.log())
      expect([empty.version, empty.book.events.length]).toEqual([0, 0])
      const auditBefore = (await run(store.audit(0, 1000))).length
      expect((await run(store.records.append(records.slice(0, 3), 0, actor))).version).toBe(3)
      expect((await run(store.records.append(records.slice(3), 3, actor))).version).toBe(records.length)
      const all = await run(store.records.log())
      expect(all.version).toBe(records.length)
      expect(encodeRecords(all.book.events)).toEqual(encodeRecords(records))
      const p2 = await run(store.records.log("p2"))
      expect(p2.version).toBe(records.length)
      expect(p2.book.events.map((e) => e.id)).toEqual(["m2", "s1", "c1"])
      expect((await run(store.records.log("p1"))).book.events.map((e) => e.id)).toEqual(["m1", "r1", "v1"])
      expect((await run(store.records.log("nowhere"))).book.events).toEqual([])
      const audit = (await run(store.audit(0, 1000))).slice(auditBefore)
      expect(audit.map((x) => [x.resource, x.beforeVersion, x.afterVersion])).toEqual([["records", 0, 3], ["records", 3, records.length]])
      // an empty append changes nothing; a stale version and a batch refused in its second event store nothing and are not audited
      expect((await run(store.records.append([], records.length, actor))).version).toBe(records.length)
      const revision = await run(store.revision)
      const stale = await fail(store.records.append([new MilestoneRecorded({ id: "m3", projectId: "p1", date: d("2022-09-01"), milestone: "completed" })], records.length - 1, actor))
      expect(stale).toBeInstanceOf(StoreConflict)
      expect([(stale as StoreConflict).currentVersion, (stale as StoreConflict).expectedVersion]).toEqual([records.length, records.length - 1])
      const refused = await fail(store.records.append([
        new MilestoneRecorded({ id: "m3", projectId: "p1", date: d("2022-09-01"), milestone: "completed" }),
        new Correct({ id: "c2", date: d("2022-09-02"), corrects: "s1" })
      ], records.length, actor))
      expect(refused).toBeInstanceOf(RecordRefused)
      expect([(refused as RecordRefused).index, (refused as RecordRefused).tag, (refused as RecordRefused).rejection.code]).toEqual([1, "Correct", "records.correctionOfUnknown"])
      expect((await run(store.records.log())).version).toBe(records.length)
      expect((await run(store.audit(0, 1000))).length).toBe(auditBefore + 2)
      expect(await run(store.revision)).toBe(revision)
    })

    it("ledger: appends in recording order, read back equal", async () => {
      const store = await make()
      const events = [1, 2, 3].map((k) => new PointEvent({ id: `e${k}`, memberId: "wang", organizationId: "site", date: d(`2021-0${k}-01`), item: "meeting", points: k, evidence: `minutes ${k}`, recordedBy: "sec", recordedAt: d(`2021-0${k}-02`) }))
      expect(await run(store.ledger.append(events.slice(0, 2), actor))).toBe(2)
      expect(await run(store.ledger.append(events.slice(2), actor))).toBe(1)
      expect((await run(store.ledger.events)).map((e) => e.id)).toEqual(["e1", "e2", "e3"])
    })

    it("revision: changes with every write through the store, and not with a read", async () => {
      const store = await make()
      const r0 = await run(store.revision)
      await run(store.projects.list({ limit: 10 }))
      expect(await run(store.revision)).toBe(r0)
      await run(store.projects.create(projects[0]!, actor))
      const r1 = await run(store.revision)
      expect(r1).not.toBe(r0)
      await run(store.structure.append(site.slice(0, 1), 0, policy, actor))
      const r2 = await run(store.revision)
      expect(r2).not.toBe(r1)
      await run(store.records.append(records.slice(0, 1), 0, actor))
      expect(await run(store.revision)).not.toBe(r2)
    })
  })
}
