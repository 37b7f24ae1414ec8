/**
 * Two ways in: a small Promise API for teams that do not use Effect ({@link openDatabase}), and an Effect
 * layer providing the repositories as a service ({@link SqliteDatabase}, {@link layer}).
 *
 * @module
 */
import type { CoverageFacts, PointEvent, Policy, PortfolioColumns, Project, Structure, StructureEvent } from "@redsite/core"
import { Context, Effect, Either, Layer } from "effect"
import { openConnection } from "./database.js"
import type { OpenOptions } from "./database.js"
import { exportJsonl, importJsonl } from "./jsonl.js"
import type { ExportOptions, ImportKind, ImportOptions, ImportResult } from "./jsonl.js"
import { loadPortfolio } from "./portfolio.js"
import type { PortfolioQuery } from "./portfolio.js"
import { RedsiteStore } from "./store.js"
import type { Actor, AuditRow, Page, Versioned } from "./rows.js"
import type { Collection, ProjectFilter } from "./store.js"
import type { AppendStructureOptions, StructureAppended, StructureRepository } from "./structure.js"
import type { Readable, Writable } from "node:stream"

/** A collection with Promise methods; a conflict or a missing row rejects with `RowConflict` / `RowMissing`. */
export interface AsyncCollection<A, Q> {
  readonly get: (id: string) => Promise<Versioned<A> | undefined>
  readonly list: (query: Q) => Promise<Page<A>>
  readonly create: (value: A, actor: Actor) => Promise<Versioned<A>>
  readonly replace: (value: A, expectedVersion: number, actor: Actor) => Promise<Versioned<A>>
  readonly remove: (id: string, expectedVersion: number, actor: Actor) => Promise<void>
}

const settle = <A, E>(f: () => Either.Either<A, E>): Promise<A> =>
  new Promise((resolve, reject) => {
    const r = f()
    if (Either.isRight(r)) resolve(r.right)
    else reject(r.left)
  })

const asyncCollection = <A, Q>(c: Collection<A, Q>): AsyncCollection<A, Q> => ({
  get: async (id) => c.get(id),
  list: async (q) => c.list(q),
  create: (value, actor) => settle(() => c.create(value, actor)),
  replace: (value, expected, actor) => settle(() => c.replace(value, expected, actor)),
  remove: (id, expected, actor) => settle(() => c.remove(id, expected, actor))
})

/**
 * The structure over time with Promise methods (see `StructureRepository`): an append rejects with
 * `RowConflict` (stale version), `StructureEventInvalid` or `StructureRejected` and then writes nothing.
 */
export interface AsyncStructure {
  readonly append: (events: ReadonlyArray<StructureEvent | typeof StructureEvent.Encoded>, options: AppendStructureOptions) => Promise<StructureAppended>
  readonly version: () => Promise<number>
  readonly structure: () => Promise<Structure>
  readonly structureAt: (date: string) => Promise<Structure>
  readonly subtreeAt: (organizationId: string, date: string) => Promise<ReadonlySet<string>>
}

const asyncStructure = (s: StructureRepository): AsyncStructure => ({
  append: (events, options) => settle(() => s.append(events, options)),
  version: async () => s.version(),
  structure: async () => s.structure(),
  structureAt: async (date) => s.structureAt(date),
  subtreeAt: async (id, date) => s.subtreeAt(id, date)
})

type Paging = { readonly after?: string | undefined; readonly limit: number }

/** A redsite database with a Promise API. */
export interface RedsiteDatabase {
  readonly projects: AsyncCollection<Project, ProjectFilter>
  readonly policies: AsyncCollection<Policy, Paging>
  readonly coverage: AsyncCollection<CoverageFacts, Paging>
  /** The structure over time: events checked by the core, stored in the log and the structure tables. */
  readonly structure: AsyncStructure
  /** Imports a JSON Lines file or stream (see `importJsonl` for the batch semantics). */
  readonly importJsonl: (kind: ImportKind, input: string | Readable | AsyncIterable<Uint8Array | string>, options?: ImportOptions) => Promise<ImportResult>
  /** Exports every row of a kind as JSON Lines; resolves to the number of rows. */
  readonly exportJsonl: (kind: ImportKind, output: string | Writable, options?: ExportOptions) => Promise<number>
  /** The stored portfolio as the core's columns. */
  readonly portfolio: (query?: PortfolioQuery) => Promise<PortfolioColumns>
  readonly appendLedger: (events: ReadonlyArray<PointEvent>) => Promise<void>
  readonly ledger: (from?: string, to?: string) => Promise<ReadonlyArray<PointEvent>>
  readonly audit: (afterSeq?: number, limit?: number) => Promise<ReadonlyArray<AuditRow>>
  /** The synchronous repositories underneath (better-sqlite3), for bulk work. */
  readonly store: RedsiteStore
  readonly close: () => Promise<void>
}

/**
 * Opens (creating and migrating if needed) a database file.
 *
 * @example
 * ```ts
 * import { openDatabase } from "@redsite/adapters-sqlite"
 * const db = await openDatabase("city.db")
 * await db.importJsonl("projects", "projects.jsonl")
 * const page = await db.projects.list({ district: "福鼎市", limit: 50 })
 * await db.close()
 * ```
 */
export const openDatabase = async (path: string, options: OpenOptions = {}): Promise<RedsiteDatabase> => {
  const store = new RedsiteStore(openConnection(path, options))
  return {
    projects: asyncCollection(store.projects),
    policies: asyncCollection(store.policies),
    coverage: asyncCollection(store.coverage),
    structure: asyncStructure(store.structure),
    importJsonl: (kind, input, opts) => importJsonl(store, kind, input, opts),
    exportJsonl: (kind, output, opts) => exportJsonl(store, kind, output, opts),
    portfolio: async (query) => loadPortfolio(store, query),
    appendLedger: async (events) => store.appendLedger(events),
    ledger: async (from, to) => store.ledger(from, to),
    audit: async (afterSeq = 0, limit = 1000) => store.audit(afterSeq, limit),
    store,
    close: async () => {
      store.db.close()
    }
  }
}

/** The repositories of an open database (the structure as `store.structure`), as an Effect service. */
export class SqliteDatabase extends Context.Tag("@redsite/adapters-sqlite/SqliteDatabase")<SqliteDatabase, RedsiteStore>() {}

/** A layer opening the database at `path` (migrating it if needed) and closing it when the scope ends. */
export const layer = (path: string, options: OpenOptions = {}): Layer.Layer<SqliteDatabase, Error> =>
  Layer.scoped(
    SqliteDatabase,
    Effect.acquireRelease(
      Effect.try({ try: () => new RedsiteStore(openConnection(path, options)), catch: (e) => (e instanceof Error ? e : new Error(String(e))) }),
      (s) => Effect.sync(() => s.db.close())
    )
  )
