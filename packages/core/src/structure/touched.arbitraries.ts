/**
 * Test support for what events change (not part of the API): random histories of events on a small world,
 * and what an event changed found by comparing two structures' JSON — an oracle independent of
 * `touchedBetween`, which compares records by identity. Used by the core's tests and the HTTP adapter's
 * scope property.
 *
 * @module
 */
import { Schema } from "effect"
import fc from "fast-check"
import { isoDate } from "../model/primitives.js"
import { MemberStatuses } from "../model/vocabulary.js"
import {
  Appoint, ChangeStatus, CompleteProject, Convert, Dissolve, EndAttendance, EndRelation, Establish, RecordAction, Register, Relate, Relation, StartAttendance,
  Structure, StructureMember, StructureOrganization, TransferHome, holdsOn
} from "./model.js"
import type { StructureEvent } from "./model.js"

const d = isoDate
const org = (date: string, id: string, opts: { temporary?: boolean; approvedBy?: string; projectIds?: Array<string> } = {}) =>
  new Establish({
    date: d(date),
    organization: { id, name: id, kind: "branch", temporary: opts.temporary ?? false, projectIds: opts.projectIds ?? [], ...(opts.approvedBy === undefined ? {} : { approvedBy: opts.approvedBy }) }
  })

/** Random events on a small world of six organizations and six members, dated in order. */
export const arbEvents = fc.array(
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
export const changedByJson = (before: Structure, after: Structure, date: string): ReadonlySet<string> => {
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

