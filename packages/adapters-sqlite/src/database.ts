/**
 * Opening a redsite database: the pragmas, the migrations, and the typed errors of a database that cannot
 * be used.
 *
 * Pragmas (set on every connection):
 * - `journal_mode = WAL`: readers do not block the writer; a crash (even `kill -9`) loses nothing committed.
 * - `synchronous = NORMAL`: with WAL, committed transactions survive a process crash; a power loss may lose
 *   the last transactions, never corrupt the file. Pass `durability: "full"` for `FULL`.
 * - `foreign_keys = ON`: units and members cannot point at a missing project or unit.
 * - `busy_timeout` (default 5,000 ms): a writer waits this long for another process's write to finish
 *   before failing with "database is locked".
 *
 * better-sqlite3 is used directly rather than through `@effect/sql`: imports run as one synchronous
 * prepared-statement loop per transaction (the fastest way to fill SQLite), and every write is a short
 * synchronous transaction, so nothing interleaves inside one.
 *
 * @module
 */
import Database from "better-sqlite3"
import { Data } from "effect"
import type { Connection } from "./connection.js"
import { adoptLegacyRows } from "./legacy.js"
import { LATEST_VERSION, migrations } from "./migrations.js"
import { catchUpStructure } from "./structure.js"

export type { Connection } from "./connection.js"

/** The database was written by a newer redsite than this one. */
export class DatabaseTooNew extends Data.TaggedError("DatabaseTooNew")<{
  readonly path: string
  readonly found: number
  readonly supported: number
}> {
  override get message() {
    return `${this.path} has schema version ${this.found}, newer than the ${this.supported} this version of @redsite/adapters-sqlite knows: upgrade the package (a database is never migrated backwards)`
  }
}

/** The file is not a database this package can open (not SQLite, or damaged). */
export class DatabaseUnreadable extends Data.TaggedError("DatabaseUnreadable")<{ readonly path: string; readonly reason: string }> {
  override get message() {
    return `cannot open ${this.path} as a redsite database: ${this.reason}`
  }
}

/** Options of {@link openConnection}. */
export interface OpenOptions {
  /** How long a write waits for another connection's write, in milliseconds. Default 5,000. */
  readonly busyTimeoutMs?: number
  /** `normal` (default) or `full` fsync on every commit. */
  readonly durability?: "normal" | "full"
  /** Open without writing (no migration: the file must be at the latest version). */
  readonly readonly?: boolean
}

/**
 * Upgrades a database to the latest version in one transaction: the migrations it lacks, in order, then
 * the structure tables brought up to the event log through the core (see `catchUpStructure`), then the
 * rows of the legacy organization and relation tables offered to the core as the structure's events (see
 * `adoptLegacyRows`). Either the
 * file reaches the latest version whole, or it is left as it was (a stored structure event the core
 * refuses throws `StructureLogUnreplayable`). Returns the versions applied.
 */
export const migrate = (db: Connection, path: string): ReadonlyArray<number> => {
  const current = db.pragma("user_version", { simple: true }) as number
  if (current > LATEST_VERSION) throw new DatabaseTooNew({ path, found: current, supported: LATEST_VERSION })
  const pending = migrations.filter((m) => m.version > current)
  if (pending.length === 0) return []
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql)
      db.pragma(`user_version = ${m.version}`)
    }
    catchUpStructure(db)
    adoptLegacyRows(db)
  }).immediate()
  return pending.map((m) => m.version)
}

/**
 * Opens (creating if needed) a database file, sets the pragmas and applies the migrations it lacks.
 * Throws {@link DatabaseTooNew} or {@link DatabaseUnreadable}.
 */
export const openConnection = (path: string, options: OpenOptions = {}): Connection => {
  let db: Connection
  try {
    db = new Database(path, { readonly: options.readonly === true, fileMustExist: options.readonly === true })
    db.pragma(`busy_timeout = ${Math.max(0, Math.round(options.busyTimeoutMs ?? 5000))}`)
    if (options.readonly !== true) db.pragma("journal_mode = WAL")
    db.pragma(`synchronous = ${options.durability === "full" ? "FULL" : "NORMAL"}`)
    db.pragma("foreign_keys = ON")
  } catch (e) {
    throw new DatabaseUnreadable({ path, reason: e instanceof Error ? e.message : String(e) })
  }
  try {
    if (options.readonly === true) {
      const v = db.pragma("user_version", { simple: true }) as number
      if (v !== LATEST_VERSION) {
        throw v > LATEST_VERSION
          ? new DatabaseTooNew({ path, found: v, supported: LATEST_VERSION })
          : new DatabaseUnreadable({ path, reason: `schema version ${v}: open it writable once to migrate it to ${LATEST_VERSION}` })
      }
    } else migrate(db, path)
  } catch (e) {
    db.close()
    if (e instanceof DatabaseTooNew || e instanceof DatabaseUnreadable) throw e
    throw new DatabaseUnreadable({ path, reason: e instanceof Error ? e.message : String(e) })
  }
  return db
}
