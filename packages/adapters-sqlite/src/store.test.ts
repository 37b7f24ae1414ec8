import { CoverageFacts, Project, policies, portfolioColumns, seedScenarios } from "@redsite/core"
import Database from "better-sqlite3"
import { Either, Schema } from "effect"
import fc from "fast-check"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { arbIsoDate, arbProject, withExtraMembers } from "../../core/src/model/arbitraries.js"
import { DatabaseTooNew, DatabaseUnreadable, openConnection } from "./database.js"
import { LATEST_VERSION } from "./migrations.js"
import { loadPortfolio } from "./portfolio.js"
import { RedsiteStore } from "./store.js"

const dir = mkdtempSync(join(tmpdir(), "redsite-sqlite-test-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const fresh = () => new RedsiteStore(openConnection(join(dir, `t${n++}.db`)))
const actor = { principalId: "tester", role: "administrator" }
const encode = Schema.encodeSync(Project)

describe("opening a database", () => {
  it("creates, migrates to the latest version, and reopens without migrating again", () => {
    const path = join(dir, "open.db")
    const db = openConnection(path)
    expect(db.pragma("user_version", { simple: true })).toBe(LATEST_VERSION)
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal")
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1)
    db.close()
    const again = openConnection(path)
    expect(again.pragma("user_version", { simple: true })).toBe(LATEST_VERSION)
    again.close()
  })

  it("refuses a database written by a newer version, and a file that is not a database", () => {
    const path = join(dir, "newer.db")
    const raw = new Database(path)
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`)
    raw.close()
    expect(() => openConnection(path)).toThrow(DatabaseTooNew)
    expect(() => openConnection(path)).toThrow(new RegExp(`newer than the ${LATEST_VERSION} this version`))
    const junk = join(dir, "junk.db")
    writeFileSync(junk, "this is not sqlite at all, just text ".repeat(200))
    expect(() => openConnection(junk)).toThrow(DatabaseUnreadable)
  })
})

describe("projects", () => {
  const seed = seedScenarios.find((s) => s.id === "shanghai-major")!.project

  it("read back equal to what was written, for any valid project", () => {
    const store = fresh()
    fc.assert(fc.property(arbProject({ maxUnits: 4, maxMembersPerUnit: 4 }), (p) => {
      const existing = store.projects.get(p.id)
      const r = existing === undefined ? store.projects.create(p, actor) : store.projects.replace(p, existing.version, actor)
      expect(Either.isRight(r)).toBe(true)
      expect(encode(store.projects.get(p.id)!.value)).toEqual(encode(p))
    }), { numRuns: 150 })
  })

  it("refuse a stale write with a conflict and change nothing; refuse a create of an existing id", () => {
    const store = fresh()
    expect(Either.isRight(store.projects.create(seed, actor))).toBe(true)
    const renamed = new Project({ ...seed, name: "改名" })
    expect(Either.isRight(store.projects.replace(renamed, 1, actor))).toBe(true)
    const stale = store.projects.replace(new Project({ ...seed, name: "过期" }), 1, actor)
    expect(Either.isLeft(stale) && stale.left).toMatchObject({ _tag: "RowConflict", currentVersion: 2, expectedVersion: 1 })
    expect(store.projects.get(seed.id)).toMatchObject({ version: 2, value: { name: "改名" } })
    const twice = store.projects.create(seed, actor)
    expect(Either.isLeft(twice) && twice.left._tag).toBe("RowConflict")
    const missing = store.projects.remove("nowhere", 1, actor)
    expect(Either.isLeft(missing) && missing.left._tag).toBe("RowMissing")
    expect(Either.isRight(store.projects.remove(seed.id, 2, actor))).toBe(true)
    expect(store.projects.get(seed.id)).toBeUndefined()
    // units and members went with the project
    expect((store.db.prepare("SELECT count(*) AS n FROM members").get() as { n: number }).n).toBe(0)
    expect(store.audit(0, 100).map((a) => [a.action, a.beforeVersion ?? null, a.afterVersion ?? null])).toEqual([
      ["create", null, 1], ["replace", 1, 2], ["delete", 2, null]
    ])
  })

  it("list in id order, by pages, with filters, loading each page's units and members in bulk", () => {
    const store = fresh()
    const projects = [...new Map(seedScenarios.map((s) => [s.project.id, s.project])).values()]
    for (const p of projects) store.projects.create(p, actor)
    const ids: Array<string> = []
    let after: string | undefined
    for (;;) {
      const page = store.projects.list({ after, limit: 3 })
      ids.push(...page.items.map((i) => i.value.id))
      for (const item of page.items) expect(encode(item.value)).toEqual(encode(projects.find((p) => p.id === item.value.id)!))
      if (page.next === undefined) break
      after = page.next
    }
    expect(ids).toEqual(projects.map((p) => p.id).sort())
    const fuding = store.projects.list({ district: "福鼎市", limit: 100 })
    expect(fuding.items.map((i) => i.value.id).sort()).toEqual(projects.filter((p) => p.district === "福鼎市").map((p) => p.id).sort())
  })
})

describe("documents, ledger", () => {
  it("keep reforms and coverage facts versioned; coverage facts go with their project", () => {
    const store = fresh()
    const p = seedScenarios[0]!.project
    store.projects.create(p, actor)
    const facts = new CoverageFacts({ projectId: p.id, ownOrganization: true, work: ["instructor"], redSiteCreation: false, qualityPlan: false })
    expect(Either.isRight(store.coverage.create(facts, actor))).toBe(true)
    expect(store.coverage.get(p.id)?.value).toEqual(facts)
    expect(Either.isRight(store.policies.create(policies.fudingSite2020, actor))).toBe(true)
    expect(store.policies.get("fuding-site-2020")?.value.rules.length).toBe(policies.fudingSite2020.rules.length)
    store.projects.remove(p.id, 1, actor)
    expect(store.coverage.get(p.id)).toBeUndefined()
  })
})

describe("the portfolio as columns", () => {
  it("equals the core's columns of the same projects and coverage facts, whole and filtered by district, phase and active date", () => {
    const arbPortfolio = fc.uniqueArray(
      fc.tuple(arbProject({ maxUnits: 4, maxMembersPerUnit: 4 }), fc.nat(3), fc.nat(2), fc.boolean()).map(([p, full, probationary, unitless]) =>
        // members outside any unit count for the project only
        unitless ? withExtraMembers(withExtraMembers(p, "full", full), "probationary", probationary) : p),
      { selector: (p) => p.id, maxLength: 20 }
    )
    fc.assert(fc.property(arbPortfolio, fc.infiniteStream(fc.boolean()), arbIsoDate, (projects, flags, day) => {
      const store = fresh()
      // facts for some projects only
      const facts = projects.filter(() => flags.next().value).map((p) => new CoverageFacts({ projectId: p.id, ownOrganization: flags.next().value, jointOrganization: flags.next().value, work: flags.next().value ? ["instructor"] : [], redSiteCreation: flags.next().value, qualityPlan: flags.next().value }))
      for (const p of projects) store.projects.create(p, actor)
      for (const f of facts) store.coverage.create(f, actor)
      const sorted = [...projects].sort((a, b) => (a.id < b.id ? -1 : 1))
      const same = (query: Parameters<typeof loadPortfolio>[1], keep: (p: Project) => boolean) => {
        const expected = portfolioColumns(sorted.filter(keep), facts)
        const loaded = loadPortfolio(store, query)
        expect({ ...loaded, districts: [...loaded.districts] }).toEqual({ ...expected, districts: [...expected.districts] })
      }
      same({}, () => true)
      const district = projects[0]?.district ?? "福鼎市"
      same({ district }, (p) => p.district === district)
      same({ phase: "construction" }, (p) => p.phase === "construction")
      same({ activeOn: day }, (p) => p.plannedStart <= day && p.plannedEnd >= day)
      store.db.close()
    }), { numRuns: 40 })
  })
})

describe("the event log", () => {
  it("appends in order and reads back through the caller's schema, by stream and up to a date", () => {
    const store = fresh()
    const Payload = Schema.Struct({ organizationId: Schema.String, note: Schema.String })
    const seqs = store.appendEvents([
      { stream: "org-a", type: "establish", occurredOn: "2020-01-01", payload: { organizationId: "org-a", note: "成立" } },
      { stream: "org-b", type: "establish", occurredOn: "2020-02-01", payload: { organizationId: "org-b", note: "成立" } },
      { stream: "org-a", type: "dissolve", occurredOn: "2021-06-30", payload: { organizationId: "org-a", note: "撤销" } }
    ])
    expect(seqs).toEqual([1, 2, 3])
    expect(store.events(Payload, { stream: "org-a" }).map((e) => [e.seq, e.type, e.payload.note])).toEqual([[1, "establish", "成立"], [3, "dissolve", "撤销"]])
    expect(store.events(Payload, { until: "2020-12-31" }).map((e) => e.seq)).toEqual([1, 2])
    expect(store.events(Payload, { afterSeq: 2 }).map((e) => e.seq)).toEqual([3])
  })
})
