/// <reference lib="dom" />
/**
 * The dashboard page's script (runs in the browser): reads the API address from `?api=` and the token from
 * the fragment `#token=` (never sent to a server), then shows the coverage report by district with the
 * policy's target progress, the projects with their setup decision under the chosen policy, one
 * project's decision with every cited reason, and the organization tree with its dual-leadership lines.
 * Built with the package's browser-safe typed client; labels come from the core.
 */
import { makeClient } from "@redsite/client"
import { DECISION_ELEMENTS, ELEMENT_LABELS, OrganizationKinds, renderFinding } from "@redsite/core"
import type { CoverageReport, Finding, Project, SetupDecision, Structure } from "@redsite/core"
import { Effect } from "effect"

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

interface Row { readonly project: Project; readonly decision: SetupDecision }

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
  box.replaceChildren(el("h3", `${row.project.name}(${row.project.id})`))
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
    const decision = await run((c) => c.projects.setup({ path: { id: project.id }, urlParams: { policyId, date: date as never } }))
    rows.push({ project, decision })
  }
  const report = await run((c) => c.coverage.report({ urlParams: { policyId, date: date as never, groupBy: ["district"], targetYear: Number(date.slice(0, 4)) } }))
  renderCoverage(report)
  renderProjects(rows)
  renderTree(await run((c) => c.structure.get({ urlParams: {} })), date)
  status(`${rows.length} 个项目 projects · ${policyId} @ ${date}`)
  document.body.dataset.ready = "true"
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
  select.addEventListener("change", () => void refresh(projects).catch(fail))
  $<HTMLInputElement>("date").addEventListener("change", () => void refresh(projects).catch(fail))
  await refresh(projects)
}

const fail = (e: unknown) => status(`错误 error: ${e instanceof Error ? e.message : JSON.stringify(e)}`, true)
start().catch(fail)
