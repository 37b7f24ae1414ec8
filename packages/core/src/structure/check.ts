/**
 * Checking a whole structure at a date, queries of it, and the proposal of what a project's completion
 * changes.
 *
 * @module
 */
import { Schema } from "effect"
import { admissionBar, admissionRuleOf } from "../membership/pipeline.js"
import type { IsoDate } from "../model/primitives.js"
import { OrganizationKinds } from "../model/vocabulary.js"
import type { Policy } from "../policy/policy.js"
import { RuleBreachFields, STRUCTURE_CITATIONS, breach } from "./apply.js"
import { Convert, Dissolve, EndAttendance, holdsOn } from "./model.js"
import { policyValue } from "../rules/read.js"
import type { Relation, Structure, StructureEvent, StructureMember, StructureOrganization } from "./model.js"

/** One broken rule of a structure at a date. */
export class Violation extends Schema.Class<Violation>("Violation")(RuleBreachFields) {}

const violation = breach(Violation)

const aliveOn = (o: StructureOrganization, date: string) => o.establishedOn <= date && (o.dissolvedOn === undefined || date <= o.dissolvedOn)
const relOn = (r: Relation, date: string) => holdsOn({ from: r.validFrom, to: r.validTo }, date)
const isLeadership = (r: Relation) => r.kind === "reportsTo" || r.kind === "secondSuperior"

/** The home organizations of a member on a date (should be exactly one). */
export const homesOn = (m: StructureMember, date: string) => m.homes.filter((h) => holdsOn(h, date)).map((h) => h.organizationId)
/** The site organizations a member attends on a date. */
export const attendedOn = (m: StructureMember, date: string) => m.attendance.filter((a) => holdsOn(a, date)).map((a) => a.organizationId)
/** A member's status on a date. */
export const statusOn = (m: StructureMember, date: string) => [...m.statuses].reverse().find((x) => x.from <= date)?.status

/** The branch kinds (党支部, 联合党支部, 兼合式党支部), which elect a committee at 7 full members. */
const BRANCH_KINDS: ReadonlySet<string> = new Set(["branch", "jointBranch", "combinedBranch"])
/** The site (general) branches that have a mass-work committee member (工地党(总)支部, seed-000 §二(二)). */
const MASS_WORK_KINDS: ReadonlySet<string> = new Set(["branch", "jointBranch", "combinedBranch", "generalBranch"])

/** Whether an appointment to a role holds on a date in an organization. */
const hasRoleOn = (o: StructureOrganization, role: string, date: string) => {
  for (const a of o.appointments) if (a.role === role && a.from <= date && (a.to === undefined || date <= a.to)) return true
  return false
}

/**
 * Every violation of the structure's rules on a date, each with its code, the entities involved and the
 * clause it cites (docs/structure.md lists them all):
 *
 * - `member.noHome`, `member.twoHomes`: a member with no or two home organizations (mobile-member rules §二);
 * - `leadership.cycle`, `leadership.tooManySuperiors`: the leadership lines loop, or an organization has more
 *   than two superiors (seed-000 §二(三));
 * - `temporary.noApprovingSuperior`, `temporary.outlivesProject`: a temporary organization without an
 *   approving superior, or alive (not converted) after all its projects ended (Branch Work Regulations Art. 6);
 * - `kind.admitted`, `temporary.admitted`: an admission (probationary status) decided by an organization of a
 *   kind not in `admittingKinds` (Constitution Art. 5, rule `national.pipeline.admitting`) or by a temporary one
 *   unless `temporaryMayAdmit`; `temporary.disciplined`, `temporary.collectedDues`: a temporary organization that
 *   disciplined a member or collected dues (Art. 6);
 * - `committee.missing`: a branch with `branchCommitteeMinFullMembers` full members (home or attending) and no
 *   committee (Regulations Ch. 6);
 * - `massWork.missing`: where the policy sets `massWorkMemberRequired`, a site (general) branch — one serving a
 *   project — that has a committee but no mass-work member appointed (seed-000 §二(二));
 * - `secretary.missing`: a temporary organization (Art. 6) or a site organization (seed-000 §四(二), the four
 *   synchronizations: the secretary is appointed with the organization) without a secretary on the date.
 *
 * One walk over each array, with the indexes built once.
 */
export const checkInvariants = (s: Structure, policy: Policy, date: IsoDate): ReadonlyArray<Violation> => {
  const C = STRUCTURE_CITATIONS
  const out: Array<Violation> = []
  // organizations by id (all of them, for the deciding organizations) and the ones alive on the date
  const byId = new Map<string, StructureOrganization>()
  const alive: Array<StructureOrganization> = []
  for (const o of s.organizations) {
    byId.set(o.id, o)
    if (aliveOn(o, date)) alive.push(o)
  }
  const up = new Map<string, Array<Relation>>()
  for (const r of s.relations) {
    if (!isLeadership(r) || !relOn(r, date)) continue
    const u = up.get(r.from)
    if (u === undefined) up.set(r.from, [r])
    else u.push(r)
  }
  const admission = admissionRuleOf(policy)
  // members: homes, full members per organization, admissions
  const fullByAttendedOrHome = new Map<string, number>()
  const bump = (o: string) => fullByAttendedOrHome.set(o, (fullByAttendedOrHome.get(o) ?? 0) + 1)
  for (const m of s.members) {
    const statuses = m.statuses
    if (statuses[0]!.from > date) continue
    let home: string | undefined
    let homes: Array<string> | undefined
    for (const h of m.homes) {
      if (h.from > date || (h.to !== undefined && h.to < date)) continue
      if (home === undefined) home = h.organizationId
      else (homes ??= [home]).push(h.organizationId)
    }
    if (home === undefined) out.push(violation("member.noHome", [m.id], C.home, `党员${m.id}在${date}没有组织关系所在的党组织`, `member ${m.id} has no home organization on ${date}`))
    else if (homes !== undefined) out.push(violation("member.twoHomes", [m.id, ...homes], C.home, `党员${m.id}在${date}同时有${homes.length}个组织关系`, `member ${m.id} has ${homes.length} home organizations on ${date}`))
    let status: string | undefined
    for (let i = statuses.length - 1; i >= 0; i--) {
      if (statuses[i]!.from <= date) {
        status = statuses[i]!.status
        break
      }
    }
    if (status === "full") {
      // each organization once: the homes, then the attended ones not among them (no allocation in the usual case)
      if (homes === undefined) {
        if (home !== undefined) bump(home)
      } else for (const o of new Set(homes)) bump(o)
      let extra: Array<string> | undefined
      for (const a of m.attendance) {
        if (a.from > date || (a.to !== undefined && a.to < date)) continue
        const o = a.organizationId
        if (o === home || (homes !== undefined && homes.includes(o)) || (extra !== undefined && extra.includes(o))) continue
        ;(extra ??= []).push(o)
        bump(o)
      }
    }
    for (const st of statuses) {
      if (st.status !== "probationary" || st.decidedBy === undefined || st.from > date) continue
      const by = byId.get(st.decidedBy)
      if (by === undefined) continue
      const bar = admissionBar(admission, by)
      if (bar === "kind") {
        out.push(violation("kind.admitted", [m.id, by.id], admission.citation, `${by.id}(${OrganizationKinds.label(by.kind, "zh")})不是可以发展党员的组织类别,却发展了党员${m.id}`, `${by.id} (${OrganizationKinds.label(by.kind, "en")}) may not admit, yet admitted ${m.id}`))
      } else if (bar === "temporary") {
        out.push(violation("temporary.admitted", [m.id, by.id], C.temporary, `临时党组织${by.id}发展了党员${m.id}`, `temporary organization ${by.id} admitted ${m.id}`))
      }
    }
  }
  // what temporary organizations may not do: discipline, collect dues
  for (const a of s.actions) {
    if (a.date > date) continue
    const by = byId.get(a.organizationId)
    if (by?.temporary !== true) continue
    out.push(a.action === "discipline"
      ? violation("temporary.disciplined", [by.id, a.memberId], C.temporary, `临时党组织${by.id}于${a.date}处分了党员${a.memberId}`, `temporary organization ${by.id} disciplined ${a.memberId} on ${a.date}`)
      : violation("temporary.collectedDues", [by.id, a.memberId], C.temporary, `临时党组织${by.id}于${a.date}收缴了党员${a.memberId}的党费`, `temporary organization ${by.id} collected ${a.memberId}'s dues on ${a.date}`))
  }
  // leadership: more than two superiors, cycles
  for (const [id, rs] of up) {
    const o = byId.get(id)
    if (o === undefined || !aliveOn(o, date)) continue
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
  const completed = new Set<string>()
  for (const p of s.projects) if (p.completedOn !== undefined && p.completedOn <= date) completed.add(p.id)
  const committeeMin = policyValue(policy, "branchCommitteeMinFullMembers", "members")
  const massWorkRequired = policyValue(policy, "massWorkMemberRequired", "flag") === true
  for (const o of alive) {
    const site = o.projectIds.length > 0
    if (o.temporary) {
      if (o.approvedBy === undefined) out.push(violation("temporary.noApprovingSuperior", [o.id], C.temporary, `临时党组织${o.id}没有批准成立的上级`, `temporary organization ${o.id} has no approving superior`))
      if (site && o.converted === undefined && (o.dissolvedOn === undefined || o.dissolvedOn > date) && o.projectIds.every((p) => completed.has(p))) {
        out.push(violation("temporary.outlivesProject", [o.id, ...o.projectIds], C.temporary, `临时党组织${o.id}的项目已竣工,组织仍存续`, `temporary organization ${o.id} is alive after its project(s) ended`))
      }
    }
    if ((o.temporary || site) && !hasRoleOn(o, "secretary", date)) {
      out.push(o.temporary
        ? violation("secretary.missing", [o.id], C.secretary, `临时党组织${o.id}没有书记`, `temporary organization ${o.id} has no secretary`)
        : violation("secretary.missing", [o.id, ...o.projectIds], C.siteSecretary, `工地党组织${o.id}没有同步配备书记`, `site organization ${o.id} has no secretary`))
    }
    const committee = o.committeeSince !== undefined && o.committeeSince <= date
    if (BRANCH_KINDS.has(o.kind) && typeof committeeMin === "number" && !committee) {
      const full = fullByAttendedOrHome.get(o.id) ?? 0
      if (full >= committeeMin) out.push(violation("committee.missing", [o.id], C.committee, `${o.id}有${full}名正式党员,未设支部委员会`, `${o.id} has ${full} full members and no committee`))
    }
    if (massWorkRequired && site && committee && MASS_WORK_KINDS.has(o.kind) && !hasRoleOn(o, "massWorkMember", date)) {
      out.push(violation("massWork.missing", [o.id], C.massWork, `工地党组织${o.id}未设专门负责群众工作的委员`, `site branch ${o.id} has no committee member for mass work`))
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

/** An instructor or liaison appointed in an organization, or an instructor dispatched to it by another organization. */
export type InstructorOrLiaison =
  | { readonly organizationId: string; readonly role: "instructor" | "liaison"; readonly personId: string }
  | { readonly organizationId: string; readonly role: "instructor"; readonly dispatchedBy: string }

/**
 * Instructors and liaisons of the organizations serving a project on a date: the instructor and liaison
 * appointments holding then (`personId`), and the `instructorDispatch` relations holding then, each an instructor
 * dispatched by the relation's other end (`dispatchedBy`; the person, when known, is an instructor appointment).
 */
export const instructorsAndLiaisons = (s: Structure, projectId: string, date: string): ReadonlyArray<InstructorOrLiaison> => {
  const { from } = indexOf(s)
  const out: Array<InstructorOrLiaison> = []
  for (const o of organizationsServingProject(s, projectId, date)) {
    for (const a of o.appointments) {
      if ((a.role === "instructor" || a.role === "liaison") && holdsOn(a, date)) out.push({ organizationId: o.id, role: a.role, personId: a.personId })
    }
    for (const r of from.get(o.id) ?? []) {
      if (r.kind === "instructorDispatch" && relOn(r, date)) out.push({ organizationId: o.id, role: "instructor", dispatchedBy: r.to })
    }
  }
  return out
}

/** Temporary organizations alive on a date whose projects have all been completed by then. */
export const dueToDissolve = (s: Structure, date: string): ReadonlyArray<string> => {
  const completed = new Set(s.projects.filter((p) => p.completedOn !== undefined && p.completedOn <= date).map((p) => p.id))
  // not yet dissolved by the date (an organization dissolved that very day is no longer due)
  const pending = (o: StructureOrganization) => o.establishedOn <= date && (o.dissolvedOn === undefined || o.dissolvedOn > date)
  return s.organizations.filter((o) => o.temporary && pending(o) && o.converted === undefined && o.projectIds.length > 0 && o.projectIds.every((p) => completed.has(p))).map((o) => o.id)
}

// ------------------------------------------------------------------------------------------------ lifecycle

/**
 * What completing a project changes, as events to inspect before applying (after a `CompleteProject`). For
 * each organization serving the project whose projects have all been completed by `date`:
 *
 * - a temporary one is dissolved — its members' attendance ended first, then `Dissolve` — since a temporary
 *   organization ends with its task (Branch Work Regulations Art. 6, `national.temporary.dissolve`), under every
 *   policy: no catalogue policy displaces that rule. One that still keeps members' formal membership cannot be
 *   dissolved and is listed in `blocked` instead;
 * - a permanent one is converted into neighbourhood Party building where the policy converts (`conversionTargets`,
 *   Langshan: seed-001 §二 三是 "竣工后,项目党建要转化为商圈党建、楼宇党建、社区党建"), into the policy's
 *   `conversionTarget` (Langshan: a flagged assumption, the first target named), else the first target — a
 *   choice the caller may change; without `conversionTargets` it stays as it is. Langshan's project organizations
 *   are not temporary ones: the project committee is the street's directly-subordinate committee and its
 *   branches are formed with the project departments (seed-001 §二 一是), so the conversion the seed describes
 *   is theirs, while a temporary organization is still dissolved;
 * - one already converted, or dissolved by then, is left alone.
 */
export const completionProposal = (s: Structure, projectId: string, date: IsoDate, policy: Policy): {
  readonly events: ReadonlyArray<StructureEvent>
  readonly blocked: ReadonlyArray<string>
} => {
  const targets = policyValue(policy, "conversionTargets", "list")
  // the target proposed is the policy's flagged choice (`conversionTarget`, Langshan: an assumption), else the first
  const chosen = policyValue(policy, "conversionTarget", "code")
  const convertTo = Array.isArray(targets) && typeof chosen === "string" && targets.includes(chosen)
    ? chosen
    : Array.isArray(targets) && typeof targets[0] === "string" ? targets[0] : undefined
  const done = new Set(s.projects.filter((p) => p.completedOn !== undefined && p.completedOn <= date).map((p) => p.id))
  done.add(projectId)
  const events: Array<StructureEvent> = []
  const blocked: Array<string> = []
  for (const o of organizationsServingProject(s, projectId, date)) {
    if (!o.projectIds.every((p) => done.has(p)) || o.converted !== undefined || (o.dissolvedOn !== undefined && o.dissolvedOn <= date)) continue
    if (!o.temporary) {
      if (convertTo !== undefined) events.push(new Convert({ date, organizationId: o.id, target: convertTo }))
      continue
    }
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
