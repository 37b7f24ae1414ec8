/**
 * Applying events to the structure. An event either yields the new structure or a typed {@link Rejection}
 * naming the rule it breaks, with its citation; a rejected event changes nothing. `replay` applies a whole
 * history; `asOf` gives the structure at a date.
 *
 * @module
 */
import { Either, Schema } from "effect"
import { Citation } from "../explain/explanation.js"
import { trusted } from "../internal/trusted.js"
import { Id, Label } from "../model/primitives.js"
import type { IsoDate } from "../model/primitives.js"
import { MemberStatuses, OrganizationKinds } from "../model/vocabulary.js"
import type { MemberStatus } from "../model/vocabulary.js"
import { admissionBar, admissionRuleOf } from "../membership/pipeline.js"
import { cite } from "../policy/sources.js"
import type { Policy } from "../policy/policy.js"
import {
  Appointment, AttendancePeriod, HomePeriod, OrganizationAction, Relation, StatusChange, Structure, StructureMember, StructureOrganization,
  StructureProject, emptyStructure, holdsOn
} from "./model.js"
import { policyValue } from "../rules/read.js"
import type { StructureEvent } from "./model.js"

/** What a broken structural rule says: its code, the entities involved, the clause, a message in both languages. */
export const RuleBreachFields = {
  code: Schema.String,
  /** The ids of the organizations, members or projects involved. */
  entities: Schema.Array(Id),
  citation: Citation,
  text: Label
}

/** Builds a rule breach of the given class (a rejected event or a violation found by a check). */
export const breach = <A>(make: new (fields: { code: string; entities: ReadonlyArray<string>; citation: Citation; text: Label }, options?: typeof trusted) => A) =>
  (code: string, entities: ReadonlyArray<string>, citation: Citation, zh: string, en: string): A =>
    new make({ code, entities: [...entities], citation, text: new Label({ zh, en }, trusted) }, trusted)

/** Why an event was refused. */
export class Rejection extends Schema.Class<Rejection>("Rejection")(RuleBreachFields) {}

const reject = breach(Rejection)

/** The clauses structural rules cite. */
export const STRUCTURE_CITATIONS = {
  temporary: cite("cpc-branch-regulations-2018", "Art. 6", "a temporary branch is approved by a superior, admits no members, collects no dues, and ends with its task"),
  dualLeadership: cite("seed-000-expo", "§二(三)", "dual leadership: the dispatching unit's organization and the bureau's committee — two superiors, not more"),
  home: cite("cpc-mobile-members-2006", "§二", "a member's organizational relationship is kept by one organization; mobile members attend where they work with it unchanged"),
  pipeline: cite("cpc-recruitment-rules-2014", "Ch. 2-6", "applicant → activist → candidate → probationary → full, in order"),
  committee: cite("cpc-branch-regulations-2018", "Ch. 6", "a branch of 7 or more full members elects a committee"),
  secretary: cite("cpc-branch-regulations-2018", "Art. 6", "a temporary organization's secretary is appointed by the approving organization"),
  siteSecretary: cite("seed-000-site", "§四(二)", "四同步: the site organization is set up and its secretary appointed at the same time as the project (同步建立工地党组织、同步配备党组织书记)"),
  massWork: cite("seed-000-site", "§二(二)", "工地党(总)支部中应设置一名支(总)部委员专门负责群众工作"),
  admission: cite("cpc-constitution", "Art. 5", "admission goes through a branch: only the kinds in the policy's admittingKinds admit (rule national.pipeline.admitting)"),
  conversion: cite("seed-001", "§二 三是", "竣工后,项目党建要转化为商圈党建、楼宇党建、社区党建"),
  integrity: cite("redsite-assumption", "structure records", "ids are unique; what an event names must exist and be alive on its date"),
  history: cite("redsite-assumption", "structure history",
    "the structure must be valid on every date, not only on the latest: an event dated before what is already recorded may not contradict it (code history.backdated)")
} as const

/** A structure being changed, with indexes; made from and frozen into a {@link Structure}. */
class Draft {
  readonly orgs = new Map<string, StructureOrganization>()
  readonly members = new Map<string, StructureMember>()
  readonly projects = new Map<string, StructureProject>()
  relations: Array<Relation> = []
  actions: Array<OrganizationAction> = []

  static of(s: Structure): Draft {
    const d = new Draft()
    for (const o of s.organizations) d.orgs.set(o.id, o)
    for (const m of s.members) d.members.set(m.id, m)
    for (const p of s.projects) d.projects.set(p.id, p)
    d.relations = [...s.relations]
    d.actions = [...s.actions]
    return d
  }

  freeze(): Structure {
    return new Structure({
      organizations: [...this.orgs.values()],
      relations: this.relations,
      members: [...this.members.values()],
      projects: [...this.projects.values()],
      actions: this.actions
    }, trusted)
  }

  alive(id: string, date: string): StructureOrganization | undefined {
    const o = this.orgs.get(id)
    return o !== undefined && o.establishedOn <= date && (o.dissolvedOn === undefined || date <= o.dissolvedOn) ? o : undefined
  }

  /** Superiors of `id` on `date` (reportsTo and secondSuperior). */
  superiors(id: string, date: string): ReadonlyArray<Relation> {
    return this.relations.filter((r) => r.from === id && (r.kind === "reportsTo" || r.kind === "secondSuperior") && holdsOn({ from: r.validFrom, to: r.validTo }, date))
  }

  /**
   * The dates on which the leadership lines may first break a rule when a relation is added from `date` on:
   * `date` itself and every later start of a leadership relation (lines only gain relations at their starts,
   * so a cycle or a third superior appears, if ever, on one of these dates).
   */
  leadershipDatesFrom(date: string): ReadonlyArray<string> {
    const dates = new Set([date])
    for (const r of this.relations) if ((r.kind === "reportsTo" || r.kind === "secondSuperior") && r.validFrom > date) dates.add(r.validFrom)
    return [...dates].sort()
  }

  /** Whether `ancestor` is reached from `id` going up the leadership lines on `date`. */
  reaches(id: string, ancestor: string, date: string): boolean {
    const seen = new Set<string>()
    const stack = [id]
    while (stack.length > 0) {
      const x = stack.pop()!
      if (x === ancestor) return true
      if (seen.has(x)) continue
      seen.add(x)
      for (const r of this.superiors(x, date)) stack.push(r.to)
    }
    return false
  }
}

const setMember = (d: Draft, m: StructureMember, patch: Partial<typeof StructureMember.Type>) =>
  d.members.set(m.id, new StructureMember({ ...m, ...patch }, trusted))
const setOrg = (d: Draft, o: StructureOrganization, patch: Partial<typeof StructureOrganization.Type>) =>
  d.orgs.set(o.id, new StructureOrganization({ ...o, ...patch }, trusted))
const close = <A extends { readonly from: string; readonly to?: string | undefined }>(p: A, date: string, make: (x: A & { to: string }) => A): A =>
  p.to === undefined ? make({ ...p, to: date } as A & { to: string }) : p

/** The calendar day before a date. */
const dayBefore = (date: IsoDate): IsoDate => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10) as IsoDate

/**
 * A record of an organization that begins or ends after `date` (an appointment, a relation, a member's home or
 * attendance there, an act, its committee or conversion), or `undefined`: what a dissolution dated `date`
 * would contradict.
 */
const laterRecordOf = (d: Draft, o: StructureOrganization, date: string): { readonly on: string; readonly entities: ReadonlyArray<string>; readonly what: { zh: string; en: string } } | undefined => {
  const after = (x: string | undefined) => x !== undefined && x > date
  for (const a of o.appointments) {
    if (after(a.from) || after(a.to)) return { on: after(a.from) ? a.from : a.to!, entities: [a.personId], what: { zh: `任职${a.role}`, en: `${a.role} appointment` } }
  }
  if (after(o.committeeSince)) return { on: o.committeeSince!, entities: [], what: { zh: "选举支部委员会", en: "committee elected" } }
  if (after(o.converted?.on)) return { on: o.converted!.on, entities: [], what: { zh: "转化", en: "conversion" } }
  for (const r of d.relations) {
    if ((r.from === o.id || r.to === o.id) && (after(r.validFrom) || after(r.validTo))) {
      return { on: after(r.validFrom) ? r.validFrom : r.validTo!, entities: [r.from === o.id ? r.to : r.from], what: { zh: `${r.kind}关系`, en: `${r.kind} relation` } }
    }
  }
  for (const m of d.members.values()) {
    for (const h of m.homes) {
      if (h.organizationId === o.id && (after(h.from) || after(h.to))) return { on: after(h.from) ? h.from : h.to!, entities: [m.id], what: { zh: "党员组织关系", en: "a member's home" } }
    }
    for (const a of m.attendance) {
      if (a.organizationId === o.id && (after(a.from) || after(a.to))) return { on: after(a.from) ? a.from : a.to!, entities: [m.id], what: { zh: "参加组织生活", en: "attendance" } }
    }
  }
  for (const a of d.actions) {
    if (a.organizationId === o.id && after(a.date)) return { on: a.date, entities: [a.memberId], what: { zh: a.action, en: a.action } }
  }
  return undefined
}

/**
 * Checks an event against the draft and applies it; returns a rejection (and leaves the draft as it was)
 * when the event breaks a rule.
 */
const step = (d: Draft, e: StructureEvent, policy: Policy): Rejection | undefined => {
  const C = STRUCTURE_CITATIONS
  const missingOrg = (id: string) => reject("organization.unknown", [id], C.integrity, `组织${id}不存在或在${e.date}已不存续`, `organization ${id} does not exist or is not alive on ${e.date}`)
  const missingMember = (id: string) => reject("member.unknown", [id], C.integrity, `党员${id}未登记`, `member ${id} is not registered`)
  /** An event dated before a record it would contradict: the structure of some date would break a rule. */
  const backdated = (entities: ReadonlyArray<string>, zh: string, en: string) =>
    reject("history.backdated", entities, C.history, `${e._tag}(${e.date}):${zh}`, `${e._tag} on ${e.date}: ${en}`)
  /** An organization of the structure dissolved on or after the event's date: an open record there would outlive it. */
  const dissolvedLater = (id: string) => {
    const o = d.orgs.get(id)
    return o?.dissolvedOn !== undefined
      ? backdated([id], `${id}已于${o.dissolvedOn}撤销,不能在此之前新增持续至今的记录`, `${id} was dissolved on ${o.dissolvedOn}: a record open from an earlier date would outlive it`)
      : undefined
  }
  /** A member's record dated before the member was registered. */
  const beforeRegistration = (m: StructureMember) => {
    const registered = m.statuses[0]!.from
    return e.date < registered
      ? backdated([m.id], `党员${m.id}于${registered}才登记`, `member ${m.id} was registered only on ${registered}`)
      : undefined
  }
  switch (e._tag) {
    case "Establish": {
      const o = e.organization
      if (d.orgs.has(o.id)) return reject("organization.exists", [o.id], C.integrity, `组织${o.id}已存在`, `organization ${o.id} already exists`)
      const superior = e.reportsTo ?? o.approvedBy
      if (o.temporary && o.approvedBy === undefined) {
        return reject("temporary.noApprovingSuperior", [o.id], C.temporary, `临时党组织${o.id}须经上级党组织批准成立`, `temporary organization ${o.id} needs a superior that approves it`)
      }
      if (o.approvedBy !== undefined && d.alive(o.approvedBy, e.date) === undefined) return missingOrg(o.approvedBy)
      if (superior !== undefined && d.alive(superior, e.date) === undefined) return missingOrg(superior)
      if (superior !== undefined) {
        const later = dissolvedLater(superior)
        if (later !== undefined) return later
      }
      d.orgs.set(o.id, new StructureOrganization({
        id: o.id, name: o.name, kind: o.kind, temporary: o.temporary, projectIds: o.projectIds, unitIds: o.unitIds ?? [], establishedOn: e.date,
        ...(o.approvedBy === undefined ? {} : { approvedBy: o.approvedBy }), appointments: []
      }, trusted))
      for (const p of o.projectIds) if (!d.projects.has(p)) d.projects.set(p, new StructureProject({ id: p }, trusted))
      if (superior !== undefined) d.relations.push(new Relation({ kind: "reportsTo", from: o.id, to: superior, validFrom: e.date, tasks: [] }, trusted))
      return undefined
    }
    case "Appoint": {
      const o = d.alive(e.organizationId, e.date)
      if (o === undefined) return missingOrg(e.organizationId)
      if (e.end) {
        const i = o.appointments.findIndex((a) => a.role === e.role && a.personId === e.personId && a.to === undefined)
        if (i < 0) return reject("appointment.unknown", [o.id, e.personId], C.integrity, `${e.personId}未担任${e.role}`, `${e.personId} holds no ${e.role} appointment in ${o.id}`)
        const from = o.appointments[i]!.from
        if (e.date < from) return backdated([o.id, e.personId], `该任职自${from}起,不能在此之前结束`, `the appointment began on ${from} and cannot end before it`)
        setOrg(d, o, { appointments: o.appointments.map((a, k) => (k === i ? new Appointment({ ...a, to: e.date }, trusted) : a)) })
        return undefined
      }
      const later = dissolvedLater(o.id)
      if (later !== undefined) return later
      setOrg(d, o, { appointments: [...o.appointments, new Appointment({ role: e.role, personId: e.personId, from: e.date }, trusted)] })
      return undefined
    }
    case "ElectCommittee": {
      const o = d.alive(e.organizationId, e.date)
      if (o === undefined) return missingOrg(e.organizationId)
      setOrg(d, o, { committeeSince: e.date })
      return undefined
    }
    case "Relate": {
      if (d.alive(e.from, e.date) === undefined) return missingOrg(e.from)
      if (d.alive(e.to, e.date) === undefined) return missingOrg(e.to)
      const later = dissolvedLater(e.from) ?? dissolvedLater(e.to)
      if (later !== undefined) return later
      if (e.kind === "reportsTo" || e.kind === "secondSuperior") {
        // on the event's date, and on every later date a leadership line begins (a relation dated before
        // later ones must not make a cycle or a third superior with them)
        for (const on of d.leadershipDatesFrom(e.date)) {
          const when = on === e.date ? "" : `(自${on}起)`
          const whenEn = on === e.date ? "" : ` from ${on}`
          if (d.reaches(e.to, e.from, on)) {
            return reject("leadership.cycle", [e.from, e.to], C.dualLeadership, `${e.from}隶属${e.to}将形成领导关系循环${when}`, `${e.from} under ${e.to} would make the leadership lines a cycle${whenEn}`)
          }
          const current = d.superiors(e.from, on)
          if (current.length >= 2) {
            return reject("leadership.tooManySuperiors", [e.from, ...current.map((r) => r.to), e.to], C.dualLeadership, `${e.from}已有两个上级党组织${when}`, `${e.from} already has two superiors${whenEn}`)
          }
          if (e.kind === "reportsTo" && current.some((r) => r.kind === "reportsTo")) {
            return reject("leadership.twoPrimaryLines", [e.from, e.to], C.dualLeadership, `${e.from}已有主要隶属关系,第二上级应记为双重领导${when}`, `${e.from} already reports to an organization${whenEn}; a second superior is a secondSuperior relation`)
          }
        }
      }
      d.relations.push(new Relation({ kind: e.kind, from: e.from, to: e.to, validFrom: e.date, ...(e.pairingForm === undefined ? {} : { pairingForm: e.pairingForm }), tasks: e.tasks }, trusted))
      return undefined
    }
    case "EndRelation": {
      const i = d.relations.findIndex((r) => r.kind === e.kind && r.from === e.from && r.to === e.to && r.validTo === undefined)
      if (i < 0) return reject("relation.unknown", [e.from, e.to], C.integrity, `没有进行中的${e.kind}关系`, `no current ${e.kind} relation from ${e.from} to ${e.to}`)
      const from = d.relations[i]!.validFrom
      if (e.date < from) return backdated([e.from, e.to], `该关系自${from}起,不能在此之前结束`, `the relation began on ${from} and cannot end before it`)
      d.relations[i] = new Relation({ ...d.relations[i]!, validTo: e.date }, trusted)
      return undefined
    }
    case "Register": {
      if (d.members.has(e.memberId)) return reject("member.exists", [e.memberId], C.integrity, `党员${e.memberId}已登记`, `member ${e.memberId} is already registered`)
      if (d.orgs.get(e.homeOrganizationId)?.temporary === true) {
        return reject("home.temporary", [e.memberId, e.homeOrganizationId], C.temporary, `临时党组织${e.homeOrganizationId}不接收组织关系`, `temporary organization ${e.homeOrganizationId} does not keep members' formal membership`)
      }
      if (d.orgs.has(e.homeOrganizationId)) {
        // a home in the structure: alive on the date, and not dissolved later (Dissolve refuses an organization keeping homes)
        if (d.alive(e.homeOrganizationId, e.date) === undefined) return missingOrg(e.homeOrganizationId)
        const later = dissolvedLater(e.homeOrganizationId)
        if (later !== undefined) return later
      }
      d.members.set(e.memberId, new StructureMember({
        id: e.memberId, homes: [new HomePeriod({ organizationId: e.homeOrganizationId, from: e.date }, trusted)], attendance: [],
        mobile: e.mobile, pocket: e.pocket, statuses: [new StatusChange({ status: e.status, from: e.date }, trusted)]
      }, trusted))
      return undefined
    }
    case "TransferHome": {
      const m = d.members.get(e.memberId)
      if (m === undefined) return missingMember(e.memberId)
      const current = m.homes.find((h) => h.to === undefined)
      if (current?.organizationId === e.organizationId) return reject("home.same", [m.id, e.organizationId], C.home, `组织关系已在${e.organizationId}`, `the membership is already kept by ${e.organizationId}`)
      const target = d.orgs.get(e.organizationId)
      if (target !== undefined && target.temporary) {
        return reject("home.temporary", [m.id, e.organizationId], C.temporary, `临时党组织${e.organizationId}不接收组织关系`, `temporary organization ${e.organizationId} does not keep members' formal membership`)
      }
      const early = beforeRegistration(m)
      if (early !== undefined) return early
      // a transfer dated before the current home began would leave the member two homes (the earlier one closed
      // later) and lose the later transfer: record transfers in the order they happened
      if (current !== undefined && e.date < current.from) {
        return backdated([m.id, current.organizationId, e.organizationId],
          `组织关系已于${current.from}转入${current.organizationId},不能再记一次更早的转移`,
          `the membership moved to ${current.organizationId} on ${current.from}: a transfer dated before it would leave two homes and lose that move`)
      }
      if (target !== undefined) {
        if (d.alive(target.id, e.date) === undefined) return missingOrg(target.id)
        const later = dissolvedLater(target.id)
        if (later !== undefined) return later
      }
      // one home at a time: the old one's last day is the day before (a home begun that same day is replaced)
      const before = dayBefore(e.date)
      setMember(d, m, {
        homes: [
          ...m.homes.flatMap((h) => (h.to !== undefined ? [h] : h.from > before ? [] : [new HomePeriod({ ...h, to: before }, trusted)])),
          new HomePeriod({ organizationId: e.organizationId, from: e.date }, trusted)
        ]
      })
      return undefined
    }
    case "StartAttendance": {
      const m = d.members.get(e.memberId)
      if (m === undefined) return missingMember(e.memberId)
      if (d.alive(e.organizationId, e.date) === undefined) return missingOrg(e.organizationId)
      if (m.attendance.some((a) => a.organizationId === e.organizationId && a.to === undefined)) {
        return reject("attendance.exists", [m.id, e.organizationId], C.integrity, `已在${e.organizationId}参加组织生活`, `${m.id} already attends ${e.organizationId}`)
      }
      const early = beforeRegistration(m) ?? dissolvedLater(e.organizationId)
      if (early !== undefined) return early
      const overlapping = m.attendance.find((a) => a.organizationId === e.organizationId && a.to !== undefined && a.to >= e.date)
      if (overlapping !== undefined) {
        return backdated([m.id, e.organizationId], `${m.id}在${e.organizationId}参加组织生活至${overlapping.to}`, `${m.id} attended ${e.organizationId} until ${overlapping.to}: a new attendance must begin after it`)
      }
      setMember(d, m, { attendance: [...m.attendance, new AttendancePeriod({ organizationId: e.organizationId, from: e.date }, trusted)] })
      return undefined
    }
    case "EndAttendance": {
      const m = d.members.get(e.memberId)
      if (m === undefined) return missingMember(e.memberId)
      const open = m.attendance.find((a) => a.organizationId === e.organizationId && a.to === undefined)
      if (open === undefined) {
        return reject("attendance.unknown", [m.id, e.organizationId], C.integrity, `未在${e.organizationId}参加组织生活`, `${m.id} does not attend ${e.organizationId}`)
      }
      if (e.date < open.from) return backdated([m.id, e.organizationId], `该组织生活自${open.from}起,不能在此之前结束`, `the attendance began on ${open.from} and cannot end before it`)
      setMember(d, m, { attendance: m.attendance.map((a) => (a.organizationId === e.organizationId && a.to === undefined ? new AttendancePeriod({ ...a, to: e.date }, trusted) : a)) })
      return undefined
    }
    case "ChangeStatus": {
      const m = d.members.get(e.memberId)
      if (m === undefined) return missingMember(e.memberId)
      const last = m.statuses[m.statuses.length - 1]!
      const current = last.status
      if (e.date < last.from) {
        return backdated([m.id], `党员${m.id}自${last.from}起为${MemberStatuses.label(current)},不能在此之前改变`, `member ${m.id} has been ${current} since ${last.from}: a change dated before it would reorder the stages`)
      }
      const rank = (s: MemberStatus) => MemberStatuses.values.indexOf(s)
      if (rank(e.status) !== rank(current) + 1) {
        return reject("status.order", [m.id], C.pipeline, `不能从${MemberStatuses.label(current)}直接变为${MemberStatuses.label(e.status)}`, `cannot go from ${current} to ${e.status}: stages follow one another`)
      }
      if (e.status === "probationary" && e.decidedBy !== undefined) {
        const by = d.alive(e.decidedBy, e.date)
        if (by === undefined) return missingOrg(e.decidedBy)
        const rule = admissionRuleOf(policy)
        const bar = admissionBar(rule, by)
        if (bar === "kind") {
          return reject("kind.admits", [m.id, by.id], rule.citation, `${by.id}(${OrganizationKinds.label(by.kind, "zh")})不是可以发展党员的组织类别`, `${by.id} (${OrganizationKinds.label(by.kind, "en")}) is not a kind of organization that admits members`)
        }
        if (bar === "temporary") {
          return reject("temporary.admits", [m.id, by.id], C.temporary, `临时党组织${by.id}一般不发展党员`, `temporary organization ${by.id} does not admit members`)
        }
      }
      setMember(d, m, { statuses: [...m.statuses, new StatusChange({ status: e.status, from: e.date, ...(e.decidedBy === undefined ? {} : { decidedBy: e.decidedBy }) }, trusted)] })
      return undefined
    }
    case "Dissolve": {
      const o = d.alive(e.organizationId, e.date)
      if (o === undefined) return missingOrg(e.organizationId)
      const homed = [...d.members.values()].filter((m) => m.homes.some((h) => h.organizationId === o.id && h.to === undefined)).map((m) => m.id)
      if (homed.length > 0) {
        return reject("dissolve.membersAtHome", [o.id, ...homed], C.home, `${o.id}仍保管${homed.length}名党员的组织关系,须先转出`, `${o.id} still keeps the membership of ${homed.length} member(s): transfer them first`)
      }
      const later = laterRecordOf(d, o, e.date)
      if (later !== undefined) {
        return backdated([o.id, ...later.entities], `${o.id}在${later.on}仍有记录(${later.what.zh}),不能在此之前撤销`, `${o.id} has a record on ${later.on} (${later.what.en}): it cannot be dissolved before it`)
      }
      setOrg(d, o, { dissolvedOn: e.date, appointments: o.appointments.map((a) => close(a, e.date, (x) => new Appointment(x, trusted))) })
      d.relations = d.relations.map((r) => ((r.from === o.id || r.to === o.id) && r.validTo === undefined ? new Relation({ ...r, validTo: e.date }, trusted) : r))
      for (const m of d.members.values()) {
        if (m.attendance.some((a) => a.organizationId === o.id && a.to === undefined)) {
          setMember(d, m, { attendance: m.attendance.map((a) => (a.organizationId === o.id && a.to === undefined ? new AttendancePeriod({ ...a, to: e.date }, trusted) : a)) })
        }
      }
      return undefined
    }
    case "CompleteProject": {
      const p = d.projects.get(e.projectId)
      if (p === undefined) return reject("project.unknown", [e.projectId], C.integrity, `项目${e.projectId}不在组织结构中`, `project ${e.projectId} is served by no organization`)
      if (p.completedOn !== undefined) return reject("project.completed", [p.id], C.integrity, `项目${p.id}已于${p.completedOn}竣工`, `project ${p.id} was completed on ${p.completedOn}`)
      d.projects.set(p.id, new StructureProject({ id: p.id, completedOn: e.date }, trusted))
      return undefined
    }
    case "Convert": {
      const o = d.alive(e.organizationId, e.date)
      if (o === undefined) return missingOrg(e.organizationId)
      const targets = policyValue(policy, "conversionTargets", "list")
      if (!Array.isArray(targets) || !targets.includes(e.target)) {
        return reject("convert.target", [o.id], C.conversion, `${e.target}不是政策${policy.id}规定的转化方向`, `${e.target} is not a conversion target of policy ${policy.id}`)
      }
      if (o.converted !== undefined) return reject("convert.done", [o.id], C.integrity, `${o.id}已于${o.converted.on}转化`, `${o.id} was converted on ${o.converted.on}`)
      setOrg(d, o, { converted: { on: e.date, target: e.target } })
      return undefined
    }
    case "RecordAction": {
      const o = d.alive(e.organizationId, e.date)
      if (o === undefined) return missingOrg(e.organizationId)
      const member = d.members.get(e.memberId)
      if (member === undefined) return missingMember(e.memberId)
      const early = beforeRegistration(member)
      if (early !== undefined) return early
      if (o.temporary) {
        return e.action === "discipline"
          ? reject("temporary.disciplines", [o.id, e.memberId], C.temporary, `临时党组织${o.id}一般不处分处置党员`, `temporary organization ${o.id} does not discipline members`)
          : reject("temporary.collectsDues", [o.id, e.memberId], C.temporary, `临时党组织${o.id}一般不收缴党费`, `temporary organization ${o.id} does not collect dues`)
      }
      d.actions.push(new OrganizationAction({ action: e.action, organizationId: o.id, memberId: e.memberId, date: e.date }, trusted))
      return undefined
    }
  }
}

/**
 * Applies one event: the new structure, or the rejection (the structure is unchanged).
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { Establish, applyEvent, emptyStructure, isoDate, policies } from "@redsite/core"
 * const r = applyEvent(emptyStructure, new Establish({ date: isoDate("2021-01-01"),
 *   organization: { id: "street", name: "街道党工委", kind: "workingCommittee", temporary: false, projectIds: [] } }), policies.national)
 * ```
 */
export const applyEvent = (s: Structure, e: StructureEvent, policy: Policy): Either.Either<Structure, Rejection> => {
  const d = Draft.of(s)
  const r = step(d, e, policy)
  return r === undefined ? Either.right(d.freeze()) : Either.left(r)
}

/** A rejected event of a history, with its position. */
export interface ReplayFailure {
  readonly index: number
  readonly rejection: Rejection
}

/** Applies a history of events in order (in one draft, linear in its length); stops at the first rejection. */
export const replay = (events: ReadonlyArray<StructureEvent>, policy: Policy, from: Structure = emptyStructure): Either.Either<Structure, ReplayFailure> => {
  const d = Draft.of(from)
  for (let i = 0; i < events.length; i++) {
    const r = step(d, events[i]!, policy)
    if (r !== undefined) return Either.left({ index: i, rejection: r })
  }
  return Either.right(d.freeze())
}

/** A period of a record: `from` (inclusive), `to` (inclusive) when it has ended. */
type Period = { readonly from: string; readonly to?: string | undefined }

/** Whether a period began, and any end came, by `date`. */
const doneBy = (p: Period, date: string): boolean => p.from <= date && (p.to === undefined || p.to <= date)

/** Whether every period and status of a member began, and any end came, by `date` (then as-of keeps it as is). */
const settledBy = (m: StructureMember, date: string): boolean => {
  for (const h of m.homes) if (!doneBy(h, date)) return false
  for (const a of m.attendance) if (!doneBy(a, date)) return false
  for (const x of m.statuses) if (x.from > date) return false
  return true
}

/**
 * Whether a period reads on `date` exactly as it is: begun by then, and either ended by then or open with
 * no `to` key at all (a record holding an explicit `to: undefined` is re-made without it, as before).
 */
const readsAsIs = (p: Period, date: string): boolean => p.from <= date && (p.to === undefined ? !Object.hasOwn(p, "to") : p.to <= date)

/** The empty list, shared (frozen) by every record of which nothing had begun by the date. */
const none: ReadonlyArray<never> = Object.freeze([])

/**
 * The periods begun by `date`, each as it read then. A period that reads the same is kept (the record
 * itself, and the array itself when all of them do); only one whose end came later is re-made, open, by
 * `reopen` — so a reconstruction builds nothing for the history that had already settled.
 */
const periodsAsOf = <P extends Period>(ps: ReadonlyArray<P>, date: string, reopen: (p: P) => P): ReadonlyArray<P> => {
  if (ps.every((p) => readsAsIs(p, date))) return ps
  const out: Array<P> = []
  for (const p of ps) if (p.from <= date) out.push(readsAsIs(p, date) ? p : reopen(p))
  return out.length === 0 ? none : out
}

/** The records as they read on a date (kept as they are when nothing of them is later: `same`). */
const keptOrMade = <A>(xs: ReadonlyArray<A>, begun: (x: A) => boolean, same: (x: A) => boolean, make: (x: A) => A): Array<A> => {
  const out: Array<A> = []
  for (const x of xs) if (begun(x)) out.push(same(x) ? x : make(x))
  return out
}

const reopenHome = (h: HomePeriod) => new HomePeriod({ organizationId: h.organizationId, from: h.from }, trusted)
const reopenAttendance = (a: AttendancePeriod) => new AttendancePeriod({ organizationId: a.organizationId, from: a.from }, trusted)
const reopenAppointment = (a: Appointment) => new Appointment({ role: a.role, personId: a.personId, from: a.from }, trusted)

/**
 * The structure as it stood on a date: organizations set up by then (dissolved only if they were by then),
 * relations, homes, attendance and appointments begun by then (closed only if they had ended), statuses
 * reached by then, projects completed by then, actions recorded by then. Later history is dropped.
 *
 * A record whose whole history had happened by the date is the same record in the result (records are
 * immutable, so the result shares them with `s`); of the others only the periods that ended later are
 * re-made, and arrays in which nothing changes are shared too. One pass over each array, no index.
 */
export const asOf = (s: Structure, date: string): Structure => {
  const by = (x: string | undefined) => x === undefined || x <= date
  const organizations = keptOrMade(
    s.organizations,
    (o) => o.establishedOn <= date,
    (o) => by(o.dissolvedOn) && by(o.committeeSince) && by(o.converted?.on) && o.appointments.every((a) => a.from <= date && by(a.to)),
    (o) => {
      const { dissolvedOn, committeeSince, converted, appointments, ...rest } = o
      return new StructureOrganization({
        ...rest,
        ...(dissolvedOn !== undefined && dissolvedOn <= date ? { dissolvedOn } : {}),
        ...(committeeSince !== undefined && committeeSince <= date ? { committeeSince } : {}),
        ...(converted !== undefined && converted.on <= date ? { converted } : {}),
        appointments: periodsAsOf(appointments, date, reopenAppointment)
      }, trusted)
    }
  )
  const served = new Set<string>()
  for (const o of organizations) for (const p of o.projectIds) served.add(p)
  const actions = s.actions.every((a) => a.date <= date) ? s.actions : s.actions.filter((a) => a.date <= date)
  return new Structure({
    organizations,
    relations: keptOrMade(s.relations, (r) => r.validFrom <= date, (r) => by(r.validTo), (r) => {
      const { validTo: _later, ...rest } = r
      return new Relation(rest, trusted)
    }),
    members: keptOrMade(s.members, (m) => m.statuses[0]!.from <= date, (m) => settledBy(m, date), (m) => {
      const statuses = m.statuses.every((x) => x.from <= date) ? m.statuses : m.statuses.filter((x) => x.from <= date)
      return new StructureMember({
        id: m.id, homes: periodsAsOf(m.homes, date, reopenHome), attendance: periodsAsOf(m.attendance, date, reopenAttendance),
        mobile: m.mobile, pocket: m.pocket, statuses
      }, trusted)
    }),
    projects: keptOrMade(
      s.projects,
      (p) => served.has(p.id),
      (p) => (p.completedOn === undefined ? !Object.hasOwn(p, "completedOn") : p.completedOn <= date),
      (p) => new StructureProject({ id: p.id, ...(p.completedOn !== undefined && p.completedOn <= date ? { completedOn: p.completedOn } : {}) }, trusted)
    ),
    actions
  }, trusted)
}
