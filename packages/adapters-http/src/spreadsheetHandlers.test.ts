/**
 * The spreadsheet endpoints over HTTP, on the demo portfolio with its compliance records: each download is read
 * back and compared with the JSON endpoint behind it (same query, same role rules; analysts get the counts
 * only); an upload appends the records of a workbook as the JSON append would, all or none, every bad cell
 * named; the body limit (413), the content type (415), the version (428, 409) and the roles (403).
 */
import ExcelJS from "exceljs"
import fc from "fast-check"
import { Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { XLSX_MEDIA_TYPE, isRedsiteApiError, makePromiseClient } from "@redsite/client"
import type { Role } from "@redsite/client"
import { ReportReviewed, ReportSubmitted, YearMonth, isoDate } from "@redsite/core"
import { Schema } from "effect"
import { demoComplianceProjects, demoProjects, seedRecords, seededStore } from "./demo.js"
import type { RunningServer } from "./server.js"
import { RECORD_SHEETS, recordsWorkbook, xlsxBytes } from "./spreadsheet.js"
import { caller, startTestServer, testStoreLayer, tokenOf } from "./testServer.js"

let server: RunningServer
beforeAll(async () => {
  const store = Layer.effectDiscard(seedRecords()).pipe(Layer.provideMerge(seededStore(testStoreLayer(), [...demoProjects(), ...demoComplianceProjects()])))
  server = await startTestServer({ store, maxBodyBytes: 256 * 1024 })
})
afterAll(() => server.close())
const call = caller(() => server)

const DATE = "2022-10-31"
const LUCHENG = encodeURIComponent("鹿城区")

const get = async (path: string, role: Role) => {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${tokenOf(role)}` } })
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) }
}
const post = async (path: string, role: Role, body: Uint8Array, headers: Record<string, string> = {}) => {
  const res = await fetch(`${server.url}${path}`, {
    method: "POST", body: new Uint8Array(body), headers: { authorization: `Bearer ${tokenOf(role)}`, "content-type": XLSX_MEDIA_TYPE, ...headers }
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, json: text === "" ? undefined : JSON.parse(text) }
}
const workbook = async (bytes: Uint8Array) => {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as never)
  return wb
}
const dataRows = (ws: ExcelJS.Worksheet) => {
  const out: Array<Array<unknown>> = []
  for (let n = 3; n <= ws.rowCount; n++) out.push((ws.getRow(n).values as Array<unknown>).slice(1))
  return out
}
const values2 = (ws: ExcelJS.Worksheet) => (ws.getRow(2).values as Array<unknown>).slice(1, 4)
const day = (v: unknown) => (v as Date).toISOString().slice(0, 10)
const version = async () => (await call("GET", "/compliance/projects/wz-bridge/records", "viewer")).headers.get("etag")!
const month = Schema.decodeSync(YearMonth)

describe("downloads", () => {
  it("overdue.xlsx: the JSON endpoint's reports, a sheet per district, dates as dates", async () => {
    const json = (await call("GET", `/compliance/overdue?date=${DATE}&limit=500`, "viewer")).json
    const res = await get(`/compliance/overdue.xlsx?date=${DATE}`, "viewer")
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toBe(XLSX_MEDIA_TYPE)
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="overdue-${DATE}.xlsx"`)
    const wb = await workbook(res.bytes)
    const districts = [...new Set(json.reports.map((r: any) => r.district))].sort()
    expect(wb.worksheets.map((w) => w.name)).toEqual(["汇总 Summary", ...districts])
    const shown = wb.worksheets.slice(1).flatMap((ws) => dataRows(ws).map((r) => [r[0], r[4], day(r[5]), r[6]]))
    const key = (x: Array<unknown>) => JSON.stringify(x)
    expect(shown.map(key).sort()).toEqual(json.reports.map((r: any) => key([r.projectId, r.month, r.dueOn, r.daysLate])).sort())
    expect(shown.length).toBeGreaterThan(0)
    // the summary counts are the JSON's groups
    expect(dataRows(wb.getWorksheet("汇总 Summary")!).map((r) => r.slice(0, 4))).toEqual(json.groups.map((g: any) => [g.key, g.sites, g.reports, g.maxDaysLate]))
  })

  it("overdue.xlsx for an analyst: the summary only (counts, no list), as the JSON", async () => {
    const json = (await call("GET", `/compliance/overdue?date=${DATE}&district=${LUCHENG}`, "analyst")).json
    expect(json.reports).toEqual([])
    const wb = await workbook((await get(`/compliance/overdue.xlsx?date=${DATE}&district=${LUCHENG}`, "analyst")).bytes)
    expect(wb.worksheets.map((w) => w.name)).toEqual(["汇总 Summary"])
    expect(dataRows(wb.worksheets[0]!).map((r) => r.slice(0, 4))).toEqual(json.groups.map((g: any) => [g.key, g.sites, g.reports, g.maxDaysLate]))
    // per reporting organization, as the JSON's by=organization
    const byOrg = (await call("GET", `/compliance/overdue?date=${DATE}&district=${LUCHENG}&by=organization`, "analyst")).json
    const orgs = await workbook((await get(`/compliance/overdue.xlsx?date=${DATE}&district=${LUCHENG}&by=organization`, "analyst")).bytes)
    expect(values2(orgs.worksheets[0]!)).toEqual(["Reporting organization", "Sites late", "Reports late"])
    expect(dataRows(orgs.worksheets[0]!).map((r) => r.slice(0, 4))).toEqual(byOrg.groups.map((g: any) => [g.key, g.sites, g.reports, g.maxDaysLate]))
    expect(byOrg.groups.length).toBeGreaterThan(1)
  })

  it("scorecards.xlsx: a district's scorecards as the JSON gives them; not for analysts", async () => {
    const res = await get(`/compliance/scorecards.xlsx?date=${DATE}&district=${LUCHENG}`, "viewer")
    expect(res.status).toBe(200)
    const wb = await workbook(res.bytes)
    const standing = dataRows(wb.getWorksheet("概况 Standing")!)
    const ids = standing.map((r) => r[0] as string)
    expect(ids.sort()).toEqual(["wz-bridge", "wz-school", "wz-site"])
    const items = dataRows(wb.getWorksheet("义务 Obligations")!)
    for (const row of standing) {
      const card = (await call("GET", `/compliance/projects/${row[0]}/scorecard?date=${DATE}`, "viewer")).json
      expect([row[3], row[5], row[7]]).toEqual([card.policyId, card.standing, card.coverageGap])
      expect(items.filter((r) => r[0] === row[0]).map((r) => [r[1], r[4], r[12]])).toEqual(card.items.map((i: any) => [i.ruleId, i.status, i.reason.text.zh]))
    }
    expect((await get(`/compliance/scorecards.xlsx?date=${DATE}`, "analyst")).status).toBe(403)
  })

  it("report.xlsx: the coverage report's counts; same roles as GET /coverage/report", async () => {
    const q = `policyId=shanghai-site&date=2021-06-30&groupBy=district`
    const json = (await call("GET", `/coverage/report?${q}`, "analyst")).json
    const wb = await workbook((await get(`/coverage/report.xlsx?${q}`, "analyst")).bytes)
    expect(dataRows(wb.getWorksheet("合计 Totals")!)[0]!.slice(2, 6)).toEqual([json.totals.projects, json.totals.required, json.totals.notRequired, json.totals.undecided])
    expect(dataRows(wb.getWorksheet("按区 By district")!).map((r) => [r[0], r[3]])).toEqual(json.groups[0].rows.map((g: any) => [g.value, g.counts.projects]))
    expect((await get(`/coverage/report.xlsx?${q}`, "reviewer")).status).toBe((await call("GET", `/coverage/report?${q}`, "reviewer")).status)
  })

  it("the records template: the three sheets with their two header rows and no data", async () => {
    const wb = await workbook((await get("/compliance/records/template.xlsx", "secretary")).bytes)
    expect(wb.worksheets.map((w) => [w.name, w.rowCount])).toEqual(Object.values(RECORD_SHEETS).map((s) => [s, 2]))
    expect((await get("/compliance/records/template.xlsx", "viewer")).status).toBe(403)
  })
})

describe("upload of records", () => {
  const late = () => xlsxBytes(recordsWorkbook([
    new ReportSubmitted({ id: "wz-bridge-report-2022-09", projectId: "wz-bridge", date: isoDate("2022-10-20"), month: month("2022-09"), organizationId: "wz-bridge-branch" })
  ]))

  it("needs If-Match (428), a current version (409), a recorder (403), the xlsx type (415), a body within the limit (413)", async () => {
    const body = await late()
    expect((await post("/compliance/records.xlsx", "administrator", body)).status).toBe(428)
    expect((await post("/compliance/records.xlsx", "administrator", body, { "if-match": '"1"' })).status).toBe(409)
    expect((await post("/compliance/records.xlsx", "viewer", body, { "if-match": await version() })).status).toBe(403)
    expect((await post("/compliance/records.xlsx", "administrator", body, { "if-match": await version(), "content-type": "text/csv" })).status).toBe(415)
    const big = new Uint8Array(300 * 1024)
    expect((await post("/compliance/records.xlsx", "administrator", big, { "if-match": await version() })).status).toBe(413)
  })

  it("names every bad cell and records nothing", async () => {
    const wb = await workbook(await late())
    wb.getWorksheet(RECORD_SHEETS.reports)!.getCell("C3").value = "2022-9"
    wb.getWorksheet(RECORD_SHEETS.records)!.addRow(["x1", "wz-bridge", "soon", "step", "members"])
    const before = await version()
    const res = await post("/compliance/records.xlsx", "administrator", await xlsxBytes(wb), { "if-match": before })
    expect(res.status).toBe(400)
    expect(res.json._tag).toBe("SpreadsheetInvalid")
    expect(res.json.cells.map((c: any) => [c.sheet, c.row, c.column])).toEqual([[RECORD_SHEETS.reports, 3, "C"], [RECORD_SHEETS.records, 3, "C"]])
    expect(res.json.issues.map((i: any) => i.path)).toEqual([`'${RECORD_SHEETS.reports}'!C3`, `'${RECORD_SHEETS.records}'!C3`])
    expect(await version()).toBe(before)
    const junk = await post("/compliance/records.xlsx", "administrator", new TextEncoder().encode("not a workbook"), { "if-match": before })
    expect([junk.status, junk.json._tag]).toEqual([400, "SpreadsheetInvalid"])
  })

  it("a record the core refuses is a 422 naming its sheet and row; nothing is recorded", async () => {
    const before = await version()
    const bytes = await xlsxBytes(recordsWorkbook([
      new ReportSubmitted({ id: "u-ok", projectId: "wz-school", date: isoDate("2022-10-05"), month: month("2022-09") }),
      new ReportReviewed({ id: "u-bad", projectId: "wz-school", date: isoDate("2022-10-06"), reportId: "no-such-report", outcome: "reviewed", reviewerId: "demo-reviewer" })
    ]))
    const res = await post("/compliance/records.xlsx", "administrator", bytes, { "if-match": before })
    expect(res.status).toBe(422)
    expect(res.json.message).toContain(`sheet ${RECORD_SHEETS.reviews}, row 3`)
    expect(await version()).toBe(before)
  })

  it("appends the workbook's records as POST /compliance/records would: the late report is no longer overdue", async () => {
    const listed = async () => (await call("GET", `/compliance/overdue?date=${DATE}&district=${LUCHENG}&limit=500`, "viewer")).json.reports
      .filter((r: any) => r.projectId === "wz-bridge" && r.month === "2022-09")
    expect(await listed()).toHaveLength(1)
    const before = Number(JSON.parse(await version()))
    const res = await post("/compliance/records.xlsx", "administrator", await late(), { "if-match": `"${before}"` })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    expect(res.json).toEqual({ version: before + 1, accepted: 1 })
    expect(res.headers.get("etag")).toBe(`"${before + 1}"`)
    expect(await listed()).toHaveLength(0)
  })
})

describe("fuzzing the upload (fuzz.test.ts leaves the binary body to this file): no 5xx, nothing recorded when rejected", () => {
  it("corrupted bytes, arbitrary bytes and arbitrary cell values", async () => {
    const valid = await xlsxBytes(recordsWorkbook([
      new ReportSubmitted({ id: "fz-r", projectId: "wz-school", date: isoDate("2022-10-05"), month: month("2022-09") })
    ]))
    const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.date({ noInvalidDate: true }), fc.constant(null),
      fc.constantFrom("2022-02-30", "2022-13", "退回", "step", "milestone", "wz-school", "x".repeat(300)))
    const body = fc.oneof(
      fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }).map((flips) => {
        const b = new Uint8Array(valid)
        for (const f of flips) b[f.at % b.length] = f.byte
        return Promise.resolve(b)
      }),
      fc.uint8Array({ maxLength: 2000 }).map((b) => Promise.resolve(b)),
      fc.record({ sheet: fc.constantFrom(...Object.values(RECORD_SHEETS)), row: fc.integer({ min: 1, max: 5 }), col: fc.integer({ min: 1, max: 11 }), value: cell }, { requiredKeys: ["sheet", "row", "col"] })
        .map(async (c) => {
          const wb = await workbook(valid)
          wb.getWorksheet(c.sheet)!.getCell(c.row, c.col).value = (c.value ?? null) as ExcelJS.CellValue
          return xlsxBytes(wb)
        })
    )
    let rejected = 0
    await fc.assert(fc.asyncProperty(body, async (make) => {
      const before = await version()
      const res = await post("/compliance/records.xlsx", "administrator", await make, { "if-match": before })
      expect(res.status, JSON.stringify(res.json)).toBeLessThan(500)
      if (res.status >= 400) for (const f of ["code", "message", "messageZh"]) expect(typeof res.json[f]).toBe("string")
      if (res.status >= 300) {
        rejected++
        expect(await version()).toBe(before)
      }
    }), { numRuns: 40 })
    expect(rejected).toBeGreaterThan(0)
  }, 120_000)
})

describe("the typed clients", () => {
  it("download a workbook as bytes, and reject a bad upload with the typed SpreadsheetInvalid", async () => {
    const viewer = makePromiseClient(server.url, tokenOf("viewer"))
    const bytes = await viewer.spreadsheets.overdue({ date: isoDate(DATE), district: "鹿城区" })
    expect(bytes).toBeInstanceOf(Uint8Array)
    expect((await workbook(bytes)).worksheets.map((w) => w.name)).toEqual(["汇总 Summary", "鹿城区"])
    const admin = makePromiseClient(server.url, tokenOf("administrator"))
    const rejected = await admin.spreadsheets.uploadRecords({ payload: new TextEncoder().encode("not a workbook"), "if-match": await version() }).then(() => undefined, (e: unknown) => e)
    expect(isRedsiteApiError(rejected)).toBe(true)
    expect((rejected as { _tag: string; cells: ReadonlyArray<unknown> })._tag).toBe("SpreadsheetInvalid")
    expect((rejected as { cells: ReadonlyArray<unknown> }).cells).toHaveLength(1)
  })
})
