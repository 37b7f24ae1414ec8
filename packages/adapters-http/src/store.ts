/**
 * The storage the HTTP server works on: the core's storage port (`StoragePort`, defined once in
 * `@redsite/core` with the contract suite every store passes) and nothing else. The server takes any
 * implementation — in memory (`StoreMemory`, the core's `memoryPort`), SQLite (`StoreSqlite`, the SQLite
 * package's `sqlitePort`), PostgreSQL, or your own — as a {@link Store} layer or as a port
 * ({@link storeLayer}).
 *
 * The port's types and errors are re-exported here for code written against earlier releases, which
 * defined their own copies; they are the core's.
 *
 * @module
 */
import type { StoragePort, StoreCollection } from "@redsite/core"
import { Context, Layer } from "effect"

export { StoreConflict, StoreMissing, StoreReferenceMissing, StructureInvalid, StructureRefused } from "@redsite/core"
export type { Actor, Page, PageQuery, ProjectQuery, StoragePort, Versioned, VersionedStructure } from "@redsite/core"

/** The store service: the core's storage port. */
export class Store extends Context.Tag("@redsite/adapters-http/Store")<Store, StoragePort>() {}

/**
 * A {@link Store} layer of a port built by the caller, who keeps it open while the server runs and closes
 * it after (the layer does not).
 *
 * @example
 * ```ts
 * import { memoryPort } from "@redsite/core"
 * import { startServer, storeLayer } from "@redsite/adapters-http"
 * const server = await startServer({ tokens: [], store: storeLayer(memoryPort()) })
 * ```
 */
export const storeLayer = (port: StoragePort): Layer.Layer<Store> => Layer.succeed(Store, port)

/** @deprecated The core's `StoragePort`: the server's store is the port. */
export type StoreService = StoragePort

/** @deprecated The core's `StoreCollection`. */
export type Collection<A, Q> = StoreCollection<A, Q>
