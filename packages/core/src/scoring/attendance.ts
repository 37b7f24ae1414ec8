/**
 * Who attends which organization when (参加组织生活), as the scoring module needs it.
 *
 * The structure module keeps the full organization graph; scoring only needs to ask "did member M attend
 * organization O on date D?". It accepts either a lookup function or simple attendance intervals.
 *
 * @module
 */
import { Schema } from "effect"
import { Id, IsoDate } from "../model/primitives.js"

/** A member attends an organization from `from` to `to` (both inclusive; open-ended without `to`). */
export class AttendanceInterval extends Schema.Class<AttendanceInterval>("AttendanceInterval")({
  memberId: Id,
  organizationId: Id,
  from: IsoDate,
  to: Schema.optional(IsoDate)
}) {}

/** Answers whether a member attended an organization on a date. */
export type AttendanceLookup = (memberId: string, organizationId: string, date: string) => boolean

/** Attendance as intervals or as a lookup function. */
export type Attendance = AttendanceLookup | ReadonlyArray<AttendanceInterval>

/** A lookup over attendance intervals (indexed by member and organization). */
export const attendanceLookup = (attendance: Attendance): AttendanceLookup => {
  if (typeof attendance === "function") return attendance
  const index = new Map<string, Array<AttendanceInterval>>()
  for (const a of attendance) {
    const k = `${a.memberId}\u0000${a.organizationId}`
    const list = index.get(k)
    if (list === undefined) index.set(k, [a])
    else list.push(a)
  }
  return (memberId, organizationId, date) =>
    (index.get(`${memberId}\u0000${organizationId}`) ?? []).some((a) => a.from <= date && (a.to === undefined || date <= a.to))
}

/** Whether an interval overlaps the inclusive date range. */
export const overlaps = (a: AttendanceInterval, from: string, to: string): boolean =>
  a.from <= to && (a.to === undefined || a.to >= from)
