/// <reference lib="dom" />
/**
 * The dashboard page's script (runs in the browser): reads the API address from `?api=` and the token from
 * the fragment `#token=` (never sent to a server), then shows the coverage report by district with the
 * chosen policy's target progress, the projects with their setup decision under each project's own
 * jurisdiction's policy (the core's `jurisdictionPolicyOf`, as the compliance endpoints judge them), one
 * project's decision with every cited reason, the organization tree with its dual-leadership lines, and a
 * district's compliance: sites by standing, the overdue monthly reports with days late, the monthly reporting
 * rate as a chart (vega-lite, rendered to SVG in the page) and one site's scorecard with reasons and clauses.
 * Built with the package's browser-safe typed client; labels come from the core.
 */
import { makeClient } from "@redsite/client"
import { DECISION_ELEMENTS, ELEMENT_LABELS, OrganizationKinds, jurisdictionPolicyOf, renderFinding } from "@redsite/core"
import type { CoverageReport, Finding, MonthlyReporting, Project, Scorecard, SetupDecision, Structure } from "@redsite/core"
import { Effect } from "effect"
import { View, parse } from "vega"
import { compile } from "vega-lite"

const params = new URLSearchParams(location.search)
const api = params.get("api") ?? location.origin
const token = new URLSearchParams(location.hash.slice(1)).get("token") ?? ""
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const status = (text: string, error = false) => {
  const el = $("status")
  el.textContent = text
  el.className = error ? "error" : ""
}
const el = (tag: string, text?: string, className?: string): HTMLElement => {
  const e = document.createElement(tag)
  if (text !== undefined) e.textContent = text
  if (className !== undefined) e.className = className
  return e
}

const clientP = Effect.runPromise(makeClient(api, token))
const run = async <A, E>(f: (c: Effect.Effect.Success<ReturnType<typeof makeClient>>) => Effect.Effect<A, E>) =>
  Effect.runPromise(f(await clientP))

interface Row { readonly project: Project; readonly policyId: string; readonly decision: SetupDecision }

const allProjects = async (): Promise<Array<Project>> => {
  const out: Array<Project> = []
  let cursor: string | undefined
  do {
    const page = await run((c) => c.projects.list({ urlParams: { limit: 500, ...(cursor === undefined ? {} : { cursor }) } }))
    out.push(...page.items.map((i) => i.project))
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return out
}

const pct = (x: number | null) => (x === null ? "-" : `${(100 * x).toFixed(1)}%`)

/** Coverage by district and target progress, as the API's coverage report gives them. */
const renderCoverage = (report: CoverageReport) => {
  const body = $("districts").querySelector("tbody")!
  body.replaceChildren()
  for (const g of report.groups.find((x) => x.by === "district")?.rows ?? []) {
    const tr = el("tr")
    tr.dataset.district = g.value
    const c = g.counts
    tr.append(el("td", g.label.zh), el("td", String(c.projects), "num"), el("td", String(c.required), "num"),
      el("td", String(c.requiredOrganizational), "num"), el("td", String(c.requiredNone), "num"))
    const bar = el("div", undefined, "bar")
    const fill = el("span")
    fill.style.width = `${Math.round(100 * (c.coveredRate ?? 0))}%`
    bar.append(fill)
    const td = el("td")
    td.append(bar, el("small", pct(c.coveredRate)))
    tr.append(td)
    body.append(tr)
  }
  const box = $("targets")
  box.replaceChildren()
  const progress = report.targets?.progress
  if (progress === undefined) return
  if (progress._tag === "Gap") {
    box.append(el("div", `⚠ ${progress.gap.text.zh}`, "reason gap"))
    return
  }
  for (const m of progress.value) {
    const line = el("div", `${m.label.zh}:${pct(m.actual)} / 目标 ${pct(m.target)} ${m.met ? "✓ 已达成" : `✗ 差${m.shortfall}个`}`)
    line.dataset.target = m.key
    line.dataset.actual = m.actual === null ? "" : String(m.actual)
    line.dataset.goal = String(m.target)
    line.dataset.met = String(m.met)
    line.dataset.shortfall = String(m.shortfall)
    box.append(line)
  }
  for (const r of progress.reasons) {
    const line = el("div", undefined, "reason")
    line.append(el("span", `[${r.ruleId}] `, "rule"), `${r.citation.document} ${r.citation.section}`)
    box.append(line)
  }
}

const showDecision = (row: Row) => {
  const box = $("decision")
  box.replaceChildren(el("h3", `${row.project.name}(${row.project.id})· ${row.policyId}`))
  const table = el("table")
  table.id = "decision-table"
  for (const element of DECISION_ELEMENTS) {
    const f = row.decision[element] as Finding<unknown> | undefined
    if (f === undefined) continue
    const tr = el("tr")
    tr.dataset.element = element
    const value = el("td")
    value.append(el("div", renderFinding(element, f, "zh"), f._tag === "Gap" ? "gap" : undefined))
    if (f._tag === "Settled") {
      for (const r of f.reasons) {
        const line = el("div", undefined, "reason")
        line.append(el("span", `[${r.ruleId}] `, "rule"), `${r.citation.document} ${r.citation.section}:${r.text.zh}`)
        value.append(line)
      }
    } else {
      value.append(el("div", f.gap.text.zh, "reason gap"))
    }
    tr.append(el("th", `${ELEMENT_LABELS[element].zh} ${ELEMENT_LABELS[element].en}`), value)
    table.append(tr)
  }
  if (row.decision.gaps.length > 0) {
    const tr = el("tr")
    const td = el("td")
    for (const n of row.decision.gaps) td.append(el("div", `⚠ ${n.text.zh}`, "reason gap"))
    tr.append(el("th", "政策空白 Gaps"), td)
    table.append(tr)
  }
  box.append(table)
}

const renderProjects = (rows: ReadonlyArray<Row>) => {
  const body = $("projects").querySelector("tbody")!
  body.replaceChildren()
  for (const row of rows) {
    const tr = el("tr", undefined, "project")
    tr.dataset.projectId = row.project.id
    tr.append(
      el("td", row.project.name),
      el("td", row.project.district ?? ""),
      el("td", row.policyId, "policy"),
      el("td", renderFinding("requirement", row.decision.requirement, "zh")),
      el("td", renderFinding("forms", row.decision.forms, "zh"))
    )
    tr.addEventListener("click", () => {
      body.querySelectorAll("tr.selected").forEach((x) => x.classList.remove("selected"))
      tr.classList.add("selected")
      showDecision(row)
    })
    body.append(tr)
  }
}

/** The organization tree on a date: primary lines as nesting, second superiors (dual leadership) as dashed notes. */
const renderTree = (s: Structure, date: string) => {
  const alive = s.organizations.filter((o) => o.establishedOn <= date && (o.dissolvedOn === undefined || date <= o.dissolvedOn))
  const on = (r: { readonly validFrom: string; readonly validTo?: string | undefined }) => r.validFrom <= date && (r.validTo === undefined || date <= r.validTo)
  const parent = new Map<string, string>()
  const second = new Map<string, Array<string>>()
  for (const r of s.relations) {
    if (!on(r)) continue
    if (r.kind === "reportsTo") parent.set(r.from, r.to)
    if (r.kind === "secondSuperior") second.set(r.from, [...(second.get(r.from) ?? []), r.to])
  }
  const names = new Map(s.organizations.map((o) => [o.id, o.name]))
  const kids = new Map<string | undefined, Array<typeof alive[number]>>()
  for (const o of alive) {
    const p = parent.get(o.id)
    const key = p !== undefined && alive.some((x) => x.id === p) ? p : undefined
    kids.set(key, [...(kids.get(key) ?? []), o])
  }
  const list = (under: string | undefined): HTMLElement => {
    const ul = el("ul")
    for (const o of kids.get(under) ?? []) {
      const li = el("li")
      li.dataset.org = o.id
      li.append(el("span", o.name), el("span", ` ${OrganizationKinds.label(o.kind, "zh")}`, "kind"))
      if (o.temporary) li.append(el("span", " 临时", "temp"))
      for (const sup of second.get(o.id) ?? []) {
        const dual = el("span", `双重领导 → ${names.get(sup) ?? sup}`, "dual")
        dual.dataset.second = sup
        li.append(dual)
      }
      if ((kids.get(o.id) ?? []).length > 0) li.append(list(o.id))
      ul.append(li)
    }
    return ul
  }
  $("tree").replaceChildren(list(undefined))
}

const refresh = async (projects: ReadonlyArray<Project>) => {
  const policyId = $<HTMLSelectElement>("policy").value
  const date = $<HTMLInputElement>("date").value
  status("计算中… evaluating…")
  const rows: Array<Row> = []
  for (const project of projects) {
    // each project under its own jurisdiction's policy (Shanghai's sites under Shanghai's, Fuding's under Fuding's)
    const own = jurisdictionPolicyOf(project).policyId
    const decision = await run((c) => c.projects.setup({ path: { id: project.id }, urlParams: { policyId: own, date: date as never } }))
    rows.push({ project, policyId: own, decision })
  }
  const report = await run((c) => c.coverage.report({ urlParams: { policyId, date: date as never, groupBy: ["district"], targetYear: Number(date.slice(0, 4)) } }))
  renderCoverage(report)
  renderProjects(rows)
  renderTree(await run((c) => c.structure.get({ urlParams: {} })), date)
  status(`${rows.length} 个项目 projects · 覆盖报告 coverage: ${policyId} @ ${date} · 设置 setup: 各项目属地政策 each project's jurisdiction`)
  await refreshCompliance(projects)
  document.body.dataset.ready = "true"
}

// ---------------------------------------------------------------------------------------------------------
// Compliance of a district (issue 19 item 6)
// ---------------------------------------------------------------------------------------------------------

const STANDINGS = [["overdue", "逾期 Overdue"], ["undetermined", "无法判定 Undetermined"], ["due", "待完成 Due"], ["compliant", "合规 Compliant"]] as const
const STATUS: Record<string, string> = {
  met: "已完成 met", metThroughAlternative: "以替代方式完成 met (alternative)", due: "待完成 due", overdue: "逾期 overdue",
  notApplicable: "不适用 n/a", undetermined: "无法判定 undetermined"
}

const monthsBack = (date: string) => ({ from: `${date.slice(0, 4)}-01`, to: date.slice(0, 7) })

/** The monthly reporting rate as a vega-lite line chart (reported and on time), rendered to SVG in the page. */
const renderRateChart = async (months: ReadonlyArray<MonthlyReporting>) => {
  const values = months.flatMap((m) => [
    { month: m.month, series: "上报率 reported", rate: m.rate },
    { month: m.month, series: "按时率 on time", rate: m.onTimeRate }
  ]).filter((v) => v.rate !== null)
  const spec = compile({
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    width: 460, height: 180,
    data: { values },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "month", type: "ordinal", title: "月份 Month", sort: months.map((m) => m.month) },
      y: { field: "rate", type: "quantitative", title: "比例 Share", scale: { domain: [0, 1] }, axis: { format: "%" } },
      color: { field: "series", type: "nominal", title: null, legend: { orient: "bottom" } }
    }
  }).spec
  const view = new View(parse(spec), { renderer: "none" })
  const svg = await view.toSVG()
  view.finalize()
  $("c-chart").innerHTML = svg
}

const renderCard = (card: Scorecard, project: Project) => {
  const box = $("c-card")
  box.replaceChildren(el("h3", `${project.name}(${project.id})· ${card.policyId} · ${STANDINGS.find(([k]) => k === card.standing)?.[1] ?? card.standing}`))
  const table = el("table")
  table.id = "c-card-table"
  for (const item of card.items) {
    const tr = el("tr")
    tr.dataset.rule = item.ruleId
    tr.dataset.status = item.status
    const what = el("td")
    what.append(el("div", item.title.zh))
    const line = el("div", undefined, "reason")
    line.append(el("span", `[${item.ruleId}] `, "rule"), `${item.reason.citation.document} ${item.reason.citation.section}:${item.reason.text.zh}`)
    what.append(line)
    if (item.gap !== undefined) what.append(el("div", `⚠ ${item.gap.text.zh}`, "reason gap"))
    const late = item.status === "overdue" && item.daysLate !== undefined ? `,逾期${item.daysLate}天` : ""
    tr.append(el("td", `${STATUS[item.status] ?? item.status}${item.dueOn === undefined ? "" : ` · ${item.dueOn}`}${late}`, `status ${item.status}`), what)
    table.append(tr)
  }
  box.append(table)
}

/** Downloads the overdue list as a workbook (the token goes in the Authorization header, never in the URL). */
const downloadOverdue = async () => {
  const district = $<HTMLSelectElement>("c-district").value
  const date = $<HTMLInputElement>("c-date").value
  const res = await fetch(`${api}/compliance/overdue.xlsx?${new URLSearchParams({ date, district })}`, { headers: { authorization: `Bearer ${token}` } })
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`)
  const url = URL.createObjectURL(await res.blob())
  const a = document.createElement("a")
  a.href = url
  a.download = `overdue-${district}-${date}.xlsx`
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

const refreshCompliance = async (projects: ReadonlyArray<Project>) => {
  const district = $<HTMLSelectElement>("c-district").value
  const date = $<HTMLInputElement>("c-date").value
  const sites = projects.filter((p) => (p.district ?? "") === district)
  // every site under its own jurisdiction's policy: the endpoints' default
  const cards: Array<{ project: Project; card: Scorecard }> = []
  for (const project of sites) cards.push({ project, card: await run((c) => c.compliance.scorecard({ path: { id: project.id }, urlParams: { date: date as never } })) })
  const chips = $("c-standing")
  chips.replaceChildren()
  for (const [key, label] of STANDINGS) {
    const n = cards.filter((x) => x.card.standing === key).length
    const chip = el("span", `${label}:${n}`, `chip ${key}`)
    chip.dataset.standing = key
    chip.dataset.count = String(n)
    chips.append(chip)
  }
  const body = $("c-sites").querySelector("tbody")!
  body.replaceChildren()
  for (const { project, card } of cards) {
    const tr = el("tr", undefined, "project")
    tr.dataset.projectId = project.id
    tr.dataset.standing = card.standing
    tr.append(el("td", project.name), el("td", card.policyId, "policy"), el("td", STANDINGS.find(([k]) => k === card.standing)?.[1] ?? card.standing, `status ${card.standing}`))
    tr.addEventListener("click", () => {
      body.querySelectorAll("tr.selected").forEach((x) => x.classList.remove("selected"))
      tr.classList.add("selected")
      renderCard(card, project)
    })
    body.append(tr)
  }
  const overdue = await run((c) => c.compliance.overdue({ urlParams: { date: date as never, district, limit: 500 } }))
  const names = new Map(projects.map((p) => [p.id, p.name]))
  const ob = $("c-overdue").querySelector("tbody")!
  ob.replaceChildren()
  for (const r of overdue.reports) {
    const tr = el("tr")
    tr.dataset.projectId = r.projectId
    tr.dataset.month = r.month
    tr.append(el("td", names.get(r.projectId) ?? r.projectId), el("td", r.month), el("td", r.dueOn), el("td", String(r.daysLate), "num late"))
    ob.append(tr)
  }
  $("c-overdue-total").textContent = `共 ${overdue.total} 份逾期 · ${overdue.total} overdue`
  const range = monthsBack(date)
  const rate = await run((c) => c.compliance.reportingRate({ urlParams: { district, from: range.from as never, to: range.to as never, date: date as never } }))
  const rb = $("c-rate").querySelector("tbody")!
  rb.replaceChildren()
  for (const m of rate.months.filter((x) => x.owed > 0)) {
    const tr = el("tr")
    tr.dataset.month = m.month
    tr.append(el("td", m.month), el("td", String(m.owed), "num"), el("td", String(m.submitted), "num"), el("td", String(m.onTime), "num"), el("td", pct(m.rate), "num"))
    rb.append(tr)
  }
  await renderRateChart(rate.months)
  const first = cards.find((x) => x.card.standing === "overdue") ?? cards[0]
  if (first !== undefined) renderCard(first.card, first.project)
  else $("c-card").replaceChildren(el("div", "本区没有项目 · No project in this district"))
}

const start = async () => {
  if (token === "") throw new Error("no token: open the page with #token=<your token>")
  const policies = await run((c) => c.policies.list())
  const select = $<HTMLSelectElement>("policy")
  for (const p of policies) {
    const o = el("option", `${p.name.zh} (${p.id})`) as HTMLOptionElement
    o.value = p.id
    select.append(o)
  }
  select.value = params.get("policy") ?? "shanghai-site"
  const projects = await allProjects()
  const districts = [...new Set(projects.map((p) => p.district ?? ""))].filter((d) => d !== "").sort()
  const cd = $<HTMLSelectElement>("c-district")
  for (const d of districts) {
    const o = el("option", `${d}(${jurisdictionPolicyOf({ district: d }).policyId})`) as HTMLOptionElement
    o.value = d
    cd.append(o)
  }
  cd.value = params.get("district") ?? (districts.includes("鹿城区") ? "鹿城区" : districts[0] ?? "")
  const again = () => void refreshCompliance(projects).catch(fail)
  cd.addEventListener("change", again)
  $<HTMLInputElement>("c-date").addEventListener("change", again)
  $("c-overdue-xlsx").addEventListener("click", () => void downloadOverdue().catch(fail))
  select.addEventListener("change", () => void refresh(projects).catch(fail))
  $<HTMLInputElement>("date").addEventListener("change", () => void refresh(projects).catch(fail))
  await refresh(projects)
}

const fail = (e: unknown) => status(`错误 error: ${e instanceof Error ? e.message : JSON.stringify(e)}`, true)
start().catch(fail)
