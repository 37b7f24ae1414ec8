import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { valueOf } from "../explain/explanation.js"
import { isoDate } from "../model/primitives.js"
import { policies } from "../policy/catalogue/index.js"
import { reform } from "../policy/reform.js"
import { aggregateLedger } from "./aggregate.js"
import { AppraisalBallots, appraise, ballotGrade } from "./appraisal.js"
import { AttendanceInterval } from "./attendance.js"
import { Ledger, appendEvents, pointEvent, reversalOf } from "./ledger.js"
import { Talk, TalkTriggerEvent, arrivalTriggers, fudingTalkRules, ledgerTriggers, obligationReport } from "./obligations.js"
import { fudingDefaultScheme } from "./scheme.js"

const schemes = [fudingDefaultScheme]
const ballots = (memberId: string, e: number, q: number, b = 0, u = 0) =>
  new AppraisalBallots({ memberId, organizationId: "o", excellent: e, qualified: q, basicallyQualified: b, unqualified: u })

/** Members m0… of organization `o` with the given quarterly totals (reached through real events). */
const scoresWith = (totals: ReadonlyArray<number>) => {
  // Build a quarter's scores from shock-team tasks, model posts and innovations (base 60, at most 100).
  const events = totals.flatMap((t, i) => {
    let rest = t - 60
    const out = []
    let k = 0
    for (const [item, pts, cap] of [["responsibilityZoneGoal", 3, 9], ["shockTeamTask", 3, 6], ["organizationalLife", 1, 6], ["duesOnTime", 1, 3], ["studyCompleted", 1, 1], ["safetyPatrol", 1, 6], ["qualitySupervision", 1, 4], ["improvementProposal", 1, 3], ["technicalInnovation", 1, 5]] as const) {
      let used = 0
      while (rest >= pts && used + pts <= cap) {
        out.push(pointEvent(schemes, { id: `e${i}-${k++}`, memberId: `m${i}`, organizationId: "o", date: "2021-02-01", item, points: pts, recordedBy: "s", recordedAt: "2021-02-01" })!)
        rest -= pts
        used += pts
      }
    }
    if (rest !== 0) throw new Error(`cannot reach ${t}`)
    return out
  })
  const roster = totals.map((_, i) => new AttendanceInterval({ memberId: `m${i}`, organizationId: "o", from: isoDate("2021-01-01") }))
  return aggregateLedger(events, { schemes, roster, from: "2021-01-01", to: "2021-03-31" }).scores
}

describe("democratic appraisal", () => {
  it("ballot grade: the best grade that more than half the ballots give (or better)", () => {
    expect(ballotGrade(ballots("a", 6, 4), 0.5)).toBe("excellent")
    expect(ballotGrade(ballots("a", 5, 5), 0.5)).toBe("qualified") // exactly half is not more than half
    expect(ballotGrade(ballots("a", 2, 2, 3, 3), 0.5)).toBe("basicallyQualified")
    expect(ballotGrade(ballots("a", 0, 1, 1, 8), 0.5)).toBe("unqualified")
    expect(ballotGrade(ballots("a", 0, 0), 0.5)).toBeNull()
  })

  it("takes the lower of points grade and ballot grade, caps excellent at one third, and records every input", () => {
    const scores = scoresWith([95, 92, 91, 90, 80, 62])
    const f = appraise({
      policy: policies.fudingSite2020,
      scores,
      ballots: [ballots("m0", 9, 1), ballots("m1", 8, 2), ballots("m2", 3, 7), ballots("m3", 7, 3), ballots("m4", 9, 1), ballots("m5", 1, 2, 3, 4)]
    })
    const out = valueOf(f)![0]!
    const by = Object.fromEntries(out.records.map((r) => [r.memberId, r]))
    // m2: 91 points but only 3 of 10 ballots excellent → qualified by ballots
    expect(by["m2"]!.combinedGrade).toBe("qualified")
    // m4: excellent ballots but 80 points → qualified by points
    expect([by["m4"]!.pointsGrade, by["m4"]!.ballotGrade, by["m4"]!.combinedGrade]).toEqual(["qualified", "excellent", "qualified"])
    // m5: 62 points basically qualified, ballots 4 of 10 unqualified → cumulative to basicallyQualified is 6/10 > 1/2
    expect(by["m5"]!.finalGrade).toBe("basicallyQualified")
    // candidates m0 (90%), m1 (80%), m3 (70%): cap ⌊6/3⌋ = 2 keeps m0 and m1
    expect(out.excellentAllowed).toBe(2)
    expect(out.records.filter((r) => r.finalGrade === "excellent").map((r) => r.memberId)).toEqual(["m0", "m1"])
    expect(by["m3"]!.cappedOut).toBe(true)
    expect(by["m3"]!.finalGrade).toBe("qualified")
    const capReason = by["m3"]!.reasons.find((r) => r.ruleId === "national.appraisal")!
    expect(capReason.parameters).toContainEqual(expect.objectContaining({ key: "excellentShareCap", assumption: true }))
    expect(by["m0"]!.reasons.map((r) => r.ruleId)).toEqual(["fuding-site-points.grade", "national.appraisal.combination", "national.appraisal"])
    expect(by["m0"]!.ballots).toEqual(ballots("m0", 9, 1))
  })

  it("moves a whole tie at the cut down and lists it for the branch", () => {
    const scores = scoresWith([95, 95, 95, 70, 70, 70])
    const out = valueOf(appraise({ policy: policies.national, scores, ballots: ["m0", "m1", "m2"].map((m) => ballots(m, 8, 2)) }))![0]!
    expect(out.excellentAllowed).toBe(2)
    expect(out.excellentAwarded).toBe(0)
    expect([...out.tiedAtCap].sort()).toEqual(["m0", "m1", "m2"])
  })

  it("follows a reform of the excellent cap", () => {
    const half = Either.getOrThrow(reform(policies.national, { parameters: { excellentShareCap: 0.5 } }))
    const scores = scoresWith([95, 92, 91, 90, 80, 62])
    const votes = [ballots("m0", 9, 1), ballots("m1", 8, 2), ballots("m3", 7, 3)]
    expect(valueOf(appraise({ policy: half, scores, ballots: votes }))![0]!.excellentAwarded).toBe(3)
  })

  it("never awards excellent beyond the cap", () => {
    fc.assert(fc.property(
      fc.array(fc.record({ total: fc.constantFrom(62, 70, 80, 90, 91, 95, 100), e: fc.nat(10), q: fc.nat(10) }), { minLength: 1, maxLength: 12 }),
      fc.constantFrom(0, 0.2, 1 / 3, 0.5, 1),
      (rows, cap) => {
        const policy = Either.getOrThrow(reform(policies.national, { parameters: { excellentShareCap: cap } }))
        const scores = scoresWith(rows.map((r) => r.total))
        const out = valueOf(appraise({ policy, scores, ballots: rows.map((r, i) => ballots(`m${i}`, r.e, r.q)) }))![0]!
        expect(out.excellentAwarded).toBeLessThanOrEqual(Math.floor(cap * rows.length + 1e-9))
        for (const r of out.records) expect(r.finalGrade === "excellent").toBe(r.combinedGrade === "excellent" && !r.cappedOut)
      }), { numRuns: 40 })
  })
})

describe("due talks (三必谈)", () => {
  const attendance = [
    new AttendanceInterval({ memberId: "wang", organizationId: "site", from: isoDate("2021-03-01") }),
    new AttendanceInterval({ memberId: "li", organizationId: "site", from: isoDate("2021-03-10") })
  ]
  const ctx = { schemes, attendance }
  const v = (id: string, member: string, date: string) =>
    pointEvent(schemes, { id, memberId: member, organizationId: "site", date, item: "safetyViolation", recordedBy: "s", recordedAt: date })!
  const l = appendEvents(Ledger.empty, [v("v1", "wang", "2021-04-01"), v("v2", "li", "2021-04-02"), v("v3", "li", "2021-04-20")], ctx).ledger
  const l2 = appendEvents(l, [reversalOf(l, "v3", { id: "r3", recordedBy: "s", recordedAt: "2021-04-21", reason: "wrong person" })!], ctx).ledger

  it("derives triggers from arrivals and from recorded violations (not reversed ones), and reports overdue talks", () => {
    const triggers = [...arrivalTriggers(attendance), ...ledgerTriggers(l2, schemes),
      new TalkTriggerEvent({ id: "f1", memberId: "li", organizationId: "site", date: isoDate("2021-04-10"), trigger: "familyIncident" })]
    expect(triggers.map((t) => t.trigger)).toEqual(["newArrival", "newArrival", "safetyViolation", "safetyViolation", "familyIncident"])
    const talks = [
      new Talk({ id: "t1", memberId: "wang", organizationId: "site", date: isoDate("2021-03-05"), by: "secretary" }),
      new Talk({ id: "t2", memberId: "wang", organizationId: "site", date: isoDate("2021-04-08"), by: "secretary", triggerId: "ledger:v1" }),
      new Talk({ id: "t3", memberId: "li", organizationId: "site", date: isoDate("2021-04-12"), by: "secretary" })
    ]
    const report = obligationReport({ rules: fudingTalkRules, triggers, talks, asOf: "2021-04-15" })
    const status = Object.fromEntries(report.due.map((d) => [d.triggerId, [d.status, d.daysLate]]))
    expect(status).toEqual({
      "arrival:wang:site:2021-03-01": ["done", 0],
      "arrival:li:site:2021-03-10": ["doneLate", 26], // due 03-17, the talk of 04-12 answers it late
      "ledger:v1": ["doneLate", 4], // due 04-04 (3 days), held 04-08
      "ledger:v2": ["doneLate", 7], // due 04-05, answered by li's talk of 04-12
      f1: ["done", 0]
    })
    const noTalks = obligationReport({ rules: fudingTalkRules, triggers, talks: [], asOf: "2021-04-15" })
    expect(noTalks.overdue.map((d) => [d.triggerId, d.daysLate])).toEqual([
      ["arrival:wang:site:2021-03-01", 38], ["arrival:li:site:2021-03-10", 29], ["ledger:v1", 11], ["ledger:v2", 10]
    ])
    expect(noTalks.due.find((d) => d.triggerId === "f1")!.status).toBe("open")
    const reason = noTalks.overdue[0]!.reasons[0]
    expect(reason.ruleId).toBe("fuding-site-2020.talks")
    expect(reason.parameters[0]).toMatchObject({ key: "talkWindow.newArrival", value: 7, unit: "days", assumption: true })
  })
})
