import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { isoDate } from "../model/primitives.js"
import { MemberStatuses } from "../model/vocabulary.js"
import { policies } from "../policy/catalogue/index.js"
import { applyEvent, replay } from "./apply.js"
import {
  Appoint, ChangeStatus, CompleteProject, Convert, Dissolve, EndAttendance, EndRelation, Establish, RecordAction, Register, Relate, StartAttendance,
  Structure, StructureOrganization, StructureMember, Relation, TransferHome, emptyStructure, holdsOn
} from "./model.js"
import type { StructureEvent } from "./model.js"
import { touchedBy } from "./touched.js"

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

/** Random events on a small world of six organizations and six members, dated in order. */
const arbEvents = fc.array(
  fc.record({ kind: fc.nat(13), a: fc.nat(5), b: fc.nat(5), m: fc.nat(5), flag: fc.boolean(), status: fc.nat(4), days: fc.nat(30) }),
  { minLength: 1, maxLength: 50 }
).map((rows) => {
  let t = Date.parse("2020-01-01")
  return rows.map((r): StructureEvent => {
    t += r.days * 86_400_000
    const date = d(new Date(t).toISOString().slice(0, 10))
    const o = (k: number) => `o${k}`
    const memberId = `m${r.m}`
    switch (r.kind) {
      case 0: return org(date, o(r.a), { temporary: r.flag, ...(r.a === r.b ? {} : { approvedBy: o(r.b) }), projectIds: [`p${r.b % 3}`] })
      case 1: return new Relate({ date, kind: r.flag ? "secondSuperior" : "pairing", from: o(r.a), to: o(r.b), tasks: [] })
      case 2: return new EndRelation({ date, kind: r.flag ? "secondSuperior" : "reportsTo", from: o(r.a), to: o(r.b) })
      case 3: return new Register({ date, memberId, homeOrganizationId: o(r.a), status: MemberStatuses.values[r.status]!, mobile: r.flag, pocket: false })
      case 4: return new TransferHome({ date, memberId, organizationId: o(r.a) })
      case 5: return new StartAttendance({ date, memberId, organizationId: o(r.a) })
      case 6: return new EndAttendance({ date, memberId, organizationId: o(r.a) })
      case 7: return new ChangeStatus({ date, memberId, status: MemberStatuses.values[r.status]!, ...(r.flag ? { decidedBy: o(r.a) } : {}) })
      case 8: return new Dissolve({ date, organizationId: o(r.a) })
      case 9: return new CompleteProject({ date, projectId: `p${r.a % 3}` })
      case 10: return new RecordAction({ date, organizationId: o(r.a), memberId, action: r.flag ? "discipline" : "duesCollection" })
      case 11: return new Convert({ date, organizationId: o(r.a), target: "community" })
      default: return new Appoint({ date, organizationId: o(r.a), role: r.flag ? "secretary" : "deputy", personId: memberId, end: r.b === 0 })
    }
  })
})

const json = <A, I>(schema: Schema.Schema<A, I>) => {
  const encode = Schema.encodeSync(schema)
  return (x: A) => JSON.stringify(encode(x))
}
const orgJson = json(StructureOrganization)
const memberJson = json(StructureMember)
const relationJson = json(Relation)

/**
 * What an event changed, found by comparing the two structures' JSON (not by records' identity, as
 * `touchedBetween` does): organizations whose JSON differs, both ends of relations that appear or go, the
 * homes on the date of members whose JSON differs, and the organization of every new action.
 */
const changedByJson = (before: Structure, after: Structure, date: string): ReadonlySet<string> => {
  const out = new Set<string>()
  const orgs = new Map(before.organizations.map((o) => [o.id, orgJson(o)]))
  for (const o of after.organizations) if (orgs.has(o.id) && orgs.get(o.id) !== orgJson(o)) out.add(o.id)
  const count = (rs: ReadonlyArray<Relation>) => {
    const m = new Map<string, number>()
    for (const r of rs) m.set(relationJson(r), (m.get(relationJson(r)) ?? 0) + 1)
    return m
  }
  const rb = count(before.relations)
  const ra = count(after.relations)
  for (const r of [...before.relations, ...after.relations]) if (rb.get(relationJson(r)) !== ra.get(relationJson(r))) (out.add(r.from), out.add(r.to))
  const members = new Map(before.members.map((m) => [m.id, m]))
  for (const m of after.members) {
    const was = members.get(m.id)
    if (was !== undefined && memberJson(was) === memberJson(m)) continue
    for (const x of [was, m]) for (const h of x?.homes ?? []) if (holdsOn(h, date)) out.add(h.organizationId)
  }
  for (const a of after.actions.slice(before.actions.length)) out.add(a.organizationId)
  for (const id of out) if (!orgs.has(id)) out.delete(id)
  return out
}

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
