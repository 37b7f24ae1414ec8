/**
 * Spreadsheets (issue 19 item 5): the overdue list, a district's scorecards and the coverage report as `.xlsx`
 * workbooks, and monthly reports and records read back from the same layout, every bad cell named.
 *
 * The layout, one convention for every sheet:
 * - **two header rows**: row 1 Chinese (`月份`), row 2 English (`Month`); data from row 3. The panes are frozen
 *   below row 2. An import finds a column by either header (row 1 or row 2), so columns may be reordered.
 * - **dates are Excel dates** (a date cell, format `yyyy-mm-dd`, midnight UTC); an import accepts a date cell or
 *   the text `YYYY-MM-DD`. Months (`YYYY-MM`) are text; an import also accepts a date cell (its month).
 * - lists (evidence, participants, criteria) are one cell, items separated by `;` (or `;`, `、`).
 * - closed lists (milestones, steps, outcomes…) accept the code (`constructionStart`), the Chinese or the English
 *   label of the core's vocabulary.
 *
 * Imports are all or nothing: {@link readRecordsWorkbook} gives every record of the file, or every problem
 * (sheet, row, column, message) and no record. Node-only (exceljs): the browser client never imports it.
 *
 * @module
 */
import ExcelJS from "exceljs"
import { Either } from "effect"
import {
  AssessmentRecorded, Assessments, LetterGoals, LetterSigned, Letters, MeetingHeld, Meetings, MilestoneRecorded, Milestones, ReportReviewed,
  ReportStates, ReportSubmitted, StepRecorded, Steps, decoderFor
} from "@redsite/core"
import type { DecodeError, RecordEvent } from "@redsite/core"

/** The media type of an `.xlsx` file. */
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/** One problem in an uploaded workbook: where (sheet, Excel row number, column letter and header) and what. */
export interface CellIssue {
  readonly sheet: string
  /** The Excel row number (1-based; data starts at 3); 0 for the whole sheet or file. */
  readonly row: number
  /** The column letter (`C`), "" for a whole row, sheet or file. */
  readonly column: string
  /** The column's headers (`月份 Month`), when the problem is in a known column. */
  readonly header?: string
  readonly message: string
}

type Kind = "text" | "date" | "int" | "number" | "percent" | "bool" | "month" | "list"

/** One column of a sheet: its key, its two headers, its kind (how cells are written and read) and width. */
interface Column<R> {
  readonly key: string
  readonly zh: string
  readonly en: string
  readonly kind: Kind
  readonly width?: number
  readonly get: (row: R) => unknown
}

const col = <R>(key: string, zh: string, en: string, kind: Kind, get: (row: R) => unknown, width?: number): Column<R> =>
  ({ key, zh, en, kind, get, ...(width === undefined ? {} : { width }) })

/** Midnight UTC of an ISO date: exceljs writes a Date as the Excel serial of its UTC instant. */
const excelDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`)

/** A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique in the workbook. */
const sheetName = (wb: ExcelJS.Workbook, wanted: string): string => {
  const base = (wanted.replace(/[[\]:*?/\\]/g, "_").trim() || "_").slice(0, 31)
  let name = base
  for (let k = 2; wb.worksheets.some((w) => w.name.toLowerCase() === name.toLowerCase()); k++) name = `${base.slice(0, 31 - String(k).length - 1)}~${k}`
  return name
}

const cellOf = (kind: Kind, v: unknown): ExcelJS.CellValue => {
  if (v === undefined || v === null || v === "") return null
  switch (kind) {
    case "date": return excelDate(String(v))
    case "list": return (v as ReadonlyArray<string>).join("; ") || null
    case "int": case "number": case "percent": return typeof v === "number" ? v : Number(v)
    case "bool": return Boolean(v)
    default: return String(v)
  }
}

const NUMBER_FORMAT: Partial<Record<Kind, string>> = { date: "yyyy-mm-dd", int: "0", percent: "0.0%" }

/** Adds a sheet with the two header rows and the rows, typed cells and formats per column. */
const addTable = <R>(wb: ExcelJS.Workbook, name: string, columns: ReadonlyArray<Column<R>>, rows: Iterable<R>): ExcelJS.Worksheet => {
  const ws = wb.addWorksheet(sheetName(wb, name), { views: [{ state: "frozen", ySplit: 2 }] })
  ws.columns = columns.map((c) => ({ key: c.key, width: c.width ?? Math.max(12, c.zh.length * 2 + 2, c.en.length + 2) }))
  const zh = ws.addRow(columns.map((c) => c.zh))
  const en = ws.addRow(columns.map((c) => c.en))
  for (const r of [zh, en]) {
    r.font = { bold: true }
    r.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFDECEA" } }
  }
  columns.forEach((c, k) => {
    const fmt = NUMBER_FORMAT[c.kind]
    if (fmt !== undefined) ws.getColumn(k + 1).numFmt = fmt
  })
  for (const row of rows) ws.addRow(columns.map((c) => cellOf(c.kind, c.get(row))))
  return ws
}

const newWorkbook = (title: string): ExcelJS.Workbook => {
  const wb = new ExcelJS.Workbook()
  wb.creator = "redsite"
  wb.title = title
  // a fixed timestamp: the same data gives the same workbook contents
  wb.created = new Date(0)
  wb.modified = new Date(0)
  return wb
}

/**
 * The bytes of a workbook as an `.xlsx` file.
 *
 * @example
 * ```ts
 * import { writeFileSync } from "node:fs"
 * import { recordsWorkbook, xlsxBytes } from "@redsite/adapters-http"
 * writeFileSync("records-template.xlsx", await xlsxBytes(recordsWorkbook([])))
 * ```
 */
export const xlsxBytes = async (wb: ExcelJS.Workbook): Promise<Uint8Array> => new Uint8Array(await wb.xlsx.writeBuffer())

// ---------------------------------------------------------------------------------------------------------
// Exports
// ---------------------------------------------------------------------------------------------------------

/** An overdue monthly report as the overdue query gives it (the core's `OverdueReport`). */
export interface OverdueRow {
  readonly projectId: string
  readonly policyId: string
  readonly ruleId: string
  readonly district: string
  readonly organizationId: string
  readonly month: string
  readonly dueOn: string
  readonly daysLate: number
}

/** The label of the empty district (projects without one). */
export const NO_DISTRICT = { zh: "未填区", en: "No district" } as const

const overdueColumns = (names: ReadonlyMap<string, string>): ReadonlyArray<Column<OverdueRow>> => [
  col("projectId", "项目编号", "Project id", "text", (r) => r.projectId, 16),
  col("projectName", "项目名称", "Project name", "text", (r) => names.get(r.projectId), 28),
  col("district", "区", "District", "text", (r) => r.district),
  col("organizationId", "上报组织", "Reporting organization", "text", (r) => r.organizationId, 20),
  col("month", "月份", "Month", "month", (r) => r.month),
  col("dueOn", "应报日期", "Due on", "date", (r) => r.dueOn),
  col("daysLate", "逾期天数", "Days late", "int", (r) => r.daysLate),
  col("policyId", "政策", "Policy", "text", (r) => r.policyId, 20),
  col("ruleId", "规则", "Rule", "text", (r) => r.ruleId, 28)
]

/** The label of the empty reporting organization (none recorded). */
export const NO_ORGANIZATION = { zh: "未记录组织", en: "No organization recorded" } as const

interface GroupSummary { readonly key: string; readonly sites: number; readonly reports: number; readonly maxDaysLate: number; readonly date: string }

const summaryColumns = (by: "district" | "organization"): ReadonlyArray<Column<GroupSummary>> => [
  by === "district"
    ? col("district", "区", "District", "text", (r) => r.key || `${NO_DISTRICT.zh} ${NO_DISTRICT.en}`, 20)
    : col("organizationId", "上报组织", "Reporting organization", "text", (r) => r.key || `${NO_ORGANIZATION.zh} ${NO_ORGANIZATION.en}`, 24),
  col("sites", "逾期工地数", "Sites late", "int", (r) => r.sites),
  col("reports", "逾期月报数", "Reports late", "int", (r) => r.reports),
  col("maxDaysLate", "最长逾期天数", "Longest delay (days)", "int", (r) => r.maxDaysLate),
  col("date", "统计日期", "As of", "date", (r) => r.date)
]

const groupBy = <R>(rows: ReadonlyArray<R>, key: (r: R) => string): Map<string, Array<R>> => {
  const out = new Map<string, Array<R>>()
  for (const r of rows) {
    let xs = out.get(key(r))
    if (xs === undefined) out.set(key(r), (xs = []))
    xs.push(r)
  }
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/**
 * The overdue list as a workbook: a summary sheet (`汇总 Summary`: per district, or per reporting organization
 * with `by: "organization"`, the sites and reports late and the longest delay), then one sheet per district with its overdue reports (`未填区 No district` for projects
 * without one), oldest month first per site as the query gives them.
 *
 * @example
 * ```ts
 * import { overdueWorkbook, xlsxBytes } from "@redsite/adapters-http"
 * const bytes = await xlsxBytes(overdueWorkbook(rows, { date: "2022-09-30" }))
 * ```
 */
export const overdueWorkbook = (
  rows: ReadonlyArray<OverdueRow>,
  options: {
    readonly date: string
    readonly projectNames?: ReadonlyMap<string, string>
    /** The summary sheet only (the counts, for a reader who gets no list: an analyst). */
    readonly summaryOnly?: boolean
    /** What the summary counts per: district (default) or reporting organization (the core's `groupOverdue`). */
    readonly by?: "district" | "organization"
  }
): ExcelJS.Workbook => {
  const wb = newWorkbook(`逾期月报 Overdue reports ${options.date}`)
  const by = options.by ?? "district"
  const groups = groupBy(rows, (r) => r.district)
  const counted = by === "district" ? groups : groupBy(rows, (r) => r.organizationId)
  const summary: Array<GroupSummary> = [...counted.entries()].map(([key, xs]) => ({
    key, sites: new Set(xs.map((x) => x.projectId)).size, reports: xs.length, maxDaysLate: Math.max(...xs.map((x) => x.daysLate)), date: options.date
  }))
  addTable(wb, "汇总 Summary", summaryColumns(by), summary)
  if (options.summaryOnly === true) return wb
  const columns = overdueColumns(options.projectNames ?? new Map())
  for (const [district, xs] of groups) addTable(wb, district === "" ? `${NO_DISTRICT.zh} ${NO_DISTRICT.en}` : district, columns, xs)
  return wb
}

/** A bilingual label. */
interface Text { readonly zh: string; readonly en: string }

/** One obligation of a scorecard (the core's `ObligationItem`, as its JSON has it). */
export interface ScorecardItemRow {
  readonly ruleId: string
  readonly kind: string
  readonly title: Text
  readonly status: string
  readonly dueOn?: string | undefined
  readonly daysLate?: number | undefined
  readonly nextDue?: string | undefined
  readonly periods: ReadonlyArray<string>
  readonly evidence: ReadonlyArray<string>
  readonly alternative?: string | undefined
  readonly reason: { readonly policyId: string; readonly citation: { readonly document: string; readonly section: string }; readonly text: Text }
  readonly gap?: { readonly text: Text } | undefined
}

/** A site's scorecard (the core's `Scorecard`), with the project's name and district for the sheet. */
export interface ScorecardRow {
  readonly projectId: string
  readonly projectName?: string | undefined
  readonly district?: string | undefined
  readonly policyId: string
  readonly date: string
  readonly standing: string
  readonly coverageGap: boolean
  readonly items: ReadonlyArray<ScorecardItemRow>
}

/** Labels of the standings and statuses (the core's codes). */
export const STANDING_LABELS: Readonly<Record<string, Text>> = {
  overdue: { zh: "逾期", en: "Overdue" },
  undetermined: { zh: "无法判定(政策空白)", en: "Undetermined (policy gap)" },
  due: { zh: "待完成", en: "Due" },
  compliant: { zh: "合规", en: "Compliant" }
}
/** @see {@link STANDING_LABELS} */
export const STATUS_LABELS: Readonly<Record<string, Text>> = {
  met: { zh: "已完成", en: "Met" },
  metThroughAlternative: { zh: "以替代方式完成", en: "Met through an alternative" },
  due: { zh: "待完成", en: "Due" },
  overdue: { zh: "逾期", en: "Overdue" },
  notApplicable: { zh: "不适用", en: "Not applicable" },
  undetermined: { zh: "无法判定", en: "Undetermined" }
}

const count = (card: ScorecardRow, status: string) => card.items.filter((i) => i.status === status).length

const standingColumns: ReadonlyArray<Column<ScorecardRow>> = [
  col("projectId", "项目编号", "Project id", "text", (r) => r.projectId, 16),
  col("projectName", "项目名称", "Project name", "text", (r) => r.projectName, 28),
  col("district", "区", "District", "text", (r) => r.district),
  col("policyId", "政策", "Policy", "text", (r) => r.policyId, 20),
  col("date", "评价日期", "As of", "date", (r) => r.date),
  col("standing", "总体状况", "Standing", "text", (r) => r.standing),
  col("standingZh", "总体状况(中文)", "Standing (label)", "text", (r) => STANDING_LABELS[r.standing]?.zh ?? r.standing),
  col("coverageGap", "覆盖空白", "Coverage gap", "bool", (r) => r.coverageGap),
  col("overdue", "逾期项", "Overdue", "int", (r) => count(r, "overdue")),
  col("due", "待完成项", "Due", "int", (r) => count(r, "due")),
  col("undetermined", "无法判定项", "Undetermined", "int", (r) => count(r, "undetermined")),
  col("met", "已完成项", "Met", "int", (r) => count(r, "met") + count(r, "metThroughAlternative")),
  col("notApplicable", "不适用项", "Not applicable", "int", (r) => count(r, "notApplicable"))
]

type ItemLine = ScorecardItemRow & { readonly projectId: string }

const itemColumns: ReadonlyArray<Column<ItemLine>> = [
  col("projectId", "项目编号", "Project id", "text", (r) => r.projectId, 16),
  col("ruleId", "规则", "Rule", "text", (r) => r.ruleId, 30),
  col("titleZh", "义务", "Obligation (zh)", "text", (r) => r.title.zh, 28),
  col("titleEn", "义务(英文)", "Obligation", "text", (r) => r.title.en, 28),
  col("status", "状态", "Status", "text", (r) => r.status),
  col("statusZh", "状态(中文)", "Status (label)", "text", (r) => STATUS_LABELS[r.status]?.zh ?? r.status),
  col("dueOn", "期限", "Due on", "date", (r) => r.dueOn),
  col("daysLate", "逾期天数", "Days late", "int", (r) => r.daysLate),
  col("nextDue", "下次期限", "Next due", "date", (r) => r.nextDue),
  col("periods", "未报月份", "Periods outstanding", "list", (r) => r.periods),
  col("evidence", "依据记录", "Evidence", "list", (r) => r.evidence, 20),
  col("alternative", "替代方式", "Alternative", "text", (r) => r.alternative),
  col("reasonZh", "理由", "Reason (zh)", "text", (r) => r.reason.text.zh, 48),
  col("reasonEn", "理由(英文)", "Reason", "text", (r) => r.reason.text.en, 48),
  col("policy", "政策", "Policy", "text", (r) => r.reason.policyId, 20),
  col("document", "文件", "Document", "text", (r) => r.reason.citation.document, 20),
  col("section", "条款", "Clause", "text", (r) => r.reason.citation.section, 16),
  col("gap", "政策空白", "Policy gap", "text", (r) => r.gap === undefined ? undefined : `${r.gap.text.zh} / ${r.gap.text.en}`, 40)
]

/**
 * A district's scorecards as a workbook: `概况 Standing` (a row per site: standing, coverage gap, how many
 * obligations are overdue, due, undetermined, met, not applicable) and `义务 Obligations` (a row per site and
 * obligation: status, due date, days late, evidence, the reason in both languages and the clause cited).
 *
 * @example
 * ```ts
 * import { scorecardsWorkbook, xlsxBytes } from "@redsite/adapters-http"
 * const bytes = await xlsxBytes(scorecardsWorkbook([{ ...card, projectName: "滨海大道二期", district: "鹿城区" }]))
 * ```
 */
export const scorecardsWorkbook = (cards: ReadonlyArray<ScorecardRow>, options: { readonly title?: string } = {}): ExcelJS.Workbook => {
  const wb = newWorkbook(options.title ?? "工地党建考评卡 Site scorecards")
  addTable(wb, "概况 Standing", standingColumns, cards)
  addTable(wb, "义务 Obligations", itemColumns, cards.flatMap((c) => c.items.map((i) => ({ ...i, projectId: c.projectId }))))
  return wb
}

/** Counts of a coverage report (the core's `CoverageCounts`). */
export interface CoverageCountsRow {
  readonly projects: number
  readonly required: number
  readonly notRequired: number
  readonly undecided: number
  readonly requiredOrganizational: number
  readonly requiredJointOrganizational?: number | undefined
  readonly requiredWork: number
  readonly requiredNone: number
  readonly organizational: number
  readonly jointOrganizational?: number | undefined
  readonly work: number
  readonly none: number
  readonly organizationalRate: number | null
  readonly coveredRate: number | null
}

/** A coverage report (the core's `CoverageReport`, as its JSON has it). */
export interface CoverageReportRow {
  readonly policyId: string
  readonly date: string
  readonly totals: CoverageCountsRow
  readonly groups: ReadonlyArray<{ readonly by: string; readonly rows: ReadonlyArray<{ readonly value: string; readonly label: Text; readonly counts: CoverageCountsRow }> }>
  readonly targets?: {
    readonly year: number
    readonly progress:
      | { readonly _tag: "Settled"; readonly value: ReadonlyArray<{ readonly key: string; readonly label: Text; readonly target: number; readonly numerator: number; readonly denominator: number; readonly actual: number | null; readonly met: boolean; readonly shortfall: number; readonly blockingCount: number }> }
      | { readonly _tag: "Gap"; readonly gap: { readonly text: Text } }
  } | undefined
}

const countColumns = <R>(get: (r: R) => CoverageCountsRow): ReadonlyArray<Column<R>> => [
  col("projects", "项目数", "Projects", "int", (r) => get(r).projects),
  col("required", "须建", "Required", "int", (r) => get(r).required),
  col("notRequired", "不须建", "Not required", "int", (r) => get(r).notRequired),
  col("undecided", "政策未定", "Undecided", "int", (r) => get(r).undecided),
  col("requiredOrganizational", "须建且组织覆盖", "Required, organized", "int", (r) => get(r).requiredOrganizational),
  col("requiredJointOrganizational", "其中联合组建", "of which joint", "int", (r) => get(r).requiredJointOrganizational ?? 0),
  col("requiredWork", "须建仅工作覆盖", "Required, work only", "int", (r) => get(r).requiredWork),
  col("requiredNone", "须建未覆盖(空白)", "Required, blank", "int", (r) => get(r).requiredNone),
  col("organizational", "组织覆盖", "Organized", "int", (r) => get(r).organizational),
  col("jointOrganizational", "其中联合组建(全部)", "of which joint (all)", "int", (r) => get(r).jointOrganizational ?? 0),
  col("work", "工作覆盖", "Work only", "int", (r) => get(r).work),
  col("none", "未覆盖", "None", "int", (r) => get(r).none),
  col("organizationalRate", "组织覆盖率", "Organized rate", "percent", (r) => get(r).organizationalRate),
  col("coveredRate", "覆盖率", "Covered rate", "percent", (r) => get(r).coveredRate)
]

const GROUP_SHEETS: Readonly<Record<string, string>> = {
  district: "按区 By district", phase: "按阶段 By phase", leadOwnership: "按所有制 By ownership", kind: "按类型 By kind"
}

/**
 * The coverage report as a workbook: `合计 Totals` (one row: the policy, the date and every count), a sheet per
 * grouping the report has (`按区 By district`…: a row per group), and `目标 Targets` (each target with its
 * actual share, or the policy's gap). Rates are percentage cells.
 *
 * @example
 * ```ts
 * import { coverageWorkbook, xlsxBytes } from "@redsite/adapters-http"
 * const bytes = await xlsxBytes(coverageWorkbook(report))
 * ```
 */
export const coverageWorkbook = (report: CoverageReportRow): ExcelJS.Workbook => {
  const wb = newWorkbook(`覆盖情况 Coverage ${report.policyId} ${report.date}`)
  addTable(wb, "合计 Totals", [
    col<CoverageReportRow>("policyId", "政策", "Policy", "text", (r) => r.policyId, 20),
    col<CoverageReportRow>("date", "统计日期", "As of", "date", (r) => r.date),
    ...countColumns<CoverageReportRow>((r) => r.totals)
  ], [report])
  type G = CoverageReportRow["groups"][number]["rows"][number]
  for (const g of report.groups) {
    addTable(wb, GROUP_SHEETS[g.by] ?? g.by, [
      col<G>("value", "分组", "Group", "text", (r) => r.value, 18),
      col<G>("labelZh", "名称", "Name (zh)", "text", (r) => r.label.zh, 18),
      col<G>("labelEn", "名称(英文)", "Name", "text", (r) => r.label.en, 18),
      ...countColumns<G>((r) => r.counts)
    ], g.rows)
  }
  const progress = report.targets?.progress
  if (progress !== undefined) {
    type T = Extract<typeof progress, { _tag: "Settled" }>["value"][number]
    const ws = addTable(wb, "目标 Targets", [
      col<T>("key", "指标", "Target", "text", (r) => r.key, 22),
      col<T>("labelZh", "名称", "Name (zh)", "text", (r) => r.label.zh, 28),
      col<T>("labelEn", "名称(英文)", "Name", "text", (r) => r.label.en, 28),
      col<T>("target", "目标", "Goal", "percent", (r) => r.target),
      col<T>("actual", "实际", "Actual", "percent", (r) => r.actual),
      col<T>("numerator", "分子", "Numerator", "int", (r) => r.numerator),
      col<T>("denominator", "分母", "Denominator", "int", (r) => r.denominator),
      col<T>("met", "已达成", "Met", "bool", (r) => r.met),
      col<T>("shortfall", "差额(个)", "Shortfall (projects)", "int", (r) => r.shortfall),
      col<T>("blockingCount", "未达标项目数", "Blocking projects", "int", (r) => r.blockingCount)
    ], progress._tag === "Settled" ? progress.value : [])
    if (progress._tag === "Gap") ws.addRow([`⚠ ${progress.gap.text.zh}`, progress.gap.text.en])
  }
  return wb
}

// ---------------------------------------------------------------------------------------------------------
// Records: the layout written and read
// ---------------------------------------------------------------------------------------------------------

/** The sheets of a records workbook. */
export const RECORD_SHEETS = {
  reports: "月报 Reports",
  reviews: "审核 Reviews",
  records: "台账 Records"
} as const

type Input = Record<string, unknown>

const reportColumns: ReadonlyArray<Column<Input>> = [
  col("id", "记录编号", "Record id", "text", (r) => r.id, 16),
  col("projectId", "项目编号", "Project id", "text", (r) => r.projectId, 16),
  col("month", "月份", "Month", "month", (r) => r.month),
  col("date", "上报日期", "Submitted on", "date", (r) => r.date),
  col("organizationId", "上报组织", "Reporting organization", "text", (r) => r.organizationId, 20),
  col("recordedBy", "记录人", "Recorded by", "text", (r) => r.recordedBy)
]

const reviewColumns: ReadonlyArray<Column<Input>> = [
  col("id", "记录编号", "Record id", "text", (r) => r.id, 16),
  col("projectId", "项目编号", "Project id", "text", (r) => r.projectId, 16),
  col("reportId", "月报编号", "Report id", "text", (r) => r.reportId, 16),
  col("date", "审核日期", "Reviewed on", "date", (r) => r.date),
  col("outcome", "审核结果", "Outcome", "text", (r) => r.outcome),
  col("reviewerId", "审核人", "Reviewer", "text", (r) => r.reviewerId),
  col("note", "备注", "Note", "text", (r) => r.note, 30),
  col("recordedBy", "记录人", "Recorded by", "text", (r) => r.recordedBy)
]

/** The record types of the `台账 Records` sheet, with the vocabulary of each one's item. */
const RECORD_TYPES = {
  milestone: { zh: "节点", en: "Milestone", tag: "MilestoneRecorded", field: "milestone", vocab: Milestones },
  step: { zh: "步骤", en: "Step", tag: "StepRecorded", field: "step", vocab: Steps },
  letter: { zh: "责任书", en: "Letter", tag: "LetterSigned", field: "letter", vocab: Letters },
  meeting: { zh: "会议", en: "Meeting", tag: "MeetingHeld", field: "meeting", vocab: Meetings },
  assessment: { zh: "考评", en: "Assessment", tag: "AssessmentRecorded", field: "assessment", vocab: Assessments }
} as const
type RecordType = keyof typeof RECORD_TYPES

/** The `台账 Records` columns: `details` is a letter's goals, a meeting's participants or an assessment's criteria. */
const recordColumns: ReadonlyArray<Column<Input>> = [
  col("id", "记录编号", "Record id", "text", (r) => r.id, 16),
  col("projectId", "项目编号", "Project id", "text", (r) => r.projectId, 16),
  col("date", "日期", "Date", "date", (r) => r.date),
  col("type", "类别", "Type", "text", (r) => r.type),
  col("item", "事项", "Item", "text", (r) => r.item, 26),
  col("organizationId", "组织", "Organization", "text", (r) => r.organizationId, 16),
  col("details", "明细", "Details", "list", (r) => r.details, 30),
  col("partner", "结对方", "Partner", "text", (r) => r.partner, 16),
  col("assessedBy", "考评人", "Assessed by", "text", (r) => r.assessedBy),
  col("recordedBy", "记录人", "Recorded by", "text", (r) => r.recordedBy)
]

/** The facts a records workbook holds (corrections, honours and credit-file entries go through the JSON API). */
export type SheetRecord = Extract<RecordEvent, { readonly _tag: "ReportSubmitted" | "ReportReviewed" | "MilestoneRecorded" | "StepRecorded" | "LetterSigned" | "MeetingHeld" | "AssessmentRecorded" }>

const typeOfTag = (tag: string): RecordType | undefined => (Object.keys(RECORD_TYPES) as Array<RecordType>).find((k) => RECORD_TYPES[k].tag === tag)

/**
 * The records workbook: `月报 Reports`, `审核 Reviews` and `台账 Records` in the import layout, filled with the
 * given facts (other events are left out); with none, the empty template an office fills in.
 *
 * @example
 * ```ts
 * import { recordsWorkbook, xlsxBytes } from "@redsite/adapters-http"
 * const template = await xlsxBytes(recordsWorkbook([]))
 * ```
 */
export const recordsWorkbook = (events: ReadonlyArray<RecordEvent>): ExcelJS.Workbook => {
  const wb = newWorkbook("工地党建台账 Site records")
  const reports: Array<Input> = []
  const reviews: Array<Input> = []
  const records: Array<Input> = []
  for (const e of events) {
    if (e._tag === "ReportSubmitted") reports.push({ ...e })
    else if (e._tag === "ReportReviewed") reviews.push({ ...e })
    else {
      const type = typeOfTag(e._tag)
      if (type === undefined) continue
      const x = e as unknown as Input
      records.push({
        ...x, type, item: x[RECORD_TYPES[type].field],
        details: e._tag === "LetterSigned" ? e.covers : e._tag === "MeetingHeld" ? e.participants : e._tag === "AssessmentRecorded" ? e.criteriaMet : undefined
      })
    }
  }
  addTable(wb, RECORD_SHEETS.reports, reportColumns, reports)
  addTable(wb, RECORD_SHEETS.reviews, reviewColumns, reviews)
  addTable(wb, RECORD_SHEETS.records, recordColumns, records)
  return wb
}

/** Limits of a records import. */
export interface ImportLimits {
  /** Most data rows over all sheets (default 50,000). */
  readonly maxRows?: number
  /** Most problems reported (default 1,000; the rest are counted in one last issue). */
  readonly maxIssues?: number
  /** Most bytes the file's parts may unpack to, as its zip directory declares them (default 64 MiB). */
  readonly maxUnpackedBytes?: number
}

/**
 * The bytes an `.xlsx` (a zip archive) declares its parts unpack to, from its central directory: `undefined`
 * when there is no readable directory (the reader then says what is wrong), `Infinity` for a ZIP64 archive
 * (no workbook of this layout needs one). Read before the archive is opened, so that a small upload declaring
 * gigabytes is refused without being inflated.
 */
export const declaredUnpackedBytes = (bytes: Uint8Array): number | undefined => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // the end-of-central-directory record: 22 bytes and a comment of at most 65,535 bytes, at the end
  let end = -1
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i
      break
    }
  }
  if (end < 0) return undefined
  const entries = view.getUint16(end + 10, true)
  let at = view.getUint32(end + 16, true)
  if (entries === 0xffff || at === 0xffffffff) return Infinity
  let total = 0
  for (let k = 0; k < entries; k++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return undefined
    const size = view.getUint32(at + 24, true)
    if (size === 0xffffffff) return Infinity
    total += size
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true)
  }
  return total
}

/** The plain value of a cell: rich text joined, a formula's result, a hyperlink's text; errors as `{ error }`. */
const plain = (v: ExcelJS.CellValue): unknown => {
  if (v === null || v === undefined) return undefined
  if (v instanceof Date || typeof v !== "object") return v
  if ("richText" in v) return v.richText.map((t) => t.text).join("")
  if ("error" in v) return { error: v.error }
  if ("formula" in v || "sharedFormula" in v) return plain((v as { result?: ExcelJS.CellValue }).result ?? null)
  if ("text" in v) return typeof v.text === "string" ? v.text : plain(v.text as ExcelJS.CellValue)
  return undefined
}

const isoOf = (d: Date) => d.toISOString().slice(0, 10)

/** Reads a cell as its column's kind: the value, or the problem. */
const readCell = (kind: Kind, raw: unknown): { value?: unknown; problem?: string } => {
  if (raw === undefined || (typeof raw === "string" && raw.trim() === "")) return {}
  if (typeof raw === "object" && raw !== null && "error" in raw) return { problem: `the cell holds the error ${String((raw as { error: unknown }).error)}` }
  switch (kind) {
    case "date":
      if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? { problem: "not a valid date" } : { value: isoOf(raw) }
      if (typeof raw === "string" && /^\s*\d{4}-\d{2}-\d{2}\s*$/.test(raw)) return { value: raw.trim() }
      return { problem: `expected a date (a date cell or YYYY-MM-DD), got ${JSON.stringify(raw)}` }
    case "month":
      if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? { problem: "not a valid date" } : { value: isoOf(raw).slice(0, 7) }
      return { value: String(raw).trim() }
    case "list":
      return { value: String(raw).split(/[;;、]/).map((s) => s.trim()).filter((s) => s !== "") }
    case "int": case "number":
      return typeof raw === "number" ? { value: raw } : { problem: `expected a number, got ${JSON.stringify(raw)}` }
    default:
      return { value: raw instanceof Date ? isoOf(raw) : String(raw).trim() }
  }
}

/** A closed-list value from its code or either label. */
const codeOf = (vocab: { readonly values: ReadonlyArray<string>; readonly labels: Readonly<Record<string, Text>> }, s: string): string | undefined => {
  if (vocab.values.includes(s)) return s
  const low = s.toLowerCase()
  return vocab.values.find((v) => vocab.labels[v]!.zh === s || vocab.labels[v]!.en.toLowerCase() === low)
}

const headerText = (c: { zh: string; en: string }) => `${c.zh} ${c.en}`

interface Located { readonly sheet: string; readonly row: number; readonly columns: ReadonlyMap<string, string> }

/** Reads one sheet's data rows by its headers; problems of the headers and cells go to `issues`. */
const readTable = (ws: ExcelJS.Worksheet, columns: ReadonlyArray<Column<Input>>, issues: Array<CellIssue>): Array<{ input: Input; at: Located; bad: boolean }> => {
  const letters = new Map<string, string>()
  const kinds = new Map<string, Column<Input>>()
  const zhRow = ws.getRow(1)
  const enRow = ws.getRow(2)
  const lastCol = Math.max(ws.columnCount, columns.length)
  const found = new Map<string, number>()
  for (let k = 1; k <= lastCol; k++) {
    const zh = String(plain(zhRow.getCell(k).value) ?? "").trim()
    const en = String(plain(enRow.getCell(k).value) ?? "").trim().toLowerCase()
    if (zh === "" && en === "") continue
    const c = columns.find((x) => x.zh === zh || x.en.toLowerCase() === en)
    if (c === undefined) {
      issues.push({ sheet: ws.name, row: zh === "" ? 2 : 1, column: ws.getColumn(k).letter, message: `unknown column ${JSON.stringify(zh || en)}` })
      continue
    }
    if (found.has(c.key)) {
      issues.push({ sheet: ws.name, row: 1, column: ws.getColumn(k).letter, header: headerText(c), message: `column ${headerText(c)} appears twice` })
      continue
    }
    found.set(c.key, k)
    letters.set(c.key, ws.getColumn(k).letter)
    kinds.set(c.key, c)
  }
  for (const c of columns) {
    if (!found.has(c.key) && (c.key === "id" || c.key === "projectId" || c.key === "date")) {
      issues.push({ sheet: ws.name, row: 1, column: "", header: headerText(c), message: `the sheet has no column ${headerText(c)}` })
    }
  }
  const out: Array<{ input: Input; at: Located; bad: boolean }> = []
  const last = ws.rowCount
  for (let n = 3; n <= last; n++) {
    const row = ws.getRow(n)
    const input: Input = {}
    let any = false
    const before = issues.length
    for (const [key, k] of found) {
      const c = kinds.get(key)!
      const raw = plain(row.getCell(k).value)
      if (raw !== undefined && !(typeof raw === "string" && raw.trim() === "")) any = true
      const { value, problem } = readCell(c.kind, raw)
      if (problem !== undefined) issues.push({ sheet: ws.name, row: n, column: letters.get(key)!, header: headerText(c), message: problem })
      else if (value !== undefined) input[key] = value
    }
    if (!any) {
      issues.length = before
      continue
    }
    // a row with a bad cell is not decoded: the cell's problem says it all
    out.push({ input, at: { sheet: ws.name, row: n, columns: letters }, bad: issues.length > before })
  }
  return out
}

/** The event a row describes (before decoding), or the problems of its columns. */
const rowEvent = (sheet: keyof typeof RECORD_SHEETS, input: Input): { event?: Input; problems: Array<{ key: string; message: string }> } => {
  const problems: Array<{ key: string; message: string }> = []
  const common = { id: input.id, projectId: input.projectId, date: input.date, ...(input.recordedBy === undefined ? {} : { recordedBy: input.recordedBy }) }
  if (sheet === "reports") {
    return { event: { _tag: "ReportSubmitted", ...common, month: input.month, ...(input.organizationId === undefined ? {} : { organizationId: input.organizationId }) }, problems }
  }
  if (sheet === "reviews") {
    const outcome = typeof input.outcome === "string" ? codeOf(ReportStates, input.outcome) : undefined
    if (input.outcome !== undefined && (outcome === undefined || outcome === "submitted")) {
      problems.push({ key: "outcome", message: `expected reviewed (已审核) or returned (退回), got ${JSON.stringify(input.outcome)}` })
    }
    return {
      event: {
        _tag: "ReportReviewed", ...common, reportId: input.reportId, outcome: outcome ?? input.outcome, reviewerId: input.reviewerId,
        ...(input.note === undefined ? {} : { note: input.note })
      },
      problems
    }
  }
  const typeText = typeof input.type === "string" ? input.type : ""
  const low = typeText.toLowerCase()
  const type = (Object.keys(RECORD_TYPES) as Array<RecordType>).find((k) => k === typeText || RECORD_TYPES[k].zh === typeText || RECORD_TYPES[k].en.toLowerCase() === low)
  if (type === undefined) {
    problems.push({ key: "type", message: `expected one of ${Object.entries(RECORD_TYPES).map(([k, t]) => `${k} (${t.zh})`).join(", ")}, got ${JSON.stringify(input.type ?? "")}` })
    return { problems }
  }
  const t = RECORD_TYPES[type]
  const item = typeof input.item === "string" ? codeOf(t.vocab as never, input.item) : undefined
  if (item === undefined) {
    problems.push({ key: "item", message: `expected a ${t.en.toLowerCase()}: one of ${t.vocab.values.map((v) => `${v} (${(t.vocab.labels as Record<string, Text>)[v]!.zh})`).join(", ")}, got ${JSON.stringify(input.item ?? "")}` })
  }
  const details = (input.details as ReadonlyArray<string> | undefined) ?? []
  const event: Input = { _tag: t.tag, ...common, [t.field]: item }
  if (type === "step" && input.organizationId !== undefined) event.organizationId = input.organizationId
  if (type === "letter") {
    const covers = details.map((d) => codeOf(LetterGoals, d))
    const bad = details.filter((_, k) => covers[k] === undefined)
    if (bad.length > 0) problems.push({ key: "details", message: `not a letter goal: ${bad.map((b) => JSON.stringify(b)).join(", ")} (expected ${LetterGoals.values.map((v) => `${v} (${LetterGoals.labels[v].zh})`).join(", ")})` })
    event.covers = covers.filter((c) => c !== undefined)
    if (input.partner !== undefined) event.partner = input.partner
  }
  if (type === "meeting") event.participants = details
  if (type === "assessment") {
    event.criteriaMet = details
    if (input.assessedBy !== undefined) event.assessedBy = input.assessedBy
  }
  return { event, problems }
}

/** One decoder per record kind (a union's decoder would also report the other kinds' missing fields). */
const DECODERS: Readonly<Record<string, (input: unknown) => Either.Either<unknown, DecodeError>>> = {
  ReportSubmitted: decoderFor("monthly report", ReportSubmitted),
  ReportReviewed: decoderFor("report review", ReportReviewed),
  MilestoneRecorded: decoderFor("milestone", MilestoneRecorded),
  StepRecorded: decoderFor("step", StepRecorded),
  LetterSigned: decoderFor("letter", LetterSigned),
  MeetingHeld: decoderFor("meeting", MeetingHeld),
  AssessmentRecorded: decoderFor("assessment", AssessmentRecorded)
}

/** The column a decode path names (`month`, `covers[1]`…), by its first segment. */
const FIELD_COLUMN: Readonly<Record<string, string>> = {
  milestone: "item", step: "item", letter: "item", meeting: "item", assessment: "item", covers: "details", participants: "details", criteriaMet: "details"
}

/** Where each event of an import came from, to name the row of a problem found later (e.g. by the log's replay). */
export interface ImportedRecords {
  readonly events: ReadonlyArray<SheetRecord>
  /** `origins[k]` is the sheet and row of `events[k]`. */
  readonly origins: ReadonlyArray<{ readonly sheet: string; readonly row: number }>
}

/**
 * Reads monthly reports, reviews and records from a workbook in the layout of {@link recordsWorkbook}: every
 * event of the file (sheets in the order reports, reviews, records; rows in order), or every problem, each named
 * by sheet, row and column, and no event. A sheet may be absent; an unknown sheet is a problem.
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { readRecordsWorkbook } from "@redsite/adapters-http"
 * const read = await readRecordsWorkbook(bytes)
 * if (Either.isLeft(read)) for (const i of read.left) console.log(`${i.sheet}!${i.column}${i.row}: ${i.message}`)
 * ```
 */
export const readRecordsWorkbook = async (bytes: Uint8Array, limits: ImportLimits = {}): Promise<Either.Either<ImportedRecords, ReadonlyArray<CellIssue>>> => {
  const maxRows = limits.maxRows ?? 50_000
  const maxIssues = limits.maxIssues ?? 1_000
  const maxUnpacked = limits.maxUnpackedBytes ?? 64 * 1024 * 1024
  const declared = declaredUnpackedBytes(bytes)
  if (declared !== undefined && declared > maxUnpacked) {
    return Either.left([{ sheet: "", row: 0, column: "", message: `the file unpacks to ${declared === Infinity ? "more than 4 GiB" : `${declared} bytes`}, more than the ${maxUnpacked} one upload may` }])
  }
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(bytes as never)
  } catch (e) {
    return Either.left([{ sheet: "", row: 0, column: "", message: `not a readable .xlsx file: ${e instanceof Error ? e.message : String(e)}` }])
  }
  const issues: Array<CellIssue> = []
  const sheets: Array<[keyof typeof RECORD_SHEETS, ExcelJS.Worksheet]> = []
  let rows = 0
  for (const ws of wb.worksheets) {
    const key = (Object.keys(RECORD_SHEETS) as Array<keyof typeof RECORD_SHEETS>).find((k) => {
      const [zh, en] = RECORD_SHEETS[k].split(" ") as [string, string]
      const name = ws.name.trim()
      return name === RECORD_SHEETS[k] || name === zh || name.toLowerCase() === en.toLowerCase()
    })
    if (key === undefined) {
      issues.push({ sheet: ws.name, row: 0, column: "", message: `unknown sheet: expected ${Object.values(RECORD_SHEETS).map((s) => JSON.stringify(s)).join(", ")}` })
      continue
    }
    rows += Math.max(0, ws.rowCount - 2)
    sheets.push([key, ws])
  }
  if (rows > maxRows) return Either.left([{ sheet: "", row: 0, column: "", message: `the file has ${rows} data rows, more than the ${maxRows} one upload may hold` }])
  const order: ReadonlyArray<keyof typeof RECORD_SHEETS> = ["reports", "reviews", "records"]
  sheets.sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
  const events: Array<SheetRecord> = []
  const origins: Array<{ sheet: string; row: number }> = []
  const seen = new Map<string, { sheet: string; row: number }>()
  for (const [key, ws] of sheets) {
    const columns = key === "reports" ? reportColumns : key === "reviews" ? reviewColumns : recordColumns
    for (const { input, at, bad } of readTable(ws, columns, issues)) {
      const name = (k: string): { column: string; header?: string } => {
        const c = columns.find((x) => x.key === k)
        return { column: at.columns.get(k) ?? "", ...(c === undefined ? {} : { header: headerText(c) }) }
      }
      const { event, problems } = rowEvent(key, input)
      for (const p of problems) issues.push({ sheet: at.sheet, row: at.row, ...name(p.key), message: p.message })
      if (event === undefined || problems.length > 0 || bad) continue
      const decoded = DECODERS[event._tag as string]!(event) as Either.Either<SheetRecord, DecodeError>
      if (Either.isLeft(decoded)) {
        for (const i of decoded.left.issues) {
          const field = i.path.split(/[.[]/)[0] ?? ""
          const k = FIELD_COLUMN[field] ?? field
          issues.push({ sheet: at.sheet, row: at.row, ...name(k), message: input[k] === undefined ? "required: the cell is empty" : i.message })
        }
        continue
      }
      const prior = seen.get(decoded.right.id)
      if (prior !== undefined) {
        issues.push({ sheet: at.sheet, row: at.row, ...name("id"), message: `record id ${decoded.right.id} is also used at ${prior.sheet} row ${prior.row}` })
        continue
      }
      seen.set(decoded.right.id, { sheet: at.sheet, row: at.row })
      events.push(decoded.right)
      origins.push({ sheet: at.sheet, row: at.row })
    }
  }
  if (issues.length > 0) {
    // in reading order: sheet by sheet (as in the file), row by row, column by column
    const sheetAt = new Map(wb.worksheets.map((w, k) => [w.name, k]))
    const colAt = (c: string) => c.length * 1000 + (c === "" ? 0 : c.charCodeAt(c.length - 1))
    const shown = issues
      .map((i, k) => ({ i, k }))
      .sort((a, b) => (sheetAt.get(a.i.sheet) ?? -1) - (sheetAt.get(b.i.sheet) ?? -1) || a.i.row - b.i.row || colAt(a.i.column) - colAt(b.i.column) || a.k - b.k)
      .map(({ i }) => i)
      .slice(0, maxIssues)
    if (issues.length > maxIssues) shown.push({ sheet: "", row: 0, column: "", message: `${issues.length - maxIssues} more problems not listed` })
    return Either.left(shown)
  }
  return Either.right({ events, origins })
}
