/**
 * The core's storage port (`StoragePort`) on PostgreSQL. It passes the port's contract suite unchanged
 * (`port.test.ts`), as the memory and SQLite stores do, and stays consistent when several server processes
 * share one database:
 *
 * - **a batch is whole or absent**: every write is one transaction (its rows, its audit entry, the bump of
 *   the revision);
 * - **optimistic versions**: a write locks the row it replaces (`SELECT … FOR UPDATE`; a structure append
 *   locks the structure's state row) and compares the stored version with the one it was based on, in
 *   PostgreSQL's READ COMMITTED isolation: of concurrent writers based on one version, one wins and the
 *   others, having waited for its commit, see the new version and fail with `StoreConflict`;
 * - **a revision PostgreSQL can tell**: `redsite_revision`, one counter every write transaction bumps just
 *   before committing; `revision` reads it, so it moves with the writes of every process on the database,
 *   and caches keyed by it (the structure here, an HTTP server's) are invalidated by another process's writes.
 *
 * @module
 */
import { CoverageFacts, Policy, PointEvent, StoreConflict, StoreReferenceMissing, StructureInvalid, StructureRefused, StructureEvent, asOf, decoderFor, replay } from "@redsite/core"
import type { Actor, AuditRecord, StoragePort, Structure, VersionedStructure } from "@redsite/core"
import { Effect, Either, Schema } from "effect"
import { documentCollection, projectCollection, settle } from "./collections.js"
import { finish, num, transaction } from "./db.js"
import type { Pool } from "./db.js"
import { loadPortfolio } from "./portfolio.js"
import { complianceRecords } from "./records.js"
import { STRUCTURE_STREAM, loadStructure, readState, subtreeQuery, writeStructure } from "./structure.js"

const encodeEvent = Schema.encodeUnknownEither(StructureEvent)
const decodeEvent = decoderFor("structure event", StructureEvent)
const encodePoint = Schema.encodeSync(PointEvent)
const decodePoint = Schema.decodeUnknownSync(PointEvent)

/** An offered event as the core's value and its encoded form, or the issues that make it no structure event. */
const acceptEvent = (input: unknown): Either.Either<{ readonly event: StructureEvent; readonly encoded: unknown }, ReadonlyArray<{ readonly path: string; readonly message: string }>> => {
  const asValue = encodeEvent(input)
  if (Either.isRight(asValue)) return Either.right({ event: input as StructureEvent, encoded: asValue.right })
  const decoded = decodeEvent(input)
  if (Either.isRight(decoded)) return Either.right({ event: decoded.right, encoded: Schema.encodeSync(StructureEvent)(decoded.right) })
  return Either.left(decoded.left.issues.map((i) => ({ path: i.path, message: i.message })))
}

/** Options of {@link postgresPort}. */
export interface PostgresPortOptions {
  /** Called after each write this port commits (e.g. to notify listeners); the revision has already moved. */
  readonly onWrite?: () => void
}

/**
 * The storage port on a PostgreSQL pool whose database is migrated (`migrate`; {@link openPostgres} does
 * both). The pool is the caller's: the port never ends it.
 *
 * @example
 * ```ts
 * import pg from "pg"
 * import { Effect } from "effect"
 * import { migrate, postgresPort } from "@redsite/adapters-postgres"
 * const pool = new pg.Pool({ connectionString: "postgres://redsite@db.example/province" })
 * const client = await pool.connect()
 * await migrate(client)
 * client.release()
 * const port = postgresPort(pool)
 * const page = await Effect.runPromise(port.projects.list({ district: "鹿城区", limit: 50 }))
 * ```
 */
export const postgresPort = (pool: Pool, options: PostgresPortOptions = {}): StoragePort => {
  /** The structure at the last state read (shared by every read while nothing is written). */
  let cache: { readonly version: number; readonly lastSeq: number; readonly structure: Structure } | undefined
  const wrote = <A, E>(e: Effect.Effect<A, E>) => (options.onWrite === undefined ? e : Effect.tap(e, () => Effect.sync(options.onWrite!)))

  /** The stored structure: the cached one while the state row says nothing was appended since, else loaded again. */
  const current = async (): Promise<{ readonly version: number; readonly lastSeq: number; readonly structure: Structure }> => {
    const state = await readState(pool, false)
    if (cache !== undefined && cache.version === state.version && cache.lastSeq === state.lastSeq) return cache
    const loaded = await loadStructure(pool)
    if (cache === undefined || loaded.lastSeq >= cache.lastSeq) cache = loaded
    return loaded
  }

  const collections = {
    projects: projectCollection(pool),
    policies: documentCollection(pool, "policies", "id", "policy", Policy, (p) => p.id),
    coverage: documentCollection(pool, "coverage_facts", "project_id", "coverage", CoverageFacts, (f) => f.projectId,
      (id) => new StoreReferenceMissing({ resource: "project", id }))
  }
  const writes = <C extends { create: any; replace: any; remove: any }>(c: C): C => ({
    ...c, create: (...a: Array<any>) => wrote(c.create(...a)), replace: (...a: Array<any>) => wrote(c.replace(...a)), remove: (...a: Array<any>) => wrote(c.remove(...a))
  })

  return {
    projects: writes(collections.projects),
    policies: writes(collections.policies),
    coverage: writes(collections.coverage),
    portfolio: (filter) => Effect.promise(() => loadPortfolio(pool, filter)),
    structure: {
      current: Effect.promise(async (): Promise<VersionedStructure> => {
        const c = await current()
        return { structure: c.structure, version: c.version }
      }),
      asOf: (date) => Effect.promise(async (): Promise<VersionedStructure> => {
        const c = await current()
        return { structure: asOf(c.structure, date), version: c.version }
      }),
      append: (events, expectedVersion, policy, actor) => {
        const accepted: Array<{ readonly event: StructureEvent; readonly encoded: unknown }> = []
        for (let i = 0; i < events.length; i++) {
          const a = acceptEvent(events[i])
          if (Either.isLeft(a)) return Effect.fail(new StructureInvalid({ index: i, issues: a.left }))
          accepted.push(a.right)
        }
        return wrote(settle(() => transaction(pool, async (c) => {
          const state = await readState(c, true)
          if (state.version !== expectedVersion) {
            return Either.left<StoreConflict | StructureRefused>(new StoreConflict({ id: STRUCTURE_STREAM, currentVersion: state.version, expectedVersion }))
          }
          const now = cache !== undefined && cache.version === state.version && cache.lastSeq === state.lastSeq ? cache : await loadStructure(c)
          const r = replay(accepted.map((a) => a.event), policy, now.structure)
          if (Either.isLeft(r)) {
            return Either.left(new StructureRefused({ index: r.left.index, tag: accepted[r.left.index]!.event._tag, rejection: r.left.rejection }))
          }
          if (accepted.length === 0) return Either.right({ version: state.version, lastSeq: state.lastSeq, structure: now.structure })
          await writeStructure(c, now.structure, r.right)
          const at = new Date().toISOString()
          const seqs = (await c.query<{ seq: string }>(
            `INSERT INTO events (stream, type, occurred_on, recorded_at, payload)
             SELECT $1, t.type, t.occurred_on, $2, t.payload FROM unnest($3::text[], $4::text[], $5::jsonb[]) WITH ORDINALITY AS t(type, occurred_on, payload, k)
             ORDER BY t.k RETURNING seq`,
            [STRUCTURE_STREAM, at, accepted.map((a) => a.event._tag), accepted.map((a) => a.event.date), accepted.map((a) => JSON.stringify(a.encoded))]
          )).rows.map((x) => num(x.seq))
          const version = state.version + accepted.length
          const lastSeq = Math.max(...seqs)
          await c.query("UPDATE structure_state SET version = $1, last_seq = $2 WHERE stream = $3", [version, lastSeq, STRUCTURE_STREAM])
          await finish(c, { actor, action: "replace", resource: "structure", resourceId: `events ${state.version + 1}-${version}`, before: state.version, after: version })
          return Either.right({ version, lastSeq, structure: r.right })
        }).then((r) => {
          if (Either.isRight(r) && (cache === undefined || r.right.lastSeq >= cache.lastSeq)) cache = r.right
          return Either.map(r, (x): VersionedStructure => ({ structure: x.structure, version: x.version }))
        })))
      },
      subtree: (organizationId, date) => Effect.promise(() => subtreeQuery(pool, organizationId, date))
    },
    records: complianceRecords(pool, wrote),
    ledger: {
      events: Effect.promise(async () =>
        (await pool.query<{ body: unknown }>("SELECT body FROM ledger ORDER BY seq")).rows.map((r) => decodePoint(r.body))),
      append: (events: ReadonlyArray<PointEvent>, actor: Actor) =>
        events.length === 0 ? Effect.succeed(0) : wrote(settle(() => transaction(pool, async (c) => {
          await c.query(
            `INSERT INTO ledger (id, member_id, organization_id, date, body)
             SELECT t.id, t.member_id, t.organization_id, t.date, t.body FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[]) WITH ORDINALITY AS t(id, member_id, organization_id, date, body, k)
             ORDER BY t.k`,
            [events.map((e) => e.id), events.map((e) => e.memberId), events.map((e) => e.organizationId), events.map((e) => e.date), events.map((e) => JSON.stringify(encodePoint(e)))]
          )
          await finish(c, { actor, action: "create", resource: "ledger", resourceId: `${events[0]!.id}..${events[events.length - 1]!.id}`, before: null, after: null })
          return Either.right(events.length)
        })))
    },
    audit: (afterSeq, limit) => Effect.promise(async () =>
      (await pool.query<{
        seq: string; at: string; principal_id: string; role: string; action: AuditRecord["action"]; resource: string; resource_id: string
        before_version: number | null; after_version: number | null
      }>("SELECT * FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2", [afterSeq, limit])).rows.map((r): AuditRecord => ({
        seq: num(r.seq), at: r.at, principalId: r.principal_id, role: r.role, action: r.action, resource: r.resource, resourceId: r.resource_id,
        ...(r.before_version === null ? {} : { beforeVersion: r.before_version }),
        ...(r.after_version === null ? {} : { afterVersion: r.after_version })
      }))),
    revision: Effect.promise(async () => String((await pool.query<{ value: string }>("SELECT value FROM redsite_revision")).rows[0]?.value ?? "0"))
  }
}
