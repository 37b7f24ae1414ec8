/**
 * The server's store in memory: the core's `memoryPort` (same behaviour as every store: versions,
 * conflicts, audit, pages; it passes the storage contract suite), lost on restart.
 *
 * @module
 */
import { memoryPort } from "@redsite/core"
import { Layer } from "effect"
import { Store } from "./store.js"

/** @deprecated The core's `projectMatches` (a project against a listing's filters). */
export { projectMatches } from "@redsite/core"

/**
 * A fresh in-memory {@link Store} each time the layer is built.
 *
 * @example
 * ```ts
 * import { StoreMemory, seededStore, startServer } from "@redsite/adapters-http"
 * const server = await startServer({ tokens: [], store: seededStore(StoreMemory) })
 * ```
 */
export const StoreMemory: Layer.Layer<Store> = Layer.sync(Store, memoryPort)
