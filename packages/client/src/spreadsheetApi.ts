/**
 * The contract of the spreadsheet endpoints (issue 19 item 5): the overdue list, a district's scorecards and
 * the coverage report downloaded as `.xlsx` workbooks, the records template, and monthly reports and records
 * uploaded from a workbook of the same layout (raw body of type {@link XLSX_MEDIA_TYPE}). Each download takes
 * the query of the JSON endpoint behind it and the same roles; analysts get no personal data (the overdue
 * workbook holds the counts only for them, as the JSON does).
 *
 * This module only declares the endpoints: the workbooks are written and read by the server (exceljs, in
 * `@redsite/adapters-http`); the browser client never loads a spreadsheet library.
 *
 * @module
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as OpenApi from "@effect/platform/OpenApi"
import { IsoDate } from "@redsite/core"
import * as Schema from "effect/Schema"
import { AppendRecordsResponse, OverdueQuery } from "./complianceApi.js"
import { CoverageReportQuery } from "./coverageApi.js"
import { Conflict, Forbidden, InvalidInput, NotFound, PreconditionRequired, RuleViolation } from "./errors.js"
import { Authentication } from "./security.js"

/** The media type of an `.xlsx` workbook (Office Open XML spreadsheet). */
export const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/** A workbook's bytes, sent and received as {@link XLSX_MEDIA_TYPE}. */
export const Workbook = HttpApiSchema.Uint8Array({ contentType: XLSX_MEDIA_TYPE })

/** One problem of an uploaded workbook: its sheet, Excel row number, column letter and header, and what is wrong. */
export class CellProblem extends Schema.Class<CellProblem>("CellProblem")({
  sheet: Schema.String,
  /** The Excel row number (data starts at row 3, below the Chinese and English header rows); 0: the whole sheet or file. */
  row: Schema.Number,
  /** The column letter (`C`); "" for a whole row, sheet or file. */
  column: Schema.String,
  /** The column's headers (`月份 Month`). */
  header: Schema.optional(Schema.String),
  message: Schema.String
}) {}

/**
 * 400: the uploaded workbook has bad cells (or is no workbook); every one is named, and nothing was recorded.
 * `issues` has them too, each with the path `'sheet'!C3` (Excel's own notation).
 */
export class SpreadsheetInvalid extends Schema.TaggedError<SpreadsheetInvalid>()(
  "SpreadsheetInvalid",
  {
    code: Schema.String,
    message: Schema.String,
    messageZh: Schema.String,
    issues: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String })),
    cells: Schema.Array(CellProblem)
  },
  HttpApiSchema.annotations({ status: 400 })
) {}

/** Query of a district's scorecards: the district (every project when absent), the date, the policy choice. */
export const ScorecardsQuery = Schema.Struct({
  date: IsoDate,
  district: Schema.optional(Schema.String),
  /** One policy for every project; by default each project's jurisdiction's. */
  policyId: Schema.optional(Schema.String)
})

/** The overdue workbook's query: the JSON endpoint's, without its listing limit (the workbook lists every report). */
export const OverdueWorkbookQuery = OverdueQuery.omit("limit")

/** The spreadsheet endpoints. */
export const spreadsheetGroup = HttpApiGroup.make("spreadsheets")
  .add(
    HttpApiEndpoint.get("overdue", "/compliance/overdue.xlsx")
      .setUrlParams(OverdueWorkbookQuery)
      .addSuccess(Workbook)
      .addError(NotFound)
      .addError(Forbidden)
      .addError(InvalidInput)
      .annotate(OpenApi.Description,
        "The overdue monthly reports on a date as a workbook: a summary per district, then a sheet per district with every overdue report (month, due date as a date cell, days late). Analysts get the summary only")
  )
  .add(
    HttpApiEndpoint.get("scorecards", "/compliance/scorecards.xlsx")
      .setUrlParams(ScorecardsQuery)
      .addSuccess(Workbook)
      .addError(NotFound)
      .addError(Forbidden)
      .addError(InvalidInput)
      .annotate(OpenApi.Description,
        "A district's scorecards as a workbook: a row per site (standing, coverage gap, counts) and a row per site and obligation (status, due date, days late, evidence, reason and clause). Not for analysts")
  )
  .add(
    HttpApiEndpoint.get("coverage", "/coverage/report.xlsx")
      .setUrlParams(CoverageReportQuery)
      .addSuccess(Workbook)
      .addError(NotFound)
      .addError(Forbidden)
      .addError(InvalidInput)
      .annotate(OpenApi.Description, "The coverage report (the query of GET /coverage/report) as a workbook: totals, a sheet per grouping, the targets")
  )
  .add(
    HttpApiEndpoint.get("recordsTemplate", "/compliance/records/template.xlsx")
      .addSuccess(Workbook)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "The empty records workbook (sheets 月报 Reports, 审核 Reviews, 台账 Records with their two header rows) to fill in and upload")
  )
  .add(
    HttpApiEndpoint.post("uploadRecords", "/compliance/records.xlsx")
      .setPayload(Workbook)
      .setHeaders(Schema.Struct({ "if-match": Schema.optional(Schema.String) }))
      .addSuccess(AppendRecordsResponse)
      .addError(SpreadsheetInvalid)
      .addError(RuleViolation)
      .addError(NotFound)
      .addError(Forbidden)
      .addError(InvalidInput)
      .addError(Conflict)
      .addError(PreconditionRequired)
      .annotate(OpenApi.Description,
        "Append the monthly reports, reviews and records of a workbook (the template's layout) to the compliance records at the log's version (`If-Match`), as POST /compliance/records does: all or none, same roles. Every bad cell is named (400 SpreadsheetInvalid: sheet, row, column); a broken integrity rule is a 422 naming the sheet and row. The body is the file itself, Content-Type " + XLSX_MEDIA_TYPE + ", within the server's body limit (413 beyond)")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Spreadsheets")
