/**
 * The server's store on a SQLite file: the SQLite package's storage port (`sqlitePort` of
 * `@redsite/adapters-sqlite`) on a connection this layer opens and closes. What the server keeps survives
 * restarts, and every write is one transaction with its audit entry. No SQL here: the server only knows
 * the port.
 *
 * @module
 */
import { RedsiteStore, openConnection, sqlitePort } from "@redsite/adapters-sqlite"
import type { OpenOptions } from "@redsite/adapters-sqlite"
import { Effect, Layer } from "effect"
import { Store } from "./store.js"

/**
 * A {@link Store} on the SQLite file at `path` (created and migrated if needed), closed with the layer.
 * Fails to build when the file is newer than this version or is not a redsite database.
 *
 * @example
 * ```ts
 * import { StoreSqlite, startServer } from "@redsite/adapters-http"
 * const server = await startServer({ tokens: [], store: StoreSqlite("redsite.db") })
 * ```
 */
export const StoreSqlite = (path: string, options: OpenOptions = {}): Layer.Layer<Store, Error> =>
  Layer.scoped(
    Store,
    Effect.map(
      Effect.acquireRelease(
        Effect.try({ try: () => new RedsiteStore(openConnection(path, options)), catch: (e) => (e instanceof Error ? e : new Error(String(e))) }),
        (s) => Effect.sync(() => s.db.close())
      ),
      sqlitePort
    )
  )

/** @deprecated The SQLite package's `sqlitePort`. */
export const sqliteStoreService = sqlitePort
