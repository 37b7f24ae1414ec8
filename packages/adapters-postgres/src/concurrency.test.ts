/**
 * Several server processes on one database, at the port level: two pools (as two processes have), each
 * with its own port and caches, writing the same rows at once.
 */
import { Establish, Project, StoreConflict, isoDate, policies, seedScenarios } from "@redsite/core"
import { Effect, Either } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { openPostgres } from "./open.js"
import type { PostgresStore } from "./open.js"
import { freshDatabases } from "./testing/fresh.js"
import type { FreshDatabases } from "./testing/fresh.js"

let dbs: FreshDatabases
const opened: Array<PostgresStore> = []
beforeAll(async () => {
  dbs = await freshDatabases()
}, 120_000)
afterAll(async () => {
  for (const s of opened) await s.close()
  await dbs?.stop()
}, 60_000)

const run = <A, E>(e: Effect.Effect<A, E>) => Effect.runPromise(e)
const actorOf = (k: number) => ({ principalId: `writer-${k}`, role: "administrator" })
const project = seedScenarios[0]!.project

/** Two ports on one new database, as two server processes would have (a pool each). */
const twoProcesses = async () => {
  const url = await dbs.fresh()
  const a = await openPostgres(url, { max: 8 })
  const b = await openPostgres(url, { max: 8 })
  opened.push(a, b)
  return [a.port, b.port] as const
}

describe("two ports on one PostgreSQL database", () => {
  it("50 concurrent replaces of one version through both: exactly one wins, the others conflict and change nothing, one audit entry", async () => {
    const [a, b] = await twoProcesses()
    await run(a.projects.create(project, actorOf(0)))
    const results = await Promise.all(Array.from({ length: 50 }, (_, k) =>
      Effect.runPromise(Effect.either((k % 2 === 0 ? a : b).projects.replace(new Project({ ...project, name: `writer ${k}` }), 1, actorOf(k))))))
    const won = results.flatMap((r, k) => (Either.isRight(r) ? [k] : []))
    expect(won).toHaveLength(1)
    for (const r of results) {
      if (Either.isLeft(r)) {
        expect(r.left).toBeInstanceOf(StoreConflict)
        expect((r.left as StoreConflict).currentVersion).toBe(2)
      }
    }
    const stored = await run(b.projects.get(project.id))
    expect(stored?.version).toBe(2)
    expect(stored?.value.name).toBe(`writer ${won[0]}`)
    const audit = (await run(a.audit(0, 1000))).filter((x) => x.action === "replace")
    expect(audit.map((x) => [x.principalId, x.beforeVersion, x.afterVersion])).toEqual([[`writer-${won[0]}`, 1, 2]])
  })

  it("50 writers incrementing one value through both, retrying on conflict: no lost update, the audit complete and in commit order", async () => {
    const [a, b] = await twoProcesses()
    await run(a.projects.create(new Project({ ...project, name: "0" }), actorOf(0)))
    const increment = async (k: number) => {
      const port = k % 2 === 0 ? a : b
      for (;;) {
        const cur = (await run(port.projects.get(project.id)))!
        const r = await Effect.runPromise(Effect.either(port.projects.replace(new Project({ ...cur.value, name: String(Number(cur.value.name) + 1) }), cur.version, actorOf(k))))
        if (Either.isRight(r)) return
        expect(r.left).toBeInstanceOf(StoreConflict)
      }
    }
    await Promise.all(Array.from({ length: 50 }, (_, k) => increment(k)))
    const stored = (await run(a.projects.get(project.id)))!
    expect([stored.value.name, stored.version]).toEqual(["50", 51])
    const audit = (await run(b.audit(0, 1000))).filter((x) => x.action === "replace")
    // one entry per successful write, each version once, and sequence numbers in the order the versions were committed
    expect(audit.map((x) => x.afterVersion)).toEqual(Array.from({ length: 50 }, (_, k) => k + 2))
    expect(new Set(audit.map((x) => x.principalId)).size).toBe(50)
  })

  it("concurrent structure appends at one version through both: one wins; each port then reads the other's writes", async () => {
    const [a, b] = await twoProcesses()
    const policy = policies.national
    const establish = (k: number) => new Establish({ date: isoDate("2021-01-01"), organization: { id: `org-${k}`, name: `党委${k}`, kind: "committee", temporary: false, projectIds: [] } })
    // both ports have read (and cached) the empty structure
    expect((await run(a.structure.current)).version).toBe(0)
    expect((await run(b.structure.current)).version).toBe(0)
    const results = await Promise.all(Array.from({ length: 20 }, (_, k) => Effect.runPromise(Effect.either((k % 2 === 0 ? a : b).structure.append([establish(k)], 0, policy, actorOf(k))))))
    const won = results.flatMap((r, k) => (Either.isRight(r) ? [k] : []))
    expect(won).toHaveLength(1)
    for (const r of results) if (Either.isLeft(r)) expect(r.left).toBeInstanceOf(StoreConflict)
    for (const p of [a, b]) {
      const s = await run(p.structure.current)
      expect([s.version, s.structure.organizations.map((o) => o.id)]).toEqual([1, [`org-${won[0]}`]])
    }
    // a write through one port moves the other's revision, and the other's cached structure follows
    const before = await run(a.revision)
    await run(b.structure.append([establish(99)], 1, policy, actorOf(99)))
    expect(await run(a.revision)).not.toBe(before)
    expect((await run(a.structure.current)).structure.organizations.map((o) => o.id)).toEqual([`org-${won[0]}`, "org-99"])
    expect((await run(a.structure.asOf("2020-12-31"))).structure.organizations).toEqual([])
  })
})
