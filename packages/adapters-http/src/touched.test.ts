import { StructureEvent } from "@redsite/core"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { touched } from "./structureHandlers.js"

type Tag = StructureEvent["_tag"]

/** One event of every kind, as JSON, and the organizations it touches (a mapped type: a new kind of event fails to compile here too). */
const samples: { readonly [K in Tag]: readonly [Omit<typeof StructureEvent.Encoded & { _tag: K }, "_tag"> & Record<string, unknown>, ReadonlyArray<string>] } = {
  Establish: [{ date: "2021-01-01", organization: { id: "new", name: "新", kind: "branch", temporary: false, approvedBy: "parent" } }, ["parent"]],
  Appoint: [{ date: "2021-01-01", organizationId: "a", role: "committeeMember", personId: "p" }, ["a"]],
  ElectCommittee: [{ date: "2021-01-01", organizationId: "a" }, ["a"]],
  Relate: [{ date: "2021-01-01", kind: "secondSuperior", from: "a", to: "b" }, ["a"]],
  EndRelation: [{ date: "2021-01-01", kind: "secondSuperior", from: "a", to: "b" }, ["a"]],
  Register: [{ date: "2021-01-01", memberId: "m", homeOrganizationId: "h", status: "full" }, ["h"]],
  TransferHome: [{ date: "2021-01-01", memberId: "m", organizationId: "h2" }, ["h2"]],
  StartAttendance: [{ date: "2021-01-01", memberId: "m", organizationId: "s" }, ["s"]],
  EndAttendance: [{ date: "2021-01-01", memberId: "m", organizationId: "s" }, ["s"]],
  ChangeStatus: [{ date: "2021-01-01", memberId: "m", status: "probationary", decidedBy: "d" }, ["d"]],
  Dissolve: [{ date: "2021-01-01", organizationId: "a" }, ["a"]],
  CompleteProject: [{ date: "2021-01-01", projectId: "p" }, []],
  Convert: [{ date: "2021-01-01", organizationId: "a", target: "community" }, ["a"]],
  RecordAction: [{ date: "2021-01-01", organizationId: "a", memberId: "m", action: "discipline" }, ["a"]]
}

describe("the organizations an event touches (a secretary's scope check)", () => {
  it("are given for every kind of structure event the core has", () => {
    const decode = Schema.decodeUnknownSync(StructureEvent)
    for (const [tag, [fields, expected]] of Object.entries(samples)) expect(touched(decode({ _tag: tag, ...fields }))).toEqual(expected)
    // every member of the core's union has a sample
    const tags = StructureEvent.members.map((m) => (m as unknown as { readonly _tag: string })._tag)
    expect(tags.every((t) => typeof t === "string")).toBe(true)
    expect(Object.keys(samples).sort()).toEqual([...tags].sort())
  })

  it("is the approving, then the reporting organization of a new one, and none for an unattributed status change", () => {
    const decode = Schema.decodeUnknownSync(StructureEvent)
    expect(touched(decode({ _tag: "Establish", date: "2021-01-01", organization: { id: "n", name: "n", kind: "branch", temporary: false }, reportsTo: "up" }))).toEqual(["up"])
    expect(touched(decode({ _tag: "Establish", date: "2021-01-01", organization: { id: "n", name: "n", kind: "branch", temporary: false } }))).toEqual(["n"])
    expect(touched(decode({ _tag: "ChangeStatus", date: "2021-01-01", memberId: "m", status: "full" }))).toEqual([])
  })
})
