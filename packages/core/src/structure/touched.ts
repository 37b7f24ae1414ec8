/**
 * The organizations an event changes, read from what applying it does to the structure (not from a table
 * of event kinds, so a new kind of event is covered the day it exists). An access check — e.g. a branch
 * secretary who may only change their own subtree — asks this of the core instead of guessing per kind.
 *
 * @module
 */
import { Either } from "effect"
import type { Policy } from "../policy/policy.js"
import { applyEvent } from "./apply.js"
import type { Rejection } from "./apply.js"
import { holdsOn } from "./model.js"
import type { Structure, StructureEvent, StructureMember } from "./model.js"

/** What an event changes, by organization. */
export interface Touched {
  /**
   * The organizations that existed before the event and that it changes: their own record (appointments,
   * committee, dissolution, conversion), either end of a relation it starts or ends, the organizations
   * serving a project it completes or that a new organization joins, the organization of an action it
   * records or of a status it decides, the organizations of a member's homes and attendance periods it
   * starts or ends, and the home on the event's date (before and after) of every member it changes.
   */
  readonly organizations: ReadonlySet<string>
  /** The organizations the event sets up (their placement is in {@link Touched.organizations}: the approving and the superior ones). */
  readonly created: ReadonlySet<string>
}

const homesOnDate = (m: StructureMember | undefined, date: string, into: Set<string>) => {
  if (m !== undefined) for (const h of m.homes) if (holdsOn(h, date)) into.add(h.organizationId)
}

/** Adds the organizations of the periods that differ (by record) between two lists of periods. */
const changedPeriods = (
  before: ReadonlyArray<{ readonly organizationId: string }>,
  after: ReadonlyArray<{ readonly organizationId: string }>,
  into: Set<string>
) => {
  const kept = new Set(before)
  const now = new Set(after)
  for (const p of after) if (!kept.has(p)) into.add(p.organizationId)
  for (const p of before) if (!now.has(p)) into.add(p.organizationId)
}

/**
 * The organizations that differ between a structure and the structure an event made of it, on the event's
 * `date` (see {@link Touched}). Records are immutable and applying an event re-makes only what it changes,
 * so a record that is the same object is unchanged.
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { Establish, applyEvent, emptyStructure, isoDate, policies, touchedBetween } from "@redsite/core"
 * const e = new Establish({ date: isoDate("2021-01-01"), organization: { id: "street", name: "街道党工委", kind: "workingCommittee", temporary: false, projectIds: [] } })
 * const after = Either.getOrThrow(applyEvent(emptyStructure, e, policies.national))
 * touchedBetween(emptyStructure, after, e.date).created // Set { "street" }
 * ```
 */
export const touchedBetween = (before: Structure, after: Structure, date: string): Touched => {
  const organizations = new Set<string>()
  const created = new Set<string>()
  const orgsBefore = new Map(before.organizations.map((o) => [o.id, o]))
  const servers = (projectId: string) => {
    for (const o of before.organizations) if (o.projectIds.includes(projectId)) organizations.add(o.id)
  }
  for (const o of after.organizations) {
    const was = orgsBefore.get(o.id)
    if (was === o) continue
    if (was === undefined) {
      created.add(o.id)
      if (o.approvedBy !== undefined) organizations.add(o.approvedBy)
    } else organizations.add(o.id)
    // a project it starts serving: the organizations already serving it
    for (const p of o.projectIds) if (was === undefined || !was.projectIds.includes(p)) servers(p)
  }
  const idsAfter = new Set(after.organizations.map((o) => o.id))
  for (const o of before.organizations) if (!idsAfter.has(o.id)) organizations.add(o.id)

  const relationsBefore = new Set(before.relations)
  const relationsAfter = new Set(after.relations)
  for (const r of after.relations) if (!relationsBefore.has(r)) (organizations.add(r.from), organizations.add(r.to))
  for (const r of before.relations) if (!relationsAfter.has(r)) (organizations.add(r.from), organizations.add(r.to))

  const projectsBefore = new Map(before.projects.map((p) => [p.id, p]))
  for (const p of after.projects) if (projectsBefore.get(p.id) !== p) servers(p.id)

  const membersBefore = new Map(before.members.map((m) => [m.id, m]))
  const membersAfter = new Map(after.members.map((m) => [m.id, m]))
  for (const m of after.members) {
    const was = membersBefore.get(m.id)
    if (was === m) continue
    homesOnDate(was, date, organizations)
    homesOnDate(m, date, organizations)
    changedPeriods(was?.homes ?? [], m.homes, organizations)
    changedPeriods(was?.attendance ?? [], m.attendance, organizations)
    const statuses = new Set(was?.statuses ?? [])
    for (const x of m.statuses) if (!statuses.has(x) && x.decidedBy !== undefined) organizations.add(x.decidedBy)
  }

  const actionsBefore = new Set(before.actions)
  for (const a of after.actions) {
    if (actionsBefore.has(a)) continue
    organizations.add(a.organizationId)
    homesOnDate(membersAfter.get(a.memberId), a.date, organizations)
  }
  for (const id of created) organizations.delete(id)
  return { organizations, created }
}

/**
 * Applies an event and tells what it changes: the new structure with its {@link Touched} organizations, or
 * the event's rejection (nothing changed).
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { ChangeStatus, isoDate, policies, touchedBy } from "@redsite/core"
 * declare const structure: import("@redsite/core").Structure
 * // a status change without a deciding organization still changes the member: their home on that date
 * const r = touchedBy(structure, new ChangeStatus({ date: isoDate("2021-06-01"), memberId: "m1", status: "full" }), policies.national)
 * if (Either.isRight(r)) console.log([...r.right.touched.organizations])
 * ```
 */
export const touchedBy = (
  s: Structure,
  e: StructureEvent,
  policy: Policy
): Either.Either<{ readonly structure: Structure; readonly touched: Touched }, Rejection> =>
  Either.map(applyEvent(s, e, policy), (structure) => ({ structure, touched: touchedBetween(s, structure, e.date) }))
