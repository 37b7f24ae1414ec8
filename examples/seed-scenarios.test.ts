import { describe, expect, it } from "vitest"
import { seedScenarios } from "@redsite/core"
import { demoReport, evaluateSeedScenarios } from "./seed-scenarios.js"

describe("demo: seed scenarios", () => {
  it("evaluates every seed scenario under its own policy", () => {
    const results = evaluateSeedScenarios()
    expect(results.map((r) => r.id)).toEqual(seedScenarios.map((s) => s.id))
    for (const r of results) expect(r.decision.policyId).toBe(seedScenarios.find((s) => s.id === r.id)!.policyId)
  })

  it("prints a table with Chinese labels and every decision's cited reasons", () => {
    const text = demoReport("zh")
    expect(text).toContain("是否必建")
    for (const s of seedScenarios) expect(text).toContain(`■ ${s.id}`)
    expect(text).toContain("[fuding-site-2020.requirement] seed-002 §一 实施动因")
    expect(text).toContain("⚠ 政策空白")
    // the layer that did not answer, and why: Fuding's scope for an 18-month, 30-million-yuan site
    expect(text).toContain("↷ [fuding-site-2020.requirement] seed-002 §一 实施动因")
    expect(text).toContain("↳ [national.requirement] cpc-branch-regulations-2018 Art. 5")
    // a gap names the clause that leaves it open
    expect(text).toContain("⚠ 政策空白 (massWorkMember) [seed-000-site §二(二)]")
  })

  it("prints in English on request", () => {
    expect(demoReport("en")).toContain("Required")
  })
})
