/**
 * fast-check arbitraries and small builders for scoring tests (not part of the public API).
 *
 * @module
 */
import fc from "fast-check"
import { isoDate } from "../model/primitives.js"
import { AttendanceInterval } from "./attendance.js"
import { PointEvent } from "./ledger.js"
import { addDays } from "./periods.js"
import type { ScoringScheme } from "./scheme.js"
import { fudingDefaultScheme, itemSign } from "./scheme.js"

/** Members `m0…m(n-1)` attending `o0` or `o1` for the whole of 2021. */
export const rosterOf = (n: number): ReadonlyArray<AttendanceInterval> =>
  Array.from({ length: n }, (_, i) => new AttendanceInterval({
    memberId: `m${i}`, organizationId: `o${i % 2}`, from: isoDate("2021-01-01"), to: isoDate("2021-12-31")
  }))

/** A valid original event of the scheme for member `m<member>` (organization by parity), on a day of 2021. */
export const arbEvents = (scheme: ScoringScheme = fudingDefaultScheme, opts: { members?: number; max?: number } = {}) =>
  fc.array(
    fc.record({
      member: fc.nat((opts.members ?? 8) - 1),
      day: fc.nat(364),
      item: fc.nat(scheme.items.length - 1),
      multiple: fc.integer({ min: 1, max: 40 })
    }),
    { maxLength: opts.max ?? 80 }
  ).map((rows) =>
    rows.map((r, i) => {
      const it = scheme.items[r.item]!
      const date = addDays("2021-01-01", r.day)
      return new PointEvent({
        id: `e${i}`, memberId: `m${r.member}`, organizationId: `o${r.member % 2}`, date, item: it.id,
        // multiples of half a point: exercises the resolution without float drift
        points: itemSign(scheme, it) * r.multiple * 0.5, evidence: "", recordedBy: "secretary", recordedAt: date
      })
    })
  )
