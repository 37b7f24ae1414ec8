/**
 * SQLite: import a portfolio from JSON Lines into a database file, see a bad file rejected line by line,
 * update a project with optimistic concurrency, then read the stored portfolio back as columns and report
 * its coverage under Fuding's rules; keep a site's structure over time and read it as of a date.
 *
 * Run: pnpm exec tsx examples/sqlite.ts
 */
import { openDatabase } from "@redsite/adapters-sqlite"
import type { RowConflict } from "@redsite/adapters-sqlite"
import {
  CoverageFacts, Establish, Project, Register, Relate, StartAttendance, coverageReport, isoDate, policies, projectFromColumns, syntheticPortfolio, workFormsOf
} from "@redsite/core"
import { Either, Schema } from "effect"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const dir = mkdtempSync(join(tmpdir(), "redsite-example-sqlite-"))
try {
  // 1. a JSON Lines file of 2,000 projects and one of their coverage facts (from the synthetic portfolio)
  const cols = syntheticPortfolio({ size: 2000, seed: 42 })
  const projects = Array.from({ length: cols.size }, (_, i) => projectFromColumns(cols, i))
  const encodeProject = Schema.encodeSync(Project)
  const encodeFacts = Schema.encodeSync(CoverageFacts)
  writeFileSync(join(dir, "projects.jsonl"), projects.map((p) => JSON.stringify(encodeProject(p))).join("\n") + "\n")
  writeFileSync(join(dir, "coverage.jsonl"), projects.map((p, i) => JSON.stringify(encodeFacts(new CoverageFacts({
    projectId: p.id, ownOrganization: cols.ownOrganization[i] === 1, work: [...workFormsOf(cols.workForms[i]!)],
    redSiteCreation: cols.redSiteCreation[i] === 1, qualityPlan: cols.qualityPlan[i] === 1
  })))).join("\n") + "\n")

  const db = await openDatabase(join(dir, "city.db"))
  const imported = await db.importJsonl("projects", join(dir, "projects.jsonl"), {
    batchSize: 500,
    onProgress: (p) => console.log(`  … ${p.rows} projects committed (${p.batches} batches)`)
  })
  console.log(`projects: ${imported.ok ? "ok" : "failed"}, ${imported.committedRows} rows`)
  const facts = await db.importJsonl("coverage", join(dir, "coverage.jsonl"))
  console.log(`coverage facts: ${facts.committedRows} rows`)

  // 2. a bad file: every bad line is named, and nothing of its batch is written
  writeFileSync(join(dir, "bad.jsonl"), [
    JSON.stringify({ ...encodeProject(projects[0]!), id: "new-1", costYuan: -5 }),
    "{ this is not json",
    JSON.stringify({ ...encodeProject(projects[1]!), id: "new-2", members: [{ id: "x", status: "member" }] }),
    JSON.stringify(encodeProject(projects[2]!))
  ].join("\n"))
  const bad = await db.importJsonl("projects", join(dir, "bad.jsonl"))
  console.log(`\na bad file: ok=${bad.ok}, ${bad.committedRows} rows written`)
  for (const i of bad.issues) console.log(`  line ${i.line} ${i.path || "(line)"}: ${i.message}`)

  // 3. optimistic concurrency: a write based on a stale version changes nothing
  const actor = { principalId: "example", role: "administrator" }
  const row = (await db.projects.get(projects[0]!.id))!
  await db.projects.replace(new Project({ ...row.value, name: "更名后的项目" }), row.version, actor)
  const stale = await db.projects.replace(new Project({ ...row.value, name: "过期的修改" }), row.version, actor).then(() => undefined, (e: RowConflict) => e)
  console.log(`\nstale write: ${stale?.message}`)

  // 4. the stored portfolio as columns, reported by the core
  const portfolio = await db.portfolio()
  const report = Either.getOrThrow(coverageReport(portfolio, policies.fudingSite2020, isoDate("2021-06-30"), { groupBy: ["district"] }))
  const t = report.totals
  const pct = (x: number | null) => (x === null ? "-" : `${(100 * x).toFixed(1)} %`)
  console.log(`\n${portfolio.size} stored projects under ${report.policyId}: ${t.required} required, ${t.requiredOrganizational} with an organization (${pct(t.organizationalRate)}), ${t.requiredWork} with Party work only, ${t.requiredNone} blank`)
  console.log(`audit log: ${(await db.audit()).length} entries (one per import batch and per write)`)

  // 5. the structure over time: events checked by the core, stored in the log and the structure tables
  const structureEvents = [
    new Establish({ date: isoDate("2020-01-01"), organization: { id: "department", name: "交通局党委", kind: "committee", temporary: false, projectIds: [] } }),
    new Establish({ date: isoDate("2020-01-01"), organization: { id: "town", name: "驻地镇党委", kind: "committee", temporary: false, projectIds: [] } }),
    new Establish({ date: isoDate("2020-09-03"), organization: { id: "site", name: "工地兼合党支部", kind: "combinedBranch", temporary: true, projectIds: [projects[0]!.id], approvedBy: "department" } }),
    new Relate({ date: isoDate("2020-09-03"), kind: "secondSuperior", from: "site", to: "town", tasks: [] }),
    new Register({ date: isoDate("2020-09-05"), memberId: "wang", homeOrganizationId: "home-branch", status: "full", mobile: true, pocket: false }),
    new StartAttendance({ date: isoDate("2020-09-05"), memberId: "wang", organizationId: "site" })
  ]
  const appended = await db.structure.append(structureEvents, { expectedVersion: 0, policy: policies.fudingSite2020, actor })
  console.log(`\nstructure: version ${appended.version}`)
  const refused = await db.structure.append([new Relate({ date: isoDate("2021-01-01"), kind: "guidance", from: "site", to: "nowhere", tasks: [] })],
    { expectedVersion: appended.version, policy: policies.fudingSite2020, actor }).then(() => undefined, (e: Error) => e)
  console.log(`a dangling reference: ${refused?.message}`)
  const then = await db.structure.structureAt("2020-09-04")
  console.log(`on 2020-09-04: ${then.organizations.length} organizations, ${then.relations.length} relations, ${then.members.length} members; under the department: ${[...await db.structure.subtreeAt("department", "2021-01-01")].join(", ")}`)
  await db.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
