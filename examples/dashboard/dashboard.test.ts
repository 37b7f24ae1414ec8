/**
 * The dashboard in a real browser: headless Chromium (Debian's package, driven by playwright-core) loads
 * the page against a live API, and the numbers it shows are checked against the API's own answers.
 * A screenshot is saved (path printed; `DASHBOARD_SCREENSHOT=<file>` chooses it).
 *
 * Needs /usr/bin/chromium (`apt-get install chromium`; CI installs it). Without it the test is skipped
 * outside CI and fails in CI.
 */
import ExcelJS from "exceljs"
import { existsSync, mkdirSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { chromium } from "playwright-core"
import type { Browser } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startDashboard } from "./serve.js"
import type { Dashboard } from "./serve.js"

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
const available = existsSync(CHROMIUM)
if (!available && process.env.CI !== undefined) throw new Error(`CI needs Chromium at ${CHROMIUM} for the dashboard test`)

describe.skipIf(!available)("dashboard in headless Chromium", () => {
  let browser: Browser
  let dash: Dashboard
  beforeAll(async () => {
    dash = await startDashboard()
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // this machine's network is closed: keep Chromium from calling home at start
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    })
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await dash?.close()
  })

  const api = async (path: string): Promise<any> => {
    const res = await fetch(`${dash.apiUrl}${path}`, { headers: { authorization: `Bearer ${dash.tokens.viewer}` } })
    expect(res.status).toBe(200)
    return res.json()
  }

  it("shows the portfolio by district, a project's cited decision and a district's compliance, matching the API", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    const errors: Array<string> = []
    page.on("pageerror", (e) => errors.push(e.message))
    await page.goto(dash.pageUrl)
    await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 })
    expect(errors).toEqual([])

    // the numbers by district are the API's coverage report
    const policyId = await page.locator("#policy").inputValue()
    const date = await page.locator("#date").inputValue()
    const report = await api(`/coverage/report?policyId=${policyId}&date=${date}&groupBy=district&targetYear=${date.slice(0, 4)}`)
    const expected = report.groups[0].rows.map((g: any) => [g.value, g.counts.projects, g.counts.required, g.counts.requiredOrganizational, g.counts.requiredNone])
    const shown = await page.locator("#districts tbody tr").evaluateAll((rows) =>
      rows.map((r) => [(r as HTMLElement).dataset.district, ...[1, 2, 3, 4].map((k) => Number(r.children[k]!.textContent))]))
    expect(shown).toEqual(expected)
    expect(shown.length).toBeGreaterThan(3)
    // target progress: one line per measure, or the policy's gap
    const progress = report.targets.progress
    if (progress._tag === "Settled") {
      const lines = await page.locator("#targets [data-target]").evaluateAll((ls) =>
        ls.map((l) => { const d = (l as HTMLElement).dataset; return [d.target, d.actual === "" ? null : Number(d.actual), Number(d.goal), d.met === "true", Number(d.shortfall), l.textContent] }))
      expect(lines.map((l) => l.slice(0, 5))).toEqual(progress.value.map((m: any) => [m.key, m.actual, m.target, m.met, m.shortfall]))
      progress.value.forEach((m: any, k: number) => expect(lines[k]![5]).toContain(m.label.zh))
      expect(lines.length).toBeGreaterThan(0)
    } else {
      await expect(page.locator("#targets").textContent()).resolves.toContain(progress.gap.text.zh)
    }
    const { items } = await api("/projects?limit=500")
    expect(await page.locator("#projects tbody tr").count()).toBe(items.length)
    // each project is judged under its own jurisdiction's policy, not the one chosen for the coverage report
    const policies = await page.locator("#projects tbody tr").evaluateAll((rows) =>
      Object.fromEntries(rows.map((r) => [(r as HTMLElement).dataset.projectId, r.children[2]!.textContent])))
    expect(policies).toMatchObject({ "sh-major": "shanghai-site", "fuding-edge": "fuding-site-2020", "wz-site": "wenzhou-red-site-2022", "langshan-xgy": "langshan-street" })

    // one project's decision: every settled element shows the rule ids the API gives under the project's policy
    const id = "fuding-edge"
    await page.locator(`#projects tr[data-project-id="${id}"]`).click()
    const decision = await api(`/projects/${id}/setup?policyId=fuding-site-2020&date=${date}`)
    const ruleIds = await page.locator("#decision-table tr[data-element=requirement] .rule").allTextContents()
    expect(ruleIds).toEqual(decision.requirement.reasons.map((r: any) => `[${r.ruleId}] `))
    await expect(page.locator("#decision-table").textContent()).resolves.toContain("是否必建")

    // the organization tree: nesting follows reportsTo on the date, dual leadership is shown on the organization
    const structure = await api(`/structure?date=${date}`)
    const alive = structure.organizations.filter((o: any) => o.establishedOn <= date && (o.dissolvedOn === undefined || date <= o.dissolvedOn))
    expect(await page.locator("#tree li[data-org]").count()).toBe(alive.length)
    const seconds = structure.relations.filter((r: any) => r.kind === "secondSuperior" && r.validFrom <= date && (r.validTo === undefined || date <= r.validTo))
    for (const r of seconds) await expect(page.locator(`#tree li[data-org="${r.from}"] > .dual[data-second="${r.to}"]`).count()).resolves.toBe(1)
    for (const r of structure.relations.filter((x: any) => x.kind === "reportsTo" && x.validFrom <= date && alive.some((o: any) => o.id === x.from) && alive.some((o: any) => o.id === x.to))) {
      await expect(page.locator(`#tree li[data-org="${r.to}"] li[data-org="${r.from}"]`).count()).resolves.toBe(1)
    }

    // a district's compliance: the numbers shown are the API's
    const district = await page.locator("#c-district").inputValue()
    const cdate = await page.locator("#c-date").inputValue()
    expect(district).toBe("鹿城区")
    const q = (s: string) => encodeURIComponent(s)
    const sites = items.map((i: any) => i.project).filter((p: any) => p.district === district)
    const cards = await Promise.all(sites.map((p: any) => api(`/compliance/projects/${p.id}/scorecard?date=${cdate}`)))
    const shownSites = await page.locator("#c-sites tbody tr").evaluateAll((rows) => rows.map((r) => [(r as HTMLElement).dataset.projectId, (r as HTMLElement).dataset.standing]))
    expect(shownSites).toEqual(sites.map((p: any, k: number) => [p.id, cards[k].standing]))
    const chips = await page.locator("#c-standing [data-standing]").evaluateAll((cs) => cs.map((c) => [(c as HTMLElement).dataset.standing, Number((c as HTMLElement).dataset.count)]))
    expect(chips).toEqual(["overdue", "undetermined", "due", "compliant"].map((k) => [k, cards.filter((c: any) => c.standing === k).length]))
    // the demo district has a late site and one that is not
    expect(cards.some((c: any) => c.standing === "overdue")).toBe(true)
    expect(cards.some((c: any) => c.standing !== "overdue")).toBe(true)
    const overdue = await api(`/compliance/overdue?date=${cdate}&district=${q(district)}&limit=500`)
    const shownOverdue = await page.locator("#c-overdue tbody tr").evaluateAll((rows) =>
      rows.map((r) => [(r as HTMLElement).dataset.projectId, (r as HTMLElement).dataset.month, r.children[2]!.textContent, Number(r.children[3]!.textContent)]))
    expect(shownOverdue).toEqual(overdue.reports.map((r: any) => [r.projectId, r.month, r.dueOn, r.daysLate]))
    expect(shownOverdue.length).toBeGreaterThan(0)
    const rate = await api(`/compliance/reporting-rate?district=${q(district)}&from=${cdate.slice(0, 4)}-01&to=${cdate.slice(0, 7)}&date=${cdate}`)
    const shownRate = await page.locator("#c-rate tbody tr").evaluateAll((rows) => rows.map((r) => [(r as HTMLElement).dataset.month, ...[1, 2, 3].map((k) => Number(r.children[k]!.textContent))]))
    expect(shownRate).toEqual(rate.months.filter((m: any) => m.owed > 0).map((m: any) => [m.month, m.owed, m.submitted, m.onTime]))
    expect(shownRate.length).toBeGreaterThan(0)
    // the chart: an SVG with a mark per month reported
    expect(await page.locator("#c-chart svg").count()).toBe(1)
    expect(await page.locator("#c-chart svg path").count()).toBeGreaterThan(0)
    // one site's scorecard: every obligation with its status, rule and clause
    await page.locator(`#c-sites tr[data-project-id="wz-bridge"]`).click()
    const bridge = cards[sites.findIndex((p: any) => p.id === "wz-bridge")]
    const shownCard = await page.locator("#c-card-table tr").evaluateAll((rows) => rows.map((r) => [(r as HTMLElement).dataset.rule, (r as HTMLElement).dataset.status]))
    expect(shownCard).toEqual(bridge.items.map((i: any) => [i.ruleId, i.status]))
    const cardText = await page.locator("#c-card").textContent()
    for (const i of bridge.items) expect(cardText).toContain(`${i.reason.citation.document} ${i.reason.citation.section}`)

    // the overdue list downloads as a workbook with a sheet for the district
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#c-overdue-xlsx").click()])
    expect(download.suggestedFilename()).toBe(`overdue-${district}-${cdate}.xlsx`)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile((await download.path())!)
    expect(wb.worksheets.map((w) => w.name)).toEqual(["汇总 Summary", district])
    expect(wb.getWorksheet(district)!.rowCount - 2).toBe(overdue.reports.length)

    const file = process.env.DASHBOARD_SCREENSHOT ?? join(tmpdir(), "redsite-dashboard.png")
    mkdirSync(dirname(file), { recursive: true })
    await page.screenshot({ path: file, fullPage: true })
    console.log(`dashboard screenshot: ${file}`)
  }, 120_000)
})
