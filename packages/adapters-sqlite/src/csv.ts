/**
 * Projects in CSV (UTF-8, RFC 4180 quoting, a header row): three files — `projects.csv`, `units.csv` and
 * `members.csv`, the last two with a `projectId` column and grouped in the order of the projects (as
 * {@link exportCsv} writes them). Import streams the three files together in constant memory, assembles each
 * project with its units and members, and then follows the JSON Lines import's batch semantics (see
 * `importJsonl`): every bad row is reported with its file, line number and field.
 *
 * Columns: projects `id, name, district, locality, kind, costYuan, plannedStart, plannedEnd, major, phase,
 * competentDepartment, sections` (sections joined with `|`); units `projectId, id, name, role, ownership,
 * hasOrganization, organizationId`; members `projectId, id, name, contact, status, unitId,
 * homeOrganizationId, section, mobile, pocket`. Booleans are `true`/`false` (or 1/0); an empty cell is an
 * absent optional field. A byte-order mark is accepted, and written with `bom: true` (for spreadsheet tools).
 *
 * The other kinds (organizations, relations, coverage facts, point events) are one file each
 * ({@link importCsvRows}, {@link exportCsvRows}); a cell holding a list or a record is JSON.
 *
 * @module
 */
import { Project } from "@redsite/core"
import { Schema } from "effect"
import { createReadStream, createWriteStream } from "node:fs"
import type { Readable, Writable } from "node:stream"
import { importRecords, specs } from "./jsonl.js"
import type { ImportKind, ImportOptions, ImportResult, RawRecord } from "./jsonl.js"
import type { RedsiteStore } from "./store.js"

const PROJECT_COLUMNS = ["id", "name", "district", "locality", "kind", "costYuan", "plannedStart", "plannedEnd", "major", "phase", "competentDepartment", "sections"] as const
const UNIT_COLUMNS = ["projectId", "id", "name", "role", "ownership", "hasOrganization", "organizationId"] as const
const MEMBER_COLUMNS = ["projectId", "id", "name", "contact", "status", "unitId", "homeOrganizationId", "section", "mobile", "pocket"] as const

type Source = string | Readable | AsyncIterable<Uint8Array | string>

interface CsvRow {
  readonly line: number
  readonly cells?: ReadonlyArray<string>
  readonly error?: string
}

/** The records of a CSV input, each with the line it starts on; a quoted cell may span lines. */
async function* csvRows(input: Source): AsyncGenerator<CsvRow> {
  const source = typeof input === "string" ? createReadStream(input) : input
  const utf8 = new TextDecoder("utf-8", { fatal: true })
  let line = 1
  let start = 1
  let cells: Array<string> = []
  let cell = ""
  let quoted = false
  let afterQuote = false
  let first = true
  let any = false
  const endRow = (): CsvRow => {
    cells.push(cell)
    const row = { line: start, cells }
    cells = []
    cell = ""
    afterQuote = false
    any = false
    return row
  }
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    let text: string
    try {
      text = typeof chunk === "string" ? chunk : utf8.decode(chunk, { stream: true })
    } catch {
      yield { line, error: "the file is not valid UTF-8 here" }
      return
    }
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      first = false
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!
      if (quoted) {
        if (c === "\"") {
          if (text[i + 1] === "\"") (cell += "\"", i++)
          else (quoted = false, afterQuote = true)
        } else {
          if (c === "\n") line++
          cell += c
        }
        continue
      }
      if (c === "\"" && cell === "" && !afterQuote) {
        quoted = true
        any = true
      } else if (c === ",") {
        cells.push(cell)
        cell = ""
        afterQuote = false
        any = true
      } else if (c === "\n") {
        if (cell.endsWith("\r")) cell = cell.slice(0, -1)
        if (any || cell !== "") yield endRow()
        else (cells = [], cell = "")
        line++
        start = line
      } else {
        cell += c
        any = true
      }
    }
  }
  try {
    utf8.decode()
  } catch {
    yield { line, error: "the file ends inside a UTF-8 character" }
    return
  }
  if (quoted) yield { line: start, error: "a quoted cell is not closed" }
  else if (any || cell !== "") {
    if (cell.endsWith("\r")) cell = cell.slice(0, -1)
    yield endRow()
  }
}

/** Rows as objects by header name, with a check of the header. */
async function* namedRows(input: Source, columns: ReadonlyArray<string>, file: string): AsyncGenerator<{ readonly line: number; readonly row?: Readonly<Record<string, string>>; readonly error?: string }> {
  let header: ReadonlyArray<string> | undefined
  for await (const r of csvRows(input)) {
    if (r.error !== undefined) {
      yield { line: r.line, error: r.error }
      return
    }
    if (header === undefined) {
      header = r.cells!.map((h) => h.trim())
      const missing = columns.filter((c) => c !== "sections" && !header!.includes(c))
      if (missing.length > 0) {
        yield { line: r.line, error: `${file}: the header lacks ${missing.join(", ")}` }
        return
      }
      continue
    }
    if (r.cells!.length !== header.length) {
      yield { line: r.line, error: `expected ${header.length} cells, found ${r.cells!.length}` }
      continue
    }
    yield { line: r.line, row: Object.fromEntries(header.map((h, k) => [h, r.cells![k]!])) }
  }
}

const opt = (v: string | undefined) => (v === undefined || v === "" ? undefined : v)
const bool = (v: string | undefined): unknown => (v === "true" || v === "1" ? true : v === "false" || v === "0" ? false : v)
const num = (v: string | undefined): unknown => (v === undefined || v.trim() === "" || Number.isNaN(Number(v)) ? v : Number(v))
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

/** Where a decoded project's units and members came from, to point an issue at its row. */
interface Origin {
  readonly units: Array<number>
  readonly members: Array<number>
}

/** The three files of a CSV import. */
export interface CsvFiles {
  readonly projects: Source
  readonly units: Source
  readonly members: Source
}

/**
 * Imports projects from three CSV files (see the module documentation). Units and members must follow the
 * order of the projects; a row of a project that is not next is reported.
 */
export const importCsv = (store: RedsiteStore, files: CsvFiles, options: ImportOptions = {}): Promise<ImportResult> =>
  importRecords(store, "projects", projectRecords(files), options)

async function* projectRecords(files: CsvFiles): AsyncGenerator<RawRecord> {
  const units = namedRows(files.units, UNIT_COLUMNS, "units.csv")[Symbol.asyncIterator]()
  const members = namedRows(files.members, MEMBER_COLUMNS, "members.csv")[Symbol.asyncIterator]()
  let nextUnit = await units.next()
  let nextMember = await members.next()
  for await (const p of namedRows(files.projects, PROJECT_COLUMNS, "projects.csv")) {
    if (p.error !== undefined || p.row === undefined) {
      yield { line: p.line, issues: [{ file: "projects.csv", path: "", message: p.error ?? "unreadable row" }] }
      continue
    }
    const id = p.row.id!
    const origin: Origin = { units: [], members: [] }
    const issues: Array<{ file: string; line: number; path: string; message: string }> = []
    const unitRows: Array<Record<string, unknown>> = []
    while (!nextUnit.done && (nextUnit.value.row?.projectId === id || nextUnit.value.error !== undefined)) {
      const u = nextUnit.value
      if (u.error !== undefined) issues.push({ file: "units.csv", line: u.line, path: "", message: u.error })
      else {
        const r = u.row!
        unitRows.push(defined({ id: r.id, name: r.name, role: r.role, ownership: r.ownership, hasOrganization: bool(r.hasOrganization), organizationId: opt(r.organizationId) }))
        origin.units.push(u.line)
      }
      nextUnit = await units.next()
    }
    const memberRows: Array<Record<string, unknown>> = []
    while (!nextMember.done && (nextMember.value.row?.projectId === id || nextMember.value.error !== undefined)) {
      const m = nextMember.value
      if (m.error !== undefined) issues.push({ file: "members.csv", line: m.line, path: "", message: m.error })
      else {
        const r = m.row!
        memberRows.push(defined({
          id: r.id, name: opt(r.name), contact: opt(r.contact), status: r.status, unitId: opt(r.unitId),
          homeOrganizationId: opt(r.homeOrganizationId), section: opt(r.section), mobile: bool(r.mobile), pocket: bool(r.pocket)
        }))
        origin.members.push(m.line)
      }
      nextMember = await members.next()
    }
    const r = p.row
    const value = defined({
      id, name: r.name, district: opt(r.district), locality: opt(r.locality), kind: r.kind, costYuan: num(r.costYuan),
      plannedStart: r.plannedStart, plannedEnd: r.plannedEnd, major: bool(r.major), phase: r.phase,
      competentDepartment: opt(r.competentDepartment), sections: opt(r.sections)?.split("|") ?? [],
      units: unitRows, members: memberRows
    })
    const locate = (path: string) => {
      const m = /^(units|members)\[(\d+)\]/.exec(path)
      const line = m === null ? undefined : origin[m[1] as "units" | "members"][Number(m[2])]
      return line === undefined ? { file: "projects.csv", line: p.line } : { file: `${m![1]}.csv`, line }
    }
    yield issues.length > 0 ? { line: p.line, issues } : { line: p.line, value, locate }
  }
  for (const [file, rest] of [["units.csv", nextUnit], ["members.csv", nextMember]] as const) {
    if (!rest.done) {
      yield { line: rest.value.line, issues: [{ file, line: rest.value.line, path: "projectId", message: `project ${rest.value.row?.projectId ?? "?"} is not in projects.csv, or its rows are not in the order of projects.csv` }] }
    }
  }
}

const quote = (v: unknown): string => {
  const s = v === undefined || v === null ? "" : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replaceAll("\"", "\"\"")}"` : s
}

/** Options of {@link exportCsv}. */
export interface CsvExportOptions {
  /** Start each file with a UTF-8 byte-order mark (for spreadsheet tools). */
  readonly bom?: boolean
}

/** Writes the stored projects as three CSV files (paths or streams), in id order. Returns the number of projects. */
export const exportCsv = async (
  store: RedsiteStore,
  out: { readonly projects: string | Writable; readonly units: string | Writable; readonly members: string | Writable },
  options: CsvExportOptions = {}
): Promise<number> => {
  const open = (o: string | Writable) => (typeof o === "string" ? createWriteStream(o) : o)
  const streams = { projects: open(out.projects), units: open(out.units), members: open(out.members) }
  const write = (w: Writable, s: string) => new Promise<void>((resolve, reject) => (w.write(s) ? resolve() : (w.once("drain", resolve), w.once("error", reject))))
  const bom = options.bom === true ? "\ufeff" : ""
  await write(streams.projects, bom + PROJECT_COLUMNS.join(",") + "\n")
  await write(streams.units, bom + UNIT_COLUMNS.join(",") + "\n")
  await write(streams.members, bom + MEMBER_COLUMNS.join(",") + "\n")
  const encode = Schema.encodeSync(Project)
  let count = 0
  let after: string | undefined
  for (;;) {
    const page = store.projects.list({ after, limit: 1000 })
    const p: Array<string> = []
    const u: Array<string> = []
    const m: Array<string> = []
    for (const item of page.items) {
      const e = encode(item.value)
      p.push([e.id, e.name, e.district, e.locality, e.kind, e.costYuan, e.plannedStart, e.plannedEnd, e.major, e.phase, e.competentDepartment, (e.sections ?? []).join("|")].map(quote).join(","))
      for (const x of e.units) u.push([e.id, x.id, x.name, x.role, x.ownership, x.hasOrganization, x.organizationId].map(quote).join(","))
      for (const x of e.members) m.push([e.id, x.id, x.name, x.contact, x.status, x.unitId, x.homeOrganizationId, x.section, x.mobile ?? false, x.pocket ?? false].map(quote).join(","))
    }
    if (p.length > 0) await write(streams.projects, p.join("\n") + "\n")
    if (u.length > 0) await write(streams.units, u.join("\n") + "\n")
    if (m.length > 0) await write(streams.members, m.join("\n") + "\n")
    count += page.items.length
    if (page.next === undefined) break
    after = page.next
  }
  await Promise.all([
    [out.projects, streams.projects], [out.units, streams.units], [out.members, streams.members]
  ].filter(([o]) => typeof o === "string").map(([, w]) => new Promise<void>((resolve, reject) => (w as Writable).end((e?: Error | null) => (e ? reject(e) : resolve())))))
  return count
}

// ------------------------------------------------------------------------------------- one-file kinds

type Cell = "text" | "number" | "boolean" | "json"
const FLAT: { readonly [K in Exclude<ImportKind, "projects">]: ReadonlyArray<readonly [string, Cell]> } = {
  organizations: [["id", "text"], ["name", "text"], ["kind", "text"], ["temporary", "boolean"], ["projectIds", "json"], ["unitIds", "json"], ["establishedOn", "text"], ["dissolvedOn", "text"], ["approvedBy", "text"]],
  relations: [["kind", "text"], ["fromId", "text"], ["toId", "text"], ["validFrom", "text"], ["validTo", "text"], ["attributes", "json"]],
  coverage: [["projectId", "text"], ["ownOrganization", "boolean"], ["work", "json"], ["redSiteCreation", "boolean"], ["qualityPlan", "boolean"], ["jointOrganization", "boolean"]],
  ledger: [["id", "text"], ["memberId", "text"], ["organizationId", "text"], ["date", "text"], ["item", "text"], ["points", "number"], ["evidence", "text"], ["recordedBy", "text"], ["recordedAt", "text"], ["correction", "json"]]
}

/** The kinds kept in one CSV file each. */
export type FlatKind = Exclude<ImportKind, "projects">

async function* flatRecords(kind: FlatKind, input: Source): AsyncGenerator<RawRecord> {
  const columns = FLAT[kind]
  // optional columns: absent in files written before they existed (jointOrganization: coverage facts, issue 14 item 7)
  for await (const r of namedRows(input, columns.map(([c]) => c).filter((c) => c !== "dissolvedOn" && c !== "approvedBy" && c !== "validTo" && c !== "correction" && c !== "jointOrganization"), `${kind}.csv`)) {
    if (r.error !== undefined || r.row === undefined) {
      yield { line: r.line, issues: [{ path: "", message: r.error ?? "unreadable row" }] }
      continue
    }
    const value: Record<string, unknown> = {}
    const issues: Array<{ path: string; message: string }> = []
    for (const [c, type] of columns) {
      const cell = r.row[c]
      if (cell === undefined || cell === "") continue
      if (type === "text") value[c] = cell
      else if (type === "number") value[c] = num(cell)
      else if (type === "boolean") value[c] = bool(cell)
      else {
        try {
          value[c] = JSON.parse(cell)
        } catch {
          issues.push({ path: c, message: "expected JSON in this cell" })
        }
      }
    }
    yield issues.length > 0 ? { line: r.line, issues } : { line: r.line, value }
  }
}

/** Imports one CSV file of organizations, relations, coverage facts or point events (batch semantics as `importJsonl`). */
export const importCsvRows = (store: RedsiteStore, kind: FlatKind, input: Source, options: ImportOptions = {}): Promise<ImportResult> =>
  importRecords(store, kind, flatRecords(kind, input), options)

/** Writes every row of one kind as a CSV file (coverage facts in id order, organizations in the order established, relations and point events in recording order). */
export const exportCsvRows = async (store: RedsiteStore, kind: FlatKind, out: string | Writable, options: CsvExportOptions = {}): Promise<number> => {
  const columns = FLAT[kind]
  const w = typeof out === "string" ? createWriteStream(out) : out
  const write = (s: string) => new Promise<void>((resolve, reject) => (w.write(s) ? resolve() : (w.once("drain", resolve), w.once("error", reject))))
  await write((options.bom === true ? "\ufeff" : "") + columns.map(([c]) => c).join(",") + "\n")
  const spec = specs[kind]
  let count = 0
  let after: string | undefined
  for (;;) {
    const page = spec.page(store, after, 1000)
    const lines = page.items.map((v: unknown) => {
      const e = spec.encode(v) as Record<string, unknown>
      return columns.map(([c, type]) => quote(e[c] === undefined ? "" : type === "json" ? JSON.stringify(e[c]) : e[c])).join(",")
    })
    if (lines.length > 0) await write(lines.join("\n") + "\n")
    count += page.items.length
    if (page.next === undefined) break
    after = page.next
  }
  if (typeof out === "string") await new Promise<void>((resolve, reject) => w.end((e?: Error | null) => (e ? reject(e) : resolve())))
  return count
}
