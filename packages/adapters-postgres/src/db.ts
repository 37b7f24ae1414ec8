/**
 * Transactions on a pool, and the two statements every write transaction ends with: the audit entry and
 * the bump of the database's revision, in one statement, under the revision row's lock.
 *
 * Why at the end and together: the revision row is one row every writer updates, so its lock is held
 * from that statement to the commit only (a few round trips of other work are not serialized behind
 * it); and the audit entry's sequence number is drawn under that lock, so sequence numbers are committed
 * in increasing order — a reader following the audit log by `seq` never sees 11 committed while 10 is
 * still to come.
 *
 * @module
 */
import type { Actor } from "@redsite/core"
import { Either } from "effect"
import type pg from "pg"

/** A pool or anything that hands out clients like one (`pg.Pool`). */
export type Pool = pg.Pool

/** What a transaction body decides: commit with a value (`Right`), or roll back with a refusal (`Left`). */
export type Outcome<A, E> = Either.Either<A, E>

/** An audit entry written by {@link finish}. */
export interface AuditEntry {
  readonly actor: Actor
  readonly action: "create" | "replace" | "delete"
  readonly resource: string
  readonly resourceId: string
  readonly before: number | null
  readonly after: number | null
}

/**
 * The last statement of a write transaction: bumps `redsite_revision` (taking its row lock until the
 * commit) and, when given, inserts the audit entry — one round trip.
 */
export const finish = async (c: pg.ClientBase, audit: AuditEntry | undefined): Promise<void> => {
  if (audit === undefined) {
    await c.query("UPDATE redsite_revision SET value = value + 1")
    return
  }
  await c.query(
    `WITH r AS (UPDATE redsite_revision SET value = value + 1 RETURNING value)
     INSERT INTO audit (at, principal_id, role, action, resource, resource_id, before_version, after_version)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8 FROM r`,
    [new Date().toISOString(), audit.actor.principalId, audit.actor.role, audit.action, audit.resource, audit.resourceId, audit.before, audit.after]
  )
}

/**
 * Runs `body` in a transaction on a client of the pool: `Right` commits, `Left` rolls back and is
 * returned, a thrown error rolls back and is thrown again (the client is discarded when the connection
 * itself failed). The body ends its writes with {@link finish}.
 */
export const transaction = async <A, E>(
  pool: Pool,
  body: (c: pg.PoolClient) => Promise<Outcome<A, E>>,
  isolation: "READ COMMITTED" | "SERIALIZABLE" = "READ COMMITTED"
): Promise<Outcome<A, E>> => {
  const c = await pool.connect()
  let broken: Error | undefined
  try {
    await c.query(isolation === "READ COMMITTED" ? "BEGIN" : `BEGIN ISOLATION LEVEL ${isolation}`)
    let r: Outcome<A, E>
    try {
      r = await body(c)
    } catch (e) {
      await c.query("ROLLBACK").catch((x: Error) => (broken = x))
      throw e
    }
    await c.query(Either.isRight(r) ? "COMMIT" : "ROLLBACK")
    return r
  } catch (e) {
    broken ??= isConnectionError(e) ? (e as Error) : undefined
    throw e
  } finally {
    c.release(broken)
  }
}

/** Whether an error is the connection's (not a statement's): such a client is not given back to the pool. */
const isConnectionError = (e: unknown): boolean =>
  e instanceof Error && (!("code" in e) || typeof (e as { code?: unknown }).code !== "string" || !/^[0-9A-Z]{5}$/.test((e as { code: string }).code))

/** A `bigint` column as pg hands it back (a string) as a number. */
export const num = (v: string | number | null | undefined): number => (v === null || v === undefined ? 0 : typeof v === "number" ? v : Number(v))
