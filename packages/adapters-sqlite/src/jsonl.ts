/**
 * Bulk import and export in JSON Lines (one JSON value per line, UTF-8): projects (with their units and
 * members), organizations, relations over time, coverage facts and point events.
 *
 * Import streams the input in constant memory and writes it in **batches**: each batch (default 5,000 lines)
 * is checked whole — JSON, the core's schema with the path of every bad field, duplicate ids within the
 * batch and against the database, references to projects that do not exist — and then written in one
 * transaction, or not at all. The import stops at the first batch with a bad line and reports every bad
 * line of that batch with its line number; the batches before it stay written (`committedRows` says how
 * many rows), nothing of the bad batch or after it is. With `atomic: true` the whole file is one
 * transaction: any bad line and nothing is written. A batch is a number of lines, whatever the number of
 * issues a line has. With `skipExisting: true` rows whose id the database already holds are skipped and
 * counted (`skippedRows`) instead of reported, so importing a file again after a stop resumes it.
 *
 * Export writes rows in id order (point events in recording order), so that exporting what an import wrote
 * gives the same bytes back.
 *
 * @module
 */
import { CoverageFacts, PointEvent, Project, decodeProject, decoderFor } from "@redsite/core"
import type { DecodeError, Policy, Rejection, StructureEvent } from "@redsite/core"
import { Either, Schema } from "effect"
import { createReadStream, createWriteStream } from "node:fs"
import type { Readable, Writable } from "node:stream"
import { lines } from "./lines.js"
import type { Actor } from "./rows.js"
import type { RedsiteStore } from "./store.js"
import { structureReplayPolicy } from "./structure.js"
import { StoredOrganization, StoredRelation, organizationEvents, relationEvents } from "./structureLines.js"

/** What a JSON Lines file holds. */
export type ImportKind = "projects" | "organizations" | "coverage" | "ledger" | "relations"

/** One bad line. */
export interface ImportIssue {
  /** The input file the line is in, when an import reads several (CSV: `units.csv`, `members.csv`). */
  readonly file?: string
  /** 1-based line number in the input. */
  readonly line: number
  /** Path of the bad field inside the line's value (`members[2].unitId`), or `""` for the whole line. */
  readonly path: string
  readonly message: string
}

/** Progress of an import, reported after each batch. */
export interface ImportProgress {
  readonly lines: number
  readonly rows: number
  readonly batches: number
}

/** Options of {@link importJsonl}. */
export interface ImportOptions {
  /** Lines per transaction; default 5,000. */
  readonly batchSize?: number
  /** The whole input in one transaction. */
  readonly atomic?: boolean
  readonly onProgress?: (progress: ImportProgress) => void
  /** Recorded in the audit log, one entry per batch; default `import`. */
  readonly actor?: Actor
  /** At most this many issues are reported (default 100). */
  readonly maxIssues?: number
  /**
   * The policy the core checks organizations and relations under (they are appended to the structure as
   * its events); default `structureReplayPolicy` (an assumption: the catalogue's most permissive reading).
   */
  readonly policy?: Policy
  /**
   * Skip the rows whose id the database already holds instead of reporting them (`skippedRows` counts
   * them): a file imported again after a stop resumes where it stopped. Rows are compared by id only.
   */
  readonly skipExisting?: boolean
}

/** The outcome of an import. */
export interface ImportResult {
  readonly ok: boolean
  /** Lines read (blank lines included). */
  readonly lines: number
  /** Rows written and committed. */
  readonly committedRows: number
  /** Rows not written because the database already held their id ({@link ImportOptions.skipExisting}; else 0). */
  readonly skippedRows: number
  readonly batches: number
  readonly issues: ReadonlyArray<ImportIssue>
}

/** How one kind of row is decoded, checked, written, encoded and paged (shared by the JSON Lines and CSV formats). */
export interface KindSpec<A> {
  readonly decode: (u: unknown) => Either.Either<A, DecodeError>
  readonly idOf: (a: A) => string
  readonly exists: (store: RedsiteStore, ids: ReadonlyArray<string>) => ReadonlySet<string>
  /** Ids of other rows a value needs (checked against the database and earlier lines). */
  readonly needs?: (a: A) => string | undefined
  /** Organizations a value refers to, with the field of each: each must be in the structure. */
  readonly organizationRefs?: (a: A) => ReadonlyArray<{ readonly path: string; readonly id: string }>
  /** The structure's events a value is (organizations, relations): offered to the core line by line, a refused line reported, nothing of the batch written. */
  readonly events?: (a: A) => ReadonlyArray<StructureEvent>
  readonly write: (store: RedsiteStore, values: ReadonlyArray<A>, context: { readonly actor: Actor; readonly policy: Policy }) => void
  readonly encode: (a: A) => unknown
  readonly page: (store: RedsiteStore, after: string | undefined, limit: number) => { readonly items: ReadonlyArray<A>; readonly next: string | undefined }
}

const idsIn = (store: RedsiteStore, table: string, key: string, ids: ReadonlyArray<string>) =>
  new Set(store.db.prepare<[string], { k: string }>(`SELECT ${key} AS k FROM ${table} WHERE ${key} IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)).map((r) => r.k))

const documentsWriter = (table: string, key: string) => (store: RedsiteStore, values: ReadonlyArray<{ readonly body: string; readonly id: string }>) => {
  const insert = store.db.prepare(`INSERT INTO ${table} (${key}, version, body) VALUES (?, 1, ?)`)
  for (const v of values) insert.run(v.id, v.body)
}

const encodeOrganization = Schema.encodeSync(StoredOrganization)

/** Appends the structure's events of some values through the core (the caller has offered them: a refusal now is a concurrent change, and throws). */
const appendStructure = <A>(events: (a: A) => ReadonlyArray<StructureEvent>) => (store: RedsiteStore, values: ReadonlyArray<A>, context: { readonly actor: Actor; readonly policy: Policy }) => {
  const r = store.structure.append(values.flatMap(events), { expectedVersion: store.structure.version(), policy: context.policy, actor: context.actor })
  if (Either.isLeft(r)) throw r.left
}

/** Every key of a page of a list already in key order, after `after` (a 0-based position as a string). */
const pageOfList = <A>(all: ReadonlyArray<A>, after: string | undefined, limit: number) => {
  const from = after === undefined ? 0 : Number(after)
  const items = all.slice(from, from + limit)
  return { items, next: from + limit < all.length ? String(from + limit) : undefined }
}
const encodeCoverage = Schema.encodeSync(CoverageFacts)
const encodePoint = Schema.encodeSync(PointEvent)
const encodeProject = Schema.encodeSync(Project)

const relationKey = (r: StoredRelation) => `${r.kind}|${r.fromId}|${r.toId}|${r.validFrom}`
const encodeRelation = Schema.encodeSync(StoredRelation)

/** The specification of every importable kind. */
export const specs: { readonly [K in ImportKind]: KindSpec<any> } = {
  projects: {
    decode: decodeProject,
    idOf: (p: Project) => p.id,
    exists: (store, ids) => idsIn(store, "projects", "id", ids),
    write: (store, values: ReadonlyArray<Project>) => store.insertProjects(values),
    encode: (p: Project) => encodeProject(p),
    page: (store, after, limit) => {
      const page = store.projects.list({ after, limit })
      return { items: page.items.map((i) => i.value), next: page.next }
    }
  } satisfies KindSpec<Project>,
  organizations: {
    decode: decoderFor("organization", StoredOrganization),
    idOf: (o: StoredOrganization) => o.id,
    exists: (store, ids) => idsIn(store, "structure_organizations", "id", ids),
    events: organizationEvents,
    write: appendStructure(organizationEvents),
    encode: (o: StoredOrganization) => encodeOrganization(o),
    page: (store, after, limit) => {
      // in the order established: an organization after the one that approved it, so that the file imports again
      const all = store.structure.structure().organizations.map((o): StoredOrganization => ({
        id: o.id, name: o.name, kind: o.kind, temporary: o.temporary, projectIds: o.projectIds, unitIds: o.unitIds, establishedOn: o.establishedOn,
        ...(o.dissolvedOn === undefined ? {} : { dissolvedOn: o.dissolvedOn }), ...(o.approvedBy === undefined ? {} : { approvedBy: o.approvedBy })
      }))
      return pageOfList(all, after, limit)
    }
  } satisfies KindSpec<StoredOrganization>,
  coverage: {
    decode: decoderFor("coverage facts", CoverageFacts),
    idOf: (f: CoverageFacts) => f.projectId,
    exists: (store, ids) => idsIn(store, "coverage_facts", "project_id", ids),
    needs: (f: CoverageFacts) => f.projectId,
    write: (store, values: ReadonlyArray<CoverageFacts>) =>
      documentsWriter("coverage_facts", "project_id")(store, values.map((f) => ({ id: f.projectId, body: JSON.stringify(encodeCoverage(f)) }))),
    encode: (f: CoverageFacts) => encodeCoverage(f),
    page: (store, after, limit) => {
      const page = store.coverage.list({ after, limit })
      return { items: page.items.map((i) => i.value), next: page.next }
    }
  } satisfies KindSpec<CoverageFacts>,
  relations: {
    decode: decoderFor("relation", StoredRelation),
    idOf: relationKey,
    organizationRefs: (r: StoredRelation) => [{ path: "fromId", id: r.fromId }, { path: "toId", id: r.toId }],
    exists: (store, keys) =>
      new Set(store.db.prepare<[string], { k: string }>("SELECT kind || '|' || from_id || '|' || to_id || '|' || valid_from AS k FROM structure_relations WHERE (kind || '|' || from_id || '|' || to_id || '|' || valid_from) IN (SELECT value FROM json_each(?))")
        .all(JSON.stringify(keys)).map((r) => r.k)),
    events: relationEvents,
    write: appendStructure(relationEvents),
    encode: (r: StoredRelation) => encodeRelation(r),
    page: (store, after, limit) => {
      const all = store.structure.structure().relations.map((r): StoredRelation => ({
        kind: r.kind, fromId: r.from, toId: r.to, validFrom: r.validFrom, ...(r.validTo === undefined ? {} : { validTo: r.validTo }),
        attributes: { ...(r.pairingForm === undefined ? {} : { form: r.pairingForm }), ...(r.tasks.length === 0 ? {} : { tasks: r.tasks }) }
      }))
      return pageOfList(all, after, limit)
    }
  } satisfies KindSpec<StoredRelation>,
  ledger: {
    decode: decoderFor("point event", PointEvent),
    idOf: (e: PointEvent) => e.id,
    exists: (store, ids) => idsIn(store, "ledger", "id", ids),
    write: (store, values: ReadonlyArray<PointEvent>) => {
      const insert = store.db.prepare("INSERT INTO ledger (id, member_id, organization_id, date, body) VALUES (?, ?, ?, ?, ?)")
      for (const e of values) insert.run(e.id, e.memberId, e.organizationId, e.date, JSON.stringify(encodePoint(e)))
    },
    encode: (e: PointEvent) => encodePoint(e),
    page: (store, after, limit) => {
      const rows = store.db.prepare<[number, number], { seq: number; body: string }>("SELECT seq, body FROM ledger WHERE seq > ? ORDER BY seq LIMIT ?")
        .all(after === undefined ? 0 : Number(after), limit + 1)
      const more = rows.length > limit
      const kept = more ? rows.slice(0, limit) : rows
      const decode = Schema.decodeUnknownSync(PointEvent)
      return { items: kept.map((r) => decode(JSON.parse(r.body))), next: more ? String(kept[kept.length - 1]!.seq) : undefined }
    }
  } satisfies KindSpec<PointEvent>
}

/** A line the core refused: the event, the rejection's code and text, and the clause it cites. */
const refusal = (tag: string, r: Rejection) => `refused by the core (${tag}): ${r.code}: ${r.text.en} (${r.citation.document} ${r.citation.section})`

/** One record of an input, read but not yet decoded: its value, or why it could not be read. */
export interface RawRecord {
  readonly line: number
  readonly value?: unknown
  readonly issues?: ReadonlyArray<Omit<ImportIssue, "line"> & { readonly line?: number }>
  /** Where a field of the value came from, when a record is assembled from several files (CSV). */
  readonly locate?: (path: string) => { readonly file: string; readonly line: number }
}

/** The records of a JSON Lines input: one per non-blank line, in groups (one per chunk read). */
async function* jsonRecords(input: Readable | AsyncIterable<Uint8Array | string>): AsyncGenerator<ReadonlyArray<RawRecord>> {
  let line = 0
  for await (const group of lines(input)) {
    const records: Array<RawRecord> = []
    for (const l of group) {
      line++
      if (l.text === undefined) records.push({ line, issues: [{ path: "", message: l.error ?? "unreadable line" }] })
      else if (l.text.trim() !== "") {
        try {
          records.push({ line, value: JSON.parse(l.text) })
        } catch (e) {
          records.push({ line, issues: [{ path: "", message: `not JSON: ${e instanceof Error ? e.message : String(e)}` }] })
        }
      }
    }
    yield records
  }
}

/** The read size of a JSON Lines file (fewer, larger chunks: less work per line). */
const READ_CHUNK = 1 << 20

/**
 * Imports a JSON Lines file or stream of one kind into the database (see the module documentation for the
 * batch semantics). Never throws for bad input: the result lists the bad lines.
 *
 * @example
 * ```ts
 * import { RedsiteStore, importJsonl, openConnection } from "@redsite/adapters-sqlite"
 * const store = new RedsiteStore(openConnection("city.db"))
 * const r = await importJsonl(store, "projects", "projects.jsonl", { onProgress: (p) => console.log(p.rows) })
 * if (!r.ok) for (const i of r.issues) console.error(`line ${i.line} ${i.path}: ${i.message}`)
 * ```
 */
export const importJsonl = (
  store: RedsiteStore,
  kind: ImportKind,
  input: string | Readable | AsyncIterable<Uint8Array | string>,
  options: ImportOptions = {}
): Promise<ImportResult> => importGroups(store, kind, jsonRecords(typeof input === "string" ? createReadStream(input, { highWaterMark: READ_CHUNK }) : input), options)

/**
 * Imports records already read from some input (JSON Lines, CSV…) with the batch semantics of the module
 * documentation: each value is decoded through the core's schema and checked; a batch is written whole or not.
 */
export const importRecords = (
  store: RedsiteStore,
  kind: ImportKind,
  records: AsyncIterable<RawRecord>,
  options: ImportOptions = {}
): Promise<ImportResult> => importFrom(store, kind, records, false, options)

/** {@link importRecords} of records read in groups (one group per chunk of input: fewer awaits per record). */
const importGroups = (store: RedsiteStore, kind: ImportKind, groups: AsyncIterable<ReadonlyArray<RawRecord>>, options: ImportOptions): Promise<ImportResult> =>
  importFrom(store, kind, groups, true, options)

const importFrom = async (
  store: RedsiteStore,
  kind: ImportKind,
  source: AsyncIterable<RawRecord> | AsyncIterable<ReadonlyArray<RawRecord>>,
  grouped: boolean,
  options: ImportOptions
): Promise<ImportResult> => {
  const spec = specs[kind] as KindSpec<unknown>
  const batchSize = Math.max(1, options.batchSize ?? 5000)
  const maxIssues = options.maxIssues ?? 100
  const actor = options.actor ?? { principalId: "import", role: "administrator" }
  const policy = options.policy ?? structureReplayPolicy
  const issues: Array<ImportIssue> = []
  let lineNo = 0
  let writtenRows = 0
  let skippedRows = 0
  let batches = 0
  // lines taken into the batch (good and bad): a batch is a number of lines, however many issues a line has
  let batchLines = 0
  let batch: Array<{ readonly line: number; readonly value: unknown }> = []
  let batchIssues: Array<ImportIssue> = []
  const seen = new Set<string>()
  const db = store.db
  if (options.atomic === true) db.exec("BEGIN IMMEDIATE")
  const addIssue = (i: ImportIssue) => {
    if (batchIssues.length < maxIssues) batchIssues.push(i)
  }
  const flush = (): boolean => {
    if (batch.length === 0 && batchIssues.length === 0) return true
    {
      // checked even when the batch already has bad lines, so that one run reports them all
      const ids = batch.map((b) => spec.idOf(b.value))
      const existing = spec.exists(store, ids)
      if (options.skipExisting === true) {
        const kept = batch.filter((b) => !existing.has(spec.idOf(b.value)))
        skippedRows += batch.length - kept.length
        batch = kept
      } else {
        for (const b of batch) {
          const id = spec.idOf(b.value)
          if (existing.has(id)) addIssue({ line: b.line, path: "id", message: `${id} already exists in the database` })
        }
      }
      if (spec.needs !== undefined) {
        const needed = batch.map((b) => spec.needs!(b.value)!).filter((x) => x !== undefined)
        const there = idsIn(store, "projects", "id", needed)
        for (const b of batch) {
          const n = spec.needs(b.value)
          if (n !== undefined && !there.has(n)) addIssue({ line: b.line, path: "projectId", message: `no project ${n} (import projects first)` })
        }
      }
      if (spec.organizationRefs !== undefined) {
        const refs = batch.map((b) => ({ line: b.line, refs: spec.organizationRefs!(b.value) }))
        const ids = JSON.stringify([...new Set(refs.flatMap((r) => r.refs.map((x) => x.id)))])
        const there = new Set(store.db.prepare<[string], { id: string }>("SELECT id FROM structure_organizations WHERE id IN (SELECT value FROM json_each(?))")
          .all(ids).map((r) => r.id))
        for (const r of refs) {
          for (const x of r.refs) if (!there.has(x.id)) addIssue({ line: r.line, path: x.path, message: `no organization ${x.id} (import organizations first)` })
        }
      }
      // the structure's events: offered to the core line by line (a refused line is reported, the next offered without it)
      if (spec.events !== undefined) {
        const bad = new Set(batchIssues.map((i) => i.line))
        const offered = batch.filter((b) => !bad.has(b.line))
        for (const r of store.structure.offer(offered.map((b) => spec.events!(b.value)), policy)) addIssue({ line: offered[r.index]!.line, path: "", message: refusal(r.tag, r.rejection) })
      }
    }
    if (batchIssues.length > 0) {
      issues.push(...batchIssues.sort((a, b) => a.line - b.line))
      return false
    }
    if (batch.length === 0) return true
    const values = batch.map((b) => b.value)
    const write = () => {
      spec.write(store, values, { actor, policy })
      store.record(actor, "create", `import:${kind}`, `lines ${batch[0]!.line}-${batch[batch.length - 1]!.line}`, null, 1)
    }
    if (options.atomic === true) write()
    else db.transaction(write).immediate()
    writtenRows += values.length
    batches++
    options.onProgress?.({ lines: lineNo, rows: writtenRows, batches })
    batch = []
    return true
  }

  /** Takes one record; false when the import stops (a batch had bad lines). */
  const take = (rec: RawRecord): boolean => {
    lineNo = rec.line
    batchLines++
    if (rec.issues !== undefined && rec.issues.length > 0) {
      for (const i of rec.issues) addIssue({ ...i, line: i.line ?? rec.line })
    } else if (rec.value !== undefined) {
      const r = spec.decode(rec.value)
      if (Either.isLeft(r)) {
        for (const i of r.left.issues) {
          const where = rec.locate?.(i.path)
          addIssue(where === undefined ? { line: rec.line, path: i.path, message: i.message } : { file: where.file, line: where.line, path: i.path, message: i.message })
        }
      } else {
        const id = spec.idOf(r.right)
        if (seen.has(id)) addIssue({ line: rec.line, path: "id", message: `${id} appears twice in the input` })
        seen.add(id)
        batch.push({ line: rec.line, value: r.right })
      }
    }
    if (batchLines >= batchSize) {
      if (!flush()) return false
      batchIssues = []
      batchLines = 0
    }
    return true
  }

  let ok = true
  try {
    if (grouped) {
      outer: for await (const group of source as AsyncIterable<ReadonlyArray<RawRecord>>) {
        for (const rec of group) {
          if (!take(rec)) {
            ok = false
            break outer
          }
        }
      }
    } else {
      for await (const rec of source as AsyncIterable<RawRecord>) {
        if (!take(rec)) {
          ok = false
          break
        }
      }
    }
    if (ok && !flush()) ok = false
  } catch (e) {
    if (options.atomic === true && db.inTransaction) db.exec("ROLLBACK")
    throw e
  }
  if (options.atomic === true) {
    if (ok) db.exec("COMMIT")
    else if (db.inTransaction) db.exec("ROLLBACK")
  }
  const committed = options.atomic === true && !ok ? 0 : writtenRows
  return { ok, lines: lineNo, committedRows: committed, skippedRows, batches: options.atomic === true && !ok ? 0 : batches, issues }
}

/** Options of {@link exportJsonl}. */
export interface ExportOptions {
  readonly onProgress?: (rows: number) => void
}

/**
 * Writes every row of one kind as JSON Lines, in id order (point events and relations in recording order,
 * organizations in the order established), to a file path
 * or a writable stream, respecting backpressure. Returns the number of rows.
 */
export const exportJsonl = async (store: RedsiteStore, kind: ImportKind, output: string | Writable, options: ExportOptions = {}): Promise<number> => {
  const spec = specs[kind] as KindSpec<unknown>
  const out = typeof output === "string" ? createWriteStream(output) : output
  const write = (s: string) => new Promise<void>((resolve, reject) => {
    if (out.write(s)) resolve()
    else {
      out.once("drain", resolve)
      out.once("error", reject)
    }
  })
  let rows = 0
  let after: string | undefined
  for (;;) {
    const page = spec.page(store, after, 1000)
    if (page.items.length > 0) await write(page.items.map((v) => JSON.stringify(spec.encode(v))).join("\n") + "\n")
    rows += page.items.length
    options.onProgress?.(rows)
    if (page.next === undefined) break
    after = page.next
  }
  if (typeof output === "string") await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())))
  return rows
}
