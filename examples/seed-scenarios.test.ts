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
  })

  it("prints in English on request", () => {
    expect(demoReport("en")).toContain("Required")
  })
})
