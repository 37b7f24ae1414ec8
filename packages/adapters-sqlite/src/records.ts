/**
 * The compliance records (issue 19) in the `compliance_records` table (migration 6): one row per event of
 * the log, in order, with the project it belongs to. An append runs in one `IMMEDIATE` transaction: the log's
 * version (its number of rows) is compared with the expected one, the core checks the events against the
 * whole log (`replayRecords`), and the accepted events are inserted with one audit entry — all or none.
 *
 * The whole log, decoded, is kept per store between calls and used again while the table's row count is
 * unchanged (rows are only ever inserted, so the same count is the same log, whoever wrote it).
 *
 * @module
 */
import { RecordBook, RecordEvent, RecordRefused, StoreConflict, recordProjectIds, replayRecords } from "@redsite/core"
import type { Actor } from "@redsite/core"
import { Either, Schema } from "effect"
import type { RedsiteStore } from "./store.js"

const encode = Schema.encodeSync(RecordEvent)
const decodeAll = Schema.decodeUnknownSync(Schema.Array(RecordEvent))

interface Loaded {
  readonly version: number
  readonly book: RecordBook
  /** Every record id (facts, replacements, corrections) to its project. */
  readonly known: Map<string, string>
}

const cache = new WeakMap<RedsiteStore, Loaded>()

const bookOf = (events: ReadonlyArray<RecordEvent>) => new RecordBook({ events }, true)

/** The compliance records of a store (see the module). */
export const complianceRecords = (store: RedsiteStore) => {
  const db = store.db
  const count = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM compliance_records")
  const all = db.prepare<[], { body: string }>("SELECT body FROM compliance_records ORDER BY seq")
  const ofProject = db.prepare<[string], { body: string }>("SELECT body FROM compliance_records WHERE project_id = ? ORDER BY seq")
  const insert = db.prepare("INSERT INTO compliance_records (seq, record_id, project_id, type, occurred_on, body) VALUES (?, ?, ?, ?, ?, ?)")
  const version = () => count.get()!.n
  const decode = (rows: ReadonlyArray<{ body: string }>) => decodeAll(rows.map((r) => JSON.parse(r.body)))

  /** The whole log (from the kept copy when the table has not grown). */
  const load = (): Loaded => {
    const v = version()
    const kept = cache.get(store)
    if (kept !== undefined && kept.version === v) return kept
    const events = decode(all.all())
    const known = new Map<string, string>()
    recordProjectIds(events, known)
    const loaded = { version: events.length, book: bookOf(events), known }
    cache.set(store, loaded)
    return loaded
  }

  return {
    /** The whole log, or one project's events, with the version of the whole log (read in one transaction). */
    log: (projectId?: string): { readonly book: RecordBook; readonly version: number } =>
      db.transaction(() => {
        if (projectId === undefined) {
          const { book, version: v } = load()
          return { book, version: v }
        }
        return { book: bookOf(decode(ofProject.all(projectId))), version: version() }
      })(),

    /** Appends events at `expectedVersion` (see the module): the new version, or why nothing was stored. */
    append: (events: ReadonlyArray<RecordEvent>, expectedVersion: number, actor: Actor): Either.Either<{ readonly version: number }, StoreConflict | RecordRefused> =>
      db.transaction((): Either.Either<{ readonly version: number }, StoreConflict | RecordRefused> => {
        const current = load()
        if (current.version !== expectedVersion) {
          return Either.left(new StoreConflict({ id: "records", currentVersion: current.version, expectedVersion }))
        }
        const r = replayRecords(events, current.book)
        if (Either.isLeft(r)) return Either.left(new RecordRefused({ index: r.left.index, tag: events[r.left.index]!._tag, rejection: r.left.rejection }))
        if (events.length === 0) return Either.right({ version: current.version })
        const after = current.version + events.length
        try {
          const projects = recordProjectIds(events, current.known)
          events.forEach((e, i) => insert.run(current.version + i + 1, e.id, projects[i]!, e._tag, e.date, JSON.stringify(encode(e))))
          store.record(actor, "replace", "records", `events ${expectedVersion + 1}-${after}`, expectedVersion, after)
        } catch (e) {
          // the kept copy's index took in ids that are not stored: read the log again next time
          cache.delete(store)
          throw e
        }
        // (a rollback after this point leaves the table shorter than the kept copy, which is then read again)
        cache.set(store, { version: after, book: r.right, known: current.known })
        return Either.right({ version: after })
      }).immediate()
  }
}
