import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { isoDate } from "../model/primitives.js"
import type { IsoDate } from "../model/primitives.js"
import { MemberStatuses } from "../model/vocabulary.js"
import { policies } from "../policy/catalogue/index.js"
import { applyEvent, asOf, replay } from "./apply.js"
import {
  attendedOn, chainToRoot, checkInvariants, completionProposal, dualManaged, dueToDissolve, instructorsAndLiaisons, subtreeOf,
  superiorsOf
} from "./check.js"
import {
  Appoint, Appointment, AttendancePeriod, ChangeStatus, CompleteProject, Dissolve, EndAttendance, Establish, HomePeriod, Register, Relate,
  Relation, StartAttendance, StatusChange, Structure, StructureMember, StructureOrganization, StructureProject, TransferHome, emptyStructure
} from "./model.js"
import type { StructureEvent } from "./model.js"

const d = isoDate
const national = policies.national
const encode = Schema.encodeSync(Structure)
const run = (events: ReadonlyArray<StructureEvent>, policy = national) => {
  const r = replay(events, policy)
  if (Either.isLeft(r)) throw new Error(`event ${r.left.index}: ${r.left.rejection.text.en}`)
  return r.right
}
const org = (date: string, id: string, kind: "committee" | "workingCommittee" | "branch" | "generalBranch" | "group" | "combinedBranch", opts: { temporary?: boolean; approvedBy?: string; reportsTo?: string; projectIds?: Array<string> } = {}) =>
  new Establish({
    date: d(date),
    organization: { id, name: id, kind, temporary: opts.temporary ?? false, projectIds: opts.projectIds ?? [], ...(opts.approvedBy === undefined ? {} : { approvedBy: opts.approvedBy }) },
    ...(opts.reportsTo === undefined ? {} : { reportsTo: opts.reportsTo })
  })

describe("the seeds' structures", () => {
  it("Expo park: each unit's temporary organization under two superiors, and not three (seed-000 §二(三))", () => {
    const s = run([
      org("2010-01-01", "bureau", "committee"),
      org("2010-01-01", "dispatcher", "committee"),
      org("2010-01-01", "other", "committee"),
      org("2010-04-01", "pavilion-a", "branch", { temporary: true, approvedBy: "dispatcher", projectIds: ["expo-park"] }),
      new Relate({ date: d("2010-04-01"), kind: "secondSuperior", from: "pavilion-a", to: "bureau", tasks: [] }),
      new Appoint({ date: d("2010-04-01"), organizationId: "pavilion-a", role: "secretary", personId: "head-a", end: false })
    ])
    expect(superiorsOf(s, "pavilion-a", "2010-06-01")).toEqual([{ id: "dispatcher", kind: "reportsTo" }, { id: "bureau", kind: "secondSuperior" }])
    const third = applyEvent(s, new Relate({ date: d("2010-05-01"), kind: "secondSuperior", from: "pavilion-a", to: "other", tasks: [] }), national)
    expect(Either.isLeft(third) && third.left).toMatchObject({ code: "leadership.tooManySuperiors", citation: { document: "seed-000-expo" } })
    expect(checkInvariants(s, national, d("2010-06-01"))).toEqual([])
  })

  it("Langshan: a project committee under the street's working committee, 5 branches and 21 groups (seed-001)", () => {
    const branches = Array.from({ length: 5 }, (_, b) => `branch-${b + 1}`)
    const events: Array<StructureEvent> = [
      org("2019-01-01", "street", "workingCommittee"),
      org("2019-03-01", "project-committee", "committee", { approvedBy: "street", projectIds: ["langshan-xgy"] }),
      ...branches.map((b) => org("2019-03-01", b, "branch", { approvedBy: "project-committee", projectIds: ["langshan-xgy"] })),
      ...Array.from({ length: 21 }, (_, g) => org("2019-03-01", `group-${g + 1}`, "group", { approvedBy: branches[g % 5]! }))
    ]
    const s = run(events)
    expect(subtreeOf(s, "project-committee", "2019-06-01").size).toBe(1 + 5 + 21)
    expect(chainToRoot(s, "group-7", "2019-06-01")).toEqual(["group-7", "branch-2", "project-committee", "street"])
    // completion under Langshan's policy converts instead of dissolving
    const completed = run([...events, new CompleteProject({ date: d("2021-12-31"), projectId: "langshan-xgy" })], policies.langshanStreet)
    const proposal = completionProposal(completed, "langshan-xgy", d("2021-12-31"), policies.langshanStreet)
    expect(proposal.events.map((e) => e._tag)).toEqual(Array(6).fill("Convert"))
  })

  it("Fuding: four levels, a combined branch with an instructor and a liaison (seed-002 §三)", () => {
    const s = run([
      org("2020-01-01", "two-new", "workingCommittee"),
      org("2020-01-01", "department", "committee", { approvedBy: "two-new" }),
      org("2020-09-01", "site", "combinedBranch", { temporary: true, approvedBy: "department", projectIds: ["fd-1"] }),
      org("2020-09-01", "crew", "group", { approvedBy: "site" }),
      new Appoint({ date: d("2020-09-01"), organizationId: "site", role: "secretary", personId: "pm", end: false }),
      new Appoint({ date: d("2020-09-01"), organizationId: "site", role: "instructor", personId: "ins", end: false }),
      new Appoint({ date: d("2020-09-01"), organizationId: "site", role: "liaison", personId: "lia", end: false }),
      new Register({ date: d("2020-09-01"), memberId: "wang", homeOrganizationId: "village-branch", status: "full", mobile: true, pocket: false }),
      new StartAttendance({ date: d("2020-09-02"), memberId: "wang", organizationId: "site" })
    ])
    expect(chainToRoot(s, "crew", "2021-01-01")).toEqual(["crew", "site", "department", "two-new"])
    expect(instructorsAndLiaisons(s, "fd-1", "2021-01-01").map((x) => x.role).sort()).toEqual(["instructor", "liaison"])
    expect(dualManaged(s, "2021-01-01")).toEqual([{ memberId: "wang", home: "village-branch", attended: ["site"] }])
    expect(checkInvariants(s, national, d("2021-01-01"))).toEqual([])
  })
})

describe("rules of the events", () => {
  const base = run([
    org("2020-01-01", "top", "committee"),
    org("2020-01-01", "mid", "branch", { approvedBy: "top" }),
    new Register({ date: d("2020-01-01"), memberId: "li", homeOrganizationId: "mid", status: "candidate", mobile: false, pocket: false })
  ])
  const cases: ReadonlyArray<[string, StructureEvent, string]> = [
    ["a temporary organization without an approving superior", org("2020-02-01", "tmp", "branch", { temporary: true }), "temporary.noApprovingSuperior"],
    ["a leadership cycle", new Relate({ date: d("2020-02-01"), kind: "secondSuperior", from: "top", to: "mid", tasks: [] }), "leadership.cycle"],
    ["a second primary line", new Relate({ date: d("2020-02-01"), kind: "reportsTo", from: "mid", to: "top", tasks: [] }), "leadership.twoPrimaryLines"],
    ["skipping a stage", new ChangeStatus({ date: d("2020-02-01"), memberId: "li", status: "full" }), "status.order"],
    ["moving home to the same organization", new TransferHome({ date: d("2020-02-01"), memberId: "li", organizationId: "mid" }), "home.same"],
    ["dissolving an organization that keeps members", new Dissolve({ date: d("2020-02-01"), organizationId: "mid" }), "dissolve.membersAtHome"],
    ["attending an organization that does not exist", new StartAttendance({ date: d("2020-02-01"), memberId: "li", organizationId: "nowhere" }), "organization.unknown"]
  ]
  it.each(cases)("rejects %s, citing its clause, and changes nothing", (_name, event, code) => {
    const before = encode(base)
    const r = applyEvent(base, event, national)
    expect(Either.isLeft(r) && r.left.code).toBe(code)
    expect(Either.isLeft(r) && r.left.citation.document.length > 0).toBe(true)
    expect(encode(base)).toEqual(before)
  })

  it("lets no temporary organization admit a member", () => {
    const s = run([...[org("2020-01-01", "top", "committee")], org("2020-02-01", "tmp", "branch", { temporary: true, approvedBy: "top" }),
      new Register({ date: d("2020-02-01"), memberId: "zhao", homeOrganizationId: "home", status: "candidate", mobile: false, pocket: false })])
    const r = applyEvent(s, new ChangeStatus({ date: d("2020-03-01"), memberId: "zhao", status: "probationary", decidedBy: "tmp" }), national)
    expect(Either.isLeft(r) && r.left.code).toBe("temporary.admits")
  })
})

// ------------------------------------------------------------------------------------------- properties

/** A random history: mostly valid events on a small world, dated in order. */
const arbHistory = fc.array(
  fc.record({
    kind: fc.nat(9),
    a: fc.nat(7),
    b: fc.nat(7),
    m: fc.nat(9),
    temporary: fc.boolean(),
    status: fc.nat(4),
    days: fc.integer({ min: 0, max: 40 })
  }),
  { minLength: 5, maxLength: 60 }
).map((rows) => {
  let day = isoDate("2020-01-01")
  return rows.map((r): StructureEvent => {
    day = isoDate(new Date(Date.parse(day) + r.days * 86_400_000).toISOString().slice(0, 10))
    const o = (k: number) => `o${k}`
    const mem = `m${r.m}`
    switch (r.kind) {
      case 0: return org(day, o(r.a), r.temporary ? "branch" : "committee", { temporary: r.temporary, ...(r.b !== r.a ? { approvedBy: o(r.b) } : {}), projectIds: r.temporary ? [`p${r.a % 3}`] : [] })
      case 1: return new Relate({ date: day, kind: "secondSuperior", from: o(r.a), to: o(r.b), tasks: [] })
      case 2: return new Register({ date: day, memberId: mem, homeOrganizationId: o(r.a), status: MemberStatuses.values[r.status]!, mobile: r.temporary, pocket: false })
      case 3: return new TransferHome({ date: day, memberId: mem, organizationId: o(r.a) })
      case 4: return new StartAttendance({ date: day, memberId: mem, organizationId: o(r.a) })
      case 5: return new EndAttendance({ date: day, memberId: mem, organizationId: o(r.a) })
      case 6: return new ChangeStatus({ date: day, memberId: mem, status: MemberStatuses.values[r.status]!, decidedBy: o(r.a) })
      case 7: return new Dissolve({ date: day, organizationId: o(r.a) })
      case 8: return new CompleteProject({ date: day, projectId: `p${r.a % 3}` })
      default: return new Appoint({ date: day, organizationId: o(r.a), role: "secretary", personId: mem, end: false })
    }
  })
})

/** Applies every event it can, skipping the rejected ones (which must change nothing). */
const applyAll = (events: ReadonlyArray<StructureEvent>) => {
  let s = emptyStructure
  const accepted: Array<StructureEvent> = []
  for (const e of events) {
    const r = applyEvent(s, e, national)
    if (Either.isRight(r)) {
      s = r.right
      accepted.push(e)
    }
  }
  return { s, accepted }
}

const EVENT_ENFORCED = new Set(["member.twoHomes", "leadership.cycle", "leadership.tooManySuperiors", "temporary.noApprovingSuperior", "temporary.admitted"])

describe("properties", () => {
  it("random histories keep every rule that events enforce, at every date", () => {
    fc.assert(fc.property(arbHistory, (events) => {
      const { s, accepted } = applyAll(events)
      for (const e of accepted) {
        const found = checkInvariants(s, national, e.date).filter((v) => EVENT_ENFORCED.has(v.code))
        expect(found.map((v) => v.code)).toEqual([])
      }
    }), { numRuns: 300 })
  })

  it("replaying the accepted events gives the same structure, and as-of a date equals replaying up to it", () => {
    fc.assert(fc.property(arbHistory, fc.nat(59), (events, k) => {
      const { s, accepted } = applyAll(events)
      expect(encode(Either.getOrThrow(replay(accepted, national)))).toEqual(encode(s))
      if (accepted.length === 0) return
      const cut = accepted[Math.min(k, accepted.length - 1)]!.date
      const prefix = accepted.filter((e) => e.date <= cut)
      expect(encode(asOf(s, cut))).toEqual(encode(Either.getOrThrow(replay(prefix, national))))
    }), { numRuns: 300 })
  })

  it("after a project's completion proposal is applied, no member attends a dissolved organization", () => {
    fc.assert(fc.property(arbHistory, fc.nat(2), (events, p) => {
      const { s } = applyAll(events)
      const last = events[events.length - 1]!.date
      const done = applyEvent(s, new CompleteProject({ date: last, projectId: `p${p}` }), national)
      if (Either.isLeft(done)) return
      const { events: proposal } = completionProposal(done.right, `p${p}`, last, national)
      const after = Either.getOrThrow(replay(proposal, national, done.right))
      const dissolved = new Set(after.organizations.filter((o) => o.dissolvedOn !== undefined && o.dissolvedOn <= last).map((o) => o.id))
      for (const m of after.members) for (const o of attendedOn(m, addDay(last))) expect(dissolved.has(o)).toBe(false)
      // what is still due to dissolve is what the proposal could not dissolve (members' homes are there)
      const { blocked } = completionProposal(done.right, `p${p}`, last, national)
      const serving = (id: string) => after.organizations.find((o) => o.id === id)?.projectIds.includes(`p${p}`) === true
      expect(dueToDissolve(after, last).filter(serving)).toEqual(blocked.filter((id) => dueToDissolve(after, last).includes(id)))
    }), { numRuns: 300 })
  })
})

/**
 * As-of the straightforward way (as it was first written): every record whose periods reach past the date
 * is re-made in full, every period and project of it a new record. The shared, partial reconstruction of
 * `asOf` must give exactly the same structure.
 */
const rebuiltAsOf = (s: Structure, date: string): Structure => {
  const endOn = (to: IsoDate | undefined) => (to !== undefined && to <= date ? { to } : {})
  const by = (x: string | undefined) => x === undefined || x <= date
  const done = (p: { readonly from: string; readonly to?: string | undefined }) => p.from <= date && by(p.to)
  const organizations = s.organizations.filter((o) => o.establishedOn <= date).map((o) => {
    if (by(o.dissolvedOn) && by(o.committeeSince) && by(o.converted?.on) && o.appointments.every(done)) return o
    const { dissolvedOn, committeeSince, converted, appointments, ...rest } = o
    return new StructureOrganization({
      ...rest,
      ...(dissolvedOn !== undefined && dissolvedOn <= date ? { dissolvedOn } : {}),
      ...(committeeSince !== undefined && committeeSince <= date ? { committeeSince } : {}),
      ...(converted !== undefined && converted.on <= date ? { converted } : {}),
      appointments: appointments.filter((a) => a.from <= date).map((a) => new Appointment({ role: a.role, personId: a.personId, from: a.from, ...endOn(a.to) }))
    })
  })
  const served = new Set(organizations.flatMap((o) => o.projectIds))
  return new Structure({
    organizations,
    relations: s.relations.filter((r) => r.validFrom <= date).map((r) => {
      if (by(r.validTo)) return r
      const { validTo: _later, ...rest } = r
      return new Relation(rest)
    }),
    members: s.members.filter((m) => m.statuses[0]!.from <= date).map((m) =>
      m.homes.every(done) && m.attendance.every(done) && m.statuses.every((x) => x.from <= date) ? m : new StructureMember({
        ...m,
        homes: m.homes.filter((h) => h.from <= date).map((h) => new HomePeriod({ organizationId: h.organizationId, from: h.from, ...endOn(h.to) })),
        attendance: m.attendance.filter((a) => a.from <= date).map((a) => new AttendancePeriod({ organizationId: a.organizationId, from: a.from, ...endOn(a.to) })),
        statuses: m.statuses.filter((x) => x.from <= date)
      })),
    projects: s.projects.filter((p) => served.has(p.id)).map((p) => new StructureProject({ id: p.id, ...(p.completedOn !== undefined && p.completedOn <= date ? { completedOn: p.completedOn } : {}) }))
  })
}

describe("as-of shares what had settled", () => {
  const anyDate = fc.integer({ min: -5, max: 800 }).map((k) => isoDate(addDay("2019-12-31", k)))

  it("gives exactly the structure the straightforward reconstruction gives, on any date, keeping settled records as they are", () => {
    fc.assert(fc.property(arbHistory, anyDate, (events, date) => {
      const { s } = applyAll(events)
      const fast = asOf(s, date)
      expect(encode(fast)).toStrictEqual(encode(rebuiltAsOf(s, date)))
      // a member whose whole history had happened by the date is the very same record
      const before = new Map(s.members.map((m) => [m.id, m]))
      for (const m of fast.members) {
        const o = before.get(m.id)!
        const settled = [...o.homes, ...o.attendance].every((p) => p.from <= date && (p.to === undefined || p.to <= date)) && o.statuses.every((x) => x.from <= date)
        expect(m === o).toBe(settled)
        expect(m).toBeInstanceOf(StructureMember)
      }
    }), { numRuns: 300 })
  })

  it("re-makes a period written with an explicit `to: undefined` as the straightforward reconstruction does", () => {
    const open = new HomePeriod({ organizationId: "o1", from: isoDate("2020-01-01"), to: undefined })
    const later = new AttendancePeriod({ organizationId: "o2", from: isoDate("2020-03-01"), to: isoDate("2020-09-30") })
    const s = new Structure({
      organizations: [],
      relations: [],
      members: [
        new StructureMember({ id: "a", homes: [open], attendance: [later], mobile: true, pocket: false, statuses: [new StatusChange({ status: "full", from: isoDate("2020-01-01") })] }),
        new StructureMember({ id: "b", homes: [open], attendance: [], mobile: false, pocket: false, statuses: [new StatusChange({ status: "full", from: isoDate("2020-01-01") })] })
      ],
      projects: []
    })
    for (const date of ["2020-02-01", "2020-06-01", "2020-12-01"]) {
      expect(encode(asOf(s, date))).toStrictEqual(encode(rebuiltAsOf(s, date)))
    }
  })
})

const addDay = (date: string, days = 1) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10)
