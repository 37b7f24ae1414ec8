import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Policy, catalogue, findPolicy, jurisdictionPolicyOf, layersOf, loadPolicies, ruleProblems, resolve } from "@redsite/core"
import { decide, examplePolicies, readPolicyFolder } from "./add-a-policy.js"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const folder = join(dirname(fileURLToPath(import.meta.url)), "policies")

describe("a new city as data only (docs/guides/add-a-policy.md)", () => {
  it("loads from its folder, validates, and round-trips through the Policy schema", () => {
    const files = readPolicyFolder(folder)
    expect(Object.keys(files)).toEqual(["example-province/example-city/example-city.json"])
    const policies = examplePolicies()
    const city = policies[0]!
    expect(JSON.parse(Object.values(files)[0]!)).toEqual(Schema.encodeSync(Policy)(city))
    expect(ruleProblems(Either.getOrThrow(resolve(city)))).toEqual([])
    expect(layersOf(city, findPolicy).map((l) => l.level)).toEqual(["national", "province", "city"])
    // its area: a project in its district is judged under it by default, once it is among the candidates
    expect(jurisdictionPolicyOf({ district: "示例区" }, [...catalogue, city]).policyId).toBe(city.id)
  })

  it("decides a site under the notice at its threshold (n-1, n, n+1 full members), the city layer answering", () => {
    const policies = examplePolicies()
    expect([2, 3, 4].map((n) => decide(policies, n, "2025-06-01").level)).toEqual(["notRequired", "required", "required"])
    expect(decide(policies, 3, "2025-06-01")).toMatchObject({ rule: "example-city-2025.requirement", layer: "city", threshold: 3, from: undefined })
  })

  it("reads the dated value in force: from 2026-01-01 two full members suffice (n-1, n, n+1 around 2)", () => {
    const policies = examplePolicies()
    expect([1, 2, 3].map((n) => decide(policies, n, "2026-06-01").level)).toEqual(["notRequired", "required", "required"])
    expect(decide(policies, 2, "2026-06-01")).toMatchObject({ threshold: 2, from: "2026-01-01" })
    expect(decide(policies, 2, "2025-12-31").level).toBe("notRequired")
  })

  it("a typo in the file is named by file and path", () => {
    const [[file, text]] = Object.entries(readPolicyFolder(folder)) as [[string, string]]
    const broken = text.replace('"unit": "months"', '"unit": "mnths"')
    const r = loadPolicies({ [file]: broken })
    expect(Either.isLeft(r) && r.left.issues.map((i) => [i.file, i.path])).toEqual([[file, "parameters[0].unit"]])
  })
})
