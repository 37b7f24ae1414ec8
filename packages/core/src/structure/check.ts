/**
 * Checking a whole structure at a date, queries of it, and the proposal of what a project's completion
 * changes.
 *
 * @module
 */
import { Schema } from "effect"
import type { IsoDate } from "../model/primitives.js"
import type { Policy } from "../policy/policy.js"
import { RuleBreachFields, STRUCTURE_CITATIONS, breach } from "./apply.js"
import { Convert, Dissolve, EndAttendance, holdsOn } from "./model.js"
import type { Relation, Structure, StructureEvent, StructureMember, StructureOrganization } from "./model.js"

/** One broken rule of a structure at a date. */
export class Violation extends Schema.Class<Violation>("Violation")(RuleBreachFields) {}

const violation = breach(Violation)

const aliveOn = (o: StructureOrganization, date: string) => o.establishedOn <= date && (o.dissolvedOn === undefined || date <= o.dissolvedOn)
const relOn = (r: Relation, date: string) => holdsOn({ from: r.validFrom, to: r.validTo }, date)
const isLeadership = (r: Relation) => r.kind === "reportsTo" || r.kind === "secondSuperior"

/** Indexes of a structure at a date, shared by the checks and the queries. */
const indexOn = (s: Structure, date: string) => {
  const orgs = new Map(s.organizations.filter((o) => aliveOn(o, date)).map((o) => [o.id, o]))
  const up = new Map<string, Array<Relation>>()
  const down = new Map<string, Array<Relation>>()
  for (const r of s.relations) {
    if (!relOn(r, date)) continue
    if (isLeadership(r)) {
      const u = up.get(r.from)
      if (u === undefined) up.set(r.from, [r])
      else u.push(r)
      const dn = down.get(r.to)
      if (dn === undefined) down.set(r.to, [r])
      else dn.push(r)
    }
  }
  return { orgs, up, down }
}

/** The home organizations of a member on a date (should be exactly one). */
export const homesOn = (m: StructureMember, date: string) => m.homes.filter((h) => holdsOn(h, date)).map((h) => h.organizationId)
/** The site organizations a member attends on a date. */
export const attendedOn = (m: StructureMember, date: string) => m.attendance.filter((a) => holdsOn(a, date)).map((a) => a.organizationId)
/** A member's status on a date. */
export const statusOn = (m: StructureMember, date: string) => [...m.statuses].reverse().find((x) => x.from <= date)?.status

/**
 * Every violation of the structure's rules on a date, each with its code, the entities involved and the
 * clause it cites: a member with no or two home organizations; a leadership cycle; more than two superiors;
 * a temporary organization without an approving superior, or alive after its projects ended; a temporary
 * organization that admitted a member; a branch of `branchCommitteeMinFullMembers` full members without a
 * committee; a temporary organization without a secretary.
 */
export const checkInvariants = (s: Structure, policy: Policy, date: IsoDate): ReadonlyArray<Violation> => {
  const C = STRUCTURE_CITATIONS
  const out: Array<Violation> = []
  const { orgs, up } = indexOn(s, date)
  // homes
  const fullByAttendedOrHome = new Map<string, number>()
  for (const m of s.members) {
    if (m.statuses[0]!.from > date) continue
    const homes = homesOn(m, date)
    if (homes.length === 0) out.push(violation("member.noHome", [m.id], C.home, `党员${m.id}在${date}没有组织关系所在的党组织`, `member ${m.id} has no home organization on ${date}`))
    if (homes.length > 1) out.push(violation("member.twoHomes", [m.id, ...homes], C.home, `党员${m.id}在${date}同时有${homes.length}个组织关系`, `member ${m.id} has ${homes.length} home organizations on ${date}`))
    if (statusOn(m, date) === "full") {
      for (const o of new Set([...homes, ...attendedOn(m, date)])) fullByAttendedOrHome.set(o, (fullByAttendedOrHome.get(o) ?? 0) + 1)
    }
    for (const st of m.statuses) {
      if (st.status !== "probationary" || st.decidedBy === undefined || st.from > date) continue
      const by = s.organizations.find((o) => o.id === st.decidedBy)
      if (by?.temporary === true && policy.parameters.find((p) => p.key === "temporaryMayAdmit")?.value !== true) {
        out.push(violation("temporary.admitted", [m.id, by.id], C.temporary, `临时党组织${by.id}发展了党员${m.id}`, `temporary organization ${by.id} admitted ${m.id}`))
      }
    }
  }
  // leadership: more than two superiors, cycles
  for (const [id, rs] of up) {
    if (!orgs.has(id)) continue
    if (rs.length > 2) out.push(violation("leadership.tooManySuperiors", [id, ...rs.map((r) => r.to)], C.dualLeadership, `${id}有${rs.length}个上级`, `${id} has ${rs.length} superiors`))
  }
  const state = new Map<string, 1 | 2>()
  const reported = new Set<string>()
  const visit = (id: string, path: Array<string>) => {
    state.set(id, 1)
    path.push(id)
    for (const r of up.get(id) ?? []) {
      if (state.get(r.to) === 1) {
        const cycle = path.slice(path.indexOf(r.to))
        const key = [...cycle].sort().join("|")
        if (!reported.has(key)) {
          reported.add(key)
          out.push(violation("leadership.cycle", cycle, C.dualLeadership, `领导关系形成循环:${cycle.join(" → ")}`, `leadership lines form a cycle: ${cycle.join(" → ")}`))
        }
      } else if (state.get(r.to) === undefined) visit(r.to, path)
    }
    path.pop()
    state.set(id, 2)
  }
  for (const id of up.keys()) if (state.get(id) === undefined) visit(id, [])
  // organizations
  const completed = new Map(s.projects.filter((p) => p.completedOn !== undefined && p.completedOn <= date).map((p) => [p.id, p.completedOn!]))
  const committeeMin = policy.parameters.find((p) => p.key === "branchCommitteeMinFullMembers")?.value
  for (const o of orgs.values()) {
    if (o.temporary) {
      if (o.approvedBy === undefined) out.push(violation("temporary.noApprovingSuperior", [o.id], C.temporary, `临时党组织${o.id}没有批准成立的上级`, `temporary organization ${o.id} has no approving superior`))
      const ended = o.projectIds.filter((p) => completed.has(p))
      if (o.projectIds.length > 0 && ended.length === o.projectIds.length && o.converted === undefined && (o.dissolvedOn === undefined || o.dissolvedOn > date)) {
        out.push(violation("temporary.outlivesProject", [o.id, ...ended], C.temporary, `临时党组织${o.id}的项目已竣工,组织仍存续`, `temporary organization ${o.id} is alive after its project(s) ended`))
      }
      if (!o.appointments.some((a) => a.role === "secretary" && holdsOn(a, date))) {
        out.push(violation("secretary.missing", [o.id], C.secretary, `临时党组织${o.id}没有书记`, `temporary organization ${o.id} has no secretary`))
      }
    }
    const full = fullByAttendedOrHome.get(o.id) ?? 0
    const isBranch = o.kind === "branch" || o.kind === "jointBranch" || o.kind === "combinedBranch"
    if (isBranch && typeof committeeMin === "number" && full >= committeeMin && (o.committeeSince === undefined || o.committeeSince > date)) {
      out.push(violation("committee.missing", [o.id], C.committee, `${o.id}有${full}名正式党员,未设支部委员会`, `${o.id} has ${full} full members and no committee`))
    }
  }
  return out
}

// ------------------------------------------------------------------------------------------------ queries

/** Relations by the organization they start from and end at, built once per (immutable) structure. */
const relationIndex = new WeakMap<Structure, { readonly from: ReadonlyMap<string, ReadonlyArray<Relation>>; readonly to: ReadonlyMap<string, ReadonlyArray<Relation>>; readonly byProject: ReadonlyMap<string, ReadonlyArray<StructureOrganization>> }>()
const indexOf = (s: Structure) => {
  let ix = relationIndex.get(s)
  if (ix === undefined) {
    const from = new Map<string, Array<Relation>>()
    const to = new Map<string, Array<Relation>>()
    for (const r of s.relations) {
      const f = from.get(r.from)
      if (f === undefined) from.set(r.from, [r])
      else f.push(r)
      const t = to.get(r.to)
      if (t === undefined) to.set(r.to, [r])
      else t.push(r)
    }
    const byProject = new Map<string, Array<StructureOrganization>>()
    for (const o of s.organizations) {
      for (const p of o.projectIds) {
        const l = byProject.get(p)
        if (l === undefined) byProject.set(p, [o])
        else l.push(o)
      }
    }
    ix = { from, to, byProject }
    relationIndex.set(s, ix)
  }
  return ix
}

/** The superiors of an organization on a date: its primary line and, under dual leadership, the second. */
export const superiorsOf = (s: Structure, id: string, date: string): ReadonlyArray<{ readonly id: string; readonly kind: "reportsTo" | "secondSuperior" }> =>
  (indexOf(s).from.get(id) ?? []).filter((r) => isLeadership(r) && relOn(r, date)).map((r) => ({ id: r.to, kind: r.kind as "reportsTo" | "secondSuperior" }))

/** The chain from an organization to the root along the primary lines (`reportsTo`) on a date. */
export const chainToRoot = (s: Structure, id: string, date: string): ReadonlyArray<string> => {
  const chain = [id]
  const seen = new Set(chain)
  for (let cur = id; ;) {
    const next = (indexOf(s).from.get(cur) ?? []).find((r) => r.kind === "reportsTo" && relOn(r, date))?.to
    if (next === undefined || seen.has(next)) return chain
    chain.push(next)
    seen.add(next)
    cur = next
  }
}

/** An organization and every organization under it (both lines of leadership) on a date. */
export const subtreeOf = (s: Structure, id: string, date: string): ReadonlySet<string> => {
  const { to } = indexOf(s)
  const out = new Set([id])
  const stack = [id]
  while (stack.length > 0) {
    for (const r of to.get(stack.pop()!) ?? []) {
      if (isLeadership(r) && relOn(r, date) && !out.has(r.from)) (out.add(r.from), stack.push(r.from))
    }
  }
  return out
}

/** Members under dual management on a date: attending a site organization other than their home. */
export const dualManaged = (s: Structure, date: string) =>
  s.members.flatMap((m) => {
    const home = homesOn(m, date)[0]
    const attended = attendedOn(m, date).filter((o) => o !== home)
    return home !== undefined && attended.length > 0 ? [{ memberId: m.id, home, attended }] : []
  })

/** Members attending no organization's life on a date (the "blank spots" among people): mobile or pocket members without a site, by default all. */
export const attendingNothing = (s: Structure, date: string, opts: { readonly mobileOrPocketOnly?: boolean } = {}) =>
  s.members.filter((m) => m.statuses[0]!.from <= date && attendedOn(m, date).length === 0 && (opts.mobileOrPocketOnly !== true || m.mobile || m.pocket)).map((m) => m.id)

/** Mobile and pocket members by the site organization they attend on a date. */
export const mobileAndPocketBySite = (s: Structure, date: string): ReadonlyMap<string, { readonly mobile: ReadonlyArray<string>; readonly pocket: ReadonlyArray<string> }> => {
  const out = new Map<string, { mobile: Array<string>; pocket: Array<string> }>()
  for (const m of s.members) {
    if (!m.mobile && !m.pocket) continue
    for (const o of attendedOn(m, date)) {
      const e = out.get(o) ?? { mobile: [], pocket: [] }
      if (m.mobile) e.mobile.push(m.id)
      if (m.pocket) e.pocket.push(m.id)
      out.set(o, e)
    }
  }
  return out
}

/** The organizations serving a project on a date. */
export const organizationsServingProject = (s: Structure, projectId: string, date: string): ReadonlyArray<StructureOrganization> =>
  (indexOf(s).byProject.get(projectId) ?? []).filter((o) => aliveOn(o, date))

/** Instructors and liaisons appointed in the organizations serving a project on a date. */
export const instructorsAndLiaisons = (s: Structure, projectId: string, date: string) =>
  organizationsServingProject(s, projectId, date).flatMap((o) =>
    o.appointments.filter((a) => (a.role === "instructor" || a.role === "liaison") && holdsOn(a, date)).map((a) => ({ organizationId: o.id, role: a.role, personId: a.personId })))

/** Temporary organizations alive on a date whose projects have all been completed by then. */
export const dueToDissolve = (s: Structure, date: string): ReadonlyArray<string> => {
  const completed = new Set(s.projects.filter((p) => p.completedOn !== undefined && p.completedOn <= date).map((p) => p.id))
  // not yet dissolved by the date (an organization dissolved that very day is no longer due)
  const pending = (o: StructureOrganization) => o.establishedOn <= date && (o.dissolvedOn === undefined || o.dissolvedOn > date)
  return s.organizations.filter((o) => o.temporary && pending(o) && o.converted === undefined && o.projectIds.length > 0 && o.projectIds.every((p) => completed.has(p))).map((o) => o.id)
}

// ------------------------------------------------------------------------------------------------ lifecycle

/**
 * What completing a project changes, as events to inspect before applying (after a `CompleteProject`):
 * each temporary organization serving only finished projects is dissolved, its members' attendance ending
 * with it (dissolving ends attendance), unless the policy converts project organizations (Langshan's
 * `conversionTargets`): then it is converted into the first target instead, a choice the caller may change.
 * Organizations that still keep members' formal membership are listed in `blocked`, not dissolved.
 */
export const completionProposal = (s: Structure, projectId: string, date: IsoDate, policy: Policy): {
  readonly events: ReadonlyArray<StructureEvent>
  readonly blocked: ReadonlyArray<string>
} => {
  const targets = policy.parameters.find((p) => p.key === "conversionTargets")?.value
  const convertTo = Array.isArray(targets) && typeof targets[0] === "string" ? targets[0] : undefined
  const done = new Set(s.projects.filter((p) => p.completedOn !== undefined && p.completedOn <= date).map((p) => p.id))
  done.add(projectId)
  const events: Array<StructureEvent> = []
  const blocked: Array<string> = []
  for (const o of organizationsServingProject(s, projectId, date)) {
    if (!o.projectIds.every((p) => done.has(p))) continue
    if (convertTo !== undefined) {
      if (o.converted === undefined) events.push(new Convert({ date, organizationId: o.id, target: convertTo }))
      continue
    }
    if (!o.temporary) continue
    if (s.members.some((m) => m.homes.some((h) => h.organizationId === o.id && h.to === undefined))) {
      blocked.push(o.id)
      continue
    }
    for (const m of s.members) {
      if (m.attendance.some((a) => a.organizationId === o.id && a.to === undefined)) events.push(new EndAttendance({ date, memberId: m.id, organizationId: o.id }))
    }
    events.push(new Dissolve({ date, organizationId: o.id }))
  }
  return { events, blocked }
}
