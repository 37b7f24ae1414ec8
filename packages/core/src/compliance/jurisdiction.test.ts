import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { catalogue, policies } from "../policy/catalogue/index.js"
import { decodePolicy } from "../policy/policy.js"
import { seedScenarios } from "../scenarios/seeds.js"
import { JURISDICTION_DISTRICTS, jurisdictionPolicyOf } from "./jurisdiction.js"

/** Policies chosen by sector, not by place: a project is judged under them only when they are named. */
const SECTOR = new Set(["shanghai-expo", "shanghai-five-joint"])

describe("jurisdictionPolicyOf", () => {
  it("gives every seed scenario's project the policy of its scenario, except the sector policies (named explicitly)", () => {
    const placed = seedScenarios.filter((s) => !SECTOR.has(s.policyId))
    expect(placed.length).toBeGreaterThan(5)
    for (const s of placed) expect(jurisdictionPolicyOf(s.project).policyId, s.id).toBe(s.policyId)
    // a sector scenario's project falls to its place's policy (the Expo park lies in Pudong: Shanghai's)
    for (const s of seedScenarios.filter((x) => SECTOR.has(x.policyId))) expect(SECTOR.has(jurisdictionPolicyOf(s.project).policyId)).toBe(false)
  })

  it("names only catalogue policies, each district once, and flags the mapping as an assumption with its citation", () => {
    const ids = new Set(catalogue.map((p) => p.id))
    const all = Object.values(JURISDICTION_DISTRICTS).flat()
    expect(new Set(all).size).toBe(all.length)
    for (const id of [...Object.keys(JURISDICTION_DISTRICTS), "langshan-street", "national"]) expect(ids.has(id), id).toBe(true)
    for (const district of all) {
      const j = jurisdictionPolicyOf({ district })
      expect([j.by, j.assumption, j.citation.document]).toEqual(["district", true, "redsite-assumption"])
    }
  })

  it("reads Langshan from the locality within Chongchuan district, and falls back to the national baseline", () => {
    expect(jurisdictionPolicyOf({ district: "崇川区", locality: "狼山镇街道" })).toMatchObject({ policyId: "langshan-street", by: "locality" })
    expect(jurisdictionPolicyOf({ district: "崇川区", locality: "和平桥街道" })).toMatchObject({ policyId: "national", by: "default" })
    expect(jurisdictionPolicyOf({ locality: "狼山镇街道" })).toMatchObject({ policyId: "national", by: "default" })
    expect(jurisdictionPolicyOf({ district: "海淀区" })).toMatchObject({ policyId: "national", by: "default" })
    expect(jurisdictionPolicyOf({})).toMatchObject({ policyId: "national", by: "default" })
  })

  it("reads a user's policy from its area data: a new city is data, no code", () => {
    const city = Either.getOrThrow(decodePolicy({
      ...JSON.parse(JSON.stringify(policies.wenzhouRedSite2022)), id: "example-city", area: { districts: ["海淀区"] }
    }))
    expect(jurisdictionPolicyOf({ district: "海淀区" }, [...catalogue, city])).toMatchObject({ policyId: "example-city", by: "district" })
    // the catalogue alone still falls back
    expect(jurisdictionPolicyOf({ district: "海淀区" }).policyId).toBe("national")
  })

  it("refuses an area without a district", () => {
    const bad = decodePolicy({ ...JSON.parse(JSON.stringify(policies.fudingSite2020)), area: { districts: [] } })
    expect(Either.isLeft(bad) && bad.left.message).toMatch(/area/)
  })
})
