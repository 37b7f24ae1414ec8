import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { arbProject } from "./arbitraries.js"
import { decoderFor } from "./decode.js"
import { Member, Project, Unit, decodeProject, decodeValidProject } from "./project.js"
import { MemberStatuses, Ownerships, Phases, ProjectKinds, UnitRoles } from "./vocabulary.js"

/** The schema alone: what the fast path must agree with. */
const bySchema = decoderFor("project", Project)

/** Where two values differ: prototypes, own keys (in order) or primitive values; `undefined` when identical. */
const difference = (a: unknown, b: unknown, path = "$"): string | undefined => {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) {
    return Object.is(a, b) ? undefined : `${path}: ${String(a)} vs ${String(b)}`
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: different prototypes`
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`
  const ka = Reflect.ownKeys(a)
  const kb = Reflect.ownKeys(b)
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return `${path}: keys ${ka.map(String).join(",")} vs ${kb.map(String).join(",")}`
  for (const k of ka) {
    const d = difference((a as Record<PropertyKey, unknown>)[k], (b as Record<PropertyKey, unknown>)[k], `${path}.${String(k)}`)
    if (d !== undefined) return d
  }
  return undefined
}

/** Checks one input: the fast path gives the schema's value or nothing, and (for JSON data) exactly when the schema accepts. */
const agrees = (input: unknown, json: boolean) => {
  const schema = bySchema(input)
  const fast = decodeValidProject(input)
  if (fast !== undefined) {
    expect(Either.isRight(schema)).toBe(true)
    if (Either.isRight(schema)) expect(difference(fast, schema.right)).toBeUndefined()
  } else if (json) {
    expect(Either.isLeft(schema)).toBe(true)
  }
  // and the public decoder gives exactly the schema's answer, issues included
  const both = decodeProject(input)
  if (Either.isLeft(schema)) {
    expect(Either.isLeft(both)).toBe(true)
    if (Either.isLeft(both)) expect(both.left.issues).toEqual(schema.left.issues)
  } else {
    expect(Either.isRight(both)).toBe(true)
    if (Either.isRight(both)) expect(difference(both.right, schema.right)).toBeUndefined()
  }
}

const optional = <A>(arb: fc.Arbitrary<A>) => fc.option(arb, { nil: undefined })
const text = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("总承包", "分包", "A1标段", " a", "a ", "\u3000", ""))
const dateOf = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`
const date = fc.oneof(
  { weight: 12, arbitrary: fc.record({ y: fc.integer({ min: 1999, max: 2030 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(({ y, m, d }) => dateOf(y, m, d)) },
  { weight: 1, arbitrary: fc.record({ y: fc.integer({ min: 1999, max: 2030 }), m: fc.integer({ min: 0, max: 13 }), d: fc.integer({ min: 0, max: 32 }) }).map(({ y, m, d }) => dateOf(y, m, d)) },
  { weight: 1, arbitrary: fc.constantFrom("2024-02-29", "2023-02-29", "2020-1-01", "20200101", "") }
)
const validId = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,4}$/)

/** Encoded projects (plain JSON) with every optional field present or absent; mostly valid. */
const encodedProject = fc
  .record({
    id: validId, name: text, district: optional(text), locality: optional(text), competentDepartment: optional(text),
    kind: fc.constantFrom(...ProjectKinds.values), costYuan: fc.oneof(
      { weight: 8, arbitrary: fc.oneof(fc.integer({ min: 0, max: 2e9 }), fc.double({ min: 0, max: 1e12, noNaN: true })) },
      { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -10, max: -1 }), fc.constantFrom(-0, -1e-9, 0, Number.MAX_VALUE)) }
    ),
    ordered: fc.integer({ min: 0, max: 9 }).map((x) => x > 0),
    start: date, end: date, major: fc.boolean(), phase: fc.constantFrom(...Phases.values),
    sections: optional(fc.array(text, { maxLength: 3 })),
    units: fc.array(fc.record({
      name: text, role: fc.constantFrom(...UnitRoles.values), ownership: fc.constantFrom(...Ownerships.values), hasOrganization: fc.boolean(),
      organizationId: optional(validId)
    }), { maxLength: 10 }), // past 8, ids are checked with a Set
    members: fc.array(fc.record({
      status: fc.constantFrom(...MemberStatuses.values), name: optional(text), contact: optional(text), unit: optional(fc.nat(5)), dangling: fc.integer({ min: 0, max: 39 }).map((x) => x === 0),
      homeOrganizationId: optional(validId), section: optional(text), mobile: optional(fc.boolean()), pocket: optional(fc.boolean())
    }), { maxLength: 20 })
  })
  .map((p) => {
    const present = <K extends string, V>(k: K, v: V | undefined) => (v === undefined ? {} : { [k]: v })
    // the dates in order most of the time, so that most inputs are valid
    const [plannedStart, plannedEnd] = p.ordered === p.start <= p.end ? [p.start, p.end] : [p.end, p.start]
    return {
      id: p.id, name: p.name, ...present("district", p.district), ...present("locality", p.locality), kind: p.kind, costYuan: p.costYuan,
      plannedStart, plannedEnd, major: p.major, phase: p.phase, ...present("competentDepartment", p.competentDepartment),
      units: p.units.map((u, i) => ({ id: `u${i}`, name: u.name, role: u.role, ownership: u.ownership, hasOrganization: u.hasOrganization, ...present("organizationId", u.organizationId) })),
      members: p.members.map((m, i) => ({
        ...present("name", m.name), id: `m${i}`, ...present("contact", m.contact), status: m.status,
        ...present("unitId", m.unit === undefined ? undefined : m.dangling || p.units.length === 0 ? `u${p.units.length}` : `u${m.unit % p.units.length}`),
        ...present("homeOrganizationId", m.homeOrganizationId), ...present("section", m.section), ...present("mobile", m.mobile), ...present("pocket", m.pocket)
      })),
      ...present("sections", p.sections)
    }
  })

const keysOf = {
  project: ["id", "name", "district", "locality", "kind", "costYuan", "plannedStart", "plannedEnd", "major", "phase", "competentDepartment", "units", "members", "sections", "cost"],
  unit: ["id", "name", "role", "ownership", "hasOrganization", "organizationId", "unitId"],
  member: ["id", "name", "contact", "status", "unitId", "homeOrganizationId", "section", "mobile", "pocket", "role"]
}
/** Values that JSON can carry, near the edges of the rules. */
const edgeValue = fc.oneof(
  fc.constantFrom(null, "", " a", "a ", "a\n", "\uFEFFa", "u0", "u1", "m0", "gc", "full", "applicant", "building", "construction", "owner", "private",
    "2020-02-30", "2024-02-29", "2020-13-01", "2020-01-01", "2099-12-31", 0, -1, 1.5, 1e308, true, false, "true", [], {}, ["a"], [1], [{}]),
  fc.jsonValue({ maxDepth: 2 })
)
/** One change to an encoded project: a field removed, set to an edge value, or added; a unit or member duplicated. */
const mutation = fc.record({
  at: fc.constantFrom("project", "unit", "member", "sections"),
  index: fc.nat(8),
  op: fc.constantFrom("delete", "set", "set", "duplicate"),
  key: fc.nat(20),
  value: edgeValue
})
const mutate = (p: ReturnType<typeof structuredClone<Record<string, unknown>>>, m: typeof mutation extends fc.Arbitrary<infer M> ? M : never) => {
  const list = (k: string) => (Array.isArray(p[k]) ? (p[k] as Array<unknown>) : undefined)
  if (m.at === "sections") {
    const s = list("sections")
    if (s !== undefined) (m.op === "delete" ? s.splice(m.index % (s.length + 1), 1) : s.push(m.value))
    return
  }
  const arr = m.at === "unit" ? list("units") : m.at === "member" ? list("members") : undefined
  const target = m.at === "project" ? p : arr !== undefined && arr.length > 0 ? (arr[m.index % arr.length] as Record<string, unknown>) : undefined
  if (target === undefined || typeof target !== "object" || target === null) return
  const keys = keysOf[m.at as "project" | "unit" | "member"]
  const key = keys[m.key % keys.length]!
  if (m.op === "delete") delete target[key]
  else if (m.op === "duplicate" && arr !== undefined) arr.push(structuredClone(target))
  else target[key] = m.value
}

describe("the fast path of the project decoder", () => {
  it("gives the schema's value for valid projects (same classes, fields in the same order, defaults filled in)", () => {
    const encode = Schema.encodeSync(Project)
    fc.assert(fc.property(arbProject(), (p) => {
      const input = JSON.parse(JSON.stringify(encode(p))) as unknown
      expect(decodeValidProject(input)).toBeDefined()
      agrees(input, true)
    }), { numRuns: 300 })
  })

  it("accepts exactly the JSON data the schema accepts, optional fields present or not, with the same value", () => {
    let accepted = 0
    fc.assert(fc.property(encodedProject, (p) => {
      if (decodeValidProject(p) !== undefined) accepted++
      agrees(p, true)
    }), { numRuns: 1000 })
    expect(accepted).toBeGreaterThan(300) // most generated projects are valid: the comparison is not vacuous
  })

  it("accepts exactly what the schema accepts on mutated JSON data (missing, unknown, mistyped and edge-valued fields, duplicates)", () => {
    let rejected = 0
    fc.assert(fc.property(encodedProject, fc.array(mutation, { minLength: 1, maxLength: 3 }), (p, ms) => {
      const input = structuredClone(p) as Record<string, unknown>
      for (const m of ms) mutate(input, m)
      const json = JSON.parse(JSON.stringify(input)) as unknown
      if (Either.isLeft(bySchema(json))) rejected++
      agrees(json, true)
    }), { numRuns: 2000 })
    expect(rejected).toBeGreaterThan(500)
  })

  it("never accepts what the schema rejects, nor gives another value, on any input at all", () => {
    fc.assert(fc.property(fc.anything({ withObjectString: true, withNullPrototype: true, withDate: true }), (u) => agrees(u, false)), { numRuns: 500 })
    fc.assert(fc.property(encodedProject, fc.constantFrom(undefined, NaN, Infinity, -0, new Date(0), Symbol("s"), Object.create(null)), fc.constantFrom("project", "unit", "member"), fc.nat(20), (p, v, at, k) => {
      const input = structuredClone(p) as Record<string, unknown>
      mutate(input, { at, index: 0, op: "set", key: k, value: v as never })
      agrees(input, false)
    }), { numRuns: 500 })
  })

  it("leaves edge cases the schema handles to the schema", () => {
    const valid = { id: "p1", name: "n", kind: "road", costYuan: 1, plannedStart: "2020-01-01", plannedEnd: "2020-01-01", major: false, phase: "construction", units: [], members: [] }
    expect(decodeValidProject(valid)).toBeInstanceOf(Project)
    for (const input of [
      JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(valid).slice(1)}`),   // an own "__proto__" field: unknown
      { ...valid, district: undefined },                                          // accepted by the schema, left to it
      Object.assign(Object.create(null), valid),                                  // no prototype: left to the schema
      { ...valid, [Symbol("s")]: 1 },
      new Project(valid as never)                                                  // already a project
    ]) {
      expect(decodeValidProject(input)).toBeUndefined()
      agrees(input, false)
    }
    const m = decodeValidProject({ ...valid, units: [{ id: "u", name: "", role: "owner", ownership: "private", hasOrganization: false }], members: [{ pocket: true, id: "m", status: "full", unitId: "u" }] })
    expect(m?.members[0]).toBeInstanceOf(Member)
    expect(m?.units[0]).toBeInstanceOf(Unit)
    expect(Object.keys(m!.members[0]!)).toEqual(["id", "status", "unitId", "mobile", "pocket"])
  })
})
