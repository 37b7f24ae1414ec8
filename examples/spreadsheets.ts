/**
 * Spreadsheets (Excel 表格) for district offices: the demo server with its compliance records, the overdue list
 * of 鹿城区 downloaded as a workbook and read back, then monthly reports uploaded from a workbook — first with a
 * bad cell (every problem named, nothing recorded), then corrected (appended).
 *
 * Run: pnpm exec tsx examples/spreadsheets.ts
 */
import ExcelJS from "exceljs"
import {
  RECORD_SHEETS, StoreMemory, XLSX_MEDIA_TYPE, demoComplianceProjects, demoProjects, demoTokens, recordsWorkbook, seedRecords, seededStore,
  startDemoServer, xlsxBytes
} from "@redsite/adapters-http"
import { ReportSubmitted, YearMonth, isoDate } from "@redsite/core"
import { Layer, Schema } from "effect"

const tokens = demoTokens()
const store = Layer.effectDiscard(seedRecords()).pipe(Layer.provideMerge(seededStore(StoreMemory, [...demoProjects(), ...demoComplianceProjects()])))
const server = await startDemoServer(tokens, { port: 0, store })
const as = (role: keyof typeof tokens, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${tokens[role]}`, ...extra })

try {
  // 1. the overdue list of a district as a workbook
  const date = "2022-10-31"
  const res = await fetch(`${server.url}/compliance/overdue.xlsx?${new URLSearchParams({ date, district: "鹿城区" })}`, { headers: as("viewer") })
  console.log(`GET /compliance/overdue.xlsx → ${res.status} ${res.headers.get("content-type")}, ${res.headers.get("content-disposition")}`)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(await res.arrayBuffer())
  for (const ws of wb.worksheets) {
    console.log(`  sheet ${ws.name}: ${ws.rowCount - 2} rows; headers ${JSON.stringify((ws.getRow(1).values as Array<unknown>).slice(1, 4))} / ${JSON.stringify((ws.getRow(2).values as Array<unknown>).slice(1, 4))}`)
  }
  const lucheng = wb.getWorksheet("鹿城区")!
  const first = lucheng.getRow(3)
  console.log(`  first row: ${first.getCell(1).value} ${first.getCell(5).value}, due ${(first.getCell(6).value as Date).toISOString().slice(0, 10)} (a date cell), ${first.getCell(7).value} days late`)

  // 2. monthly reports from a workbook: a bad cell first
  const version = async () => (await fetch(`${server.url}/compliance/projects/wz-school/records`, { headers: as("viewer") })).headers.get("etag")!
  const month = Schema.decodeSync(YearMonth)
  const reports = recordsWorkbook(["2022-06", "2022-07"].map((m, k) =>
    new ReportSubmitted({ id: `wz-school-report-${m}`, projectId: "wz-school", date: isoDate(`2022-11-0${k + 1}`), month: month(m), organizationId: "wz-joint-branch" })))
  reports.getWorksheet(RECORD_SHEETS.reports)!.getCell("C4").value = "2022-7"
  const upload = async (bytes: Uint8Array) =>
    fetch(`${server.url}/compliance/records.xlsx`, { method: "POST", body: new Uint8Array(bytes), headers: as("administrator", { "content-type": XLSX_MEDIA_TYPE, "if-match": await version() }) })
  const bad = await upload(await xlsxBytes(reports))
  const problem = await bad.json() as { _tag: string; cells: Array<{ sheet: string; row: number; column: string; header?: string; message: string }> }
  console.log(`POST /compliance/records.xlsx (a bad cell) → ${bad.status} ${problem._tag}`)
  for (const c of problem.cells) console.log(`  ${c.sheet}!${c.column}${c.row} (${c.header}): ${c.message}`)

  // corrected: both reports appended, at the log's version
  reports.getWorksheet(RECORD_SHEETS.reports)!.getCell("C4").value = "2022-07"
  const ok = await upload(await xlsxBytes(reports))
  console.log(`POST /compliance/records.xlsx (corrected) → ${ok.status} ${JSON.stringify(await ok.json())}`)
  if (bad.status !== 400 || ok.status !== 200) process.exitCode = 1
} finally {
  await server.close()
}
