/**
 * The record log: decoding with named paths, rejections, corrections replacing a record's effect, as-of.
 */
import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { isoDate } from "../model/primitives.js"
import { policies } from "../policy/catalogue/index.js"
import { Correct, MilestoneRecorded, appendRecord, emptyRecordBook, ReportReviewed, ReportSubmitted, StepRecorded, YearMonth, decodeRecordEvent, decodeRecordLog, indexProjectRecords, recordsAsOf, replayRecords } from "./records.js"
import type { RecordFact } from "./records.js"
import { obligationsOf } from "./obligations.js"
import { scorecardOf } from "./scorecard.js"
import { arbDate, arbEvidence, arbSite, historyRecords, wenzhouSite } from "./records.arbitraries.js"

const month = Schema.decodeSync(YearMonth)

describe("decoding records", () => {
  it("names the path of every bad field", () => {
    const r = decodeRecordLog([
      { _tag: "MilestoneRecorded", id: "m1", projectId: "p1", date: "2022-01-05", milestone: "projectSetUp" },
      { _tag: "ReportSubmitted", id: "r1", projectId: "p1", date: "2022-02-30", month: "2022-13" },
      { _tag: "StepRecorded", id: "s1", projectId: "p1", date: "2022-01-05", step: "venu", extra: 1 }
    ])
    expect(Either.isLeft(r)).toBe(true)
    const paths = Either.isLeft(r) ? r.left.issues.map((i) => i.path) : []
    expect(paths).toEqual(expect.arrayContaining(["[1].date", "[1].month", "[2].step", "[2].extra"]))
  })

  it("names only the bad field of the record its _tag names (no field of another record kind)", () => {
    const bad = decodeRecordEvent({ _tag: "ReportSubmitted", id: "r1", projectId: "p1", date: "2024-01-02", month: "2023-13" })
    expect(Either.isLeft(bad) && bad.left.issues).toEqual([{ path: "month", message: "expected a month as YYYY-MM" }])
    const meeting = decodeRecordEvent({ _tag: "MeetingHeld", id: "m1", projectId: "p1", date: "2024-01-02", meeting: "party" })
    expect(Either.isLeft(meeting) && meeting.left.issues.map((i) => i.path)).toEqual(["meeting"])
    // one kind of meeting: it may be left out
    expect(Either.isRight(decodeRecordEvent({ _tag: "MeetingHeld", id: "m1", projectId: "p1", date: "2024-01-02" }))).toBe(true)
  })

  it("decodes a correction with its replacement, and encodes back to the same JSON", () => {
    const input = { _tag: "Correct", id: "c1", date: "2022-03-01", corrects: "s1", replacement: { _tag: "StepRecorded", id: "s2", projectId: "p1", date: "2022-01-10", step: "secretaryAppointed" } }
    const e = Either.getOrThrow(decodeRecordEvent(input))
    expect(e._tag).toBe("Correct")
    expect(JSON.parse(JSON.stringify(e))).toMatchObject(input)
  })
})

describe("the log refuses what breaks it", () => {
  const s1 = new StepRecorded({ id: "s1", projectId: "p1", date: isoDate("2022-01-05"), step: "venue" })
  const r1 = new ReportSubmitted({ id: "r1", projectId: "p1", date: isoDate("2022-02-05"), month: month("2022-01") })
  const code = (events: ReadonlyArray<Parameters<typeof replayRecords>[0][number]>) => {
    const r = replayRecords(events)
    return Either.isLeft(r) ? [r.left.index, r.left.rejection.code] : "ok"
  }
  it.each([
    ["a duplicate id", [s1, s1], [1, "records.duplicateId"]],
    ["a correction of an unknown record", [new Correct({ id: "c1", date: isoDate("2022-02-01"), corrects: "nope" })], [0, "records.correctionOfUnknown"]],
    ["a second correction of the same record", [s1, new Correct({ id: "c1", date: isoDate("2022-02-01"), corrects: "s1" }), new Correct({ id: "c2", date: isoDate("2022-02-02"), corrects: "s1" })], [2, "records.correctionOfUnknown"]],
    ["a review of no report", [s1, new ReportReviewed({ id: "v1", projectId: "p1", date: isoDate("2022-02-06"), reportId: "s1", outcome: "reviewed", reviewerId: "x" })], [1, "records.reviewOfUnknownReport"]],
    ["a review before its report", [r1, new ReportReviewed({ id: "v1", projectId: "p1", date: isoDate("2022-02-04"), reportId: "r1", outcome: "reviewed", reviewerId: "x" })], [1, "records.reviewBeforeReport"]],
    ["a correction replacing a record with another project's", [s1, new Correct({ id: "c1", date: isoDate("2022-02-01"), corrects: "s1", replacement: new StepRecorded({ id: "s2", projectId: "p2", date: isoDate("2022-01-05"), step: "venue" }) })], [1, "records.correctionOfOtherProject"]],
    ["a review of another project's report", [r1, new ReportReviewed({ id: "v1", projectId: "p2", date: isoDate("2022-02-06"), reportId: "r1", outcome: "reviewed", reviewerId: "x" })], [1, "records.reviewOfOtherProject"]]
  ] as const)("%s", (_name, events, expected) => {
    expect(code(events)).toEqual(expected)
  })
})

describe("appending", () => {
  it("a replay refused part-way leaves its starting book whole: the next append checks against that book, not the refused batch", () => {
    const s1 = new StepRecorded({ id: "s1", projectId: "p1", date: isoDate("2022-01-05"), step: "venue" })
    const s2 = new StepRecorded({ id: "s2", projectId: "p1", date: isoDate("2022-01-06"), step: "venue" })
    const book = Either.getOrThrow(replayRecords([s1]))
    // s2 is admitted into the working index before the duplicate s1 refuses the batch
    expect(Either.isLeft(replayRecords([s2, s1], book))).toBe(true)
    // s2 is not in `book`: appending it is accepted, and appending it twice is refused
    const after = Either.getOrThrow(appendRecord(book, s2))
    expect(after.events.map((e) => e.id)).toEqual(["s1", "s2"])
    expect(Either.isLeft(appendRecord(after, s2))).toBe(true)
    // the old book still answers as itself
    expect(Either.isRight(appendRecord(book, s2))).toBe(true)
  })

  it("adds an accepted event and leaves the book as it was on a rejection", () => {
    const s1 = new StepRecorded({ id: "s1", projectId: "p1", date: isoDate("2022-01-05"), step: "venue" })
    const book = Either.getOrThrow(appendRecord(emptyRecordBook, s1))
    expect(book.events).toEqual([s1])
    const again = appendRecord(book, s1)
    expect(Either.isLeft(again) && again.left.code).toBe("records.duplicateId")
    expect(book.events).toEqual([s1])
  })
})

describe("a correction replaces the corrected record's effect", () => {
  const op = Either.getOrThrow(obligationsOf(policies.wenzhouRedSite2022))
  const site = wenzhouSite("w1", "鹿城区")
  const cardOf = (facts: ReadonlyArray<RecordFact>, date: string) =>
    JSON.stringify(scorecardOf(op, site, indexProjectRecords(facts.filter((f) => f.date <= date)), isoDate(date)).items)

  it("the scorecard after a correction is the scorecard of the log with the replacement in the record's place (or without it)", () => {
    fc.assert(fc.property(arbSite, fc.nat(), arbEvidence("w1"), fc.boolean(), arbDate, (h, pick, replacement, withdraw, date) => {
      const facts = historyRecords("w1", h)
      const target = facts[pick % facts.length]!
      // a review names its report: correct only what no review names
      fc.pre(!facts.some((f) => f._tag === "ReportReviewed" && f.reportId === target.id))
      const repl = replacement("w1-replacement")
      const correction = new Correct({ id: "w1-fix", date: isoDate("2021-01-01"), corrects: target.id, ...(withdraw ? {} : { replacement: repl }) })
      const book = Either.getOrThrow(replayRecords([...facts, correction]))
      const expected = facts.flatMap((f) => (f.id === target.id ? (withdraw ? [] : [repl]) : [f]))
      expect(cardOf(recordsAsOf(book, date), date)).toBe(cardOf(expected, date))
    }), { numRuns: 150 })
  })

  it("before the correction's date the record reads as first recorded", () => {
    const s1 = new StepRecorded({ id: "s1", projectId: "w1", date: isoDate("2022-03-01"), step: "venue" })
    const book = Either.getOrThrow(replayRecords([s1, new Correct({ id: "c1", date: isoDate("2022-05-01"), corrects: "s1",
      replacement: new StepRecorded({ id: "s2", projectId: "w1", date: isoDate("2022-02-01"), step: "venue" }) })]))
    expect(recordsAsOf(book, "2022-04-30").map((f) => f.id)).toEqual(["s1"])
    expect(recordsAsOf(book, "2022-05-01").map((f) => f.id)).toEqual(["s2"])
    expect(recordsAsOf(book, "2022-01-31").map((f) => f.id)).toEqual([])
  })

  it("a milestone corrected to another date moves what counts from it", () => {
    const m1 = new MilestoneRecorded({ id: "m1", projectId: "w1", date: isoDate("2022-06-15"), milestone: "redSiteCreationStarted" })
    const fix = new Correct({ id: "c1", date: isoDate("2022-09-01"), corrects: "m1",
      replacement: new MilestoneRecorded({ id: "m2", projectId: "w1", date: isoDate("2022-08-15"), milestone: "redSiteCreationStarted" }) })
    const book = Either.getOrThrow(replayRecords([m1, fix]))
    const card = scorecardOf(op, site, indexProjectRecords(recordsAsOf(book, "2022-09-20")), isoDate("2022-09-20"))
    // June and July are no longer owed; August is due by 10 September, so overdue 10 days
    expect(card.items.find((i) => i.kind === "obligation.monthlyReport")).toMatchObject({ status: "overdue", periods: ["2022-08"], daysLate: 10 })
  })
})
