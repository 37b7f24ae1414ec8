/**
 * The storage port in memory (内存存储): plain maps and arrays, lost when the process ends. It needs no I/O,
 * so it lives beside the port it implements: tests, the notebook, a browser and the HTTP server's default
 * store use it, and it passes the same contract suite as the SQLite and PostgreSQL stores (the repository's
 * `testing/storeContract.ts`).
 *
 * @module
 */
import { Clock, Effect, Either } from "effect"
import type { CoverageFacts } from "../coverage/columns.js"
import { portfolioColumns } from "../coverage/columns.js"
import type { Project } from "../model/project.js"
import type { Policy } from "../policy/policy.js"
import type { PointEvent } from "../scoring/ledger.js"
import { asOf, replay } from "../structure/apply.js"
import { subtreeOf } from "../structure/check.js"
import { emptyStructure } from "../structure/model.js"
import type { Structure, StructureEvent } from "../structure/model.js"
import { RecordBook, emptyRecordBook, replayRecords } from "../compliance/records.js"
import type { RecordEvent } from "../compliance/records.js"
import { recordProjectIds } from "../compliance/logProjects.js"
import { trusted } from "../internal/trusted.js"
import { RecordRefused, StoreConflict, StoreMissing, StoreReferenceMissing, StructureRefused } from "./port.js"
import type { Actor, AuditRecord, Page, PageQuery, ProjectQuery, StoragePort, StoreCollection, Versioned, VersionedStructure } from "./port.js"

type Audit = (actor: Actor, entry: Pick<AuditRecord, "action" | "resource" | "resourceId" | "beforeVersion" | "afterVersion">) => Effect.Effect<void>

/** Whether a project passes the filters of a listing (district, phase, organizations of its units). */
export const projectMatches = (p: Project, q: ProjectQuery): boolean =>
  (q.district === undefined || p.district === q.district) &&
  (q.phase === undefined || p.phase === q.phase) &&
  (q.organizationIds === undefined || p.units.some((u) => u.organizationId !== undefined && q.organizationIds!.has(u.organizationId)))

/** The rows of one collection and its operations; `refused` says why a value may not be written (a missing reference). */
const collection = <A, Q extends PageQuery, R>(
  resource: string,
  idOf: (a: A) => string,
  matches: (a: A, q: Q) => boolean,
  audit: Audit,
  refused: (a: A) => R | undefined
) => {
  const rows = new Map<string, Versioned<A>>()
  const versions = (before: number | undefined, after: number | undefined) => ({
    ...(before === undefined ? {} : { beforeVersion: before }),
    ...(after === undefined ? {} : { afterVersion: after })
  })
  const current = (id: string, expected: number): Either.Either<Versioned<A>, StoreConflict | StoreMissing> => {
    const row = rows.get(id)
    if (row === undefined) return Either.left(new StoreMissing({ id }))
    return row.version === expected ? Either.right(row) : Either.left(new StoreConflict({ id, currentVersion: row.version, expectedVersion: expected }))
  }
  const port: StoreCollection<A, Q, R> = {
    list: (q) =>
      Effect.sync((): Page<A> => {
        const ids = [...rows.keys()].filter((id) => q.after === undefined || id > q.after).sort()
        const items: Array<Versioned<A>> = []
        let next: string | undefined
        for (const id of ids) {
          const row = rows.get(id)!
          if (!matches(row.value, q)) continue
          if (items.length === q.limit) {
            // another match lies beyond this page: the page ends at its last item
            next = idOf(items[items.length - 1]!.value)
            break
          }
          items.push(row)
        }
        return { items, next }
      }),
    get: (id) => Effect.sync(() => rows.get(id)),
    create: (value, actor) =>
      Effect.suspend((): Effect.Effect<Versioned<A>, StoreConflict | R> => {
        const id = idOf(value)
        const existing = rows.get(id)
        if (existing !== undefined) return Effect.fail(new StoreConflict({ id, currentVersion: existing.version, expectedVersion: undefined }))
        const why = refused(value)
        if (why !== undefined) return Effect.fail(why)
        const row = { value, version: 1 }
        rows.set(id, row)
        return Effect.as(audit(actor, { action: "create", resource, resourceId: id, ...versions(undefined, 1) }), row)
      }),
    replace: (value, expected, actor) =>
      Effect.suspend((): Effect.Effect<Versioned<A>, StoreConflict | StoreMissing | R> => {
        const id = idOf(value)
        const old = current(id, expected)
        if (Either.isLeft(old)) return Effect.fail(old.left)
        const why = refused(value)
        if (why !== undefined) return Effect.fail(why)
        const row = { value, version: expected + 1 }
        rows.set(id, row)
        return Effect.as(audit(actor, { action: "replace", resource, resourceId: id, ...versions(expected, row.version) }), row)
      }),
    remove: (id, expected, actor) =>
      Effect.suspend(() => {
        const old = current(id, expected)
        if (Either.isLeft(old)) return Effect.fail(old.left)
        rows.delete(id)
        return audit(actor, { action: "delete", resource, resourceId: id, ...versions(expected, undefined) })
      })
  }
  return { port, rows }
}

/**
 * A fresh, empty store in memory implementing the core's {@link StoragePort}: versions, conflicts, audit,
 * pages, the structure through the core's `replay`, the ledger. Its revision is its count of writes; the
 * audit log's times come from Effect's `Clock` (a `TestClock` sets them in tests).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { memoryPort, seedScenarios } from "@redsite/core"
 * const store = memoryPort()
 * const saved = Effect.runSync(store.projects.create(seedScenarios[0]!.project, { principalId: "ops", role: "administrator" }))
 * // saved.version === 1
 * ```
 */
export const memoryPort = (): StoragePort => {
  const log: Array<AuditRecord> = []
  // every write adds one audit entry, so the log's length counts writes: the store's revision
  const audit: Audit = (actor, entry) =>
    Effect.map(Clock.currentTimeMillis, (now) => {
      log.push({ seq: log.length + 1, at: new Date(now).toISOString(), principalId: actor.principalId, role: actor.role, ...entry })
    })
  const projects = collection<Project, ProjectQuery, never>("project", (p) => p.id, projectMatches, audit, () => undefined)
  const coverage = collection<CoverageFacts, PageQuery, StoreReferenceMissing>("coverage", (f) => f.projectId, () => true, audit, (f) =>
    projects.rows.has(f.projectId) ? undefined : new StoreReferenceMissing({ resource: "project", id: f.projectId }))
  const policies = collection<Policy, PageQuery, never>("policy", (p) => p.id, () => true, audit, () => undefined)
  const structureLog: Array<StructureEvent> = []
  // what the core made of the log (the events it accepted), so that reading needs no replay
  let structure: Structure = emptyStructure
  const ledger: Array<PointEvent> = []
  // the compliance log as the core accepted it, and the project of each of its events
  let records: RecordBook = emptyRecordBook
  const recordProject: Array<string> = []
  const recordIds = new Map<string, string>()
  return {
    projects: {
      ...projects.port,
      // a project's coverage facts go with it
      remove: (id, expected, actor) => Effect.tap(projects.port.remove(id, expected, actor), () => Effect.sync(() => coverage.rows.delete(id)))
    },
    policies: policies.port,
    coverage: coverage.port,
    portfolio: (filter) =>
      Effect.sync(() => {
        const ps = [...projects.rows.keys()].sort().map((id) => projects.rows.get(id)!.value).filter((p) => projectMatches(p, { ...filter, limit: 0 }))
        return portfolioColumns(ps, [...coverage.rows.values()].map((r) => r.value))
      }),
    structure: {
      current: Effect.sync(() => ({ structure, version: structureLog.length })),
      asOf: (date) => Effect.sync(() => ({ structure: asOf(structure, date), version: structureLog.length })),
      append: (events, expected, policy, actor) =>
        Effect.suspend((): Effect.Effect<VersionedStructure, StoreConflict | StructureRefused> => {
          if (structureLog.length !== expected) {
            return Effect.fail(new StoreConflict({ id: "structure", currentVersion: structureLog.length, expectedVersion: expected }))
          }
          const r = replay(events, policy, structure)
          if (Either.isLeft(r)) return Effect.fail(new StructureRefused({ index: r.left.index, tag: events[r.left.index]!._tag, rejection: r.left.rejection }))
          if (events.length === 0) return Effect.succeed({ structure, version: expected })
          structure = r.right
          structureLog.push(...events)
          const version = structureLog.length
          return Effect.as(
            audit(actor, { action: "replace", resource: "structure", resourceId: `events ${expected + 1}-${version}`, beforeVersion: expected, afterVersion: version }),
            { structure, version }
          )
        }),
      subtree: (organizationId, date) => Effect.sync(() => subtreeOf(structure, organizationId, date))
    },
    records: {
      log: (projectId) =>
        Effect.sync(() => ({
          book: projectId === undefined ? records : new RecordBook({ events: records.events.filter((_, i) => recordProject[i] === projectId) }, trusted),
          version: records.events.length
        })),
      append: (events: ReadonlyArray<RecordEvent>, expected, actor) =>
        Effect.suspend((): Effect.Effect<{ readonly version: number }, StoreConflict | RecordRefused> => {
          const version = records.events.length
          if (version !== expected) return Effect.fail(new StoreConflict({ id: "records", currentVersion: version, expectedVersion: expected }))
          const r = replayRecords(events, records)
          if (Either.isLeft(r)) return Effect.fail(new RecordRefused({ index: r.left.index, tag: events[r.left.index]!._tag, rejection: r.left.rejection }))
          if (events.length === 0) return Effect.succeed({ version })
          records = r.right
          recordProject.push(...recordProjectIds(events, recordIds))
          const after = records.events.length
          return Effect.as(
            audit(actor, { action: "replace", resource: "records", resourceId: `events ${expected + 1}-${after}`, beforeVersion: expected, afterVersion: after }),
            { version: after }
          )
        })
    },
    ledger: {
      events: Effect.sync(() => [...ledger]),
      append: (events, actor) =>
        Effect.suspend(() => {
          if (events.length === 0) return Effect.succeed(0)
          ledger.push(...events)
          return Effect.as(audit(actor, { action: "create", resource: "ledger", resourceId: `${events[0]!.id}..${events[events.length - 1]!.id}` }), events.length)
        })
    },
    audit: (afterSeq, limit) => Effect.sync(() => log.slice(Math.max(0, afterSeq), Math.max(0, afterSeq) + Math.max(0, limit))),
    revision: Effect.sync(() => String(log.length))
  }
}
