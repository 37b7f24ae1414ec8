/**
 * The compliance records (issue 19) on PostgreSQL: one row per event of the log in `compliance_records`, in
 * order, with the project it belongs to, and the log's version in the one row of `compliance_state` (the
 * migration that adds them). An append locks that row (`SELECT … FOR UPDATE`, so appends are serialized and
 * a stale version is refused), hands the events to the core's `replayRecords` against the whole log, and
 * writes what the core accepted — the rows, the new version, the audit entry and the revision bump — in one
 * transaction, or nothing. The whole log, decoded, is cached per version: a read costs one small query while
 * nothing was appended (by this process or another).
 *
 * @module
 */
import { RecordBook, RecordEvent, RecordRefused, StoreConflict, recordProjectIds, replayRecords } from "@redsite/core"
import type { Actor, VersionedRecords } from "@redsite/core"
import { Effect, Either, Schema } from "effect"
import type pg from "pg"
import { settle } from "./collections.js"
import { finish, num, transaction } from "./db.js"
import type { Pool } from "./db.js"

const encode = Schema.encodeSync(RecordEvent)
const decodeAll = Schema.decodeUnknownSync(Schema.Array(RecordEvent))
const bookOf = (events: ReadonlyArray<RecordEvent>) => new RecordBook({ events }, true)

interface Loaded {
  readonly version: number
  readonly book: RecordBook
  /** Every record id (facts, replacements, corrections) to its project. */
  readonly known: Map<string, string>
}

/** The version and the events (of one project, or all), in one statement: one snapshot. */
const LOAD = (project: boolean) => `SELECT (SELECT version FROM compliance_state) AS version,
  (SELECT coalesce(json_agg(body ORDER BY seq), '[]') FROM compliance_records${project ? " WHERE project_id = $1" : ""}) AS bodies`

/** The compliance records of a pool's database: the port's `records` (see the module). */
export const complianceRecords = (pool: Pool, wrote: <A, E>(e: Effect.Effect<A, E>) => Effect.Effect<A, E>) => {
  let cache: Loaded | undefined

  const loadAll = async (c: pg.ClientBase | pg.Pool): Promise<Loaded> => {
    const version = num((await c.query<{ version: string }>("SELECT version FROM compliance_state")).rows[0]?.version)
    if (cache !== undefined && cache.version === version) return cache
    const r = (await c.query<{ version: string; bodies: Array<unknown> }>(LOAD(false))).rows[0]!
    const events = decodeAll(r.bodies)
    const known = new Map<string, string>()
    recordProjectIds(events, known)
    const loaded = { version: num(r.version), book: bookOf(events), known }
    if (cache === undefined || loaded.version >= cache.version) cache = loaded
    return loaded
  }

  return {
    log: (projectId?: string): Effect.Effect<VersionedRecords> =>
      Effect.promise(async () => {
        if (projectId === undefined) {
          const { book, version } = await loadAll(pool)
          return { book, version }
        }
        const r = (await pool.query<{ version: string; bodies: Array<unknown> }>(LOAD(true), [projectId])).rows[0]!
        return { book: bookOf(decodeAll(r.bodies)), version: num(r.version) }
      }),

    append: (events: ReadonlyArray<RecordEvent>, expectedVersion: number, actor: Actor) =>
      wrote(settle(() => transaction(pool, async (c): Promise<Either.Either<Loaded, StoreConflict | RecordRefused>> => {
        const version = num((await c.query<{ version: string }>("SELECT version FROM compliance_state FOR UPDATE")).rows[0]?.version)
        if (version !== expectedVersion) return Either.left(new StoreConflict({ id: "records", currentVersion: version, expectedVersion }))
        const now = await loadAll(c)
        const r = replayRecords(events, now.book)
        if (Either.isLeft(r)) return Either.left(new RecordRefused({ index: r.left.index, tag: events[r.left.index]!._tag, rejection: r.left.rejection }))
        if (events.length === 0) return Either.right(now)
        // the cached index is not touched: the transaction may still roll back
        const known = new Map(now.known)
        const projects = recordProjectIds(events, known)
        await c.query(
          `INSERT INTO compliance_records (seq, record_id, project_id, type, occurred_on, body)
           SELECT $1::bigint + t.k, t.id, t.project_id, t.type, t.occurred_on, t.body
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[]) WITH ORDINALITY AS t(id, project_id, type, occurred_on, body, k)
           ORDER BY t.k`,
          [version, events.map((e) => e.id), projects, events.map((e) => e._tag), events.map((e) => e.date), events.map((e) => JSON.stringify(encode(e)))]
        )
        const after = version + events.length
        await c.query("UPDATE compliance_state SET version = $1", [after])
        await finish(c, { actor, action: "replace", resource: "records", resourceId: `events ${version + 1}-${after}`, before: version, after })
        return Either.right({ version: after, book: r.right, known })
      }).then((r) => {
        if (Either.isRight(r) && (cache === undefined || r.right.version >= cache.version)) cache = r.right
        return Either.map(r, (x) => ({ version: x.version }))
      })))
  }
}
