import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { isoDate } from "../model/primitives.js"
import { AttendanceInterval } from "./attendance.js"
import type { PointEvent } from "./ledger.js"
import { Correction, Ledger, LedgerRejection, PointEvent as PointEventClass, amendmentOf, appendEvent, appendEvents, pointEvent, reversalOf } from "./ledger.js"
import { fudingDefaultScheme } from "./scheme.js"

const schemes = [fudingDefaultScheme]
const attendance = [
  new AttendanceInterval({ memberId: "wang", organizationId: "site", from: isoDate("2021-03-01"), to: isoDate("2021-08-31") })
]
const ctx = { schemes, attendance }
const meta = (id: string, recordedAt = "2021-05-10") => ({ id, recordedBy: "secretary", recordedAt })
const ev = (id: string, item: string, date = "2021-05-06", extra: { points?: number; memberId?: string } = {}) =>
  pointEvent(schemes, { ...meta(id, date), memberId: extra.memberId ?? "wang", organizationId: "site", date, item, ...(extra.points === undefined ? {} : { points: extra.points }) })!

const append = (l: Ledger, e: PointEvent | undefined) => {
  if (e === undefined) throw new Error("event not built")
  return appendEvent(l, e, ctx)
}
const ok = (r: Either.Either<Ledger, LedgerRejection>): Ledger => {
  if (Either.isLeft(r)) throw new Error(r.left.reasons[0].text.en)
  return r.right
}
const code = (r: Either.Either<Ledger, LedgerRejection>) => (Either.isLeft(r) ? r.left.code : "accepted")

describe("ledger: acceptance", () => {
  it("fills the item's default points with the category's sign", () => {
    expect(ev("a", "shockTeamTask").points).toBe(3)
    expect(ev("b", "safetyViolation").points).toBe(-5)
  })

  it("rejects an event for a member not attending the organization on that date, with a cited reason", () => {
    const r = append(Ledger.empty, ev("a", "shockTeamTask", "2021-09-01"))
    expect(code(r)).toBe("notAttending")
    if (Either.isLeft(r)) {
      const reason = r.left.reasons[0]
      expect(reason.ruleId).toBe("scoring.ledger.attendance")
      expect(reason.policyId).toBe("fuding-site-2020")
      expect(reason.citation.document).toBe("seed-002")
      expect(reason.facts.map((f) => f.name)).toContain("memberId")
      // a rejection is plain data in the shared format
      expect(Schema.decodeUnknownSync(LedgerRejection)(Schema.encodeSync(LedgerRejection)(r.left))).toEqual(r.left)
    }
    expect(code(append(Ledger.empty, ev("b", "shockTeamTask", "2021-05-01", { memberId: "li" })))).toBe("notAttending")
  })

  it("rejects unknown items, wrong signs, sub-step points, zero, duplicates, and events dated after recording", () => {
    const l = ok(append(Ledger.empty, ev("a", "shockTeamTask")))
    expect(code(append(l, ev("a", "shockTeamTask")))).toBe("duplicateId")
    const base = ev("x", "shockTeamTask")
    expect(code(append(l, new PointEventClass({ ...base, item: "nope" })))).toBe("unknownItem")
    expect(code(append(l, ev("y", "shockTeamTask", "2021-05-06", { points: -3 })))).toBe("wrongSign")
    expect(code(append(l, ev("z", "shockTeamTask", "2021-05-06", { points: 0.05 })))).toBe("notWholeSteps")
    expect(code(append(l, ev("w", "shockTeamTask", "2021-05-06", { points: 0 })))).toBe("zeroPoints")
    expect(code(append(l, pointEvent(schemes, { ...meta("v", "2021-05-01"), memberId: "wang", organizationId: "site", date: "2021-05-06", item: "shockTeamTask" })))).toBe("recordedBeforeDate")
    expect(code(append(l, new PointEventClass({ ...base, id: "u", date: isoDate("2019-05-06") })))).toBe("noScheme")
  })

  it("never changes the ledger it appends to", () => {
    const l1 = ok(append(Ledger.empty, ev("a", "shockTeamTask")))
    const before = [...l1.events]
    const r = appendEvents(l1, [ev("b", "modelPostDuty"), ev("a", "modelPostDuty")], ctx)
    expect(l1.events).toEqual(before)
    expect(r.accepted.map((e) => e.id)).toEqual(["b"])
    expect(r.rejected.map((e) => e.code)).toEqual(["duplicateId"])
    expect(r.ledger.events.map((e) => e.id)).toEqual(["a", "b"])
  })
})

describe("ledger: corrections are new events", () => {
  const l0 = ok(append(Ledger.empty, ev("a", "shockTeamTask")))

  it("amends an entry's value, and undoing the amendment restores it", () => {
    const l1 = ok(append(l0, amendmentOf(l0, "a", 2, { ...meta("a1"), reason: "partial task" })))
    expect(l1.valueOf("a")).toBe(2)
    expect(l1.get("a1")!.points).toBe(-1)
    expect(l1.get("a")!.points).toBe(3) // the entry itself is untouched
    const l2 = ok(append(l1, amendmentOf(l1, "a", 6, { ...meta("a2"), reason: "whole team" })))
    expect(l2.valueOf("a")).toBe(6)
    // only the latest active correction may be undone
    expect(code(append(l2, reversalOf(l2, "a1", { ...meta("r1"), reason: "undo" })))).toBe("notReversible")
    const l3 = ok(append(l2, reversalOf(l2, "a2", { ...meta("r2"), reason: "undo" })))
    expect(l3.valueOf("a")).toBe(2)
    const l4 = ok(append(l3, reversalOf(l3, "a1", { ...meta("r3"), reason: "undo" })))
    expect(l4.valueOf("a")).toBe(3)
    expect(l4.events).toHaveLength(5)
  })

  it("reverses an entry once; undoing the reversal restores it; a reversed entry cannot be amended", () => {
    const l1 = ok(append(l0, reversalOf(l0, "a", { ...meta("r"), reason: "recorded in error" })))
    expect(l1.valueOf("a")).toBe(0)
    expect(l1.isReversed("a")).toBe(true)
    expect(code(append(l1, reversalOf(l1, "a", { ...meta("r'"), reason: "again" })))).toBe("notReversible")
    expect(code(append(l1, amendmentOf(l1, "a", 1, { ...meta("m"), reason: "x" })))).toBe("entryReversed")
    const l2 = ok(append(l1, reversalOf(l1, "r", { ...meta("rr"), reason: "it was right" })))
    expect(l2.valueOf("a")).toBe(3)
    expect(l2.isReversed("a")).toBe(false)
  })

  it("rejects corrections that change the entry's facts or carry the wrong points", () => {
    const rev = reversalOf(l0, "a", { ...meta("r"), reason: "x" })!
    const Ctor = PointEventClass
    expect(code(append(l0, new Ctor({ ...rev, points: -2 })))).toBe("correctionMismatch")
    expect(code(append(l0, new Ctor({ ...rev, item: "modelPostDuty" })))).toBe("correctionMismatch")
    expect(code(append(l0, new Ctor({ ...rev, correction: new Correction({ ...rev.correction!, of: "nope" }) })))).toBe("unknownTarget")
  })
})
