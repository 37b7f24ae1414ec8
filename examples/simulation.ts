/**
 * Policy simulation on a synthetic portfolio: Fuding's cost threshold of 50 million yuan against 30 and 80
 * million — how many projects must set up an organization, how many organizations, instructors and
 * liaisons that takes, which projects change and why — then a sweep of the threshold, and a coverage report
 * with Wenzhou's yearly targets.
 *
 * Run: pnpm exec tsx examples/simulation.ts [--size 50000] [--seed 7]
 */
import { Either } from "effect"
import {
  comparePolicies,
  coverageReport,
  isoDate,
  policies,
  reform,
  sweepParameter,
  syntheticPortfolio
} from "@redsite/core"
import { formatTable } from "./table.js"

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const size = arg("size", 50_000)
const portfolio = syntheticPortfolio({ size, seed: arg("seed", 7) })
const date = isoDate("2021-06-30")
const fmt = (n: number) => n.toLocaleString("en-US")

const at = (millions: number) =>
  Either.getOrThrow(reform(policies.fudingSite2020, {
    id: `fuding-${millions}m`,
    name: { zh: `福鼎模式(造价门槛${millions}百万元)`, en: `Fuding model, ${millions} million yuan threshold` },
    parameters: { costThresholdYuan: millions * 1_000_000 }
  }))

// 1. three thresholds side by side
const cmp = Either.getOrThrow(comparePolicies(portfolio, [policies.fudingSite2020, at(30), at(80)], date, { explainLimit: 3 }))
console.log(`Synthetic portfolio of ${fmt(size)} projects (see SYNTHETIC_ASSUMPTIONS), ${date}\n`)
console.log(formatTable([
  ["政策 Policy", "须建 Required", "待建组织 Organizations", "指导员 Instructors", "联络员 Liaisons", "变化项目 Changed"],
  ...cmp.outcomes.map((o, k) => [
    o.policyId, fmt(o.totals.required), fmt(o.needs.organizations), fmt(o.needs.instructors), fmt(o.needs.liaisons),
    k === 0 ? "-" : fmt(cmp.changedCount[k]!)
  ])
]))
for (const d of cmp.deltas) {
  console.log(`${d.policyId}: ${d.required >= 0 ? "+" : ""}${fmt(d.required)} required, ${d.needs.organizations >= 0 ? "+" : ""}${fmt(d.needs.organizations)} organizations, ${d.needs.instructors >= 0 ? "+" : ""}${fmt(d.needs.instructors)} instructors`)
}
console.log("\nWhy, for the first changed projects:")
for (const c of cmp.changes) {
  const p = c.parameters.map((x) => `${x.key} ${fmt(Number(x.before?.value))} → ${fmt(Number(x.after?.value))}`).join("; ")
  if (c.from !== c.to) {
    console.log(`  ${c.projectId} [policy ${c.policy}]: ${c.from} → ${c.to} — [${c.after?.ruleId}] ${c.after?.citation.document} ${c.after?.citation.section}: ${c.after?.text.en}; because ${p}`)
  }
  // required under both: outside Fuding's scope the national rules answer, inside it Fuding's (a combined branch)
  for (const e of c.elements) {
    console.log(`  ${c.projectId} [policy ${c.policy}] ${e.element}: ${e.from} → ${e.to} — [${e.before?.ruleId ?? "gap"} → ${e.after?.ruleId ?? "gap"}]`)
  }
}

// 1b. a member-threshold reform changes no requirement in Shanghai, but the form and the instructor of small sites
const six = Either.getOrThrow(reform(policies.shanghaiSite, { id: "shanghai-6", parameters: { branchMinFullMembers: 6 } }))
const members = Either.getOrThrow(comparePolicies(portfolio, [policies.shanghaiSite, six], date, { explainLimit: 2 }))
console.log(`\nShanghai with a branch needing 6 full members instead of 3: ${fmt(members.changedCount[1]!)} projects change; instructors ${members.deltas[0]!.needs.instructorsOptional >= 0 ? "+" : ""}${fmt(members.deltas[0]!.needs.instructorsOptional)} (optional)`)
for (const c of members.changes) {
  for (const e of c.elements) {
    console.log(`  ${c.projectId} ${e.element}: ${e.from} → ${e.to} — [${e.after?.ruleId}] ${e.after?.citation.document} ${e.after?.citation.section}; because ${e.parameters.map((x) => `${x.key} ${x.before?.value} → ${x.after?.value}`).join("; ")}`)
  }
}

// 2. the threshold from 10 to 100 million yuan
const values = Array.from({ length: 10 }, (_, k) => (k + 1) * 10_000_000)
const rows = Either.getOrThrow(sweepParameter(portfolio, policies.fudingSite2020, "costThresholdYuan", values, date))
console.log("\nSweep of the cost threshold:")
console.log(formatTable([
  ["门槛 Threshold (M yuan)", "须建 Required", "待建组织 Organizations", "指导员 Instructors"],
  ...rows.map((r) => [String(r.value / 1e6), fmt(r.required), fmt(r.organizationsNeeded), fmt(r.instructorsNeeded)])
]))

// 3. Wenzhou's targets at the end of 2023, by district
const report = Either.getOrThrow(coverageReport(portfolio, policies.wenzhouRedSite2022, isoDate("2023-12-31"), { groupBy: ["district"], targetYear: 2023, blockingLimit: 5 }))
const pct = (x: number | null) => (x === null ? "-" : `${(100 * x).toFixed(1)} %`)
console.log(`\nWenzhou red sites, end of 2023: ${fmt(report.totals.required)} required sites (Wenzhou's eligible ones, and the others the national layer requires), organizational ${pct(report.totals.organizationalRate)}, covered ${pct(report.totals.coveredRate)}`)
const progress = report.targets!.progress
if (progress._tag === "Settled") {
  for (const m of progress.value) {
    console.log(`  ${m.label.zh}: ${pct(m.actual)} (target ${pct(m.target)}) ${m.met ? "met" : `not met, ${fmt(m.shortfall)} short; e.g. ${m.blocking.join(", ")}`}`)
  }
  console.log(`  [${progress.reasons[0].ruleId}] ${progress.reasons[0].citation.document} ${progress.reasons[0].citation.section}`)
}
console.log(formatTable([
  ["区 District", "项目 Projects", "须建 Required", "组织覆盖 Organizational", "覆盖率 Covered"],
  ...report.groups[0]!.rows.slice(0, 6).map((g) => [g.label.zh, fmt(g.counts.projects), fmt(g.counts.required), pct(g.counts.organizationalRate), pct(g.counts.coveredRate)])
]))
