/**
 * Bulk import of projects (with their units and members) from JSON Lines into PostgreSQL through `COPY`,
 * with the SQLite importer's semantics (`importJsonl` of `@redsite/adapters-sqlite`):
 *
 * - the input is streamed and taken in **batches** (default 5,000 lines); each batch is checked whole — JSON,
 *   the core's schema with the path of every bad field, ids twice in the input or already in the database —
 *   and then written in one transaction (three `COPY … FROM STDIN`: projects, units, members; one audit
 *   entry; the revision bump), or not at all;
 * - the import stops at the first batch with a bad line and reports every bad line of that batch with its
 *   line number; the batches before it stay written (`committedRows`), nothing of the bad batch or after it;
 * - `atomic: true` makes the whole input one transaction; `skipExisting: true` skips (and counts) the rows
 *   whose id the database holds, so that importing a file again after a stop resumes it.
 *
 * While a batch is being copied, the next one is read, parsed and decoded (the database and Node.js work at
 * once); a batch is written only after the one before it committed. A process killed during an import
 * leaves the batches committed before it and nothing of the batch in flight (PostgreSQL rolls back a
 * transaction whose connection is lost).
 *
 * @module
 */
import { decodeProject } from "@redsite/core"
import type { Actor, Project } from "@redsite/core"
import { Either } from "effect"
import { createReadStream } from "node:fs"
import { Readable } from "node:stream"
import { pipeline } from "node:stream/promises"
import type pg from "pg"
import { from as copyFrom } from "pg-copy-streams"
import { projectSummary } from "./collections.js"
import { finish } from "./db.js"
import type { Pool } from "./db.js"
import { readLines } from "./lines.js"

/** What a JSON Lines file holds (projects, for now: the bulk of a province's data). */
export type PgImportKind = "projects"

/** One bad line. */
export interface PgImportIssue {
  /** 1-based line number in the input. */
  readonly line: number
  /** Path of the bad field inside the line's value (`members[2].unitId`), or `""` for the whole line. */
  readonly path: string
  readonly message: string
}

/** Options of {@link importJsonl}. */
export interface PgImportOptions {
  /** Lines per transaction; default 5,000. */
  readonly batchSize?: number
  /** The whole input in one transaction. */
  readonly atomic?: boolean
  /** Called after each committed batch. */
  readonly onProgress?: (progress: { readonly lines: number; readonly rows: number; readonly batches: number }) => void
  /** Recorded in the audit log, one entry per batch; default `import`. */
  readonly actor?: Actor
  /** At most this many issues are reported (default 100). */
  readonly maxIssues?: number
  /** Skip the rows whose id the database already holds instead of reporting them (`skippedRows` counts them). */
  readonly skipExisting?: boolean
}

/** The outcome of an import. */
export interface PgImportResult {
  readonly ok: boolean
  /** Lines read (blank lines included). */
  readonly lines: number
  /** Rows (projects) written and committed. */
  readonly committedRows: number
  /** Rows not written because the database already held their id (`skipExisting`; else 0). */
  readonly skippedRows: number
  readonly batches: number
  readonly issues: ReadonlyArray<PgImportIssue>
}

// ------------------------------------------------------------------------------------------ COPY text

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" }
const SPECIAL = /[\\\t\n\r]/

/** A text field of `COPY`'s text format (`\N` is NULL). */
const text = (v: string | null | undefined): string => (v === null || v === undefined ? "\\N" : SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : v)
const bool = (v: boolean | undefined): string => (v === true ? "t" : "f")

/** The `COPY` text of decoded projects' rows: one string per table. */
export const projectCopyText = (projects: ReadonlyArray<Project>): { readonly projects: string; readonly units: string; readonly members: string } => {
  let p = ""
  let u = ""
  let m = ""
  for (const e of projects) {
    const id = text(e.id)
    const sum = projectSummary(e)
    p += `${id}\t1\t${text(e.name)}\t${text(e.district)}\t${text(e.locality)}\t${text(e.kind)}\t${e.costYuan}\t${text(e.plannedStart)}\t${text(e.plannedEnd)}\t${bool(e.major)}\t${text(e.phase)}\t${text(e.competentDepartment)}\t${text(JSON.stringify(e.sections ?? []))}\t${sum.full}\t${sum.probationary}\t${text(sum.line)}\n`
    for (let i = 0; i < e.units.length; i++) {
      const x = e.units[i]!
      u += `${id}\t${i}\t${text(x.id)}\t${text(x.name)}\t${text(x.role)}\t${text(x.ownership)}\t${bool(x.hasOrganization)}\t${text(x.organizationId)}\n`
    }
    for (let i = 0; i < e.members.length; i++) {
      const x = e.members[i]!
      m += `${id}\t${i}\t${text(x.id)}\t${text(x.name)}\t${text(x.contact)}\t${text(x.status)}\t${text(x.unitId)}\t${text(x.homeOrganizationId)}\t${text(x.section)}\t${bool(x.mobile)}\t${bool(x.pocket)}\n`
    }
  }
  return { projects: p, units: u, members: m }
}

/** The `COPY` statements of the project tables, in the column order of {@link projectCopyText}. */
export const PROJECT_COPY = {
  projects: "COPY projects (id, version, name, district, locality, kind, cost_yuan, planned_start, planned_end, major, phase, competent_department, sections, full_members, probationary_members, portfolio_line) FROM STDIN",
  units: "COPY units (project_id, position, id, name, role, ownership, has_organization, organization_id) FROM STDIN",
  members: "COPY members (project_id, position, id, name, contact, status, unit_id, home_organization_id, section, mobile, pocket) FROM STDIN"
} as const

/** Runs one `COPY … FROM STDIN` of a text on a client (inside the caller's transaction). */
export const copyIn = async (c: pg.ClientBase, statement: string, body: string): Promise<void> => {
  if (body.length === 0) return
  await pipeline(Readable.from([Buffer.from(body, "utf8")]), c.query(copyFrom(statement)))
}

/** Copies decoded projects' rows (inside the caller's transaction). */
export const copyProjects = async (c: pg.ClientBase, projects: ReadonlyArray<Project>): Promise<void> => {
  const t = projectCopyText(projects)
  await copyIn(c, PROJECT_COPY.projects, t.projects)
  await copyIn(c, PROJECT_COPY.units, t.units)
  await copyIn(c, PROJECT_COPY.members, t.members)
}

// ------------------------------------------------------------------------------------------- import

/** A batch refused by the database while it was written (another process stored one of its ids meanwhile). */
class BatchRefused extends Error {
  constructor(readonly issue: PgImportIssue) {
    super(issue.message)
  }
}

const READ_CHUNK = 1 << 20

/**
 * Imports a JSON Lines file or stream of projects through `COPY` (see the module documentation for the
 * batch semantics). Never throws for bad input: the result lists the bad lines. The pool is the caller's.
 *
 * @example
 * ```ts
 * import pg from "pg"
 * import { importJsonl } from "@redsite/adapters-postgres"
 * const pool = new pg.Pool({ connectionString: process.env.REDSITE_PG_URL })
 * const r = await importJsonl(pool, "projects", "projects.jsonl", { onProgress: (p) => console.log(p.rows) })
 * if (!r.ok) for (const i of r.issues) console.error(`line ${i.line} ${i.path}: ${i.message}`)
 * ```
 */
export const importJsonl = async (
  pool: Pool,
  kind: PgImportKind,
  input: string | Readable | AsyncIterable<Uint8Array | string>,
  options: PgImportOptions = {}
): Promise<PgImportResult> => {
  if (kind !== "projects") throw new Error(`importJsonl: unknown kind ${String(kind)}`)
  const batchSize = Math.max(1, options.batchSize ?? 5000)
  const maxIssues = options.maxIssues ?? 100
  const actor = options.actor ?? { principalId: "import", role: "administrator" }
  const atomic = options.atomic === true
  const source = typeof input === "string" ? createReadStream(input, { highWaterMark: READ_CHUNK }) : input

  const issues: Array<PgImportIssue> = []
  let batchIssues: Array<PgImportIssue> = []
  let batch: Array<{ readonly line: number; readonly value: Project }> = []
  let batchLines = 0
  let lineNo = 0
  let written = 0
  let skipped = 0
  let batches = 0
  const seen = new Set<string>()
  const addIssue = (i: PgImportIssue) => {
    if (batchIssues.length < maxIssues) batchIssues.push(i)
  }

  // atomic: one client and one transaction for the whole input; else a client per batch
  const held = atomic ? await pool.connect() : undefined
  if (held !== undefined) await held.query("BEGIN")
  /** The write of the previous batch, still running while the next is read. */
  let writing: Promise<void> | undefined

  const write = async (values: ReadonlyArray<Project>, first: number, last: number) => {
    const c = held ?? (await pool.connect())
    let broken: Error | undefined
    try {
      if (held === undefined) await c.query("BEGIN")
      else await c.query("SAVEPOINT batch")
      try {
        await copyProjects(c, values)
        await finish(c, { actor, action: "create", resource: "import:projects", resourceId: `lines ${first}-${last}`, before: null, after: 1 })
      } catch (e) {
        await c.query(held === undefined ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT batch").catch((x: Error) => (broken = x))
        const code = (e as { code?: unknown }).code
        if (code === "23505") throw new BatchRefused({ line: first, path: "id", message: `lines ${first}-${last}: ${(e as { detail?: string }).detail ?? "an id"} was stored by someone else during the import; nothing of these lines was written` })
        throw e
      }
      if (held === undefined) await c.query("COMMIT")
      written += values.length
      batches++
      options.onProgress?.({ lines: last, rows: written, batches })
    } finally {
      if (held === undefined) c.release(broken)
    }
  }

  /** Checks the batch; false when it has bad lines (they go to the issues). Starts its write otherwise. */
  const flush = async (): Promise<boolean> => {
    if (batch.length > 0) {
      const ids = batch.map((b) => b.value.id)
      const existing = new Set((await (held ?? pool).query<{ id: string }>("SELECT id FROM projects WHERE id = ANY($1::text[])", [ids])).rows.map((r) => r.id))
      if (options.skipExisting === true) {
        const kept = batch.filter((b) => !existing.has(b.value.id))
        skipped += batch.length - kept.length
        batch = kept
      } else {
        for (const b of batch) if (existing.has(b.value.id)) addIssue({ line: b.line, path: "id", message: `${b.value.id} already exists in the database` })
      }
    }
    if (batchIssues.length > 0) {
      issues.push(...batchIssues.sort((a, b) => a.line - b.line))
      return false
    }
    if (batch.length === 0) return true
    const values = batch.map((b) => b.value)
    const first = batch[0]!.line
    const last = batch[batch.length - 1]!.line
    batch = []
    if (writing !== undefined) await writing
    writing = write(values, first, last)
    // an unhandled rejection before it is awaited would end the process: it is awaited at the next flush or the end
    writing.catch(() => {})
    return true
  }

  let ok = true
  try {
    outer: for await (const group of readLines(source)) {
      for (const l of group) {
        lineNo++
        batchLines++
        if (l.text === undefined) addIssue({ line: lineNo, path: "", message: l.error })
        else if (l.text.trim() !== "") {
          let value: unknown
          let parsed = true
          try {
            value = JSON.parse(l.text)
          } catch (e) {
            parsed = false
            addIssue({ line: lineNo, path: "", message: `not JSON: ${e instanceof Error ? e.message : String(e)}` })
          }
          if (parsed) {
            const r = decodeProject(value)
            if (Either.isLeft(r)) for (const i of r.left.issues) addIssue({ line: lineNo, path: i.path, message: i.message })
            else {
              const id = r.right.id
              if (seen.has(id)) addIssue({ line: lineNo, path: "id", message: `${id} appears twice in the input` })
              seen.add(id)
              batch.push({ line: lineNo, value: r.right })
            }
          }
        }
        if (batchLines >= batchSize) {
          if (!(await flush())) {
            ok = false
            break outer
          }
          batchIssues = []
          batchLines = 0
        }
      }
    }
    if (ok && !(await flush())) ok = false
    if (writing !== undefined) await writing
  } catch (e) {
    if (writing !== undefined) await writing.catch(() => {})
    if (e instanceof BatchRefused) {
      issues.push(e.issue)
      ok = false
    } else {
      if (held !== undefined) {
        await held.query("ROLLBACK").catch(() => {})
        held.release()
      }
      throw e
    }
  }
  if (held !== undefined) {
    await held.query(ok ? "COMMIT" : "ROLLBACK")
    held.release()
  }
  return { ok, lines: lineNo, committedRows: atomic && !ok ? 0 : written, skippedRows: skipped, batches: atomic && !ok ? 0 : batches, issues }
}
