import { Establish, isoDate, policies } from "@redsite/core"
import { Either } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { openConnection } from "./database.js"
import { addRelation, relationsOn } from "./portfolio.js"
import { RedsiteStore } from "./store.js"
import { StructureEventInvalid, StructureRejected } from "./structure.js"

const dir = mkdtempSync(join(tmpdir(), "redsite-sqlite-portfolio-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const actor = { principalId: "tester", role: "administrator" }

const withOrganizations = () => {
  const store = new RedsiteStore(openConnection(join(dir, `p${n++}.db`)))
  store.structure.append(["department", "site", "village"].map((id) =>
    new Establish({ date: isoDate("2020-01-01"), organization: { id, name: id, kind: "committee", temporary: false, projectIds: [] } })),
  { expectedVersion: 0, policy: policies.national, actor })
  return store
}

describe("addRelation and relationsOn", () => {
  it("append the structure's events through the core, and read the relations in force on a date, its first and last day included", () => {
    const store = withOrganizations()
    const pairing = { kind: "pairing", fromId: "site", toId: "village", validFrom: "2020-09-10", validTo: "2021-06-30", attributes: { form: "signedPairing", tasks: ["安全生产"] } }
    const r = addRelation(store, pairing, { actor })
    expect(Either.isRight(r) && r.right.version).toBe(5) // three establishments, Relate, EndRelation
    expect(relationsOn(store, "2020-09-09")).toEqual([])
    expect(relationsOn(store, "2020-09-10")).toEqual([pairing])
    expect(relationsOn(store, "2021-06-30")).toEqual([pairing])
    expect(relationsOn(store, "2021-07-01")).toEqual([])
    // as the structure has it
    expect(store.structure.structureAt("2020-12-31").relations.map((x) => [x.kind, x.pairingForm, x.tasks])).toEqual([["pairing", "signedPairing", ["安全生产"]]])
  })

  it("refuse, writing nothing, a kind that is not the core's, an attribute the structure does not keep, and an end that is no organization", () => {
    const store = withOrganizations()
    const base = { kind: "guidance", fromId: "site", toId: "department", validFrom: "2021-01-01", validTo: undefined, attributes: {} }
    const boss = addRelation(store, { ...base, kind: "boss" })
    expect(Either.isLeft(boss) && boss.left).toBeInstanceOf(StructureEventInvalid)
    const colour = addRelation(store, { ...base, attributes: { colour: "red" } })
    expect(Either.isLeft(colour) && colour.left).toBeInstanceOf(StructureEventInvalid)
    const nowhere = addRelation(store, { ...base, toId: "nowhere" })
    expect(Either.isLeft(nowhere) && nowhere.left).toBeInstanceOf(StructureRejected)
    expect(Either.isLeft(nowhere) && (nowhere.left as StructureRejected).rejection.code).toBe("organization.unknown")
    expect(store.structure.version()).toBe(3)
    expect(relationsOn(store, "2021-01-01")).toEqual([])
  })
})
