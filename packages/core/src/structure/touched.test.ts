import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { isoDate } from "../model/primitives.js"
import { policies } from "../policy/catalogue/index.js"
import { applyEvent, replay } from "./apply.js"
import {
  Appoint, ChangeStatus, CompleteProject, Convert, Dissolve, EndAttendance, Establish, RecordAction, Register, Relate, StartAttendance, Structure,
  TransferHome, emptyStructure
} from "./model.js"
import type { StructureEvent } from "./model.js"
import { touchedBy } from "./touched.js"
import { arbEvents, changedByJson } from "./touched.arbitraries.js"

const d = isoDate
const national = policies.national
const org = (date: string, id: string, opts: { temporary?: boolean; approvedBy?: string; reportsTo?: string; projectIds?: Array<string> } = {}) =>
  new Establish({
    date: d(date),
    organization: { id, name: id, kind: "branch", temporary: opts.temporary ?? false, projectIds: opts.projectIds ?? [], ...(opts.approvedBy === undefined ? {} : { approvedBy: opts.approvedBy }) },
    ...(opts.reportsTo === undefined ? {} : { reportsTo: opts.reportsTo })
  })
const run = (events: ReadonlyArray<StructureEvent>) => {
  const r = replay(events, national)
  if (Either.isLeft(r)) throw new Error(`event ${r.left.index}: ${r.left.rejection.text.en}`)
  return r.right
}
const touched = (s: Structure, e: StructureEvent) => {
  const r = touchedBy(s, e, national)
  if (Either.isLeft(r)) throw new Error(r.left.text.en)
  return { organizations: [...r.right.touched.organizations].sort(), created: [...r.right.touched.created].sort() }
}

/** Two lines under a street: `mine` (with `site`, serving project p) and `theirs` (with `other`); m1 at home in `other`, attending `site`. */
const world = run([
  org("2020-01-01", "street"),
  org("2020-01-01", "mine", { approvedBy: "street" }),
  org("2020-01-01", "theirs", { approvedBy: "street" }),
  org("2020-01-01", "site", { approvedBy: "mine", projectIds: ["p"] }),
  org("2020-01-01", "other", { approvedBy: "theirs" }),
  new Register({ date: d("2020-02-01"), memberId: "m1", homeOrganizationId: "other", status: "candidate", mobile: true, pocket: false }),
  new StartAttendance({ date: d("2020-02-01"), memberId: "m1", organizationId: "site" }),
  new Register({ date: d("2020-02-01"), memberId: "m2", homeOrganizationId: "site", status: "full", mobile: false, pocket: false })
])
const on = d("2020-06-01")

describe("the organizations an event changes (issue 15: a secretary's scope)", () => {
  it("a status change without a deciding organization changes the member's home", () => {
    expect(touched(world, new ChangeStatus({ date: on, memberId: "m1", status: "probationary" }))).toEqual({ organizations: ["other"], created: [] })
  })

  it("a project's completion changes the organizations serving it", () => {
    expect(touched(world, new CompleteProject({ date: on, projectId: "p" })).organizations).toEqual(["site"])
  })

  it("a new organization changes its approving and its reporting organization and the organizations already serving its projects", () => {
    const e = org(on, "new", { approvedBy: "mine", reportsTo: "theirs", projectIds: ["p"] })
    expect(touched(world, e)).toEqual({ organizations: ["mine", "site", "theirs"], created: ["new"] })
    // without a superior it is placed nowhere: it changes no existing organization
    expect(touched(world, org(on, "root"))).toEqual({ organizations: [], created: ["root"] })
  })

  it("a transfer changes the old and the new home; an action its organization and the member's home", () => {
    expect(touched(world, new TransferHome({ date: on, memberId: "m1", organizationId: "mine" })).organizations).toEqual(["mine", "other"])
    expect(touched(world, new RecordAction({ date: on, organizationId: "site", memberId: "m1", action: "duesCollection" })).organizations).toEqual(["other", "site"])
  })

  it("attendance changes the attended organization and the member's home; a relation both its ends", () => {
    expect(touched(world, new EndAttendance({ date: on, memberId: "m1", organizationId: "site" })).organizations).toEqual(["other", "site"])
    expect(touched(world, new StartAttendance({ date: on, memberId: "m2", organizationId: "other" })).organizations).toEqual(["other", "site"])
    expect(touched(world, new Relate({ date: on, kind: "pairing", from: "site", to: "other", tasks: [] })).organizations).toEqual(["other", "site"])
    expect(touched(world, new Appoint({ date: on, organizationId: "site", role: "secretary", personId: "m2", end: false })).organizations).toEqual(["site"])
  })

  it("dissolving an organization changes it, the other end of its relations, and the homes of members who attended it", () => {
    const s = run([...[
      org("2020-01-01", "street"),
      org("2020-01-01", "other", { approvedBy: "street" }),
      org("2020-01-01", "site", { approvedBy: "street", projectIds: ["p"] }),
      new Register({ date: d("2020-02-01"), memberId: "m1", homeOrganizationId: "other", status: "full", mobile: true, pocket: false }),
      new StartAttendance({ date: d("2020-02-01"), memberId: "m1", organizationId: "site" })
    ]])
    expect(touched(s, new Dissolve({ date: on, organizationId: "site" })).organizations).toEqual(["other", "site", "street"])
  })

  it("a refused event is refused, changing nothing", () => {
    expect(Either.isLeft(touchedBy(world, new Convert({ date: on, organizationId: "site", target: "moon" }), national))).toBe(true)
  })
})

// ------------------------------------------------------------------------------------------- property

describe("properties", () => {
  it("every organization an accepted event changes (by the structures' JSON) is among those it touches, and a refused event is refused by applyEvent too", () => {
    fc.assert(fc.property(arbEvents, (events) => {
      let s = emptyStructure
      for (const e of events) {
        const r = touchedBy(s, e, national)
        expect(Either.isLeft(r)).toBe(Either.isLeft(applyEvent(s, e, national)))
        if (Either.isLeft(r)) continue
        const { structure, touched } = r.right
        for (const id of changedByJson(s, structure, e.date)) expect(touched.organizations).toContain(id)
        // the created ones are exactly the organizations that did not exist before
        const before = new Set(s.organizations.map((o) => o.id))
        expect([...touched.created].sort()).toEqual(structure.organizations.map((o) => o.id).filter((id) => !before.has(id)).sort())
        s = structure
      }
    }), { numRuns: 200 })
  })
})
