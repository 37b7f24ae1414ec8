/**
 * Handlers of the spreadsheet endpoints (issue 19 item 5): the JSON endpoints' data as `.xlsx` workbooks
 * (`spreadsheet.ts` writes them), and records uploaded from a workbook appended as `POST /compliance/records`
 * appends them — same roles, same integrity checks by the core, all or none. They hold no rules.
 *
 * | | administrator | secretary | reviewer | viewer | analyst |
 * |---|---|---|---|---|---|
 * | overdue.xlsx | ✓ | ✓ | ✓ | ✓ | summary sheet only (counts) |
 * | scorecards.xlsx | ✓ | ✓ | ✓ | ✓ | — |
 * | coverage report.xlsx | ✓ | ✓ | — | ✓ | ✓ (no personal data in it) |
 * | records template | ✓ | ✓ | ✓ | — | — |
 * | upload records | as POST /compliance/records: site facts by secretaries (their subtree), reviews by reviewers |
 *
 * @module
 */
import { HttpApiBuilder, HttpApp, HttpServerResponse } from "@effect/platform"
import { catalogue, jurisdictionPolicyOf, overdueReports, scorecard } from "@redsite/core"
import type { Policy, PolicyResolutionError, Project } from "@redsite/core"
import { Effect, Either } from "effect"
import { CellProblem, RedsiteApi, RuleViolation, SpreadsheetInvalid } from "@redsite/client"
import { requireRole } from "./auth.js"
import { refusal, stale } from "./complianceHandlers.js"
import { report } from "./coverageHandlers.js"
import { PolicyStore } from "./policyStore.js"
import { actorOf } from "./projectHandlers.js"
import { coverageWorkbook, overdueWorkbook, readRecordsWorkbook, recordsWorkbook, scorecardsWorkbook, xlsxBytes } from "./spreadsheet.js"
import type { CellIssue } from "./spreadsheet.js"
import { Store } from "./store.js"
import { invalid, loadPolicy, setEtag, versionFromIfMatch } from "./support.js"

/** The most records one uploaded workbook may hold: the JSON append's bound (`MAX_RECORD_EVENTS`). */
export const MAX_UPLOAD_ROWS = 10_000

const counters = requireRole(["administrator", "secretary", "reviewer", "viewer", "analyst"], "count compliance", "统计工地党建情况")
const readers = requireRole(["administrator", "secretary", "reviewer", "viewer"], "read compliance records and scorecards", "查看工地党建台账和考评卡")
const recorders = requireRole(["administrator", "secretary", "reviewer"], "record compliance records", "记录工地党建台账")
const coverageReaders = requireRole(["administrator", "secretary", "viewer", "analyst"], "read coverage", "查看覆盖情况")

/** Every stored project (of a district), in id order. */
const allProjects = (district: string | undefined) =>
  Effect.gen(function*() {
    const store = yield* Store
    const out: Array<Project> = []
    let after: string | undefined
    for (;;) {
      const page = yield* store.projects.list({ district, after, limit: 500 })
      out.push(...page.items.map((i) => i.value))
      if (page.next === undefined) return out
      after = page.next
    }
  })

const byId = new Map(catalogue.map((p) => [p.id, p]))

/** The policy of a project: its jurisdiction's catalogue policy (the core's `jurisdictionPolicyOf`), as the compliance endpoints judge it. */
const jurisdictionPolicy = (p: Project): Policy => byId.get(jurisdictionPolicyOf(p).policyId) ?? byId.get("national")!

const unresolved = (e: PolicyResolutionError) => invalid(e.message, [{ path: "policyId", message: e.message }])
const settled = <A>(r: Either.Either<A, PolicyResolutionError>) => (Either.isRight(r) ? Effect.succeed(r.right) : Effect.fail(unresolved(r.left)))

/** Sends the workbook as a download named `file` (ASCII: the date and filters only). */
const download = (file: string, bytes: Uint8Array) =>
  Effect.as(
    HttpApp.appendPreResponseHandler((_req, res) => Effect.succeed(HttpServerResponse.setHeader(res, "content-disposition", `attachment; filename="${file}"`))),
    bytes
  )

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, "_")

/** Excel's own reference of a cell: `'月报 Reports'!C3`. */
const reference = (i: CellIssue) =>
  i.sheet === "" ? "(file)" : `'${i.sheet.replace(/'/g, "''")}'${i.row === 0 ? "" : `!${i.column}${i.row}`}`

const spreadsheetInvalid = (cells: ReadonlyArray<CellIssue>) =>
  new SpreadsheetInvalid({
    code: "spreadsheet.invalid",
    message: `the workbook has ${cells.length} problem(s); nothing was recorded: ${cells.slice(0, 3).map((c) => `${reference(c)} ${c.message}`).join("; ")}`,
    messageZh: `表格有${cells.length}处错误,未作任何记录`,
    issues: cells.map((c) => ({ path: reference(c), message: c.header === undefined ? c.message : `${c.header}: ${c.message}` })),
    cells: cells.map((c) => new CellProblem({ sheet: c.sheet, row: c.row, column: c.column, ...(c.header === undefined ? {} : { header: c.header }), message: c.message }))
  })

/** Handlers of the `spreadsheets` group. */
export const SpreadsheetsLive = HttpApiBuilder.group(RedsiteApi, "spreadsheets", (handlers) =>
  handlers
    .handle("overdue", ({ urlParams: q }) =>
      Effect.gen(function*() {
        const principal = yield* counters
        const policy = q.policyId === undefined ? jurisdictionPolicy : yield* loadPolicy(q.policyId)
        const projects = yield* allProjects(q.district)
        const { book } = yield* Effect.flatMap(Store, (s) => s.records.log())
        const rows = (yield* settled(overdueReports(projects, policy, book, q.date)))
          .filter((r) => q.organizationId === undefined || r.organizationId === q.organizationId)
        // analysts: the counts per district only (the summary sheet), as the JSON endpoint gives them
        const wb = overdueWorkbook(rows, { date: q.date, projectNames: new Map(projects.map((p) => [p.id, p.name])), summaryOnly: principal.role === "analyst", by: q.by ?? "district" })
        return yield* download(`overdue-${q.date}.xlsx`, yield* Effect.promise(() => xlsxBytes(wb)))
      }))
    .handle("scorecards", ({ urlParams: q }) =>
      Effect.gen(function*() {
        yield* readers
        const named = q.policyId === undefined ? undefined : yield* loadPolicy(q.policyId)
        const projects = yield* allProjects(q.district)
        const { book } = yield* Effect.flatMap(Store, (s) => s.records.log())
        const extra = yield* Effect.flatMap(PolicyStore, (s) => s.list)
        const cards = []
        for (const p of projects) {
          const card = yield* settled(scorecard(p, named ?? jurisdictionPolicy(p), book, q.date, { extra }))
          cards.push({ ...card, projectName: p.name, district: p.district })
        }
        const wb = scorecardsWorkbook(cards, { title: `工地党建考评卡 Site scorecards ${q.district ?? ""} ${q.date}` })
        return yield* download(`scorecards-${q.date}.xlsx`, yield* Effect.promise(() => xlsxBytes(wb)))
      }))
    .handle("coverage", ({ urlParams }) =>
      Effect.gen(function*() {
        yield* coverageReaders
        const r = yield* report(urlParams)
        return yield* download(`coverage-${safe(r.policyId)}-${r.date}.xlsx`, yield* Effect.promise(() => xlsxBytes(coverageWorkbook(r))))
      }))
    .handle("recordsTemplate", () =>
      Effect.gen(function*() {
        yield* recorders
        return yield* download("records-template.xlsx", yield* Effect.promise(() => xlsxBytes(recordsWorkbook([]))))
      }))
    .handle("uploadRecords", ({ headers, payload }) =>
      Effect.gen(function*() {
        const principal = yield* recorders
        const expected = yield* versionFromIfMatch(headers["if-match"])
        const read = yield* Effect.tryPromise({
          try: () => readRecordsWorkbook(payload, { maxRows: MAX_UPLOAD_ROWS }),
          catch: (e) => spreadsheetInvalid([{ sheet: "", row: 0, column: "", message: `the workbook cannot be read: ${e instanceof Error ? e.message : String(e)}` }])
        })
        if (Either.isLeft(read)) return yield* Effect.fail(spreadsheetInvalid(read.left))
        const { events, origins } = read.right
        if (events.length === 0) return yield* Effect.fail(spreadsheetInvalid([{ sheet: "", row: 0, column: "", message: "the workbook holds no record" }]))
        const store = yield* Store
        const { book, version } = yield* store.records.log()
        if (version !== expected) return yield* Effect.fail(stale(version, expected))
        const refused = yield* refusal(principal, book, events)
        if (refused !== undefined) return yield* Effect.fail(refused)
        const next = yield* store.records.append(events, expected, actorOf(principal)).pipe(
          Effect.map((r) => r.version),
          Effect.catchTags({
            StoreConflict: (c) => Effect.fail(stale(c.currentVersion, expected)),
            RecordRefused: ({ index, rejection: x }) => {
              const at = origins[index]!
              return Effect.fail(new RuleViolation({
                code: x.code,
                message: `sheet ${at.sheet}, row ${at.row} refused: ${x.text.en}; nothing was recorded`,
                messageZh: `工作表${at.sheet}第${at.row}行被拒绝:${x.text.zh};未作任何记录`,
                ruleId: x.code,
                citation: x.citation
              }))
            }
          })
        )
        yield* setEtag(next)
        return { version: next, accepted: events.length }
      })))
