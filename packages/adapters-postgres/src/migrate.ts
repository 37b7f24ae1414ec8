/**
 * Applying the migrations to a PostgreSQL database: in one transaction, under an advisory lock, so that
 * several server processes starting at once on one database migrate it once, and a database is at the
 * latest version whole or at its previous one.
 *
 * @module
 */
import { Data } from "effect"
import type pg from "pg"
import { PG_LATEST_VERSION, pgMigrations } from "./migrations.js"

/** The database was written by a newer redsite than this one. */
export class PgDatabaseTooNew extends Data.TaggedError("PgDatabaseTooNew")<{ readonly found: number; readonly supported: number }> {
  override get message() {
    return `the database has schema version ${this.found}, newer than the ${this.supported} this version of @redsite/adapters-postgres knows: upgrade the package`
  }
}

/** The advisory lock key migrations hold (any fixed number; "redsite" in ASCII). */
const MIGRATION_LOCK = 0x72656473697465

/**
 * Brings a database to the latest schema version; returns the versions applied. Throws
 * {@link PgDatabaseTooNew} for a database written by a newer version (nothing is changed).
 *
 * @example
 * ```ts
 * import pg from "pg"
 * import { migrate } from "@redsite/adapters-postgres"
 * const client = new pg.Client({ connectionString: process.env.REDSITE_PG_URL })
 * await client.connect()
 * await migrate(client)
 * ```
 */
export const migrate = async (client: pg.ClientBase): Promise<ReadonlyArray<number>> => {
  await client.query("BEGIN")
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK])
    await client.query("CREATE TABLE IF NOT EXISTS redsite_schema (version integer NOT NULL)")
    const row = await client.query<{ version: number }>("SELECT version FROM redsite_schema")
    const current = row.rows[0]?.version ?? 0
    if (current > PG_LATEST_VERSION) throw new PgDatabaseTooNew({ found: current, supported: PG_LATEST_VERSION })
    const pending = pgMigrations.filter((m) => m.version > current)
    for (const m of pending) await client.query(m.sql)
    if (pending.length > 0) {
      await client.query("DELETE FROM redsite_schema")
      await client.query("INSERT INTO redsite_schema (version) VALUES ($1)", [PG_LATEST_VERSION])
    }
    await client.query("COMMIT")
    return pending.map((m) => m.version)
  } catch (e) {
    await client.query("ROLLBACK")
    throw e
  }
}
