/**
 * Spreadsheets written and read back: the exports' sheets, headers and typed cells; the records layout round
 * trip (a property over generated records); an import with corrupted cells names each of them and gives nothing.
 */
import ExcelJS from "exceljs"
import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  AssessmentRecorded, LetterSigned, MeetingHeld, MilestoneRecorded, ReportReviewed, ReportSubmitted, StepRecorded, YearMonth,
  coverageReport, isoDate, makeProject, policies, portfolioColumns, replayRecords, scorecard
} from "@redsite/core"
import type { RecordEvent } from "@redsite/core"
import {
  NO_DISTRICT, RECORD_SHEETS, coverageWorkbook, declaredUnpackedBytes, overdueWorkbook, readRecordsWorkbook, recordsWorkbook, scorecardsWorkbook, xlsxBytes
} from "./spreadsheet.js"
import type { OverdueRow } from "./spreadsheet.js"

const load = async (bytes: Uint8Array) => {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as never)
  return wb
}
const values = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as Array<unknown>).slice(1)
const month = (m: string) => Schema.decodeSync(YearMonth)(m)

describe("overdue list", () => {
  const rows: Array<OverdueRow> = [
    { projectId: "wz-1", policyId: "wenzhou-red-site-2022", ruleId: "wenzhou.monthlyReport", district: "鹿城区", organizationId: "org-1", month: "2022-06", dueOn: "2022-07-05", daysLate: 87 },
    { projectId: "wz-1", policyId: "wenzhou-red-site-2022", ruleId: "wenzhou.monthlyReport", district: "鹿城区", organizationId: "org-1", month: "2022-07", dueOn: "2022-08-05", daysLate: 56 },
    { projectId: "wz-2", policyId: "wenzhou-red-site-2022", ruleId: "wenzhou.monthlyReport", district: "瓯海区", organizationId: "", month: "2022-08", dueOn: "2022-09-05", daysLate: 25 },
    { projectId: "x-3", policyId: "wenzhou-red-site-2022", ruleId: "wenzhou.monthlyReport", district: "", organizationId: "", month: "2022-08", dueOn: "2022-09-05", daysLate: 25 }
  ]

  it("has a summary and one sheet per district, two header rows, dates as date cells", async () => {
    const wb = await load(await xlsxBytes(overdueWorkbook(rows, { date: "2022-09-30", projectNames: new Map([["wz-1", "瓯江大桥"]]) })))
    expect(wb.worksheets.map((w) => w.name)).toEqual(["汇总 Summary", `${NO_DISTRICT.zh} ${NO_DISTRICT.en}`, "瓯海区", "鹿城区"])
    const summary = wb.getWorksheet("汇总 Summary")!
    expect(values(summary, 1)[0]).toBe("区")
    expect(values(summary, 2)[0]).toBe("District")
    // per district: sites late, reports late, longest delay — counted from the rows
    expect([3, 4, 5].map((n) => values(summary, n).slice(1, 4))).toEqual([[1, 1, 25], [1, 1, 25], [1, 2, 87]])
    const lucheng = wb.getWorksheet("鹿城区")!
    expect(lucheng.rowCount).toBe(4)
    expect(values(lucheng, 2)).toContain("Days late")
    const due = lucheng.getRow(3).getCell(6)
    expect(due.type).toBe(ExcelJS.ValueType.Date)
    expect((due.value as Date).toISOString().slice(0, 10)).toBe("2022-07-05")
    expect(lucheng.getRow(3).getCell(2).value).toBe("瓯江大桥")
    expect(lucheng.getRow(4).getCell(7).value).toBe(56)
  })

  it("an empty list is a summary with headers only", async () => {
    const wb = await load(await xlsxBytes(overdueWorkbook([], { date: "2022-09-30" })))
    expect(wb.worksheets.map((w) => [w.name, w.rowCount])).toEqual([["汇总 Summary", 2]])
  })
})

const shanghai = makeProject({
  id: "sh-1", name: "上海某重大工程", district: "浦东新区", kind: "rail", costYuan: 3e9, plannedStart: "2022-03-01", plannedEnd: "2024-02-29", major: true,
  units: [{ id: "gc", name: "总承包", role: "generalContractor", hasOrganization: true, members: { full: 12 } }]
})

describe("scorecards", () => {
  it("one row per site and one per obligation, with reasons and clauses as the core gives them", async () => {
    const book = Either.getOrThrow(replayRecords([
      new MilestoneRecorded({ id: "m1", projectId: "sh-1", date: isoDate("2022-03-01"), milestone: "constructionStart" }),
      new StepRecorded({ id: "s1", projectId: "sh-1", date: isoDate("2022-05-01"), step: "organizationEstablished" })
    ]))
    const card = Either.getOrThrow(scorecard(shanghai, policies.shanghaiSite, book, isoDate("2022-06-30")))
    const wb = await load(await xlsxBytes(scorecardsWorkbook([{ ...card, projectName: shanghai.name, district: shanghai.district }])))
    const standing = wb.getWorksheet("概况 Standing")!
    expect(standing.getRow(3).getCell(1).value).toBe("sh-1")
    expect(standing.getRow(3).getCell(6).value).toBe(card.standing)
    expect(standing.getRow(3).getCell(8).value).toBe(card.coverageGap)
    expect(standing.getRow(3).getCell(9).value).toBe(card.items.filter((i) => i.status === "overdue").length)
    const items = wb.getWorksheet("义务 Obligations")!
    expect(items.rowCount).toBe(2 + card.items.length)
    card.items.forEach((item, k) => {
      const row = items.getRow(3 + k)
      expect(row.getCell(2).value).toBe(item.ruleId)
      expect(row.getCell(5).value).toBe(item.status)
      expect(row.getCell(13).value).toBe(item.reason.text.zh)
      expect(row.getCell(16).value).toBe(item.reason.citation.document)
      if (item.dueOn !== undefined) expect((row.getCell(7).value as Date).toISOString().slice(0, 10)).toBe(item.dueOn)
      if (item.daysLate !== undefined) expect(row.getCell(8).value).toBe(item.daysLate)
    })
  })
})

describe("coverage report", () => {
  it("totals, a sheet per grouping and the targets, counts equal to the report's", async () => {
    const projects = [shanghai, makeProject({
      id: "sh-2", name: "徐汇某小型工程", district: "徐汇区", kind: "building", costYuan: 1e6, plannedStart: "2022-03-01", plannedEnd: "2022-12-31", major: false, units: []
    })]
    const report = Either.getOrThrow(coverageReport(portfolioColumns(projects), policies.shanghaiSite, isoDate("2022-06-30"), { groupBy: ["district", "phase"], targetYear: 2022 }))
    const wb = await load(await xlsxBytes(coverageWorkbook(report)))
    expect(wb.worksheets.map((w) => w.name).slice(0, 3)).toEqual(["合计 Totals", "按区 By district", "按阶段 By phase"])
    const totals = wb.getWorksheet("合计 Totals")!
    expect(values(totals, 3).slice(2, 6)).toEqual([report.totals.projects, report.totals.required, report.totals.notRequired, report.totals.undecided])
    expect(totals.getRow(3).getCell(2).type).toBe(ExcelJS.ValueType.Date)
    const districts = wb.getWorksheet("按区 By district")!
    const rows = report.groups.find((g) => g.by === "district")!.rows
    expect(districts.rowCount).toBe(2 + rows.length)
    rows.forEach((g, k) => expect(values(districts, 3 + k).slice(0, 4)).toEqual([g.value, g.label.zh, g.label.en, g.counts.projects]))
    if (report.targets !== undefined) expect(wb.getWorksheet("目标 Targets")).toBeDefined()
  })
})

// ---------------------------------------------------------------------------------------------------------

const ids = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/)
const day = fc.integer({ min: 0, max: 3000 }).map((d) => new Date(Date.UTC(2020, 0, 1) + d * 86_400_000).toISOString().slice(0, 10))
const opt = <A>(a: fc.Arbitrary<A>) => fc.option(a, { nil: undefined })
const text = fc.stringMatching(/^[a-z\u4e00-\u4e10][a-z0-9 \u4e00-\u4e10]{0,10}[a-z\u4e00-\u4e10]$/)
const strip = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

/** A generated fact of the kinds the workbook holds (ids unique: suffixed by position). */
const fact = (k: number): fc.Arbitrary<RecordEvent> => fc.oneof(
  fc.record({ projectId: ids, date: day, m: fc.integer({ min: 0, max: 35 }), organizationId: opt(ids), recordedBy: opt(ids) }).map((r) =>
    new ReportSubmitted(strip({ id: `r${k}`, projectId: r.projectId, date: isoDate(r.date), month: month(`${2020 + Math.floor(r.m / 12)}-${String((r.m % 12) + 1).padStart(2, "0")}`), organizationId: r.organizationId, recordedBy: r.recordedBy }))),
  fc.record({ projectId: ids, date: day, milestone: fc.constantFrom(...(["projectSetUp", "constructionStart", "redSiteCreationStarted"] as const)) }).map((r) =>
    new MilestoneRecorded({ id: `r${k}`, projectId: r.projectId, date: isoDate(r.date), milestone: r.milestone })),
  fc.record({ projectId: ids, date: day, step: fc.constantFrom(...(["organizationEstablished", "venue", "secretaryAppointed"] as const)), organizationId: opt(ids) }).map((r) =>
    new StepRecorded(strip({ id: `r${k}`, projectId: r.projectId, date: isoDate(r.date), step: r.step, organizationId: r.organizationId }))),
  fc.record({ projectId: ids, date: day, covers: fc.subarray(["quality", "safety", "schedule", "civilizedSite"] as const), partner: opt(text) }).map((r) =>
    new LetterSigned(strip({ id: `r${k}`, projectId: r.projectId, date: isoDate(r.date), letter: "dualStandard" as const, covers: r.covers, partner: r.partner }))),
  fc.record({ projectId: ids, date: day, participants: fc.array(text, { maxLength: 3 }) }).map((r) =>
    new MeetingHeld({ id: `r${k}`, projectId: r.projectId, date: isoDate(r.date), meeting: "jointMeeting", participants: r.participants })),
  fc.record({ projectId: ids, date: day, criteriaMet: fc.array(ids, { maxLength: 3 }), assessedBy: opt(ids) }).map((r) =>
    new AssessmentRecorded(strip({ id: `r${k}`, projectId: r.projectId, date: isoDate(r.date), assessment: "fiveGood" as const, criteriaMet: r.criteriaMet, assessedBy: r.assessedBy }))),
  fc.record({ projectId: ids, date: day, outcome: fc.constantFrom(...(["reviewed", "returned"] as const)), reviewerId: ids, note: opt(text) }).map((r) =>
    new ReportReviewed(strip({ id: `r${k}`, projectId: r.projectId, date: isoDate(r.date), reportId: `x${k}`, outcome: r.outcome, reviewerId: r.reviewerId, note: r.note })))
)
const order = { ReportSubmitted: 0, ReportReviewed: 1 } as Record<string, number>
const sheetOrder = (e: RecordEvent) => order[e._tag] ?? 2

describe("records: the layout written and read back", () => {
  it("every fact written is read back unchanged (reports, then reviews, then records, each in order)", async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => fact(k)))), async (events) => {
      const read = await readRecordsWorkbook(await xlsxBytes(recordsWorkbook(events)))
      expect(Either.isRight(read)).toBe(true)
      const expected = [...events].sort((a, b) => sheetOrder(a) - sheetOrder(b))
      expect(Either.getOrThrow(read).events).toEqual(expected)
    }), { numRuns: 25 })
  })

  it("accepts Chinese labels and text dates as an office types them", async () => {
    const wb = recordsWorkbook([])
    wb.getWorksheet(RECORD_SHEETS.records)!.addRow(["a1", "p1", "2022-03-01", "步骤", "配备党组织书记", "org-9", "", "", "", ""])
    wb.getWorksheet(RECORD_SHEETS.records)!.addRow(["a2", "p1", new Date(Date.UTC(2022, 2, 5)), "责任书", "\"双达标\"责任书", "", "工程质量;安全、进度", "", "", ""])
    wb.getWorksheet(RECORD_SHEETS.reviews)!.addRow(["v1", "p1", "r1", "2022-04-10", "退回", "u-7", "缺附件"])
    const read = Either.getOrThrow(await readRecordsWorkbook(await xlsxBytes(wb)))
    expect(read.events.map((e) => e._tag)).toEqual(["ReportReviewed", "StepRecorded", "LetterSigned"])
    expect(read.events[0]).toMatchObject({ outcome: "returned", reviewerId: "u-7", note: "缺附件" })
    expect(read.events[1]).toMatchObject({ step: "secretaryAppointed", organizationId: "org-9", date: "2022-03-01" })
    expect(read.events[2]).toMatchObject({ letter: "dualStandard", covers: ["quality", "safety", "schedule"], date: "2022-03-05" })
    expect(read.origins).toEqual([{ sheet: RECORD_SHEETS.reviews, row: 3 }, { sheet: RECORD_SHEETS.records, row: 3 }, { sheet: RECORD_SHEETS.records, row: 4 }])
  })

  it("names every corrupted cell (sheet, row, column) and gives no record", async () => {
    const good = [
      new ReportSubmitted({ id: "r1", projectId: "p1", date: isoDate("2022-07-03"), month: month("2022-06") }),
      new ReportSubmitted({ id: "r2", projectId: "p1", date: isoDate("2022-08-03"), month: month("2022-07") }),
      new MilestoneRecorded({ id: "m1", projectId: "p1", date: isoDate("2022-01-05"), milestone: "projectSetUp" }),
      new StepRecorded({ id: "s1", projectId: "p1", date: isoDate("2022-02-05"), step: "venue" })
    ]
    const wb = await load(await xlsxBytes(recordsWorkbook(good)))
    const reports = wb.getWorksheet(RECORD_SHEETS.reports)!
    reports.getCell("C3").value = "2022-13" // month
    reports.getCell("D4").value = "yesterday" // submitted on
    const records = wb.getWorksheet(RECORD_SHEETS.records)!
    records.getCell("E3").value = "groundBreaking" // milestone
    records.getCell("A4").value = null // record id
    records.getCell("D5").value = "memo" // a row added with an unknown type
    records.getCell("B5").value = "p1"
    const read = await readRecordsWorkbook(await xlsxBytes(wb))
    expect(Either.isLeft(read)).toBe(true)
    const where = Either.getLeft(read).pipe((o) => o._tag === "Some" ? o.value : []).map((i) => `${i.sheet}!${i.column}${i.row}`)
    expect(where).toEqual([
      `${RECORD_SHEETS.reports}!C3`, `${RECORD_SHEETS.reports}!D4`,
      `${RECORD_SHEETS.records}!E3`, `${RECORD_SHEETS.records}!A4`, `${RECORD_SHEETS.records}!D5`
    ])
    const issues = Either.getLeft(read).pipe((o) => o._tag === "Some" ? o.value : [])
    expect(issues[0]!.message).toContain("YYYY-MM")
    expect(issues[0]!.header).toBe("月份 Month")
    expect(issues[3]!.message).toContain("empty")
  })

  it("a duplicate record id, an unknown sheet or column, a file that is not .xlsx, too many rows", async () => {
    const wb = recordsWorkbook([new ReportSubmitted({ id: "r1", projectId: "p1", date: isoDate("2022-07-03"), month: month("2022-06") })])
    wb.getWorksheet(RECORD_SHEETS.records)!.addRow(["r1", "p1", "2022-03-01", "milestone", "constructionStart"])
    wb.addWorksheet("Notes")
    wb.getWorksheet(RECORD_SHEETS.reviews)!.getCell("J1").value = "颜色"
    const issues = Either.getLeft(await readRecordsWorkbook(await xlsxBytes(wb))).pipe((o) => o._tag === "Some" ? o.value : [])
    // in the file's order: sheets as they come, then rows, then columns
    expect(issues.map((i) => [i.sheet, i.row, i.column])).toEqual([[RECORD_SHEETS.reviews, 1, "J"], [RECORD_SHEETS.records, 3, "A"], ["Notes", 0, ""]])
    expect(issues[1]!.message).toContain(`${RECORD_SHEETS.reports} row 3`)
    const junk = await readRecordsWorkbook(new TextEncoder().encode("id,projectId\nr1,p1\n"))
    expect(Either.getLeft(junk).pipe((o) => o._tag === "Some" ? o.value[0]!.message : "")).toContain("not a readable .xlsx")
    const big = recordsWorkbook(Array.from({ length: 11 }, (_, k) => new ReportSubmitted({ id: `r${k}`, projectId: "p1", date: isoDate("2022-07-03"), month: month("2022-06") })))
    const tooMany = await readRecordsWorkbook(await xlsxBytes(big), { maxRows: 10 })
    expect(Either.getLeft(tooMany).pipe((o) => o._tag === "Some" ? o.value[0]!.message : "")).toContain("more than the 10")
    expect(Either.isRight(await readRecordsWorkbook(await xlsxBytes(big), { maxRows: 11 }))).toBe(true)
  })

  it("refuses a file whose zip directory declares more unpacked bytes than allowed, before opening it", async () => {
    const bytes = await xlsxBytes(recordsWorkbook([]))
    const declared = declaredUnpackedBytes(bytes)!
    expect(declared).toBeGreaterThan(bytes.length)
    const at = async (limit: number) => readRecordsWorkbook(bytes, { maxUnpackedBytes: limit })
    expect(Either.isRight(await at(declared))).toBe(true)
    expect(Either.isRight(await at(declared + 1))).toBe(true)
    const refused = await at(declared - 1)
    expect(Either.getLeft(refused).pipe((o) => o._tag === "Some" ? o.value[0]!.message : "")).toContain(`unpacks to ${declared} bytes`)
    expect(declaredUnpackedBytes(new TextEncoder().encode("not a zip"))).toBeUndefined()
  })
})
