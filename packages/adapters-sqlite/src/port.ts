/**
 * The core's storage port (`StoragePort`) on a SQLite database: the repositories of a {@link RedsiteStore}
 * as Effects, their refusals as the port's errors. It passes the port's contract suite unchanged
 * (`port.test.ts`).
 *
 * @module
 */
import { StoreConflict, StoreMissing, StoreReferenceMissing, StructureInvalid, StructureRefused } from "@redsite/core"
import type { Actor, CoverageFacts, PointEvent, StoragePort, StoreCollection } from "@redsite/core"
import { Effect, Either, Option } from "effect"
import { loadPortfolio } from "./portfolio.js"
import { complianceRecords } from "./records.js"
import { RowConflict } from "./rows.js"
import type { RowMissing } from "./rows.js"
import type { Collection, RedsiteStore } from "./store.js"
import { StructureEventInvalid } from "./structure.js"
import type { StructureRejected } from "./structure.js"

/** A stale version or an existing id as the port's error. */
const conflict = (e: RowConflict): StoreConflict => new StoreConflict({ id: e.id, currentVersion: e.currentVersion, expectedVersion: e.expectedVersion })

/** A refusal of a row write as the port's error. */
const rowError = (e: RowConflict | RowMissing): StoreConflict | StoreMissing => (e instanceof RowConflict ? conflict(e) : new StoreMissing({ id: e.id }))

/** A write's `Either` as an Effect failing with the port's error. */
const settle = <A, E, F>(thunk: () => Either.Either<A, E>, error: (e: E) => F): Effect.Effect<A, F> =>
  Effect.flatMap(Effect.sync(thunk), (r) => (Either.isRight(r) ? Effect.succeed(r.right) : Effect.fail(error(r.left))))

/** One of the store's collections as the port's. */
const collection = <A, Q, P>(c: Collection<A, P>, query: (q: Q) => P): StoreCollection<A, Q> => ({
  list: (q) => Effect.sync(() => c.list(query(q))),
  get: (id) => Effect.sync(() => c.get(id)),
  create: (value, actor) => settle(() => c.create(value, actor), conflict),
  replace: (value, expected, actor) => settle(() => c.replace(value, expected, actor), rowError),
  remove: (id, expected, actor) => settle(() => c.remove(id, expected, actor), rowError)
})

/** Whether a write failed on a foreign key (SQLite rolled the statement and its transaction back). */
const isForeignKeyFailure = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === "SQLITE_CONSTRAINT_FOREIGNKEY"

/**
 * The coverage collection: facts refer to their project (`coverage_facts.project_id REFERENCES projects`),
 * so a write of facts whose project is not stored fails on the foreign key inside the write's
 * transaction, which is then rolled back with its audit entry: that failure is the port's
 * {@link StoreReferenceMissing}; any other is a defect.
 */
const coverageCollection = (c: Collection<CoverageFacts, { readonly after?: string | undefined; readonly limit: number }>) => {
  const base = collection(c, (q: { readonly after?: string | undefined; readonly limit: number }) => ({ after: q.after, limit: q.limit }))
  const referenced = <A, E>(facts: CoverageFacts, write: Effect.Effect<A, E>): Effect.Effect<A, E | StoreReferenceMissing> =>
    Effect.catchSomeDefect(write, (d) =>
      isForeignKeyFailure(d) ? Option.some(Effect.fail(new StoreReferenceMissing({ resource: "project", id: facts.projectId }))) : Option.none())
  const port: StoreCollection<CoverageFacts, { readonly after?: string | undefined; readonly limit: number }, StoreReferenceMissing> = {
    ...base,
    create: (facts, actor) => referenced(facts, base.create(facts, actor)),
    replace: (facts, expected, actor) => referenced(facts, base.replace(facts, expected, actor))
  }
  return port
}

/**
 * The storage port on a store. Its `revision` is SQLite's `data_version` (which changes when another
 * connection commits) with this connection's count of changed rows (which changes with each of its writes).
 *
 * @example
 * ```ts
 * import { RedsiteStore, openConnection, sqlitePort } from "@redsite/adapters-sqlite"
 * import { Effect } from "effect"
 * const port = sqlitePort(new RedsiteStore(openConnection("city.db")))
 * const page = Effect.runSync(port.projects.list({ district: "浦东新区", limit: 50 }))
 * ```
 */
export const sqlitePort = (store: RedsiteStore): StoragePort => {
  const db = store.db
  const page = (q: { readonly after?: string | undefined; readonly limit: number }) => ({ after: q.after, limit: q.limit })
  const current = () => ({ structure: store.structure.structure(), version: store.structure.version() })
  const records = complianceRecords(store)
  return {
    projects: collection(store.projects, (q) => ({
      district: q.district, phase: q.phase, after: q.after, limit: q.limit,
      organizationIds: q.organizationIds === undefined ? undefined : [...q.organizationIds]
    })),
    policies: collection(store.policies, page),
    coverage: coverageCollection(store.coverage),
    portfolio: (filter) => Effect.sync(() => loadPortfolio(store, {
      ...(filter.district === undefined ? {} : { district: filter.district }), ...(filter.phase === undefined ? {} : { phase: filter.phase })
    })),
    structure: {
      current: Effect.sync(current),
      asOf: (date) => Effect.sync(() => ({ structure: store.structure.structureAt(date), version: store.structure.version() })),
      append: (events, expectedVersion, policy, actor) =>
        settle(
          () => store.structure.append(events, { expectedVersion, policy, actor }),
          (e: RowConflict | StructureEventInvalid | StructureRejected) =>
            e instanceof RowConflict
              ? conflict(e)
              : e instanceof StructureEventInvalid
              ? new StructureInvalid({ index: e.index, issues: e.error.issues.map((i) => ({ path: i.path, message: i.message })) })
              : new StructureRefused({ index: e.index, tag: e.tag, rejection: e.rejection })
        ).pipe(Effect.map((r) => ({ structure: r.structure, version: r.version }))),
      subtree: (organizationId, date) => Effect.sync(() => store.structure.subtreeAt(organizationId, date))
    },
    records: {
      log: (projectId) => Effect.sync(() => records.log(projectId)),
      append: (events, expectedVersion, actor) => settle(() => records.append(events, expectedVersion, actor), (e) => e)
    },
    ledger: {
      events: Effect.sync(() => store.ledger()),
      append: (events: ReadonlyArray<PointEvent>, actor: Actor) => Effect.sync(() => {
        if (events.length === 0) return 0
        db.transaction(() => {
          store.appendLedger(events)
          store.record(actor, "create", "ledger", `${events[0]!.id}..${events[events.length - 1]!.id}`, null, null)
        }).immediate()
        return events.length
      })
    },
    audit: (afterSeq, limit) => Effect.sync(() => store.audit(afterSeq, limit)),
    revision: Effect.sync(() => `${db.pragma("data_version", { simple: true }) as number}.${(db.prepare("SELECT total_changes() AS n").get() as { n: number }).n}`)
  }
}
