/**
 * An in-memory {@link Store}: same behaviour as the SQLite one (versions, conflicts, audit), lost on restart.
 *
 * @module
 */
import { asOf, emptyStructure, portfolioColumns, replay, subtreeOf } from "@redsite/core"
import type { CoverageFacts, PointEvent, Policy, Project, Structure, StructureEvent } from "@redsite/core"
import { Effect, Either, Layer } from "effect"
import { withCachedPortfolio } from "./derived.js"
import { AuditEntry } from "@redsite/client"
import { Store, StoreConflict, StoreMissing, StructureRefused } from "./store.js"
import type { Actor, Collection, Page, PageQuery, ProjectQuery, Versioned } from "./store.js"

type Audit = (entry: Omit<AuditEntry, "seq" | "at">) => void

const collection = <A, Q extends { readonly after?: string | undefined; readonly limit: number }>(
  resource: string,
  idOf: (a: A) => string,
  matches: (a: A, q: Q) => boolean,
  audit: Audit
): Collection<A, Q> => {
  const rows = new Map<string, Versioned<A>>()
  const record = (actor: Actor, action: AuditEntry["action"], id: string, before?: number, after?: number) =>
    audit({
      principalId: actor.principalId,
      role: actor.role,
      action,
      resource,
      resourceId: id,
      ...(before === undefined ? {} : { beforeVersion: before }),
      ...(after === undefined ? {} : { afterVersion: after })
    })
  const current = (id: string, expected: number): Effect.Effect<Versioned<A>, StoreConflict | StoreMissing> => {
    const row = rows.get(id)
    if (row === undefined) return Effect.fail(new StoreMissing({ id }))
    if (row.version !== expected) {
      return Effect.fail(new StoreConflict({ id, currentVersion: row.version, expectedVersion: expected }))
    }
    return Effect.succeed(row)
  }
  return {
    list: (q) =>
      Effect.sync((): Page<A> => {
        const ids = [...rows.keys()].filter((id) => q.after === undefined || id > q.after).sort()
        const items: Array<Versioned<A>> = []
        let next: string | undefined
        for (const id of ids) {
          const row = rows.get(id)!
          if (!matches(row.value, q)) continue
          if (items.length === q.limit) {
            // another match exists beyond this page: the page ends at its last item
            next = idOf(items[items.length - 1]!.value)
            break
          }
          items.push(row)
        }
        return { items, next }
      }),
    get: (id) => Effect.sync(() => rows.get(id)),
    create: (value, actor) =>
      Effect.suspend(() => {
        const id = idOf(value)
        const existing = rows.get(id)
        if (existing !== undefined) {
          return Effect.fail(new StoreConflict({ id, currentVersion: existing.version, expectedVersion: undefined }))
        }
        const row = { value, version: 1 }
        rows.set(id, row)
        record(actor, "create", id, undefined, 1)
        return Effect.succeed(row)
      }),
    replace: (value, expected, actor) =>
      Effect.map(current(idOf(value), expected), (old) => {
        const row = { value, version: old.version + 1 }
        rows.set(idOf(value), row)
        record(actor, "replace", idOf(value), old.version, row.version)
        return row
      }),
    remove: (id, expected, actor) =>
      Effect.map(current(id, expected), (old) => {
        rows.delete(id)
        record(actor, "delete", id, old.version, undefined)
      })
  }
}

/** Whether a project passes the filters of a listing. */
export const projectMatches = (p: Project, q: ProjectQuery): boolean =>
  (q.district === undefined || p.district === q.district) &&
  (q.phase === undefined || p.phase === q.phase) &&
  (q.organizationIds === undefined || p.units.some((u) => u.organizationId !== undefined && q.organizationIds!.has(u.organizationId)))

/** A fresh in-memory store. */
export const StoreMemory = Layer.sync(Store, () => {
  const log: Array<AuditEntry> = []
  // every write goes through the audit log, so counting entries counts writes: the store's revision
  let writes = 0
  const audit: Audit = (entry) => {
    writes++
    log.push(new AuditEntry({ ...entry, seq: log.length + 1, at: new Date().toISOString() }))
  }
  const projects = collection<Project, ProjectQuery>("project", (p) => p.id, projectMatches, audit)
  const structureLog: Array<StructureEvent> = []
  // what the core made of the log (the events it accepted, so the structure needs no replay to be read)
  let structure: Structure = emptyStructure
  const ledger: Array<PointEvent> = []
  const coverage = collection<CoverageFacts, PageQuery>("coverage", (f) => f.projectId, () => true, audit)
  return withCachedPortfolio({
    revision: Effect.sync(() => String(writes)),
    projects,
    policies: collection<Policy, PageQuery>("policy", (p) => p.id, () => true, audit),
    coverage,
    portfolio: (filter) =>
      Effect.map(
        Effect.all([projects.list({ ...filter, limit: Number.MAX_SAFE_INTEGER }), coverage.list({ limit: Number.MAX_SAFE_INTEGER })]),
        ([p, c]) => portfolioColumns(p.items.map((i) => i.value), c.items.map((i) => i.value))
      ),
    ledger: {
      events: Effect.sync(() => [...ledger]),
      append: (events, actor) =>
        Effect.sync(() => {
          const before = ledger.length
          ledger.push(...events)
          audit({ principalId: actor.principalId, role: actor.role, action: "create", resource: "ledger", resourceId: `events ${before + 1}-${ledger.length}`, afterVersion: ledger.length })
          return ledger.length
        })
    },
    structure: {
      current: Effect.sync(() => ({ structure, version: structureLog.length })),
      asOf: (date) => Effect.sync(() => ({ structure: asOf(structure, date), version: structureLog.length })),
      append: (events, expected, policy, actor) =>
        Effect.suspend((): Effect.Effect<{ structure: Structure; version: number }, StoreConflict | StructureRefused> => {
          if (structureLog.length !== expected) {
            return Effect.fail(new StoreConflict({ id: "structure", currentVersion: structureLog.length, expectedVersion: expected }))
          }
          const r = replay(events, policy, structure)
          if (Either.isLeft(r)) return Effect.fail(new StructureRefused({ index: r.left.index, tag: events[r.left.index]!._tag, rejection: r.left.rejection }))
          structure = r.right
          structureLog.push(...events)
          audit({ principalId: actor.principalId, role: actor.role, action: "replace", resource: "structure", resourceId: `events ${expected + 1}-${structureLog.length}`, beforeVersion: expected, afterVersion: structureLog.length })
          return Effect.succeed({ structure, version: structureLog.length })
        })
    },
    subtree: (organizationId, date) => Effect.sync(() => subtreeOf(structure, organizationId, date)),
    audit: (afterSeq, limit) => Effect.sync(() => log.slice(Math.max(0, afterSeq), Math.max(0, afterSeq) + limit))
  })
})
