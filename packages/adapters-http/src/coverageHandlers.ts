/**
 * Handlers of coverage and simulation: load the stored projects and coverage facts, build the core's
 * columns, and let the core decide. No rule lives here.
 *
 * @module
 */
import { HttpApiBuilder, HttpApiError, HttpApp, HttpServerResponse } from "@effect/platform"
import {
  CoverageFacts,
  CoverageReport,
  coverageFactsFromStructure,
  explainCoverage,
  portfolioColumns,
  reportOf,
  runCoverage
} from "@redsite/core"
import { Policy } from "@redsite/core"
import type { IsoDate, Project } from "@redsite/core"
import { Effect, Either, Schema } from "effect"
import { Conflict, CoverageFactsBody, notFound, RedsiteApi, ServiceUnavailable } from "@redsite/client"
import { requireRole } from "./auth.js"
import type { CoverageReportQuery } from "@redsite/client"
import { cachedAt, revisionCache } from "./derived.js"
import type { RevisionCache } from "./derived.js"
import { ComputePool } from "./compute.js"
import type { ComputeTask, TaskPortfolio } from "./computeWorker.js"
import { PolicyStore } from "./policyStore.js"
import { actorOf, checkScope, load } from "./projectHandlers.js"
import type { StoragePort, StoreConflict, StoreMissing, StoreReferenceMissing } from "@redsite/core"
import { Store } from "./store.js"
import { currentStructure, subtreeIds } from "./structureHandlers.js"
import { bytesTag, decodeCursor, encodeCursor, invalid, loadPolicy, setEtag, versionFromIfMatch } from "./support.js"

/** Coverage shows no personal data: every role may read it. */
const readers = requireRole(["administrator", "secretary", "viewer", "analyst"], "read coverage", "查看覆盖情况")
const writers = requireRole(["administrator", "secretary"], "record what covers a project", "记录项目覆盖情况")
const simulators = requireRole(["administrator", "analyst"], "run simulations", "运行政策模拟")

/** The policies a run may be based on (stored reforms), for resolving reforms of reforms. */
const extraPolicies = Effect.flatMap(PolicyStore, (s) => s.list)

const orInvalid = <A, E extends { readonly message: string }>(r: Either.Either<A, E>, path: string) =>
  Either.isRight(r) ? Effect.succeed(r.right) : Effect.fail(invalid(r.left.message, [{ path, message: r.left.message }]))

const DEFAULT_PAGE = 50
const ALL_ROWS = Number.MAX_SAFE_INTEGER

const factsBody = (f: CoverageFacts) =>
  new CoverageFactsBody({ ownOrganization: f.ownOrganization, jointOrganization: f.jointOrganization, work: f.work, redSiteCreation: f.redSiteCreation, qualityPlan: f.qualityPlan })

/**
 * A store error of a project's coverage facts, as the API answers it: facts that are not recorded yet,
 * written with `If-Match`, are a 409 saying so (send without `If-Match` to create them) — not a 404 of the
 * project, which exists; a stale version a 409 with the current one; facts created meanwhile a 409.
 */
const factsError = (e: StoreConflict | StoreMissing | StoreReferenceMissing) =>
  e._tag === "StoreReferenceMissing" ? projectGone(e.id) : versionError(e)

/**
 * Facts of a project the store does not hold (it was removed after the handler loaded it): a 404 of the
 * project, as when it was never stored.
 */
const projectGone = (id: string) => notFound("project", id)

const versionError = (e: StoreConflict | StoreMissing) =>
  new Conflict({
    code: "version.stale",
    message: e._tag === "StoreMissing"
      ? `project ${e.id} has no coverage facts recorded yet: send the PUT without If-Match to create them`
      : e.expectedVersion === undefined
      ? `coverage facts of project ${e.id} were recorded meanwhile (version ${e.currentVersion}): read them and send If-Match`
      : `the coverage facts of project ${e.id} are at version ${e.currentVersion}, not ${e.expectedVersion}: read them again and reapply your change`,
    messageZh: e._tag === "StoreMissing"
      ? `项目${e.id}尚未记录覆盖情况:请不带 If-Match 提交以创建`
      : `项目${e.id}的覆盖情况已被修改(当前版本${e.currentVersion}),请重新读取后再提交`,
    ...(e._tag === "StoreConflict" && e.currentVersion !== undefined ? { currentVersion: String(e.currentVersion) } : {})
  })

/** Handlers of the `coverage` group. */
export const CoverageLive = HttpApiBuilder.group(RedsiteApi, "coverage", (handlers) =>
  handlers
    .handle("facts", ({ path }) =>
      Effect.gen(function*() {
        yield* readers
        yield* load(path.id)
        const row = yield* Effect.flatMap(Store, (s) => s.coverage.get(path.id))
        if (row === undefined) return yield* Effect.fail(notFound("coverage facts", path.id))
        yield* setEtag(row.version)
        return { version: row.version, projectId: path.id, facts: factsBody(row.value) }
      }))
    .handle("putFacts", ({ headers, path, payload }) =>
      Effect.gen(function*() {
        const principal = yield* writers
        const project = yield* load(path.id)
        yield* checkScope(principal, project.value)
        const store = yield* Store
        const facts = new CoverageFacts({ projectId: path.id, ...payload })
        const existing = yield* store.coverage.get(path.id)
        const saved = existing === undefined && headers["if-match"] === undefined
          ? yield* store.coverage.create(facts, actorOf(principal)).pipe(Effect.mapError(factsError))
          : yield* Effect.flatMap(versionFromIfMatch(headers["if-match"]), (expected) =>
            store.coverage.replace(facts, expected, actorOf(principal)).pipe(Effect.mapError(factsError)))
        yield* setEtag(saved.version)
        return { version: saved.version, projectId: path.id, facts: factsBody(saved.value) }
      }))
    .handle("listFacts", ({ urlParams }) =>
      Effect.gen(function*() {
        yield* readers
        const after = yield* decodeCursor(urlParams.cursor)
        const page = yield* Effect.flatMap(Store, (s) => s.coverage.list({ after, limit: urlParams.limit ?? DEFAULT_PAGE }))
        return {
          items: page.items.map((row) => ({ version: row.version, projectId: row.value.projectId, facts: factsBody(row.value) })),
          ...(page.next === undefined ? {} : { nextCursor: encodeCursor(page.next) })
        }
      }))
    .handle("project", ({ path, urlParams }) =>
      Effect.gen(function*() {
        yield* readers
        const project = yield* load(path.id)
        const row = yield* Effect.flatMap(Store, (s) => s.coverage.get(path.id))
        const policy = yield* loadPolicy(urlParams.policyId)
        const recorded = row === undefined ? [] : [row.value]
        const facts = urlParams.facts === "structure" ? yield* fromStructure(policy, urlParams.date, [project.value], recorded) : recorded
        const cols = portfolioColumns([project.value], facts)
        const run = yield* orInvalid(runCoverage(cols, policy, urlParams.date, yield* extraPolicies), "policyId")
        return explainCoverage(cols, run, 0, project.value)
      }))
    .handle("report", ({ urlParams }) =>
      Effect.gen(function*() {
        // the role is checked on every request, before any cached answer; the report holds no personal
        // data, so every role that may read it reads the same bytes
        yield* readers
        const store = yield* Store
        const kept = yield* cachedAt(store.revision, reportCacheOf(store), reportKey(urlParams), Effect.flatMap(report(urlParams), encodeReport))
        // the tag is kept with the bytes, computed once per revision and query; 304 when If-None-Match names it
        yield* setEtag(kept.etag)
        return HttpServerResponse.uint8Array(kept.bytes, { status: 200, contentType: "application/json" })
      })))

/**
 * The coverage facts of some projects derived from the stored structure at a date (the core's
 * `coverageFactsFromStructure`), the recorded facts supplying what the structure cannot know.
 */
const fromStructure = (policy: Policy, date: IsoDate, projects: ReadonlyArray<Project>, recorded: ReadonlyArray<CoverageFacts>) =>
  Effect.map(currentStructure, ({ structure }) =>
    coverageFactsFromStructure(structure, policy, date, projects.map((p) => p.id), recorded).map((d) => d.facts))

/**
 * The columns a report runs on: the store's own (kept per revision) for the district and phase filters
 * with recorded facts; otherwise the matching projects (of an organization's subtree on the report's date) with
 * their recorded or structure-derived facts.
 */
const reportPortfolio = (q: typeof CoverageReportQuery.Type, policy: Policy) =>
  Effect.gen(function*() {
    const store = yield* Store
    if (q.organizationId === undefined && q.facts !== "structure") return yield* store.portfolio(q)
    // the subtree as it stood on the report's date, as the rest of the report
    const organizationIds = q.organizationId === undefined ? undefined : yield* subtreeIds(q.organizationId, q.date)
    const projects = (yield* store.projects.list({ district: q.district, phase: q.phase, organizationIds, limit: ALL_ROWS })).items.map((i) => i.value)
    const recorded = (yield* store.coverage.list({ limit: ALL_ROWS })).items.map((i) => i.value)
    const facts = q.facts === "structure" ? yield* fromStructure(policy, q.date, projects, recorded) : recorded
    return portfolioColumns(projects, facts)
  })

/** The coverage report of the stored portfolio, as the core computes it. */
export const report = (urlParams: typeof CoverageReportQuery.Type) =>
  Effect.gen(function*() {
    const policy = yield* loadPolicy(urlParams.policyId)
    const cols = yield* reportPortfolio(urlParams, policy)
    const run = yield* orInvalid(runCoverage(cols, policy, urlParams.date, yield* extraPolicies), "policyId")
    return reportOf(cols, run, {
      groupBy: urlParams.groupBy ?? [],
      ...(urlParams.targetYear === undefined ? {} : { targetYear: urlParams.targetYear })
    })
  })

const encoder = new TextEncoder()
const encodeReportBody = Schema.encode(CoverageReport)

/** An encoded report and its entity tag. */
interface KeptReport {
  readonly bytes: Uint8Array
  readonly etag: string
}

/**
 * A report as the bytes of its JSON body, encoded as the endpoint's success schema would encode it (and
 * failing as it would, with a decode error, should the core ever produce a report its schema rejects), with
 * the tag of those bytes.
 */
const encodeReport = (r: CoverageReport) =>
  encodeReportBody(r).pipe(
    Effect.map((json): KeptReport => {
      const bytes = encoder.encode(JSON.stringify(json))
      return { bytes, etag: bytesTag(bytes) }
    }),
    Effect.catchTag("ParseError", HttpApiError.HttpApiDecodeError.refailParseError)
  )

/**
 * Every query parameter, in a fixed order: two queries with the same key ask for the same report. An
 * organization's subtree is read as it stands today, so with that filter the day is part of the key.
 */
const reportKey = (q: typeof CoverageReportQuery.Type) =>
  JSON.stringify([...Object.keys(q).sort().map((k) => [k, q[k as keyof typeof q]]), q.organizationId === undefined ? null : new Date().toISOString().slice(0, 10)])

/** A handful of reports per store (a few KB each, more with many groups), for the latest revision only. */
const REPORT_CAPACITY = 32
const reportCaches = new WeakMap<StoragePort, RevisionCache<KeptReport>>()
const reportCacheOf = (store: StoragePort) => {
  let cache = reportCaches.get(store)
  if (cache === undefined) reportCaches.set(store, cache = revisionCache(REPORT_CAPACITY))
  return cache
}

/** Handlers of the `simulation` group. */
export const SimulationLive = HttpApiBuilder.group(RedsiteApi, "simulation", (handlers) =>
  handlers
    .handle("compare", ({ payload }) =>
      Effect.gen(function*() {
        yield* simulators
        const policies: Array<Policy> = []
        for (const id of payload.policyIds) policies.push(yield* loadPolicy(id))
        return yield* offThread({
          kind: "compare",
          policies: policies.map((p) => encodePolicy(p)),
          extra: encodedList(yield* extraPolicies),
          portfolio: yield* taskPortfolio(payload.portfolio),
          date: payload.date,
          explainLimit: payload.explainLimit ?? 100
        })
      }))
    .handle("sweep", ({ payload }) =>
      Effect.gen(function*() {
        yield* simulators
        const policy = yield* loadPolicy(payload.policyId)
        return yield* offThread({
          kind: "sweep",
          policy: encodePolicy(policy),
          extra: encodedList(yield* extraPolicies),
          portfolio: yield* taskPortfolio(payload.portfolio),
          parameter: payload.parameter,
          values: payload.values,
          date: payload.date
        })
      })))

const encodePolicy = Schema.encodeSync(Policy)
const encodedLists = new WeakMap<ReadonlyArray<Policy>, ReadonlyArray<unknown>>()
/** The policies as their schema encodes them, once per list (the policy store hands out the same list while its revision holds). */
const encodedList = (ps: ReadonlyArray<Policy>) => {
  let e = encodedLists.get(ps)
  if (e === undefined) encodedLists.set(ps, e = ps.map((p) => encodePolicy(p)))
  return e
}

/** A simulation's portfolio as a worker takes it: the synthetic one's recipe, or the stored one's columns. */
const taskPortfolio = (p: { readonly source: "stored" } | { readonly source: "synthetic"; readonly size: number; readonly seed: number }) =>
  p.source === "stored"
    ? Effect.map(Effect.flatMap(Store, (s) => s.portfolio({})), (cols): TaskPortfolio => ({ source: "columns", cols }))
    : Effect.succeed<TaskPortfolio>({ source: "synthetic", size: p.size, seed: p.seed })

/**
 * Runs a simulation in the compute pool (off the request thread, see `compute.ts`): its JSON body as the
 * worker encoded it, the core's refusal as a 400, a full pool or a spent budget as a 503 with `Retry-After`.
 */
const offThread = (task: ComputeTask) =>
  Effect.flatMap(ComputePool, (pool) => pool.run(task)).pipe(
    Effect.flatMap((reply) =>
      reply.ok
        ? Effect.succeed(HttpServerResponse.text(reply.json, { contentType: "application/json" }))
        : Effect.fail(invalid(reply.message, reply.issues))),
    Effect.tapError((e) => (e instanceof ServiceUnavailable ? HttpApp.appendPreResponseHandler((_req, res) => Effect.succeed(HttpServerResponse.setHeader(res, "retry-after", String(e.retryAfterSeconds)))) : Effect.void))
  )
