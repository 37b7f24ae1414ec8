import { CoverageFacts, Establish, Project, isoDate, policies, seedScenarios } from "@redsite/core"
import { Schema } from "effect"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Readable } from "node:stream"
import { afterAll, describe, expect, it } from "vitest"
import { openConnection } from "./database.js"
import { exportJsonl, importJsonl } from "./jsonl.js"
import { RedsiteStore } from "./store.js"

const dir = mkdtempSync(join(tmpdir(), "redsite-jsonl-test-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const fresh = () => new RedsiteStore(openConnection(join(dir, `j${n++}.db`)))
const encode = Schema.encodeSync(Project)
const projects = [...new Map(seedScenarios.map((s) => [s.project.id, s.project])).values()]
const line = (p: Project) => JSON.stringify(encode(p))
const count = (store: RedsiteStore, table: string) => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

describe("JSON Lines", () => {
  it("round-trips exactly: export, import into a new database, export again gives the same bytes", async () => {
    const a = fresh()
    const first = await importJsonl(a, "projects", Readable.from([projects.map(line).join("\n") + "\n"]))
    expect(first).toMatchObject({ ok: true, committedRows: projects.length, issues: [] })
    await importJsonl(a, "coverage", Readable.from([JSON.stringify(Schema.encodeSync(CoverageFacts)(new CoverageFacts({ projectId: projects[0]!.id, ownOrganization: true, work: ["instructor"], redSiteCreation: false, qualityPlan: false }))) + "\n"]))
    const out1 = join(dir, "p1.jsonl")
    const out2 = join(dir, "p2.jsonl")
    expect(await exportJsonl(a, "projects", out1)).toBe(projects.length)
    const b = fresh()
    const again = await importJsonl(b, "projects", out1)
    expect(again.ok).toBe(true)
    await exportJsonl(b, "projects", out2)
    expect(readFileSync(out2, "utf8")).toBe(readFileSync(out1, "utf8"))
    expect(readFileSync(out1, "utf8")).toContain("上海某轨道交通重大工程") // Chinese text as UTF-8
    const c1 = join(dir, "c1.jsonl")
    expect(await exportJsonl(a, "coverage", c1)).toBe(1)
    const c = await importJsonl(b, "coverage", c1)
    expect(c.ok).toBe(true)
  })

  it("reports every bad line of a batch with its line number and field path, and writes nothing of that batch", async () => {
    const store = fresh()
    const good = projects.slice(0, 4).map(line)
    const bad = { ...encode(projects[4]!), costYuan: "很多" }
    const dangling = { ...encode(projects[5]!), members: [{ id: "x", status: "full", unitId: "nowhere" }] }
    const input = Buffer.concat([
      Buffer.from([good[0], good[1], good[2], good[3], JSON.stringify(bad), "{not json", JSON.stringify(dangling), good[0]].join("\n") + "\n"),
      Buffer.from([0xe5, 0xb7, 0x0a]) // a truncated UTF-8 sequence
    ])
    const progress: Array<number> = []
    const r = await importJsonl(store, "projects", Readable.from([input]), { batchSize: 4, onProgress: (p) => progress.push(p.rows) })
    expect(r.ok).toBe(false)
    expect(r.committedRows).toBe(4) // the first batch (lines 1-4) is in; the second is not
    expect(progress).toEqual([4])
    expect(count(store, "projects")).toBe(4)
    expect(r.issues.map((i) => [i.line, i.path])).toEqual([[5, "costYuan"], [6, ""], [7, "members[0].unitId"], [8, "id"], [8, "id"]])
    expect(r.issues.slice(3).map((i) => i.message).join(" / ")).toMatch(/appears twice.*already exists|already exists.*appears twice/)
  })

  it("rejects invalid UTF-8 and ids already in the database", async () => {
    const store = fresh()
    await importJsonl(store, "projects", Readable.from([line(projects[0]!) + "\n"]))
    const r = await importJsonl(store, "projects", Readable.from([Buffer.concat([Buffer.from(line(projects[0]!) + "\n"), Buffer.from([0xff, 0xfe, 0x0a])])]))
    expect(r.issues.map((i) => [i.line, i.path, /UTF-8|exists/.exec(i.message)?.[0]])).toEqual([[1, "id", "exists"], [2, "", "UTF-8"]])
    const dup = await importJsonl(store, "projects", Readable.from([line(projects[0]!) + "\n"]))
    expect(dup.issues).toMatchObject([{ line: 1, path: "id", message: expect.stringMatching(/already exists/) }])
    expect(count(store, "projects")).toBe(1)
  })

  it("refuses coverage facts of a project that does not exist", async () => {
    const store = fresh()
    const r = await importJsonl(store, "coverage", Readable.from([JSON.stringify({ projectId: "ghost", ownOrganization: true }) + "\n"]))
    expect(r.issues).toMatchObject([{ line: 1, path: "projectId" }])
    expect(count(store, "coverage_facts")).toBe(0)
  })

  it("in atomic mode writes nothing at all when any line is bad", async () => {
    const store = fresh()
    const file = join(dir, "atomic.jsonl")
    writeFileSync(file, [...projects.slice(0, 6).map(line), "[]"].join("\n"))
    const r = await importJsonl(store, "projects", file, { batchSize: 2, atomic: true })
    expect(r.ok).toBe(false)
    expect(r.committedRows).toBe(0)
    expect(count(store, "projects")).toBe(0)
    expect(r.issues[0]!.line).toBe(7)
    const ok = await importJsonl(store, "projects", Readable.from([projects.slice(0, 6).map(line).join("\n")]), { batchSize: 2, atomic: true })
    expect(ok).toMatchObject({ ok: true, committedRows: 6 })
  })
})

/** A database knowing the organizations the relations below name (in the structure's tables). */
const withOrganizations = () => {
  const store = fresh()
  store.structure.append(["department", "town", "village", "site"].map((id) =>
    new Establish({ date: isoDate("2020-01-01"), organization: { id, name: id, kind: "committee", temporary: false, projectIds: [] } })),
  { expectedVersion: 0, policy: policies.national, actor: { principalId: "tester", role: "administrator" } })
  return store
}

describe("relations in JSON Lines", () => {
  it("round-trip exactly, and a relation ending before it starts or given twice is refused with its line", async () => {
    const a = withOrganizations()
    const rows = [
      { kind: "reportsTo", fromId: "site", toId: "department", validFrom: "2020-09-03", attributes: {} },
      { kind: "secondSuperior", fromId: "site", toId: "town", validFrom: "2020-09-03", validTo: "2022-12-31", attributes: {} },
      { kind: "pairing", fromId: "site", toId: "village", validFrom: "2020-09-10", attributes: { form: "signedPairing", tasks: ["安全生产", "就业帮扶"] } }
    ]
    const r = await importJsonl(a, "relations", Readable.from([rows.map((x) => JSON.stringify(x)).join("\n")]))
    expect(r).toMatchObject({ ok: true, committedRows: 3 })
    const out1 = join(dir, "r1.jsonl")
    expect(await exportJsonl(a, "relations", out1)).toBe(3)
    const b = withOrganizations()
    expect((await importJsonl(b, "relations", out1)).ok).toBe(true)
    const out2 = join(dir, "r2.jsonl")
    await exportJsonl(b, "relations", out2)
    expect(readFileSync(out2, "utf8")).toBe(readFileSync(out1, "utf8"))
    const bad = await importJsonl(withOrganizations(), "relations", Readable.from([[
      JSON.stringify({ ...rows[0], validTo: "2019-01-01" }),
      JSON.stringify(rows[1]),
      JSON.stringify(rows[1])
    ].join("\n")]))
    expect(bad.issues.map((i) => [i.line, i.path])).toEqual([[1, "validTo"], [3, "id"]])
  })

  it("refuses a kind that is not one of the core's relation kinds and an end that is no organization, writing nothing", async () => {
    const store = withOrganizations()
    const r = await importJsonl(store, "relations", Readable.from([[
      JSON.stringify({ kind: "reportsTo", fromId: "site", toId: "department", validFrom: "2020-09-03" }),
      JSON.stringify({ kind: "boss", fromId: "site", toId: "town", validFrom: "2020-09-03" }),
      JSON.stringify({ kind: "pairing", fromId: "site", toId: "nowhere", validFrom: "2020-09-10" })
    ].join("\n")]))
    expect(r.ok).toBe(false)
    expect(r.issues.map((i) => [i.line, i.path])).toEqual([[2, "kind"], [3, "toId"]])
    expect(r.issues[1]!.message).toBe("no organization nowhere (import organizations first)")
    expect(count(store, "structure_relations")).toBe(0)
  })

  it("are the structure's events: appended through the core, every line it refuses reported with the rejection and its clause, nothing partial", async () => {
    const store = withOrganizations()
    const version = store.structure.version()
    const audit = count(store, "audit")
    const rows = [
      { kind: "secondSuperior", fromId: "site", toId: "town", validFrom: "2020-09-03" },
      // before the site was established (2020-01-01): the core refuses it
      { kind: "guidance", fromId: "site", toId: "village", validFrom: "2019-09-04" },
      { kind: "guidance", fromId: "site", toId: "department", validFrom: "2020-09-05", attributes: { colour: "red" } },
      { kind: "attachment", fromId: "village", toId: "site", validFrom: "2019-12-31" }
    ]
    const r = await importJsonl(store, "relations", Readable.from([rows.map((x) => JSON.stringify(x)).join("\n")]))
    expect(r.ok).toBe(false)
    // the attribute the structure does not keep is a decode issue; each refusal names the event, the code and the clause
    expect([...new Set(r.issues.map((i) => i.line))]).toEqual([2, 3, 4])
    expect(r.issues.filter((i) => i.line !== 3).map((i) => [i.line, i.path, /: ([\w.]+): /.exec(i.message)?.[1]])).toEqual([[2, "", "organization.unknown"], [4, "", "organization.unknown"]])
    expect(r.issues.filter((i) => i.line === 3).map((i) => i.path)).toContain("attributes.colour")
    for (const i of r.issues.filter((x) => x.path === "")) expect(i.message).toMatch(/^refused by the core \(Relate\): [\w.]+: .+ \(.+ .+\)$/)
    expect([store.structure.version(), count(store, "structure_relations"), count(store, "audit")]).toEqual([version, 0, audit])
    // the good line alone is appended, as the structure's event, with the import's and the structure's audit entries
    const good = await importJsonl(store, "relations", Readable.from([JSON.stringify(rows[0])]))
    expect(good).toMatchObject({ ok: true, committedRows: 1 })
    expect(store.structure.version()).toBe(version + 1)
    expect(store.structure.structureAt("2020-09-03").relations.map((x) => [x.kind, x.from, x.to])).toEqual([["secondSuperior", "site", "town"]])
    expect(store.db.prepare("SELECT resource FROM audit ORDER BY seq DESC LIMIT 2").all().map((x: any) => x.resource).sort()).toEqual(["import:relations", "structure"])
  })
})

describe("organizations in JSON Lines", () => {
  it("are the structure's establishments: a temporary one without the organization approving it is refused (Art. 6), nothing partial", async () => {
    const store = withOrganizations()
    const version = store.structure.version()
    const lines = [
      { id: "branch", name: "标段党支部", kind: "branch", temporary: false, projectIds: [], establishedOn: "2021-01-01", dissolvedOn: "2022-01-01" },
      { id: "temp", name: "临时党支部", kind: "combinedBranch", temporary: true, projectIds: [], establishedOn: "2021-01-01" }
    ]
    const r = await importJsonl(store, "organizations", Readable.from([lines.map((x) => JSON.stringify(x)).join("\n")]))
    expect(r.issues.map((i) => [i.line, /: ([\w.]+): /.exec(i.message)?.[1]])).toEqual([[2, "temporary.noApprovingSuperior"]])
    expect(store.structure.version()).toBe(version)
    const ok = await importJsonl(store, "organizations", Readable.from([JSON.stringify(lines[0]) + "\n" + JSON.stringify({ ...lines[1], approvedBy: "town" })]))
    expect(ok).toMatchObject({ ok: true, committedRows: 2 })
    // Establish and Dissolve for the branch, Establish for the temporary one
    expect(store.structure.version()).toBe(version + 3)
    const s = store.structure.structure()
    expect(s.organizations.find((o) => o.id === "branch")!.dissolvedOn).toBe("2022-01-01")
    expect(s.organizations.find((o) => o.id === "temp")!.approvedBy).toBe("town")
  })
})

describe("JSON Lines batches and resuming (issue 15)", () => {
  it("counts lines, not issues, toward a batch: a line with many issues does not end its batch early", async () => {
    const store = fresh()
    const many = { ...encode(projects[0]!), costYuan: "很多", kind: "castle", major: "yes", plannedStart: "someday" }
    const oneBad = { ...encode(projects[1]!), costYuan: -1 }
    const input = [JSON.stringify(many), JSON.stringify(oneBad), line(projects[2]!)].join("\n") + "\n"
    const r = await importJsonl(store, "projects", Readable.from([input]), { batchSize: 3 })
    expect(r.ok).toBe(false)
    // the first line's four issues do not fill the batch of three lines: the second line is checked too
    expect(r.issues.filter((i) => i.line === 1).length).toBeGreaterThanOrEqual(3)
    expect(r.issues.filter((i) => i.line === 2).map((i) => i.path)).toEqual(["costYuan"])
    expect(r.committedRows).toBe(0)
  })

  it("with skipExisting, resumes a file imported in part: the rows already stored are skipped and counted", async () => {
    const store = fresh()
    const all = projects.slice(0, 6)
    const first = await importJsonl(store, "projects", Readable.from([all.slice(0, 4).map(line).join("\n") + "\n"]))
    expect(first).toMatchObject({ ok: true, committedRows: 4, skippedRows: 0 })
    // without it, the rows already there are reported and nothing is written
    const plain = await importJsonl(store, "projects", Readable.from([all.map(line).join("\n") + "\n"]))
    expect([plain.ok, plain.committedRows, plain.issues.length]).toEqual([false, 0, 4])
    const resumed = await importJsonl(store, "projects", Readable.from([all.map(line).join("\n") + "\n"]), { skipExisting: true, batchSize: 2 })
    expect(resumed).toMatchObject({ ok: true, committedRows: 2, skippedRows: 4, issues: [] })
    expect(count(store, "projects")).toBe(6)
    // once everything is in, a third run writes nothing and skips all
    const again = await importJsonl(store, "projects", Readable.from([all.map(line).join("\n") + "\n"]), { skipExisting: true })
    expect(again).toMatchObject({ ok: true, committedRows: 0, skippedRows: 6 })
  })
})
