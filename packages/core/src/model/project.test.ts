import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { arbProject } from "./arbitraries.js"
import { DecodeError } from "./decode.js"
import { Member, Project, decodeProject, redactProject } from "./project.js"

const valid = {
  id: "p1",
  name: "滨海大道二期道路工程",
  kind: "road",
  costYuan: 80_000_000,
  plannedStart: "2020-01-01",
  plannedEnd: "2022-06-30",
  major: true,
  phase: "construction",
  units: [{ id: "gc", name: "施工单位", role: "generalContractor", ownership: "stateOwned", hasOrganization: true }],
  members: [{ id: "m1", status: "full", unitId: "gc" }]
}

const issuesOf = (input: unknown) => {
  const r = decodeProject(input)
  if (Either.isRight(r)) throw new Error("expected a decode error")
  expect(r.left).toBeInstanceOf(DecodeError)
  return r.left.issues
}

describe("decodeProject", () => {
  it("accepts a valid project and fills defaults", () => {
    const r = decodeProject(valid)
    expect(Either.isRight(r)).toBe(true)
    if (Either.isRight(r)) {
      expect(r.right.members[0]!.mobile).toBe(false)
      expect(r.right.sections).toEqual([])
    }
  })

  it("names the path of every bad field at once", () => {
    const issues = issuesOf({
      ...valid,
      costYuan: -5,
      plannedStart: "2020-02-30",
      phase: "digging",
      units: [{ ...valid.units[0], role: "architect" }],
      members: [{ id: "m1", status: "full", unitId: "gc", mobile: "yes" }]
    })
    const paths = issues.map((i) => i.path)
    expect(paths).toEqual(expect.arrayContaining(["costYuan", "plannedStart", "phase", "units[0].role", "members[0].mobile"]))
    expect(issues.find((i) => i.path === "costYuan")!.message).toMatch(/negative/)
    expect(issues.find((i) => i.path === "plannedStart")!.message).toMatch(/calendar date/)
    // one issue per bad enum field, listing the allowed values, not one per alternative
    expect(paths.filter((p) => p === "phase")).toHaveLength(1)
    expect(issues.find((i) => i.path === "phase")!.message).toMatch(/^expected one of "[a-z]+", "[a-z]+".*; got "digging"$/)
    expect(issues.find((i) => i.path === "units[0].role")!.message).toMatch(/got "architect"$/)
  })

  it("rejects an end before the start, naming plannedEnd", () => {
    const issues = issuesOf({ ...valid, plannedEnd: "2019-12-31" })
    expect(issues).toEqual([expect.objectContaining({ path: "plannedEnd", message: expect.stringMatching(/before plannedStart/) })])
  })

  it("rejects dangling unit references and duplicate ids", () => {
    const issues = issuesOf({
      ...valid,
      units: [valid.units[0], valid.units[0]],
      members: [{ id: "m1", status: "full", unitId: "nowhere" }, { id: "m1", status: "probationary" }]
    })
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(["units[1].id", "members[1].id", "members[0].unitId"]))
  })

  it("rejects unknown fields (usually typos) and wrong types", () => {
    const issues = issuesOf({ ...valid, cost: 1, major: "yes" })
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(["cost", "major"]))
  })

  it("never throws on arbitrary input", () => {
    fc.assert(fc.property(fc.anything(), (input) => {
      const r = decodeProject(input)
      return Either.isLeft(r) ? r.left.issues.length > 0 : true
    }), { numRuns: 300 })
  })

  it("decoding then encoding a valid project returns it unchanged", () => {
    const encode = Schema.encodeSync(Project)
    fc.assert(fc.property(arbProject(), (p) => {
      const encoded = encode(p)
      const again = decodeProject(JSON.parse(JSON.stringify(encoded)))
      expect(Either.isRight(again)).toBe(true)
      if (Either.isRight(again)) expect(encode(again.right)).toEqual(encoded)
    }), { numRuns: 200 })
  })
})

describe("personal data", () => {
  it("redaction removes exactly the personal fields of every member", () => {
    fc.assert(
      fc.property(arbProject(), fc.string(), (project, contact) => {
        const withContact = new Project({
          ...project,
          members: project.members.map((m, i) => (i % 2 === 0 ? new Member({ ...m, name: `成员${i}`, contact }) : m))
        })
        const redacted = redactProject(withContact)
        expect(redacted.members.map((m) => [m.name, m.contact])).toEqual(redacted.members.map(() => [undefined, undefined]))
        const strip = (p: Project) => p.members.map(({ name: _n, contact: _c, ...rest }) => rest)
        expect(strip(redacted)).toEqual(strip(withContact))
        expect({ ...redacted, members: [] }).toEqual({ ...withContact, members: [] })
      })
    )
  })
})
