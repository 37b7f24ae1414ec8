import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { isoDate } from "../model/primitives.js"
import type { IsoDate } from "../model/primitives.js"
import { MemberStatuses } from "../model/vocabulary.js"
import { policies } from "../policy/catalogue/index.js"
import { applyEvent, asOf, replay } from "./apply.js"
import type { Rejection } from "./apply.js"
import {
  attendedOn, chainToRoot, checkInvariants, completionProposal, dualManaged, dueToDissolve, homesOn, instructorsAndLiaisons, subtreeOf,
  superiorsOf
} from "./check.js"
import {
  Appoint, Appointment, AttendancePeriod, ChangeStatus, CompleteProject, Convert, Dissolve, ElectCommittee, EndAttendance, EndRelation, Establish, HomePeriod,
  OrganizationAction, RecordAction, Register, Relate, Relation, StartAttendance, StatusChange, Structure, StructureMember, StructureOrganization,
  StructureProject, TransferHome, emptyStructure
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
const org = (date: string, id: string, kind: "committee" | "workingCommittee" | "branch" | "generalBranch" | "group" | "combinedBranch" | "jointBranch", opts: { temporary?: boolean; approvedBy?: string; reportsTo?: string; projectIds?: Array<string> } = {}) =>
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

  it("Langshan: completion converts the project's permanent organizations and still dissolves a temporary one, ending its attendance (seed-001 §二 三是; Regulations Art. 6)", () => {
    const events: Array<StructureEvent> = [
      org("2019-01-01", "street", "workingCommittee"),
      org("2019-03-01", "project-committee", "committee", { approvedBy: "street", projectIds: ["langshan-xgy"] }),
      org("2019-03-01", "branch-1", "branch", { approvedBy: "project-committee", projectIds: ["langshan-xgy"] }),
      org("2019-03-01", "group-1", "group", { approvedBy: "branch-1" }),
      org("2019-03-01", "other-project", "branch", { approvedBy: "project-committee", projectIds: ["langshan-xgy", "langshan-hj"] }),
      org("2019-04-01", "crew-joint", "jointBranch", { temporary: true, approvedBy: "project-committee", projectIds: ["langshan-xgy"] }),
      ...["project-committee", "branch-1", "other-project", "crew-joint"].map((o) => new Appoint({ date: d("2019-04-01"), organizationId: o, role: "secretary", personId: `sec-${o}`, end: false })),
      new Register({ date: d("2019-04-01"), memberId: "zhou", homeOrganizationId: "village", status: "full", mobile: true, pocket: false }),
      new StartAttendance({ date: d("2019-04-02"), memberId: "zhou", organizationId: "crew-joint" }),
      new StartAttendance({ date: d("2019-04-02"), memberId: "zhou", organizationId: "branch-1" }),
      new CompleteProject({ date: d("2021-12-31"), projectId: "langshan-xgy" })
    ]
    const done = d("2021-12-31")
    const langshan = policies.langshanStreet
    const completed = run(events, langshan)
    const { events: proposal, blocked } = completionProposal(completed, "langshan-xgy", done, langshan)
    expect(blocked).toEqual([])
    // permanent organizations serving only the finished project convert, into the policy's first target; the one also
    // serving an unfinished project stays; the temporary one is dissolved after its attendance ends
    expect(proposal).toEqual([
      new Convert({ date: done, organizationId: "project-committee", target: "businessDistrict" }),
      new Convert({ date: done, organizationId: "branch-1", target: "businessDistrict" }),
      new EndAttendance({ date: done, memberId: "zhou", organizationId: "crew-joint" }),
      new Dissolve({ date: done, organizationId: "crew-joint" })
    ])
    const after = Either.getOrThrow(replay(proposal, langshan, completed))
    const byId = new Map(after.organizations.map((o) => [o.id, o]))
    expect(byId.get("project-committee")!.converted).toEqual({ on: done, target: "businessDistrict" })
    expect(byId.get("branch-1")!.converted).toEqual({ on: done, target: "businessDistrict" })
    expect(byId.get("branch-1")!.dissolvedOn).toBeUndefined()
    expect(byId.get("crew-joint")!.dissolvedOn).toBe(done)
    expect(byId.get("other-project")!.converted).toBeUndefined()
    // zhou goes on attending the converted branch, and nothing is left due
    expect(attendedOn(after.members[0]!, addDay(done))).toEqual(["branch-1"])
    expect(dueToDissolve(after, addDay(done))).toEqual([])
    expect(checkInvariants(after, langshan, d(addDay(done)))).toEqual([])
    // a second proposal has nothing left to do
    expect(completionProposal(after, "langshan-xgy", done, langshan).events).toEqual([])
    // without conversion targets nothing converts: the temporary organization alone is dissolved
    const national_ = completionProposal(run(events), "langshan-xgy", done, national)
    expect(national_.events.map((e) => e._tag)).toEqual(["EndAttendance", "Dissolve"])
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

  it("Fuding: an instructor dispatched by the department counts among the project's instructors while the dispatch holds", () => {
    const s = run([
      org("2020-01-01", "department", "committee"),
      org("2020-09-01", "site", "combinedBranch", { temporary: true, approvedBy: "department", projectIds: ["fd-1"] }),
      new Appoint({ date: d("2020-09-01"), organizationId: "site", role: "liaison", personId: "lia", end: false }),
      new Relate({ date: d("2020-10-01"), kind: "instructorDispatch", from: "site", to: "department", tasks: [] }),
      new EndRelation({ date: d("2021-06-30"), kind: "instructorDispatch", from: "site", to: "department" })
    ])
    expect(instructorsAndLiaisons(s, "fd-1", "2020-09-15")).toEqual([{ organizationId: "site", role: "liaison", personId: "lia" }])
    expect(instructorsAndLiaisons(s, "fd-1", "2021-01-01")).toEqual([
      { organizationId: "site", role: "liaison", personId: "lia" },
      { organizationId: "site", role: "instructor", dispatchedBy: "department" }
    ])
    expect(instructorsAndLiaisons(s, "fd-1", "2021-07-01")).toEqual([{ organizationId: "site", role: "liaison", personId: "lia" }])
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
    ["attending an organization that does not exist", new StartAttendance({ date: d("2020-02-01"), memberId: "li", organizationId: "nowhere" }), "organization.unknown"],
    ["recording an act of an organization that does not exist", new RecordAction({ date: d("2020-02-01"), organizationId: "nowhere", memberId: "li", action: "discipline" }), "organization.unknown"],
    ["recording an act towards an unregistered member", new RecordAction({ date: d("2020-02-01"), organizationId: "mid", memberId: "nobody", action: "duesCollection" }), "member.unknown"]
  ]
  it.each(cases)("rejects %s, citing its clause, and changes nothing", (_name, event, code) => {
    const before = encode(base)
    const r = applyEvent(base, event, national)
    expect(Either.isLeft(r) && r.left.code).toBe(code)
    expect(Either.isLeft(r) && r.left.citation.document.length > 0).toBe(true)
    expect(encode(base)).toEqual(before)
  })

  it("refuses a transfer dated before the last one: it would leave two homes and lose the later move (issue 14 item 10)", () => {
    const s = run([
      org("2020-01-01", "a", "committee"), org("2020-01-01", "b", "committee"), org("2020-01-01", "c", "committee"),
      new Register({ date: d("2021-01-10"), memberId: "m", homeOrganizationId: "a", status: "full", mobile: false, pocket: false }),
      new TransferHome({ date: d("2022-01-01"), memberId: "m", organizationId: "b" })
    ])
    const before = encode(s)
    const r = applyEvent(s, new TransferHome({ date: d("2021-06-01"), memberId: "m", organizationId: "c" }), national)
    expect(Either.isLeft(r) && r.left.code).toBe("history.backdated")
    expect(Either.isLeft(r) && r.left.entities).toEqual(["m", "b", "c"])
    expect(Either.isLeft(r) && r.left.citation.section).toBe("structure history")
    expect(encode(s)).toEqual(before)
    // the history as recorded: one home on every date, the move to b kept
    const m = s.members[0]!
    expect(homesOn(m, "2021-07-01")).toEqual(["a"])
    expect(homesOn(m, "2022-01-01")).toEqual(["b"])
    // a transfer on or after the last one is recorded as before
    const later = Either.getOrThrow(applyEvent(s, new TransferHome({ date: d("2022-03-01"), memberId: "m", organizationId: "c" }), national))
    expect([homesOn(later.members[0]!, "2022-02-28"), homesOn(later.members[0]!, "2022-03-01")]).toEqual([["b"], ["c"]])
  })

  describe("refuses every other event dated before a record it contradicts", () => {
    const s = run([
      org("2020-01-01", "top", "committee"),
      org("2020-01-01", "x", "committee"),
      org("2020-01-01", "y", "committee"),
      org("2020-01-01", "site", "branch", { reportsTo: "top", projectIds: ["p"] }),
      org("2020-01-01", "gone", "branch", { reportsTo: "top" }),
      new Register({ date: d("2021-01-01"), memberId: "li", homeOrganizationId: "top", status: "candidate", mobile: false, pocket: false }),
      new StartAttendance({ date: d("2021-03-01"), memberId: "li", organizationId: "site" }),
      new ChangeStatus({ date: d("2021-05-01"), memberId: "li", status: "probationary", decidedBy: "site" }),
      new Appoint({ date: d("2021-04-01"), organizationId: "site", role: "secretary", personId: "wang", end: false }),
      new Relate({ date: d("2021-06-01"), kind: "pairing", from: "site", to: "x", tasks: [] }),
      new Relate({ date: d("2021-09-01"), kind: "secondSuperior", from: "x", to: "y", tasks: [] }),
      new Relate({ date: d("2021-09-01"), kind: "reportsTo", from: "y", to: "top", tasks: [] }),
      new Relate({ date: d("2021-10-01"), kind: "secondSuperior", from: "site", to: "x", tasks: [] }),
      new Dissolve({ date: d("2021-08-01"), organizationId: "gone" })
    ])
    const cases: ReadonlyArray<[string, StructureEvent]> = [
      ["ending an attendance before it began", new EndAttendance({ date: d("2021-02-01"), memberId: "li", organizationId: "site" })],
      ["a stage dated before the last one", new ChangeStatus({ date: d("2021-04-01"), memberId: "li", status: "full" })],
      ["ending an appointment before it began", new Appoint({ date: d("2021-03-01"), organizationId: "site", role: "secretary", personId: "wang", end: true })],
      ["ending a relation before it began", new EndRelation({ date: d("2021-05-01"), kind: "pairing", from: "site", to: "x" })],
      ["dissolving an organization before its later records", new Dissolve({ date: d("2021-05-01"), organizationId: "x" })],
      ["a record of a member before the registration", new RecordAction({ date: d("2020-06-01"), organizationId: "top", memberId: "li", action: "duesCollection" })],
      ["attending an organization dissolved later, from before its dissolution", new StartAttendance({ date: d("2021-07-01"), memberId: "li", organizationId: "gone" })],
      ["appointing in an organization dissolved later", new Appoint({ date: d("2021-07-01"), organizationId: "gone", role: "deputy", personId: "zhao", end: false })],
      ["relating to an organization dissolved later", new Relate({ date: d("2021-07-01"), kind: "guidance", from: "x", to: "gone", tasks: [] })]
    ]
    it.each(cases)("%s", (_name, event) => {
      const before = encode(s)
      const r = applyEvent(s, event, national)
      expect(Either.isLeft(r) && r.left.code).toBe("history.backdated")
      expect(encode(s)).toEqual(before)
    })

    it("a leadership line dated before later ones may not close a cycle or add a third superior with them", () => {
      // y reports to top from 2021-09-01, x is under y from 2021-09-01; site reports to top, and is under x from 2021-10-01
      const cycle = applyEvent(s, new Relate({ date: d("2021-08-01"), kind: "secondSuperior", from: "top", to: "x", tasks: [] }), national)
      expect(Either.isLeft(cycle) && [cycle.left.code, cycle.left.text.en]).toEqual(["leadership.cycle", "top under x would make the leadership lines a cycle from 2021-09-01"])
      const third = applyEvent(s, new Relate({ date: d("2021-08-15"), kind: "secondSuperior", from: "site", to: "y", tasks: [] }), national)
      expect(Either.isLeft(third) && third.left.code).toBe("leadership.tooManySuperiors")
      // the same relation dated after the lines it would join is judged on that date, as before
      expect(Either.isLeft(applyEvent(s, new Relate({ date: d("2021-11-01"), kind: "secondSuperior", from: "site", to: "y", tasks: [] }), national))).toBe(true)
    })
  })

  it("lets no temporary organization admit a member", () => {
    const s = run([...[org("2020-01-01", "top", "committee")], org("2020-02-01", "tmp", "branch", { temporary: true, approvedBy: "top" }),
      new Register({ date: d("2020-02-01"), memberId: "zhao", homeOrganizationId: "home", status: "candidate", mobile: false, pocket: false })])
    const r = applyEvent(s, new ChangeStatus({ date: d("2020-03-01"), memberId: "zhao", status: "probationary", decidedBy: "tmp" }), national)
    expect(Either.isLeft(r) && r.left.code).toBe("temporary.admits")
  })

  const withTemporary = run([
    org("2020-01-01", "top", "committee"),
    org("2020-01-01", "mid", "branch", { approvedBy: "top" }),
    org("2020-01-01", "team", "group", { approvedBy: "mid" }),
    org("2020-02-01", "tmp", "branch", { temporary: true, approvedBy: "top", projectIds: ["p"] }),
    new Register({ date: d("2020-02-01"), memberId: "zhao", homeOrganizationId: "mid", status: "candidate", mobile: false, pocket: false })
  ])

  it("lets an organization admit only if its kind is one of the policy's admittingKinds (the pipeline's rule, Constitution Art. 5)", () => {
    for (const [by, code] of [["team", "kind.admits"], ["top", "kind.admits"], ["tmp", "temporary.admits"]] as const) {
      const r = applyEvent(withTemporary, new ChangeStatus({ date: d("2020-03-01"), memberId: "zhao", status: "probationary", decidedBy: by }), national)
      expect(Either.isLeft(r) && r.left).toMatchObject({ code, entities: ["zhao", by] })
    }
    const kind = applyEvent(withTemporary, new ChangeStatus({ date: d("2020-03-01"), memberId: "zhao", status: "probationary", decidedBy: "team" }), national)
    expect(Either.isLeft(kind) && kind.left.citation).toMatchObject({ document: "cpc-constitution", section: "Art. 5" })
    // a local policy inherits the national admittingKinds
    const local = applyEvent(withTemporary, new ChangeStatus({ date: d("2020-03-01"), memberId: "zhao", status: "probationary", decidedBy: "team" }), policies.shanghaiSite)
    expect(Either.isLeft(local) && local.left.code).toBe("kind.admits")
    const ok = Either.getOrThrow(applyEvent(withTemporary, new ChangeStatus({ date: d("2020-03-01"), memberId: "zhao", status: "probationary", decidedBy: "mid" }), national))
    expect(ok.members.find((m) => m.id === "zhao")!.statuses.at(-1)).toMatchObject({ status: "probationary", decidedBy: "mid" })
  })

  it("lets no temporary organization discipline a member or collect dues (Branch Work Regulations Art. 6), and records them elsewhere", () => {
    const before = encode(withTemporary)
    for (const [action, code] of [["discipline", "temporary.disciplines"], ["duesCollection", "temporary.collectsDues"]] as const) {
      const r = applyEvent(withTemporary, new RecordAction({ date: d("2020-03-01"), organizationId: "tmp", memberId: "zhao", action }), national)
      expect(Either.isLeft(r) && r.left).toMatchObject({ code, entities: ["tmp", "zhao"], citation: { document: "cpc-branch-regulations-2018", section: "Art. 6" } })
    }
    expect(encode(withTemporary)).toEqual(before)
    const s = Either.getOrThrow(replay([
      new RecordAction({ date: d("2020-03-01"), organizationId: "mid", memberId: "zhao", action: "duesCollection" }),
      new RecordAction({ date: d("2020-05-01"), organizationId: "mid", memberId: "zhao", action: "discipline" })
    ], national, withTemporary))
    expect(s.actions.map((a) => [a.action, a.organizationId, a.memberId, a.date])).toEqual([["duesCollection", "mid", "zhao", "2020-03-01"], ["discipline", "mid", "zhao", "2020-05-01"]])
    expect(asOf(s, "2020-04-01").actions.map((a) => a.action)).toEqual(["duesCollection"])
  })

  it("keeps the units an organization serves and its committee members", () => {
    const s = run([
      new Establish({ date: d("2020-01-01"), organization: { id: "site", name: "site", kind: "branch", temporary: false, projectIds: ["p"], unitIds: ["contractor", "owner"] } }),
      new Appoint({ date: d("2020-01-01"), organizationId: "site", role: "committeeMember", personId: "qian", end: false })
    ])
    const site = s.organizations[0]!
    expect(site.unitIds).toEqual(["contractor", "owner"])
    expect(site.appointments.map((a) => [a.role, a.personId])).toEqual([["committeeMember", "qian"]])
  })

  it("decodes data written before units, committee members and actions existed", () => {
    const old = {
      organizations: [{ id: "b", name: "b", kind: "branch", temporary: false, projectIds: [], establishedOn: "2020-01-01", appointments: [] }],
      relations: [], members: [], projects: []
    }
    const s = Schema.decodeUnknownSync(Structure)(old)
    expect(s.organizations[0]!.unitIds).toEqual([])
    expect(s.actions).toEqual([])
    const e = Schema.decodeUnknownSync(Establish)({ _tag: "Establish", date: "2020-01-01", organization: { id: "b", name: "b", kind: "branch", temporary: false } })
    expect(Either.getOrThrow(applyEvent(emptyStructure, e, national)).organizations[0]!.unitIds).toEqual([])
  })
})

// ------------------------------------------------------------------------------ invariants, one per code

const on = d("2021-01-01")
const O = (id: string, fields: Partial<ConstructorParameters<typeof StructureOrganization>[0]> = {}) =>
  new StructureOrganization({ id, name: id, kind: "branch", temporary: false, projectIds: [], establishedOn: d("2020-01-01"), appointments: [], ...fields })
const secretary = (personId = "sec") => new Appointment({ role: "secretary", personId, from: d("2020-01-01") })
const R = (kind: "reportsTo" | "secondSuperior", from: string, to: string) => new Relation({ kind, from, to, validFrom: d("2020-01-01"), tasks: [] })
const M = (id: string, homes: ReadonlyArray<readonly [string, string, string?]>, statuses: ReadonlyArray<readonly [string, string, string?]> = [["full", "2020-01-01"]]) =>
  new StructureMember({
    id, attendance: [], mobile: false, pocket: false,
    homes: homes.map(([organizationId, from, to]) => new HomePeriod({ organizationId, from: d(from), ...(to === undefined ? {} : { to: d(to) }) })),
    statuses: statuses.map(([status, from, decidedBy]) => new StatusChange({ status: status as "full", from: d(from), ...(decidedBy === undefined ? {} : { decidedBy }) }))
  })
const S = (parts: Partial<ConstructorParameters<typeof Structure>[0]>) => new Structure({ organizations: [], relations: [], members: [], projects: [], actions: [], ...parts })
const temporarySite = (id: string, fields: Partial<ConstructorParameters<typeof StructureOrganization>[0]> = {}) =>
  O(id, { temporary: true, approvedBy: "top", appointments: [secretary()], ...fields })

describe("checkInvariants finds each broken rule, with its entities and citation", () => {
  const cases: ReadonlyArray<[string, Structure, ReadonlyArray<string>, string, string, typeof national?]> = [
    ["leadership.cycle", S({ organizations: [O("a"), O("b")], relations: [R("reportsTo", "a", "b"), R("secondSuperior", "b", "a")] }), ["a", "b"], "seed-000-expo", "§二(三)"],
    ["leadership.tooManySuperiors", S({ organizations: ["x", "a", "b", "c"].map((id) => O(id)), relations: [R("reportsTo", "x", "a"), R("secondSuperior", "x", "b"), R("secondSuperior", "x", "c")] }), ["x", "a", "b", "c"], "seed-000-expo", "§二(三)"],
    ["member.noHome", S({ members: [M("li", [["h", "2020-01-01", "2020-06-30"]])] }), ["li"], "cpc-mobile-members-2006", "§二"],
    ["member.twoHomes", S({ members: [M("li", [["h1", "2020-01-01"], ["h2", "2020-03-01"]])] }), ["li", "h1", "h2"], "cpc-mobile-members-2006", "§二"],
    ["temporary.outlivesProject", S({ organizations: [temporarySite("t", { projectIds: ["p"] })], projects: [new StructureProject({ id: "p", completedOn: d("2020-12-01") })] }), ["t", "p"], "cpc-branch-regulations-2018", "Art. 6"],
    ["temporary.noApprovingSuperior", S({ organizations: [O("t", { temporary: true, appointments: [secretary()] })] }), ["t"], "cpc-branch-regulations-2018", "Art. 6"],
    ["committee.missing", S({ organizations: [O("b")], members: Array.from({ length: 7 }, (_, k) => M(`m${k}`, [["b", "2020-01-01"]])) }), ["b"], "cpc-branch-regulations-2018", "Ch. 6"],
    ["temporary.admitted", S({ organizations: [temporarySite("t")], members: [M("li", [["h", "2020-01-01"]], [["candidate", "2020-01-01"], ["probationary", "2020-06-01", "t"]])] }), ["li", "t"], "cpc-branch-regulations-2018", "Art. 6"],
    ["kind.admitted", S({ organizations: [O("g", { kind: "group" })], members: [M("li", [["h", "2020-01-01"]], [["candidate", "2020-01-01"], ["probationary", "2020-06-01", "g"]])] }), ["li", "g"], "cpc-constitution", "Art. 5"],
    ["kind.admitted", S({ organizations: [O("w", { kind: "workGroup" })], members: [M("li", [["h", "2020-01-01"]], [["candidate", "2020-01-01"], ["probationary", "2020-06-01", "w"]])] }), ["li", "w"], "cpc-constitution", "Art. 5", policies.shanghaiSite],
    ["temporary.disciplined", S({ organizations: [temporarySite("t")], members: [M("li", [["h", "2020-01-01"]])], actions: [new OrganizationAction({ action: "discipline", organizationId: "t", memberId: "li", date: d("2020-09-01") })] }), ["t", "li"], "cpc-branch-regulations-2018", "Art. 6"],
    ["temporary.collectedDues", S({ organizations: [temporarySite("t")], members: [M("li", [["h", "2020-01-01"]])], actions: [new OrganizationAction({ action: "duesCollection", organizationId: "t", memberId: "li", date: d("2020-09-01") })] }), ["t", "li"], "cpc-branch-regulations-2018", "Art. 6"],
    ["secretary.missing", S({ organizations: [O("t", { temporary: true, approvedBy: "top" })] }), ["t"], "cpc-branch-regulations-2018", "Art. 6"],
    ["secretary.missing", S({ organizations: [O("site", { projectIds: ["p"] })], projects: [new StructureProject({ id: "p" })] }), ["site", "p"], "seed-000-site", "§四(二)"],
    ["massWork.missing", S({ organizations: [O("site", { kind: "generalBranch", projectIds: ["p"], committeeSince: d("2020-02-01"), appointments: [secretary()] })], projects: [new StructureProject({ id: "p" })] }), ["site"], "seed-000-site", "§二(二)", policies.shanghaiSite]
  ]
  it.each(cases)("%s", (code, s, entities, document, section, policy = national) => {
    const found = checkInvariants(s, policy, on)
    expect(found.map((v) => v.code)).toEqual([code])
    expect(found[0]!.entities).toEqual(entities)
    expect(found[0]!.citation).toMatchObject({ document, section })
    expect(found[0]!.text.zh.length > 0 && found[0]!.text.en.length > 0).toBe(true)
  })

  it("asks for the mass-work member only where the policy does, of a site branch with a committee, and not once one is appointed", () => {
    const site = (appointments: ReadonlyArray<Appointment>, committee = true) =>
      S({ organizations: [O("site", { projectIds: ["p"], appointments: [secretary(), ...appointments], ...(committee ? { committeeSince: d("2020-02-01") } : {}) })], projects: [new StructureProject({ id: "p" })] })
    const codes = (s: Structure, policy = policies.shanghaiSite) => checkInvariants(s, policy, on).map((v) => v.code)
    expect(codes(site([]))).toEqual(["massWork.missing"])
    expect(codes(site([new Appointment({ role: "massWorkMember", personId: "wu", from: d("2020-02-01") })]))).toEqual([])
    // appointed after the date, or ended before it: still missing on the date
    expect(codes(site([new Appointment({ role: "massWorkMember", personId: "wu", from: d("2021-02-01") })]))).toEqual(["massWork.missing"])
    expect(codes(site([new Appointment({ role: "massWorkMember", personId: "wu", from: d("2020-02-01"), to: d("2020-12-31") })]))).toEqual(["massWork.missing"])
    expect(codes(site([]), national)).toEqual([])
    // no committee (fewer than 7 full members): no committee member to dedicate
    expect(codes(site([], false))).toEqual([])
    expect(codes(S({ organizations: [O("plain", { committeeSince: d("2020-02-01") })] }))).toEqual([])
  })

  it("asks every organization serving a project for a secretary on the date, whatever the policy", () => {
    const site = (appointments: ReadonlyArray<Appointment>, dissolvedOn?: IsoDate) =>
      S({ organizations: [O("site", { projectIds: ["p"], appointments, ...(dissolvedOn === undefined ? {} : { dissolvedOn }) })], projects: [new StructureProject({ id: "p" })] })
    for (const policy of [national, policies.langshanStreet, policies.fudingSite2020]) {
      expect(checkInvariants(site([]), policy, on).map((v) => v.code)).toEqual(["secretary.missing"])
      expect(checkInvariants(site([secretary()]), policy, on)).toEqual([])
      expect(checkInvariants(site([new Appointment({ role: "secretary", personId: "sec", from: d("2020-01-01"), to: d("2020-10-01") })]), policy, on).map((v) => v.code)).toEqual(["secretary.missing"])
      // not alive on the date: nothing to ask
      expect(checkInvariants(site([], d("2020-06-30")), policy, on)).toEqual([])
    }
  })
})

// ------------------------------------------------------------------------------------------- properties

/** What an event of a random history is made of. */
type EventRow = { readonly kind: number; readonly a: number; readonly b: number; readonly m: number; readonly temporary: boolean; readonly status: number }
const eventRow = (kinds: number) => ({
  kind: fc.nat(kinds),
  a: fc.nat(7),
  b: fc.nat(7),
  m: fc.nat(9),
  temporary: fc.boolean(),
  status: fc.nat(4)
})

/**
 * The event of a row on a date, on a small world (8 organizations, 10 members, 3 projects). Kinds 0-10 are
 * the ones of {@link arbHistory}; 11-14 (a primary line, ending a second superior, ending an appointment,
 * electing a committee) come up in {@link arbAnyOrder}.
 */
const eventOf = (r: EventRow, day: IsoDate): StructureEvent => {
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
      case 10: return new RecordAction({ date: day, organizationId: o(r.a), memberId: mem, action: r.temporary ? "discipline" : "duesCollection" })
      case 11: return new Relate({ date: day, kind: "reportsTo", from: o(r.a), to: o(r.b), tasks: [] })
      case 12: return new EndRelation({ date: day, kind: "secondSuperior", from: o(r.a), to: o(r.b) })
      case 13: return new Appoint({ date: day, organizationId: o(r.a), role: "secretary", personId: mem, end: true })
      case 14: return new ElectCommittee({ date: day, organizationId: o(r.a) })
      default: return new Appoint({ date: day, organizationId: o(r.a), role: "secretary", personId: mem, end: false })
    }
}

/** A random history: mostly valid events on a small world, dated in order. */
const arbHistory = fc.array(fc.record({ ...eventRow(10), days: fc.integer({ min: 0, max: 40 }) }), { minLength: 5, maxLength: 60 }).map((rows) => {
  let day = isoDate("2020-01-01")
  return rows.map((r): StructureEvent => {
    day = isoDate(new Date(Date.parse(day) + r.days * 86_400_000).toISOString().slice(0, 10))
    return eventOf(r, day)
  })
})

/**
 * A random history appended in any order of dates: each event dated anywhere in a year and a half, so that
 * events come back-dated before others (a transfer before the last one, a relation before later ones, a
 * dissolution before later records).
 */
const arbAnyOrder = fc.array(fc.record({ ...eventRow(14), at: fc.integer({ min: 0, max: 540 }) }), { minLength: 5, maxLength: 80 })
  .map((rows) => rows.map((r) => eventOf(r, isoDate(addDay("2020-01-01", r.at)))))

/** Every date a structure records, and the day after each: where its periods begin and end. */
const recordedDates = (s: Structure): ReadonlyArray<IsoDate> => {
  const dates = new Set<string>()
  const add = (x: string | undefined) => {
    if (x === undefined) return
    dates.add(x)
    dates.add(addDay(x))
  }
  for (const o of s.organizations) {
    add(o.establishedOn), add(o.dissolvedOn), add(o.committeeSince), add(o.converted?.on)
    for (const a of o.appointments) add(a.from), add(a.to)
  }
  for (const r of s.relations) add(r.validFrom), add(r.validTo)
  for (const m of s.members) {
    for (const h of m.homes) add(h.from), add(h.to)
    for (const a of m.attendance) add(a.from), add(a.to)
    for (const x of m.statuses) add(x.from)
  }
  for (const p of s.projects) add(p.completedOn)
  for (const a of s.actions) add(a.date)
  return [...dates].sort().map((x) => isoDate(x))
}

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

const EVENT_ENFORCED = new Set([
  "member.noHome", "member.twoHomes", "leadership.cycle", "leadership.tooManySuperiors", "temporary.noApprovingSuperior", "temporary.admitted", "kind.admitted",
  "temporary.disciplined", "temporary.collectedDues"
])

const aliveOn = (o: StructureOrganization, date: string) => o.establishedOn <= date && (o.dissolvedOn === undefined || date <= o.dissolvedOn)

/**
 * An event that the structure must refuse, of one of several kinds, and the code it must be refused with: a
 * duplicate id, an unknown organization, member, relation, appointment or project, a skipped stage, a cycle, an
 * organization keeping members' homes dissolved, a conversion target the policy lacks, an act a temporary
 * organization may not do, an admission by a kind that may not admit.
 */
const invalidEvent = (s: Structure, date: IsoDate, kind: number, pick: number): readonly [StructureEvent, string] => {
  const orgs = s.organizations
  // alive and not dissolved later: an open record at an organization dissolved on the event's date is refused as
  // history.backdated before any other check, which would hide the code each kind is meant to produce
  const alive = orgs.filter((o) => aliveOn(o, date) && o.dissolvedOn === undefined)
  const pickOf = <A>(xs: ReadonlyArray<A>) => (xs.length === 0 ? undefined : xs[pick % xs.length])
  const ghost = new Relate({ date, kind: "guidance", from: "ghost", to: "ghost-too", tasks: [] })
  switch (kind) {
    case 0: {
      const o = pickOf(orgs)
      return o === undefined
        ? [org(date, "fresh", "branch", { temporary: true }), "temporary.noApprovingSuperior"]
        : [org(date, o.id, "branch"), "organization.exists"]
    }
    case 1: return [ghost, "organization.unknown"]
    case 2: {
      const m = pickOf(s.members)
      return m === undefined
        ? [new TransferHome({ date, memberId: "ghost", organizationId: "o1" }), "member.unknown"]
        : [new Register({ date, memberId: m.id, homeOrganizationId: "o1", status: "full", mobile: false, pocket: false }), "member.exists"]
    }
    case 3: return [new StartAttendance({ date, memberId: "ghost", organizationId: "o1" }), "member.unknown"]
    case 4: return [new EndRelation({ date, kind: "pairing", from: "ghost", to: "o1" }), "relation.unknown"]
    case 5: {
      const m = pickOf(s.members)
      return m === undefined
        ? [new ChangeStatus({ date, memberId: "ghost", status: "full" }), "member.unknown"]
        : [new ChangeStatus({ date, memberId: m.id, status: m.statuses.at(-1)!.status }), "status.order"]
    }
    case 6: return [new CompleteProject({ date, projectId: "p-ghost" }), "project.unknown"]
    case 7: {
      const o = pickOf(alive)
      return o === undefined ? [ghost, "organization.unknown"] : [new Convert({ date, organizationId: o.id, target: "moon" }), "convert.target"]
    }
    case 8: {
      const o = pickOf(alive)
      return o === undefined ? [ghost, "organization.unknown"] : [new Relate({ date, kind: "secondSuperior", from: o.id, to: o.id, tasks: [] }), "leadership.cycle"]
    }
    case 9: {
      const o = pickOf(alive.filter((x) => s.members.some((m) => m.homes.some((h) => h.organizationId === x.id && h.to === undefined))))
      return o === undefined ? [new Dissolve({ date, organizationId: "ghost" }), "organization.unknown"] : [new Dissolve({ date, organizationId: o.id }), "dissolve.membersAtHome"]
    }
    case 10: {
      const o = pickOf(alive.filter((x) => x.temporary))
      const m = pickOf(s.members)
      return o === undefined || m === undefined
        ? [new RecordAction({ date, organizationId: "ghost", memberId: "ghost", action: "discipline" }), "organization.unknown"]
        : pick % 2 === 0
          ? [new RecordAction({ date, organizationId: o.id, memberId: m.id, action: "discipline" }), "temporary.disciplines"]
          : [new RecordAction({ date, organizationId: o.id, memberId: m.id, action: "duesCollection" }), "temporary.collectsDues"]
    }
    case 11: {
      const o = pickOf(alive.filter((x) => x.kind === "committee"))
      const m = pickOf(s.members.filter((x) => x.statuses.at(-1)!.status === "candidate"))
      return o === undefined || m === undefined
        ? [new Appoint({ date, organizationId: "ghost", role: "secretary", personId: "ghost", end: false }), "organization.unknown"]
        : [new ChangeStatus({ date, memberId: m.id, status: "probationary", decidedBy: o.id }), "kind.admits"]
    }
    default: {
      const o = pickOf(alive)
      return o === undefined
        ? [new Appoint({ date, organizationId: "ghost", role: "secretary", personId: "ghost", end: true }), "organization.unknown"]
        : [new Appoint({ date, organizationId: o.id, role: "deputy", personId: "ghost", end: true }), "appointment.unknown"]
    }
  }
}

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

  it("histories appended in any order of dates keep every rule that events enforce, on every date they record", () => {
    const codes = new Set<string>()
    fc.assert(fc.property(arbAnyOrder, (events) => {
      let s = emptyStructure
      for (const e of events) {
        const r = applyEvent(s, e, national)
        if (Either.isRight(r)) s = r.right
        else codes.add(r.left.code)
      }
      for (const date of recordedDates(s)) {
        const found = checkInvariants(s, national, date).filter((v) => EVENT_ENFORCED.has(v.code))
        expect(found.map((v) => `${date} ${v.code} ${v.entities.join(",")}`)).toEqual([])
      }
      // every period ends on or after it begins
      for (const m of s.members) for (const p of [...m.homes, ...m.attendance]) expect(p.to === undefined || p.to >= p.from).toBe(true)
      for (const o of s.organizations) for (const a of o.appointments) expect(a.to === undefined || a.to >= a.from).toBe(true)
      for (const r of s.relations) expect(r.validTo === undefined || r.validTo >= r.validFrom).toBe(true)
    }), { numRuns: 400 })
    // back-dated events came up and were refused
    expect(codes.has("history.backdated")).toBe(true)
  })

  it("an invalid event is rejected with its code and a citation, and leaves the structure unchanged", () => {
    const seen = new Set<string>()
    // every history starts with a committee, a temporary branch under it and a candidate, so that the kinds of
    // invalidity that need them come up
    const start: ReadonlyArray<StructureEvent> = [
      org("2020-01-01", "o1", "committee"),
      org("2020-01-01", "o2", "branch", { temporary: true, approvedBy: "o1", projectIds: ["p0"] }),
      new Register({ date: d("2020-01-01"), memberId: "m1", homeOrganizationId: "o1", status: "candidate", mobile: false, pocket: false })
    ]
    fc.assert(fc.property(arbHistory, fc.nat(12), fc.nat(1000), (history, kind, pick) => {
      const events = [...start, ...history]
      const { s, accepted } = applyAll(events)
      const before = encode(s)
      const date = events[events.length - 1]!.date
      const [event, code] = invalidEvent(s, date, kind, pick)
      const r = applyEvent(s, event, national)
      expect(Either.isLeft(r) && r.left.code).toBe(code)
      const rejection = (r as Either.Left<Rejection, Structure>).left
      expect(rejection.citation.document.length > 0 && rejection.citation.section.length > 0).toBe(true)
      expect(rejection.entities.length).toBeGreaterThan(0)
      expect(encode(s)).toEqual(before)
      // replaying the history with it stops at it, with the same rejection
      const replayed = replay([...accepted, event], national)
      expect(Either.isLeft(replayed) && [replayed.left.index, replayed.left.rejection.code]).toEqual([accepted.length, code])
      seen.add(code)
    }), { numRuns: 300 })
    // the runs covered several kinds of invalidity (those needing no particular state always come up; the others
    // come with the histories that make them possible)
    expect([...seen]).toEqual(expect.arrayContaining(["organization.unknown", "member.unknown", "relation.unknown", "project.unknown", "organization.exists", "member.exists", "status.order"]))
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
    projects: s.projects.filter((p) => served.has(p.id)).map((p) => new StructureProject({ id: p.id, ...(p.completedOn !== undefined && p.completedOn <= date ? { completedOn: p.completedOn } : {}) })),
    actions: s.actions.filter((a) => a.date <= date)
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
