/**
 * The {@link Store} on a SQLite file (`@redsite/adapters-sqlite`): what the server keeps survives restarts,
 * and every write is one transaction with its audit entry. The structure is the SQLite package's structure
 * repository (`store.structure`): appended through the core in the event log's transaction, read, read as of
 * a date and walked for a secretary's subtree from its tables.
 *
 * @module
 */
import { RedsiteStore, loadPortfolio, openConnection } from "@redsite/adapters-sqlite"
import type {
  Collection as SqliteCollection, OpenOptions, RowConflict, RowMissing, StructureEventInvalid, StructureRejected
} from "@redsite/adapters-sqlite"
import { Effect, Either, Layer } from "effect"
import { withCachedPortfolio } from "./derived.js"
import { AuditEntry } from "@redsite/client"
import { Store, StoreConflict, StoreMissing, StructureInvalid, StructureRefused } from "./store.js"
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

/**
 * The structure repository's errors as the port's (docs/sqlite.md): a stale version is a {@link StoreConflict},
 * the core's refusal a {@link StructureRefused} with its rejection, an event that does not decode a
 * {@link StructureInvalid} with every bad field.
 */
const toStructureError = (e: RowConflict | StructureRejected | StructureEventInvalid): StoreConflict | StructureRefused | StructureInvalid => {
  switch (e._tag) {
    case "RowConflict": return new StoreConflict({ id: e.id, currentVersion: e.currentVersion, expectedVersion: e.expectedVersion })
    case "StructureRejected": return new StructureRefused({ index: e.index, tag: e.tag, rejection: e.rejection })
    case "StructureEventInvalid": return new StructureInvalid({ index: e.index, issues: e.error.issues.map((i) => ({ path: i.path, message: i.message })) })
  }
}

/** The store service over an open {@link RedsiteStore}. */
export const sqliteStoreService = (store: RedsiteStore): StoreService => {
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
      current: Effect.sync(() => {
        // the structure first: reading it brings the tables up to the log, so the version is the one it has
        const structure = store.structure.structure()
        return { structure, version: store.structure.version() }
      }),
      asOf: (date) => Effect.sync(() => {
        const structure = store.structure.structureAt(date)
        return { structure, version: store.structure.version() }
      }),
      append: (events, expectedVersion, policy, actor) =>
        Effect.suspend(() => {
          const r = store.structure.append(events, { expectedVersion, policy, actor })
          return Either.isRight(r)
            ? Effect.succeed({ structure: r.right.structure, version: r.right.version })
            : Effect.fail(toStructureError(r.left))
        })
    },
    subtree: (organizationId, date) => Effect.sync(() => store.structure.subtreeAt(organizationId, date)),
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
