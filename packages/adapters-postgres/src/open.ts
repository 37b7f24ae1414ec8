/**
 * Opening a redsite database on PostgreSQL in one call: a pool, the migrations (under their advisory lock,
 * so that several processes starting at once migrate once), and the storage port on it.
 *
 * @module
 */
import type { StoragePort } from "@redsite/core"
import pg from "pg"
import { migrate } from "./migrate.js"
import { postgresPort } from "./port.js"
import type { PostgresPortOptions } from "./port.js"

/** Options of {@link openPostgres}. */
export interface OpenPostgresOptions extends PostgresPortOptions {
  /** Connections in the pool (default 10: each write transaction holds one until it commits). */
  readonly max?: number
}

/** An open database: the port, its pool (for queries of your own), and `close` to end the pool. */
export interface PostgresStore {
  readonly port: StoragePort
  readonly pool: pg.Pool
  /** Schema versions this open applied (empty when the database was up to date). */
  readonly migrated: ReadonlyArray<number>
  readonly close: () => Promise<void>
}

/**
 * Connects to a database, brings it to the latest schema and returns the storage port on it. Throws
 * `PgDatabaseTooNew` for a database written by a newer version (the pool is ended first).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { openPostgres } from "@redsite/adapters-postgres"
 * const db = await openPostgres("postgres://redsite@db.example/province")
 * const structure = await Effect.runPromise(db.port.structure.current)
 * await db.close()
 * ```
 */
export const openPostgres = async (url: string, options: OpenPostgresOptions = {}): Promise<PostgresStore> => {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 })
  // an idle client's error (the server restarted) must not crash the process; the pool replaces the client
  pool.on("error", () => {})
  try {
    const client = await pool.connect()
    let migrated: ReadonlyArray<number>
    try {
      migrated = await migrate(client)
    } finally {
      client.release()
    }
    return { port: postgresPort(pool, options), pool, migrated, close: () => pool.end() }
  } catch (e) {
    await pool.end()
    throw e
  }
}
