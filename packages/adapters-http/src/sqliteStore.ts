/**
 * The {@link Store} on a SQLite file (`@redsite/adapters-sqlite`): what the server keeps survives restarts,
 * and every write is one transaction with its audit entry.
 *
 * @module
 */
import { RedsiteStore, loadPortfolio, openConnection } from "@redsite/adapters-sqlite"
import type { Collection as SqliteCollection, OpenOptions, RowConflict, RowMissing } from "@redsite/adapters-sqlite"
import { StructureEvent } from "@redsite/core"
import { Effect, Either, Layer, Schema } from "effect"
import { withCachedPortfolio } from "./derived.js"
import { AuditEntry, Store, StoreConflict, StoreMissing } from "./store.js"
import type { Collection, StoreService } from "./store.js"

const toStoreError = (e: RowConflict | RowMissing): StoreConflict | StoreMissing =>
  e._tag === "RowMissing"
    ? new StoreMissing({ id: e.id })
    : new StoreConflict({ id: e.id, currentVersion: e.currentVersion, expectedVersion: e.expectedVersion })

const fromEither = <A, E extends RowConflict | RowMissing>(f: () => Either.Either<A, E>) =>
  Effect.suspend(() => {
    const r = f()
    return Either.isRight(r) ? Effect.succeed(r.right) : Effect.fail(toStoreError(r.left) as E extends RowMissing ? StoreConflict | StoreMissing : StoreConflict)
  })

const collection = <A, Q, SQ>(c: SqliteCollection<A, SQ>, query: (q: Q) => SQ): Collection<A, Q> => ({
  list: (q) => Effect.sync(() => c.list(query(q))),
  get: (id) => Effect.sync(() => c.get(id)),
  create: (value, actor) => fromEither(() => c.create(value, actor)) as Effect.Effect<{ value: A; version: number }, StoreConflict>,
  replace: (value, expected, actor) => fromEither(() => c.replace(value, expected, actor)),
  remove: (id, expected, actor) => fromEither(() => c.remove(id, expected, actor))
})

/** The store service over an open {@link RedsiteStore}. */
export const sqliteStoreService = (store: RedsiteStore): StoreService => {
  const subtree = store.db.prepare<[string], { id: string }>(`
    WITH RECURSIVE below(id) AS (
      SELECT ?
      UNION
      SELECT r.from_id FROM relations r JOIN below b ON r.to_id = b.id
      WHERE r.kind = 'reportsTo' AND r.valid_to IS NULL
    ) SELECT id FROM below`)
  // data_version changes when another connection (another process on the same file) commits; it does not
  // see this connection's own writes, which total_changes() counts (https://sqlite.org/pragma.html#pragma_data_version,
  // https://sqlite.org/lang_corefunc.html#total_changes)
  const revision = store.db.prepare<[], { v: number; c: number }>("SELECT (SELECT data_version FROM pragma_data_version) AS v, total_changes() AS c")
  return withCachedPortfolio({
    revision: Effect.sync(() => {
      const r = revision.get()!
      return `${r.v}:${r.c}`
    }),
    projects: collection(store.projects, (q) => ({
      district: q.district,
      phase: q.phase,
      organizationIds: q.organizationIds === undefined ? undefined : [...q.organizationIds],
      after: q.after,
      limit: q.limit
    })),
    policies: collection(store.policies, (q) => q),
    coverage: collection(store.coverage, (q) => q),
    portfolio: (filter) => Effect.sync(() => loadPortfolio(store, {
      ...(filter.district === undefined ? {} : { district: filter.district }),
      ...(filter.phase === undefined ? {} : { phase: filter.phase })
    })),
    ledger: {
      events: Effect.sync(() => store.ledger()),
      append: (events, actor) =>
        Effect.sync(() =>
          store.db.transaction(() => {
            store.appendLedger(events)
            const n = (store.db.prepare("SELECT count(*) AS n FROM ledger").get() as { n: number }).n
            store.record(actor, "create", "ledger", `events ${n - events.length + 1}-${n}`, null, n)
            return n
          }).immediate())
    },
    structure: {
      events: Effect.sync(() => store.events(StructureEvent, { stream: "structure" }).map((e) => e.payload)),
      append: (events, expected, actor) =>
        Effect.suspend(() => {
          const encode = Schema.encodeSync(StructureEvent)
          const count = store.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM events WHERE stream = 'structure'")
          const result = store.db.transaction((): number | StoreConflict => {
            const n = count.get()!.n
            if (n !== expected) return new StoreConflict({ id: "structure", currentVersion: n, expectedVersion: expected })
            store.appendEvents(events.map((e) => ({ stream: "structure", type: e._tag, occurredOn: e.date, payload: encode(e) })))
            store.record(actor, "replace", "structure", `events ${expected + 1}-${expected + events.length}`, expected, expected + events.length)
            return expected + events.length
          }).immediate()
          return typeof result === "number" ? Effect.succeed(result) : Effect.fail(result)
        })
    },
    subtree: (organizationId) => Effect.sync(() => new Set(subtree.all(organizationId).map((r) => r.id))),
    audit: (afterSeq, limit) => Effect.sync(() => store.audit(afterSeq, limit).map((a) => new AuditEntry(a)))
  })
}

/**
 * A {@link Store} on the SQLite file at `path` (created and migrated if needed), closed with the layer.
 * Fails to build when the file is newer than this version or is not a redsite database.
 */
export const StoreSqlite = (path: string, options: OpenOptions = {}): Layer.Layer<Store, Error> =>
  Layer.scoped(
    Store,
    Effect.map(
      Effect.acquireRelease(
        Effect.try({ try: () => new RedsiteStore(openConnection(path, options)), catch: (e) => (e instanceof Error ? e : new Error(String(e))) }),
        (s) => Effect.sync(() => s.db.close())
      ),
      sqliteStoreService
    )
  )
