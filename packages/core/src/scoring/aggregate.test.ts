import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { isoDate } from "../model/primitives.js"
import { policies } from "../policy/catalogue/index.js"
import type { ScoreReport } from "./aggregate.js"
import { MemberScore, aggregateLedger, scoreOf } from "./aggregate.js"
import { gradeIndex } from "./engine.js"
import type { PointEvent } from "./ledger.js"
import { Ledger, amendmentOf, appendEvents, pointEvent, reversalOf } from "./ledger.js"
import { checkSeries, decodeScheme, fudingDefaultScheme, schemeForDate, ScoringScheme, SchemeEffective } from "./scheme.js"
import { arbEvents, rosterOf } from "./testing.js"
import { gradeRank } from "./vocabulary.js"

const schemes = [fudingDefaultScheme]
const roster = rosterOf(8)
const ctx = { schemes, attendance: roster }

/** Totals, grades and ranks by member/org/period: the part of a report that must not depend on event order. */
const summary = (r: ScoreReport) =>
  Object.fromEntries(r.scores.map((s) => [`${s.memberId}/${s.organizationId}/${s.period}`, [s.total, s.grade, s.rank, s.categories.map((c) => c.counted)]]))

const ev = (id: string, member: string, date: string, item: string, points?: number) =>
  pointEvent(schemes, {
    id, memberId: member, organizationId: `o${Number(member.slice(1)) % 2}`, date, item, recordedBy: "sec", recordedAt: date,
    ...(points === undefined ? {} : { points })
  })!

describe("the Fuding default scheme", () => {
  it("has Fuding's four categories (as in the policy) plus deductions, every number flagged as an assumption", () => {
    const stated = policies.fudingSite2020.parameters.find((p) => p.key === "pointsCategories")!.value
    expect(fudingDefaultScheme.categories.map((c) => c.id)).toEqual([...(stated as ReadonlyArray<string>), "deductions"])
    expect(fudingDefaultScheme.baseAssumption).toBe(true)
    expect(fudingDefaultScheme.grades.assumption).toBe(true)
    for (const c of fudingDefaultScheme.categories) expect(c.assumption && /assum/i.test(c.note ?? "")).toBe(true)
    for (const i of fudingDefaultScheme.items) expect(i.assumption && /assum/i.test(i.note ?? "")).toBe(true)
    const merits = fudingDefaultScheme.categories.filter((c) => c.direction === "merit").reduce((a, c) => a + c.capPerPeriod!, 0)
    expect(fudingDefaultScheme.base + merits).toBe(100)
  })

  it("encodes to JSON and decodes back unchanged; a broken scheme fails with field paths", () => {
    const json = JSON.parse(JSON.stringify(Schema.encodeSync(ScoringScheme)(fudingDefaultScheme)))
    const again = decodeScheme(json)
    expect(Either.isRight(again) && Schema.encodeSync(ScoringScheme)(again.right)).toEqual(json)
    const paths = (input: unknown) => {
      const r = decodeScheme(input)
      return Either.isLeft(r) ? r.left.issues.map((i) => i.path) : []
    }
    expect(paths({ ...json, grades: { ...json.grades, qualified: 95 } })).toEqual(["grades.excellent"])
    expect(paths({ ...json, items: [...json.items, { ...json.items[0], category: "nope" }], effective: { from: "2020-08-15" } }))
      .toEqual(["effective.from", "items[13].id", "items[13].category"])
    expect(paths({ ...json, base: "sixty" })).toEqual(["base"])
  })

  it("scores each period with the version in force on its first day", () => {
    const v2 = new ScoringScheme({ ...fudingDefaultScheme, version: 2, base: 70, effective: new SchemeEffective({ from: isoDate("2021-04-01") }) })
    const series = [fudingDefaultScheme, v2]
    expect(checkSeries(series)).toEqual([])
    expect(schemeForDate(series, "2021-03-31")!.version).toBe(1)
    expect(schemeForDate(series, "2021-04-01")!.version).toBe(2)
    const events = [ev("a", "m0", "2021-03-31", "shockTeamTask"), ev("b", "m0", "2021-04-01", "shockTeamTask")]
    const r = aggregateLedger(events, { schemes: series })
    expect(r.scores.map((s) => [s.period, s.schemeVersion, s.total])).toEqual([["2021-Q1", 1, 63], ["2021-Q2", 2, 73]])
    const mid = new ScoringScheme({ ...v2, period: "month", effective: new SchemeEffective({ from: isoDate("2021-05-01") }) })
    expect(checkSeries([fudingDefaultScheme, mid]).map((i) => i.path)).toEqual(["[1].effective.from"])
  })
})

describe("aggregation: a small hand-computed ledger", () => {
  // m0 (o0): 4 shock-team tasks (4×3 = 12, item cap 9), 5 model-post duties (5×2 = 10, cap 8) → post goals 17, category cap 15;
  //          one safety violation −5; an innovation of 3.  Total 60 + 15 + 3 − 5 = 73 → basically qualified.
  // m2 (o0): 3 organizational-life points, amended one to 0.5 → 2.5; 2 safety patrols → 2. Total 64.5.
  // m4 (o0): one improvement proposal 1 → 61; m6 (o0): no events → 60 (base), listed without events.
  // m1 (o1): 2 technical innovations (3 each, category cap 5) → 65; m3 (o1): one improvement proposal → 61.
  const events: Array<PointEvent> = [
    ...[1, 2, 3, 4].map((i) => ev(`s${i}`, "m0", `2021-02-0${i}`, "shockTeamTask")),
    ...[1, 2, 3, 4, 5].map((i) => ev(`p${i}`, "m0", `2021-03-0${i}`, "modelPostDuty")),
    ev("v1", "m0", "2021-03-10", "safetyViolation"),
    ev("i1", "m0", "2021-03-11", "technicalInnovation"),
    ev("l1", "m2", "2021-01-10", "organizationalLife"),
    ev("l2", "m2", "2021-02-10", "organizationalLife"),
    ev("l3", "m2", "2021-03-10", "organizationalLife"),
    ev("sp1", "m2", "2021-03-12", "safetyPatrol"),
    ev("sp2", "m2", "2021-03-13", "safetyPatrol"),
    ev("ip1", "m4", "2021-03-13", "improvementProposal"),
    ev("t1", "m1", "2021-01-20", "technicalInnovation"),
    ev("t2", "m1", "2021-02-20", "technicalInnovation"),
    ev("ip2", "m3", "2021-03-13", "improvementProposal")
  ]
  const first = appendEvents(Ledger.empty, events, ctx)
  const amended = appendEvents(first.ledger, [amendmentOf(first.ledger, "l3", 0.5, { id: "fix", recordedBy: "sec", recordedAt: "2021-03-20", reason: "left early" })!], ctx)
  const report = aggregateLedger(amended.ledger, { schemes, roster: roster.filter((r) => ["m0", "m1", "m2", "m3", "m4", "m6"].includes(r.memberId)), to: "2021-03-31" })

  it("accepts every event", () => {
    expect(first.rejected).toEqual([])
    expect(amended.rejected).toEqual([])
  })

  it("applies item caps, then category caps, then adds the base", () => {
    const m0 = scoreOf(report, "m0", "o0", "2021-Q1")!
    const post = m0.categories.find((c) => c.category === "postGoals")!
    expect(post.items.map((i) => [i.item, i.raw, i.counted])).toEqual([["modelPostDuty", 10, 8], ["shockTeamTask", 12, 9]])
    expect([post.raw, post.counted]).toEqual([17, 15])
    expect(m0.total).toBe(73)
    expect(m0.grade).toBe("basicallyQualified")
    expect(m0.reasons[0].parameters.find((p) => p.key === "base")).toMatchObject({ value: 60, assumption: true })
    expect(m0.reasons[0].text.en).toContain("capped")
    expect(scoreOf(report, "m2", "o0", "2021-Q1")!.total).toBe(64.5)
    expect(scoreOf(report, "m1", "o1", "2021-Q1")!.total).toBe(65)
  })

  it("ranks within each organization, ties sharing a rank", () => {
    const ranks = (org: string) => report.scores.filter((s) => s.organizationId === org).map((s) => [s.memberId, s.total, s.rank]).sort()
    expect(ranks("o0")).toEqual([["m0", 73, 1], ["m2", 64.5, 2], ["m4", 61, 3], ["m6", 60, 4]])
    expect(ranks("o1")).toEqual([["m1", 65, 1], ["m3", 61, 2]])
    const tie = aggregateLedger([ev("a", "m0", "2021-01-05", "safetyPatrol"), ev("b", "m2", "2021-01-05", "safetyPatrol"), ev("c", "m4", "2021-01-05", "duesOnTime"), ev("d", "m6", "2021-01-06", "duesLate")], { schemes })
    expect(tie.scores.map((s) => [s.memberId, s.rank])).toEqual([["m0", 1], ["m2", 1], ["m4", 1], ["m6", 4]])
  })

  it("reports organization statistics, members without events included", () => {
    const o0 = report.organizations.find((o) => o.organizationId === "o0")!
    expect(o0.members).toBe(4)
    expect(o0.mean).toBe((73 + 64.5 + 61 + 60) / 4)
    expect(o0.withoutEvents).toEqual(["m6"])
    expect(o0.grades).toEqual({ excellent: 0, qualified: 0, basicallyQualified: 4, unqualified: 0 })
    expect(o0.events).toBe(18) // 17 entries and the amendment: corrections are events too
  })

  it("results encode to JSON and decode back", () => {
    for (const s of report.scores) expect(Schema.decodeUnknownSync(MemberScore)(JSON.parse(JSON.stringify(Schema.encodeSync(MemberScore)(s))))).toEqual(s)
  })
})

describe("aggregation: properties", () => {
  const aggregate = (events: ReadonlyArray<PointEvent>) => aggregateLedger(events, { schemes, roster, from: "2021-01-01", to: "2021-12-31" })

  it("does not depend on the order of events", () => {
    fc.assert(fc.property(arbEvents().chain((evs) => fc.tuple(fc.constant(evs), fc.shuffledSubarray(evs, { minLength: evs.length, maxLength: evs.length }))), ([evs, shuffled]) => {
      expect(summary(aggregate(shuffled))).toEqual(summary(aggregate(evs)))
    }), { numRuns: 40 })
  })

  it("a correction followed by its reversal returns the original totals", () => {
    fc.assert(fc.property(arbEvents(fudingDefaultScheme, { max: 40 }).filter((e) => e.length > 0), fc.nat(), fc.integer({ min: 0, max: 30 }), fc.boolean(), (evs, pick, to, amend) => {
      const l0 = appendEvents(Ledger.empty, evs, ctx)
      expect(l0.rejected).toEqual([])
      const target = evs[pick % evs.length]!
      const sign = Math.sign(target.points)
      const meta = { id: "c1", recordedBy: "sec", recordedAt: "2022-01-05", reason: "check" }
      const correction = amend && to !== Math.abs(target.points) ? amendmentOf(l0.ledger, target.id, sign * to, meta)! : reversalOf(l0.ledger, target.id, meta)!
      const l1 = appendEvents(l0.ledger, [correction], ctx)
      expect(l1.rejected).toEqual([])
      const undo = reversalOf(l1.ledger, "c1", { ...meta, id: "c2" })!
      const l2 = appendEvents(l1.ledger, [undo], ctx)
      expect(l2.rejected).toEqual([])
      expect(summary(aggregate(l2.ledger.events))).toEqual(summary(aggregate(l0.ledger.events)))
    }), { numRuns: 40 })
  })

  it("never lets an item or a category exceed its cap", () => {
    fc.assert(fc.property(arbEvents(fudingDefaultScheme, { max: 120, members: 4 }), (evs) => {
      const maxTotal = fudingDefaultScheme.base + fudingDefaultScheme.categories.filter((c) => c.direction === "merit").reduce((a, c) => a + c.capPerPeriod!, 0)
      for (const s of aggregate(evs).scores) {
        for (const c of s.categories) {
          if (c.cap !== null) expect(Math.abs(c.counted)).toBeLessThanOrEqual(c.cap)
          for (const i of c.items) if (i.cap !== null) expect(Math.abs(i.counted)).toBeLessThanOrEqual(i.cap)
          expect(Math.abs(c.counted)).toBeLessThanOrEqual(c.items.reduce((a, i) => a + Math.abs(i.counted), 0))
        }
        expect(s.total).toBeLessThanOrEqual(maxTotal)
      }
    }), { numRuns: 60 })
  })

  it("grades are monotone in points", () => {
    const g = fudingDefaultScheme.grades
    const t: [number, number, number] = [g.excellent, g.qualified, g.basicallyQualified]
    fc.assert(fc.property(fc.double({ min: -100, max: 200, noNaN: true }), fc.double({ min: -100, max: 200, noNaN: true }), (a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a]
      expect(gradeIndex(hi, t)).toBeLessThanOrEqual(gradeIndex(lo, t))
    }))
    fc.assert(fc.property(arbEvents(), (evs) => {
      // along increasing totals, the grade (rank 0 = excellent) never gets worse
      const sorted = [...aggregate(evs).scores].sort((x, y) => x.total - y.total)
      const broken = sorted.filter((x, i) => i > 0 && gradeRank(x.grade) > gradeRank(sorted[i - 1]!.grade))
      expect(broken).toEqual([])
    }), { numRuns: 40 })
  })

  it("ranking is a total preorder by total: rank = 1 + members of the organization with a higher total", () => {
    fc.assert(fc.property(arbEvents(), (evs) => {
      const scores = aggregate(evs).scores
      for (const x of scores) {
        const peers = scores.filter((y) => y.organizationId === x.organizationId && y.period === x.period)
        expect(x.rank).toBe(1 + peers.filter((y) => y.total > x.total).length)
        expect(x.rankedOf).toBe(peers.length)
        for (const y of peers) {
          expect(x.rank < y.rank).toBe(x.total > y.total)
          expect(x.rank === y.rank).toBe(x.total === y.total)
        }
      }
    }), { numRuns: 40 })
  })
})
