import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { reasonsOf } from "../explain/explanation.js"
import { isoDate } from "../model/primitives.js"
import { makeProject } from "../scenarios/seeds.js"
import { evaluateSetup } from "../organization/setup.js"
import { makeReader } from "../rules/read.js"
import { portfolioColumns } from "../coverage/columns.js"
import { runCoverage } from "../coverage/coverage.js"
import { findPolicy, fudingSite2020, national, wenzhouRedSite2022 } from "./catalogue/index.js"
import { layersOf } from "./layers.js"
import { Policy, decodePolicy, parameterAt, parameterUsed } from "./policy.js"
import { reform } from "./reform.js"

/** A six-month-or-longer project with `full` full members on one unit. */
const project = (full: number) => makeProject({
  id: "p", name: "工地", kind: "building", costYuan: 10_000_000, major: false,
  plannedStart: "2024-01-01", plannedEnd: "2025-12-31", district: "d",
  units: [{ id: "gc", name: "总承包", role: "generalContractor", members: { full } }]
})

/** National, with projectMinFullMembers 1 until 2024-12-31 and 3 from 2025-01-01 (a reform from a date). */
const dated = Either.getOrThrow(reform(national, { id: "national-2025", parameters: { projectMinFullMembers: 3 }, from: "2025-01-01" }))

describe("dated values: a parameter read as of a date has the value in force then", () => {
  it("a reform from a date keeps the old value before it and the new one from it, citing the clause and the date", () => {
    const p = dated.parameters.find((x) => x.key === "projectMinFullMembers")!
    expect(p.value).toBe(1)
    expect(p.later?.map((v) => [v.from, v.value, v.assumption])).toEqual([["2025-01-01", 3, false]])
    expect(parameterAt(p, "2024-12-31").value).toBe(1)
    expect(parameterAt(p, "2025-01-01").value).toBe(3)
    expect(parameterAt(p, "2025-01-01").from).toBe("2025-01-01")
    expect(parameterAt(p, undefined).value).toBe(1)
    expect(dated.derivedFrom?.changes).toEqual([{ key: "projectMinFullMembers", before: 1, after: 3, from: "2025-01-01" }])
  })

  it("the setup decision reads the value in force at its date, and its reason says which dated value it used (thresholds n-1, n, n+1)", () => {
    const at = (full: number, date: string) => {
      const d = Either.getOrThrow(evaluateSetup(project(full), dated, isoDate(date)))
      const reason = reasonsOf(d.requirement)[0]
      return { level: d.requirement._tag === "Settled" ? d.requirement.value : "gap", used: reason?.parameters.find((x) => x.key === "projectMinFullMembers") }
    }
    // before the change: one full member qualifies (the national reading), the parameter names no date
    expect(at(1, "2024-06-01").level).toBe("required")
    expect(at(1, "2024-06-01").used?.from).toBeUndefined()
    // from the change: 2 (n-1) does not qualify, 3 (n) and 4 (n+1) do; the reason names the dated value
    expect(at(2, "2025-06-01").level).not.toBe("required")
    expect(at(3, "2025-06-01").level).toBe("required")
    expect(at(4, "2025-06-01").level).toBe("required")
    expect(at(3, "2025-06-01").used).toMatchObject({ value: 3, from: "2025-01-01" })
    expect(parameterUsed(dated, "projectMinFullMembers", "2025-06-01")?.from).toBe("2025-01-01")
  })

  it("a coverage run reads the same dated value as the setup decision at its date", () => {
    const cols = portfolioColumns([1, 2, 3, 4].map(project))
    for (const date of ["2024-06-01", "2025-06-01"]) {
      const run = Either.getOrThrow(runCoverage(cols, dated, isoDate(date)))
      const setup = [1, 2, 3, 4].map((n) => Either.getOrThrow(evaluateSetup(project(n), dated, isoDate(date))).requirement)
      expect([...run.requirement].map((code) => code === 1), date).toEqual(setup.map((f) => f._tag === "Settled" && f.value === "required"))
    }
    // and the change shows: one full member qualifies before 2025, not after
    expect(Either.getOrThrow(runCoverage(cols, dated, isoDate("2024-06-01"))).requirement[0]).toBe(1)
    expect(Either.getOrThrow(runCoverage(cols, dated, isoDate("2025-06-01"))).requirement[0]).toBe(0)
  })

  it("the reader picks the last value from on or before the date (property)", () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 5 }),
      fc.integer({ min: 0, max: 3200 }),
      (days, ask) => {
        const dates = [...days].sort((a, b) => a - b).map((d) => new Date(Date.UTC(2019, 0, 1 + d)).toISOString().slice(0, 10))
        const encoded = Schema.encodeSync(Policy)(national)
        const policy = Either.getOrThrow(decodePolicy({
          ...encoded,
          parameters: encoded.parameters.map((p) => p.key !== "probationMonths" ? p : {
            ...p, later: dates.map((from, i) => ({ from, value: 13 + i, citation: p.citation, assumption: true }))
          })
        }))
        const asOf = new Date(Date.UTC(2019, 0, 1 + ask)).toISOString().slice(0, 10)
        const { read } = makeReader(policy.parameters, asOf)
        const inForce = dates.filter((d) => d <= asOf).length
        expect(read.num("probationMonths")).toBe(inForce === 0 ? 12 : 12 + inForce)
      }
    ), { numRuns: 60 })
  })

  it("a policy whose dated values go back in time, start before the policy or change type names each bad path", () => {
    const encoded = Schema.encodeSync(Policy)(national)
    const r = decodePolicy({
      ...encoded,
      parameters: encoded.parameters.map((p) => p.key !== "probationMonths" ? p : {
        ...p, later: [
          { from: "2018-01-01", value: 6, citation: p.citation, assumption: false },
          { from: "2020-01-01", value: "six", citation: p.citation, assumption: false }
        ]
      })
    })
    expect(Either.isLeft(r) && r.left.issues.map((i) => i.path)).toEqual([
      expect.stringMatching(/^parameters\[\d+\]\.later\[0\]\.from$/),
      expect.stringMatching(/^parameters\[\d+\]\.later\[1\]\.value$/)
    ])
  })

  it("a reform from a date not after the value's start, or not a date, is refused naming the parameter", () => {
    const early = reform(national, { parameters: { probationMonths: 6 }, from: "2018-10-28" })
    expect(Either.isLeft(early) && early.left.message).toContain("parameters.probationMonths")
    const bad = reform(national, { parameters: { probationMonths: 6 }, from: "2025-13-01" })
    expect(Either.isLeft(bad) && bad.left.message).toContain("from")
  })

  it("a stored policy in the single-value form (no later values) still decodes and reads as before", () => {
    const encoded = Schema.encodeSync(Policy)(national)
    expect(encoded.parameters.every((p) => p.later === undefined && p.from === undefined)).toBe(true)
    expect(Either.isRight(decodePolicy(encoded))).toBe(true)
  })
})

describe("layers: national → province → city → district", () => {
  it("Fuding sits under two empty layers (Fujian, Ningde), Wenzhou under Zhejiang's, each saying why", () => {
    expect(layersOf(fudingSite2020, findPolicy).map((l) => [l.level, l.policyId ?? null, l.jurisdiction.zh])).toEqual([
      ["national", "national", "全国"], ["province", null, "福建省"], ["city", null, "福建省宁德市"], ["district", "fuding-site-2020", "福建省宁德市福鼎市"]
    ])
    const zhejiang = layersOf(wenzhouRedSite2022, findPolicy)[1]!
    expect([zhejiang.level, zhejiang.policyId, zhejiang.changes.length, zhejiang.citation?.document]).toEqual(["province", undefined, 0, "seed-004"])
  })

  it("each layer lists what it adds, refines or narrows, with the clause", () => {
    const [top, , , fuding] = layersOf(fudingSite2020, findPolicy)
    expect(top!.changes.every((c) => c.effect === "adds")).toBe(true)
    const byId = new Map(fuding!.changes.map((c) => [c.id, c]))
    expect(byId.get("fuding-site-2020.requirement")?.effect).toBe("refines") // national.requirement answers outside its scope
    expect(byId.get("fuding-site-2020.liaison")?.effect).toBe("adds")
    expect(byId.get("projectOrganizationsTemporary")?.effect).toBe("refines")
    expect(byId.get("costThresholdYuan")?.effect).toBe("adds")
    expect(byId.get("newArrival")).toMatchObject({ effect: "adds", what: "talk" })
    expect(byId.get("fuding-site-points")).toMatchObject({ effect: "adds", what: "scoring" })
    const expo = layersOf(findPolicy("shanghai-expo")!, findPolicy).at(-1)!
    expect(expo.changes.find((c) => c.id === "shanghai-expo.requirement")).toMatchObject({ effect: "narrows", displaces: ["national.requirement"] })
    for (const l of [top!, fuding!]) for (const c of l.changes) expect(c.citation.document.length).toBeGreaterThan(0)
  })

  it("the explanation shows the layer that answered: a district rule inside its scope, the national rule outside it", () => {
    const big = makeProject({
      id: "big", name: "重点工程", kind: "building", costYuan: 60_000_000, major: true,
      plannedStart: "2021-01-01", plannedEnd: "2023-06-30", district: "福鼎",
      units: [{ id: "gc", name: "总承包", role: "generalContractor", members: { full: 3 } }]
    })
    const small = makeProject({
      id: "small", name: "一般工程", kind: "building", costYuan: 1_000_000, major: false,
      plannedStart: "2021-01-01", plannedEnd: "2023-06-30", district: "福鼎",
      units: [{ id: "gc", name: "总承包", role: "generalContractor", members: { full: 3 } }]
    })
    const layer = (p: typeof big) => reasonsOf(Either.getOrThrow(evaluateSetup(p, fudingSite2020, isoDate("2021-06-01"))).requirement).map((r) => [r.policyId, r.layer])
    expect(layer(big)[0]).toEqual(["fuding-site-2020", "district"])
    expect(layer(small)[0]).toEqual(["national", "national"])
  })
})
