/**
 * A consumer of the published packages, written as another team would write it against the tarballs
 * installed with npm: compiled twice by `run.ts`, once as an ES module and once as CommonJS, with
 * `strict` and `skipLibCheck: false`, then run. It exercises each package's public API end to end and
 * fails (non-zero exit) on any unexpected answer:
 *
 * - core: decode (good input and a bad one with its paths), evaluate, explain in zh and en, reform, compare;
 * - SQLite: the Promise API (`openDatabase`) and the Effect layer (`layer`, `SqliteDatabase`);
 * - HTTP: a server started with `startServer`, called through the clients of `@redsite/client`: the Effect
 *   client run as Promises, and the Promise client with plain JSON (an ISO date string, the project as JSON)
 *   and its typed rejections.
 *
 * No top-level await and no `import.meta`, so the same file is valid in both module systems.
 */
import { openDatabase, layer, loadPortfolio, SqliteDatabase } from "@redsite/adapters-sqlite"
import { hashToken, Principal, startServer } from "@redsite/adapters-http"
import { isRedsiteApiError, makeClient, makePromiseClient } from "@redsite/client"
import {
  compareDecisions, coverageReport, decodeProject, evaluateSetup, explainDecision, findPolicy, isoDate, Project,
  reform, SUPPORTED_EFFECT_RANGE
} from "@redsite/core"
import type { SetupDecision } from "@redsite/core"
import { Effect, Either, Schema } from "effect"
import { strict as assert } from "node:assert"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const input = {
  id: "consumer-bridge",
  name: "福鼎某大桥工程",
  kind: "bridgeTunnel",
  costYuan: 42_000_000,
  plannedStart: "2021-01-01",
  plannedEnd: "2023-06-30",
  major: true,
  phase: "construction",
  units: [{ id: "u1", name: "某路桥公司", role: "generalContractor", ownership: "stateOwned", hasOrganization: true }],
  members: [
    { id: "m1", status: "full", unitId: "u1" },
    { id: "m2", status: "full", unitId: "u1", mobile: true },
    { id: "m3", status: "full", unitId: "u1" },
    { id: "m4", status: "probationary", unitId: "u1" }
  ]
}
const date = "2021-03-01"
const actor = { principalId: "consumer", role: "administrator" }

const orFail = <A, E extends { readonly message: string }>(r: Either.Either<A, E>): A => {
  if (Either.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

/** decode, evaluate, explain (zh, en), reform, compare: the core alone. */
const core = (): { project: Project; decision: SetupDecision } => {
  assert.match(SUPPORTED_EFFECT_RANGE, /^\^3\./)
  const broken = decodeProject({ ...input, costYuan: "四千万", members: [{ id: "m1", status: "member" }] })
  assert.ok(Either.isLeft(broken), "a bad project is rejected")
  const paths = broken.left.issues.map((i) => i.path)
  assert.ok(paths.includes("costYuan"), `the bad cost is named: ${paths.join(", ")}`)
  assert.ok(paths.some((p) => p.startsWith("members[0]")), `the bad member is named: ${paths.join(", ")}`)

  const project = orFail(decodeProject(input))
  const fuding = findPolicy("fuding-site-2020")
  assert.ok(fuding !== undefined, "the catalogue has Fuding 2020")
  const decision = orFail(evaluateSetup(project, fuding, isoDate(date)))
  const zh = explainDecision(decision, "zh")
  const en = explainDecision(decision, "en")
  assert.ok(zh.length > 0 && zh.length === en.length, "an explanation in each language, line for line")
  assert.ok(zh.some((l) => /[\u4e00-\u9fff]/.test(l)), "the zh explanation is in Chinese")
  assert.notDeepEqual(en, zh, "the en explanation is not the zh one")

  const lower = orFail(reform(fuding, { id: "fuding-30m", parameters: { costThresholdYuan: 30_000_000 } }))
  const after = orFail(evaluateSetup(project, lower, isoDate(date)))
  const diff = compareDecisions(decision, after)
  assert.equal(diff.left, "fuding-site-2020")
  assert.equal(diff.right, "fuding-30m")
  assert.ok(diff.differences.length > 0, "a 30-million threshold changes the decision for a 42-million project")
  const unchanged = compareDecisions(decision, orFail(evaluateSetup(project, fuding, isoDate(date))))
  assert.equal(unchanged.differences.length, 0, "the same policy twice: no difference")
  assert.ok(Either.isLeft(reform(fuding, { id: "bad", parameters: { noSuchParameter: 1 } })), "an unknown parameter is refused")
  console.log(`core: ${en.length} explanation lines; reform changes ${diff.differences.map((d) => d.element).join(", ")}`)
  return { project, decision }
}

/** The Promise API and the Effect layer of the SQLite adapter, on a file in a temporary folder. */
const sqlite = async (dir: string, project: Project): Promise<void> => {
  const path = join(dir, "consumer.db")
  const db = await openDatabase(path)
  try {
    const created = await db.projects.create(project, actor)
    assert.equal(created.version, 1)
    const stale = await db.projects.replace(new Project({ ...project, name: "改名" }), 0, actor).then(() => undefined, (e: Error) => e)
    assert.ok(stale instanceof Error, "a write at a stale version is refused")
    const read = await db.projects.get(project.id)
    assert.equal(read?.value.name, project.name)
    const report = orFail(coverageReport(await db.portfolio(), findPolicy("fuding-site-2020")!, isoDate(date)))
    assert.equal(report.totals.projects, 1)
  } finally {
    await db.close()
  }
  const viaLayer = Effect.gen(function*() {
    const store = yield* SqliteDatabase
    const row = store.projects.get(project.id)
    return { name: row?.value.name, size: loadPortfolio(store).size }
  }).pipe(Effect.provide(layer(path)))
  const r = await Effect.runPromise(viaLayer)
  assert.deepEqual(r, { name: project.name, size: 1 })
  console.log("sqlite: Promise API and Effect layer read the same project")
}

/** A server started from the package and the typed client, run as Promises. */
const http = async (project: Project, decision: SetupDecision): Promise<void> => {
  const token = "consumer-analyst"
  const server = await startServer({
    port: 0,
    tokens: [{ sha256: hashToken(token), principal: new Principal({ id: "consumer", role: "analyst" }) }]
  })
  try {
    const client = await Effect.runPromise(makeClient(server.url, token))
    const policies = await Effect.runPromise(client.policies.list())
    assert.ok(policies.some((p) => p.id === "fuding-site-2020"), "the server lists Fuding 2020")
    // the client takes the decoded values (a Project, an IsoDate) and encodes them itself
    const remote = await Effect.runPromise(client.setup.evaluate({ payload: { project, policyId: "fuding-site-2020", date: isoDate(date) } }))
    assert.equal(remote.requirement._tag, decision.requirement._tag)
    if (remote.requirement._tag === "Settled" && decision.requirement._tag === "Settled") {
      assert.equal(remote.requirement.value, decision.requirement.value, "the server decides as the core does")
    }
    const unknown = await Effect.runPromise(Effect.flip(client.setup.evaluate({ payload: { project, policyId: "no-such-policy", date: isoDate(date) } })))
    assert.ok(typeof unknown._tag === "string", "an unknown policy is a typed error")
    const anonymous = await Effect.runPromise(makeClient(server.url))
    const denied = await Effect.runPromise(Effect.either(anonymous.policies.list()))
    assert.ok(Either.isLeft(denied), "no token, no answer")
    // the Promise client: plain JSON in (the project as JSON, the date as a string), the core's classes out
    const promised = makePromiseClient(server.url, token)
    const plain = await promised.setup.evaluate({ payload: { project: Schema.encodeSync(Project)(project), policyId: "fuding-site-2020", date } })
    assert.deepEqual(plain, remote, "the Promise client answers as the Effect client does")
    const rejected = await promised.policies.get({ id: "no-such-policy" }).then(() => undefined, (e: unknown) => e)
    assert.ok(isRedsiteApiError(rejected) && rejected._tag === "NotFound", "an unknown policy rejects with the API's NotFound")
    console.log(`http: ${policies.length} policies; setup ${remote.requirement._tag} (Effect and Promise clients); unknown policy → ${unknown._tag}, rejects ${rejected.code}; no token → ${denied.left._tag}`)
  } finally {
    await server.close()
  }
}

const main = async (): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), "redsite-consumer-"))
  try {
    const { project, decision } = core()
    await sqlite(dir, project)
    await http(project, decision)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  console.log(`consumer ok (${typeof require === "function" && typeof module === "object" ? "CommonJS" : "ES module"}, Node ${process.versions.node})`)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
