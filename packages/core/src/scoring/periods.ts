/**
 * Calendar arithmetic for scoring periods: day numbers and period keys (`2021-03`, `2021-Q1`, `2021`).
 *
 * @module
 */
import type { IsoDate } from "../model/primitives.js"
import type { PeriodKind } from "./vocabulary.js"

const MS_PER_DAY = 86_400_000

/** Days since 1970-01-01 of an ISO date (`YYYY-MM-DD`). */
export const dayNumber = (date: string): number => {
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7))
  const d = Number(date.slice(8, 10))
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY)
}

/** The ISO date of a day number. */
export const dateOfDay = (day: number): IsoDate => new Date(day * MS_PER_DAY).toISOString().slice(0, 10) as IsoDate

/** Adds days to an ISO date. */
export const addDays = (date: string, days: number): IsoDate => dateOfDay(dayNumber(date) + days)

/** A scoring period: its kind, key, and first and last day (both inclusive). */
export interface Period {
  readonly kind: PeriodKind
  /** `2021-03` (month), `2021-Q1` (quarter), `2021` (year). */
  readonly key: string
  readonly start: IsoDate
  readonly end: IsoDate
}

const pad2 = (n: number) => String(n).padStart(2, "0")
const ymd = (y: number, m: number, d: number) => `${String(y).padStart(4, "0")}-${pad2(m)}-${pad2(d)}` as IsoDate
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()

/** The period of a kind that contains a date. */
export const periodOf = (kind: PeriodKind, date: string): Period => {
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7))
  switch (kind) {
    case "month":
      return { kind, key: `${String(y).padStart(4, "0")}-${pad2(m)}`, start: ymd(y, m, 1), end: ymd(y, m, lastDay(y, m)) }
    case "quarter": {
      const q = Math.floor((m - 1) / 3)
      const sm = q * 3 + 1
      return { kind, key: `${String(y).padStart(4, "0")}-Q${q + 1}`, start: ymd(y, sm, 1), end: ymd(y, sm + 2, lastDay(y, sm + 2)) }
    }
    case "year":
      return { kind, key: String(y).padStart(4, "0"), start: ymd(y, 1, 1), end: ymd(y, 12, 31) }
  }
}

/** The period that follows a period of the same kind. */
export const nextPeriod = (p: Period): Period => periodOf(p.kind, addDays(p.end, 1))

/** Whether a date is the first day of a period of the kind. */
export const isPeriodStart = (kind: PeriodKind, date: string): boolean => periodOf(kind, date).start === date

/** Every period of the kind overlapping the inclusive date range, in calendar order. */
export const periodsBetween = (kind: PeriodKind, from: string, to: string): ReadonlyArray<Period> => {
  const out: Array<Period> = []
  if (to < from) return out
  for (let p = periodOf(kind, from); p.start <= to; p = nextPeriod(p)) out.push(p)
  return out
}
