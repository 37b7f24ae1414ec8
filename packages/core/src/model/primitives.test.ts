import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { addMonths, isoDate, monthsOfPeriod, periodEnd } from "./primitives.js"

/** The calendar day `days` after a date (negative: before). */
const plusDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/** Any calendar date from 1990 to 2060 (month ends and leap days included). */
const anyDate = fc.integer({ min: 0, max: 25_500 }).map((k) => plusDays("1990-01-01", k))

describe("monthsOfPeriod: the planned end is the last day of work", () => {
  it.each([
    // the cases: six months of work, two years of work
    ["2026-01-01", "2026-06-30", 6],
    ["2026-01-01", "2027-12-31", 24],
    // one day less, one month more
    ["2026-01-01", "2026-06-29", 5],
    ["2026-01-01", "2026-07-31", 7],
    ["2026-01-01", "2027-12-30", 23],
    ["2026-01-01", "2028-01-31", 25],
    // a month counts on the same day of the month minus one
    ["2026-03-15", "2026-04-14", 1],
    ["2026-03-15", "2026-04-13", 0],
    ["2026-03-15", "2026-09-14", 6],
    // a month without the start's day ends on its last day
    ["2026-01-31", "2026-02-28", 1],
    ["2026-01-31", "2026-02-27", 0],
    ["2026-01-30", "2026-02-28", 1],
    ["2026-01-29", "2026-02-28", 1],
    ["2026-01-28", "2026-02-27", 1],
    ["2026-01-28", "2026-02-26", 0],
    ["2024-01-30", "2024-02-29", 1], // a leap year has the 29th
    ["2024-01-31", "2024-02-28", 0],
    ["2026-01-31", "2026-03-30", 2],
    ["2026-01-31", "2026-03-29", 1],
    ["2026-08-31", "2027-02-28", 6],
    // one day of work is no month; an end before the start counts nothing
    ["2026-05-05", "2026-05-05", 0],
    ["2026-05-05", "2026-05-01", 0]
  ])("%s..%s is %i months", (start, end, months) => {
    expect(monthsOfPeriod(start, end)).toBe(months)
  })

  it("periodEnd gives the last day of n months of work", () => {
    expect(periodEnd("2026-01-01", 6)).toBe("2026-06-30")
    expect(periodEnd("2026-01-01", 24)).toBe("2027-12-31")
    expect(periodEnd("2026-01-31", 1)).toBe("2026-02-28")
    expect(periodEnd("2024-01-31", 1)).toBe("2024-02-29")
    expect(periodEnd("2026-12-01", 1)).toBe("2026-12-31")
    expect(periodEnd("2026-12-02", 1)).toBe("2027-01-01")
    expect(periodEnd("2026-03-15", 0)).toBe("2026-03-14")
  })

  it("start..periodEnd(start, n) counts n, and one day less counts n - 1", () => {
    fc.assert(fc.property(anyDate, fc.integer({ min: 1, max: 240 }), (start, n) => {
      const end = periodEnd(start, n)
      expect(isoDate(end)).toBe(end)
      expect(monthsOfPeriod(start, end)).toBe(n)
      expect(monthsOfPeriod(start, plusDays(end, -1))).toBe(n - 1)
    }), { numRuns: 2000 })
  })

  it("start..(start + n months − 1 day) counts n whenever the month reached has the start's day", () => {
    fc.assert(fc.property(anyDate, fc.integer({ min: 1, max: 240 }), (start, n) => {
      const later = addMonths(start, n)
      fc.pre(later.slice(8) === start.slice(8))
      expect(monthsOfPeriod(start, plusDays(later, -1))).toBe(n)
    }), { numRuns: 2000 })
  })

  it("adding a day to the end never lowers the count, and raises it by at most one", () => {
    fc.assert(fc.property(anyDate, fc.integer({ min: -40, max: 3000 }), (start, days) => {
      const end = plusDays(start, days)
      const before = monthsOfPeriod(start, end)
      const after = monthsOfPeriod(start, plusDays(end, 1))
      expect(after).toBeGreaterThanOrEqual(before)
      expect(after - before).toBeLessThanOrEqual(1)
      expect(before).toBeGreaterThanOrEqual(0)
    }), { numRuns: 3000 })
  })

  it("counts the months a straightforward walk over the calendar counts", () => {
    // the n-th month of work ends the day before the start's day n months on, or on the last day of a month
    // without that day; the walk adds months while that day is on or before the end (JavaScript dates, not the
    // arithmetic of the function under test)
    const lastDayOfMonth = (start: string, n: number) => {
      const [y, m, d] = start.split("-").map(Number) as [number, number, number]
      const days = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate()
      return d > days
        ? new Date(Date.UTC(y, m - 1 + n, days)).toISOString().slice(0, 10)
        : new Date(Date.UTC(y, m - 1 + n, d) - 86_400_000).toISOString().slice(0, 10)
    }
    const walk = (start: string, end: string) => {
      let n = 0
      while (lastDayOfMonth(start, n + 1) <= end) n++
      return n
    }
    fc.assert(fc.property(anyDate, fc.integer({ min: -40, max: 1500 }), (start, days) => {
      const end = plusDays(start, days)
      expect(monthsOfPeriod(start, end)).toBe(walk(start, end))
    }), { numRuns: 2000 })
  })
})
