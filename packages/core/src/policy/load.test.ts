import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { fudingSite2020, national } from "./catalogue/index.js"
import { loadPolicies } from "./load.js"
import { Policy } from "./policy.js"

/** Fuding's file as a user's own city: a new id, the same data. */
const city = (patch: Record<string, unknown> = {}) => ({ ...Schema.encodeSync(Policy)(fudingSite2020), id: "my-city", ...patch })

const issuesOf = (r: ReturnType<typeof loadPolicies>) => (Either.isLeft(r) ? r.left.issues.map((i) => [i.file, i.path, i.message]) : [])

describe("loadPolicies: a user's own policies from data", () => {
  it("loads files given as JSON text or parsed values, resolving against the catalogue and each other", () => {
    const { talks: _t, scoring: _s, emptyLayers: _e, ...rest } = city()
    const town = { ...rest, id: "my-town", basis: "my-city", level: "district", parameters: [], rules: [] }
    const r = loadPolicies({ "my/city.json": JSON.stringify(city({ level: "city" })), "my/town.json": town })
    expect(Either.isRight(r) && r.right.map((p) => p.id)).toEqual(["my-city", "my-town"])
    expect(Either.isRight(loadPolicies([city()]))).toBe(true)
  })

  it("names the file and JSON path of every bad field, in every file at once", () => {
    const r = loadPolicies({
      "a.json": "{ not json",
      "b.json": city({ effective: { from: "2020-02-30" }, level: "county" }),
      "c.json": { id: "c" }
    })
    const issues = issuesOf(r)
    expect(issues[0]).toEqual(["a.json", "", expect.stringMatching(/^not JSON/)])
    expect(issues.filter(([f]) => f === "b.json").map(([, p]) => p)).toEqual(expect.arrayContaining(["effective.from", "level"]))
    expect(issues.filter(([f]) => f === "c.json").map(([, p]) => p)).toEqual(expect.arrayContaining(["name", "jurisdiction", "effective", "parameters", "rules"]))
  })

  it("refuses an unknown basis, an id used twice or taken by the catalogue, naming the file", () => {
    expect(issuesOf(loadPolicies({ "x.json": city({ basis: "nowhere" }) }))).toEqual([["x.json", "basis", "unknown basis policy nowhere"]])
    expect(issuesOf(loadPolicies({ "x.json": city(), "y.json": city() }))).toEqual([["y.json", "id", "policy my-city is also defined in x.json"]])
    expect(issuesOf(loadPolicies({ "n.json": Schema.encodeSync(Policy)(national) }))[0]?.slice(0, 2)).toEqual(["n.json", "id"])
  })

  it("checks rules against the registry: a parameter of the wrong type, a rule reading a parameter nobody has", () => {
    const encoded = city()
    const wrongType = { ...encoded, parameters: encoded.parameters.map((p) => (p.key === "costThresholdYuan" ? { ...p, value: "fifty million" } : p)) }
    const [i] = issuesOf(loadPolicies({ "w.json": wrongType }))
    expect(i?.slice(0, 2)).toEqual(["w.json", "rules[0]"])
    expect(i?.[2]).toContain("costThresholdYuan")
    const unknown = { ...encoded, rules: encoded.rules.map((r, k) => (k === 0 ? { ...r, parameters: [...r.parameters, "typoYuan"] } : r)) }
    expect(issuesOf(loadPolicies({ "u.json": unknown }))).toEqual([["u.json", "rules[0].parameters", "fuding-site-2020.requirement reads unknown parameter typoYuan"]])
    // a parameter a basis rule reads, overridden with another type: named at the file's parameters
    const inherited = { ...encoded, parameters: [...encoded.parameters, { ...encoded.parameters[0]!, key: "branchMinFullMembers", value: "three", unit: "members" }] }
    expect(issuesOf(loadPolicies({ "i.json": inherited })).some(([f, p, m]) => f === "i.json" && p === "parameters" && String(m).includes("branchMinFullMembers"))).toBe(true)
  })
})

describe("loadPolicies: citations name known documents", () => {
  it("accepts a document the policy brings, and names a citation of an unknown one by its path", () => {
    const encoded = city()
    const cites = { ...encoded, rules: encoded.rules.map((r, k) => (k === 1 ? { ...r, citation: { document: "my-notice", section: "§1" } } : r)) }
    expect(issuesOf(loadPolicies({ "c.json": cites }))).toEqual([["c.json", "rules[1].citation.document", "cites unknown document my-notice: add it to the policy's documents"]])
    const own = { ...cites, documents: [{ id: "my-notice", kind: "report", title: { zh: "通知", en: "Notice" }, issuer: "我市", date: "2025-01-01" }] }
    expect(issuesOf(loadPolicies({ "c.json": own }))).toEqual([])
  })
})
