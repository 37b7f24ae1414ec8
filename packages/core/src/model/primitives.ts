/**
 * Primitive value schemas shared by every module: calendar dates, money, identifiers, bilingual labels.
 *
 * @module
 */
import { Schema } from "effect"

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * Whether a string is an ISO-8601 calendar date `YYYY-MM-DD` that exists (month 1-12, day within the month,
 * leap years counted): the rule {@link IsoDate} checks.
 *
 * @example
 * ```ts
 * import { isCalendarDate } from "@redsite/core"
 * isCalendarDate("2024-02-29") // true
 * isCalendarDate("2023-02-29") // false
 * ```
 */
export const isCalendarDate = (s: string): boolean => {
  const m = ISO_DATE.exec(s)
  if (m === null) return false
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  if (mo < 1 || mo > 12 || d < 1) return false
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate()
  return d <= days
}

/**
 * An ISO-8601 calendar date (`YYYY-MM-DD`), without time or zone. ISO dates compare correctly as strings.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { IsoDate } from "@redsite/core"
 * Schema.decodeUnknownSync(IsoDate)("2020-09-03") // ok
 * ```
 */
export const IsoDate = Schema.String.pipe(
  Schema.filter((s) => isCalendarDate(s) || `expected a calendar date YYYY-MM-DD, got ${JSON.stringify(s)}`),
  Schema.brand("IsoDate"),
  Schema.annotations({ identifier: "IsoDate", description: "ISO-8601 calendar date, YYYY-MM-DD" })
)
/** @see {@link IsoDate} */
export type IsoDate = typeof IsoDate.Type

/** Builds an {@link IsoDate} from a literal, throwing on a malformed one (for tests and catalogue data). */
export const isoDate = (s: string): IsoDate => Schema.decodeSync(IsoDate)(s)

/** An amount of money in yuan (元): finite and not negative. */
export const Yuan = Schema.Number.pipe(
  Schema.finite({ message: () => "expected a finite amount in yuan" }),
  Schema.nonNegative({ message: () => "an amount in yuan cannot be negative" }),
  Schema.annotations({ identifier: "Yuan", description: "Amount of money in yuan (元)" })
)

/**
 * The longest identifier, in UTF-16 code units (a Chinese character is one, an emoji two). Identifiers travel
 * in URL paths, and the HTTP router serves a path parameter of up to 100 (decoded) code units: an id one
 * longer could be stored but never read back (issue 15).
 */
export const ID_MAX_LENGTH = 100

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/

/**
 * Why a string is not an {@link Id}, or undefined when it is one: 1 to {@link ID_MAX_LENGTH} UTF-16 code
 * units, well-formed UTF-16 (no lone surrogate, which storage would turn into U+FFFD), no control
 * character, no surrounding blanks. One rule for the schemas, the fast decoders, the router and storage.
 *
 * @example
 * ```ts
 * import { idProblem } from "@redsite/core"
 * idProblem("fuding-01") // undefined
 * idProblem("x".repeat(101)) // "expected an identifier of at most 100 characters"
 * ```
 */
export const idProblem = (s: string): string | undefined =>
  s.length === 0
    ? "expected a non-empty identifier"
    : s.length > ID_MAX_LENGTH
    ? `expected an identifier of at most ${ID_MAX_LENGTH} characters`
    : s.trim() !== s
    ? "expected an identifier without surrounding spaces"
    : CONTROL.test(s)
    ? "expected an identifier without control characters"
    : LONE_SURROGATE.test(s)
    ? "expected well-formed text (a lone UTF-16 surrogate is not a character)"
    : undefined

/** Whether a value is an {@link Id} (see {@link idProblem}). */
export const isId = (u: unknown): u is string => typeof u === "string" && idProblem(u) === undefined

/** An identifier: see {@link idProblem} for the rule. */
export const Id = Schema.String.pipe(
  Schema.filter((s) => idProblem(s) ?? true, { jsonSchema: { minLength: 1, maxLength: ID_MAX_LENGTH } }),
  Schema.annotations({ identifier: "Id", description: `1 to ${ID_MAX_LENGTH} characters of well-formed text, no control characters, no surrounding spaces` })
)

/** A text in Chinese (zh-CN) and English. */
export class Label extends Schema.Class<Label>("Label")({
  zh: Schema.String,
  en: Schema.String
}) {}

/** Language of a label. */
export type Lang = "zh" | "en"

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const daysInMonth = (y: number, m: number): number =>
  m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : DAYS_IN_MONTH[m - 1]!

/** The last day of the `n`-th month of a period starting on `sy-sm-sd`, as the number `y * 10000 + m * 100 + d`. */
const monthEndKey = (sy: number, sm: number, sd: number, n: number): number => {
  const t = sy * 12 + (sm - 1) + n
  const ty = Math.floor(t / 12)
  const tm = t - ty * 12 + 1
  const dim = daysInMonth(ty, tm)
  // the same day of the month n months on, minus one day; a month without that day ends on its last day
  if (sd > dim) return ty * 10000 + tm * 100 + dim
  if (sd > 1) return ty * 10000 + tm * 100 + sd - 1
  const py = tm === 1 ? ty - 1 : ty
  const pm = tm === 1 ? 12 : tm - 1
  return py * 10000 + pm * 100 + daysInMonth(py, pm)
}

const dateKey = (date: string): number => Number(date.slice(0, 4)) * 10000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10))

/**
 * The last day of `months` months of work starting on `start` (both days worked): the day before the same
 * day of the month `months` months on, or, when that month has no such day, its last day. The inverse of
 * {@link monthsOfPeriod}: `monthsOfPeriod(start, periodEnd(start, n))` is `n`, and one day less is `n - 1`.
 *
 * @example
 * ```ts
 * import { periodEnd } from "@redsite/core"
 * periodEnd("2026-01-01", 6) // "2026-06-30"
 * periodEnd("2026-01-31", 1) // "2026-02-28" (February has no 31st: its last day)
 * periodEnd("2026-03-15", 1) // "2026-04-14"
 * ```
 */
export const periodEnd = (start: string, months: number): IsoDate => {
  const k = monthEndKey(Number(start.slice(0, 4)), Number(start.slice(5, 7)), Number(start.slice(8, 10)), months)
  const y = Math.floor(k / 10000)
  const m = Math.floor(k / 100) % 100
  const d = k % 100
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}` as IsoDate
}

/**
 * The number of whole months in a planned period (工期), counted the one way redsite counts every period
 * (the setup decision, the coverage columns, the SQLite portfolio, the HTTP API):
 *
 * - `start` is the first day of work and `end` the **last** day of work, both included;
 * - a month counts when the period reaches the same day of the month minus one: 2026-01-01..2026-06-30 is
 *   6 months, 2026-01-01..2027-12-31 is 24, 2026-03-15..2026-04-14 is 1;
 * - when the month reached has no such day, the month ends on its last day: 2026-01-31..2026-02-28 is 1
 *   month (as 2026-01-29 and 2026-01-30 to 2026-02-28 are), 2026-01-31..2026-02-27 is 0.
 *
 * So "工期6个月以上" holds from `periodEnd(start, 6)` on. Adding a day to the end never lowers the count; an
 * end before the start counts 0.
 *
 * @example
 * ```ts
 * import { monthsOfPeriod } from "@redsite/core"
 * monthsOfPeriod("2026-01-01", "2026-06-30") // 6
 * monthsOfPeriod("2026-01-01", "2026-06-29") // 5
 * monthsOfPeriod("2026-01-01", "2027-12-31") // 24
 * ```
 */
export const monthsOfPeriod = (start: string, end: string): number => {
  const sy = Number(start.slice(0, 4))
  const sm = Number(start.slice(5, 7))
  const sd = Number(start.slice(8, 10))
  const e = dateKey(end)
  // the n-th month ends in end's month or the one before (when the start is a 1st): try from one above
  let n = (Number(end.slice(0, 4)) - sy) * 12 + (Number(end.slice(5, 7)) - sm) + 1
  while (n > 0 && monthEndKey(sy, sm, sd, n) > e) n--
  return n > 0 ? n : 0
}

/** Adds whole months to an ISO date, clamping the day to the end of the target month. */
export const addMonths = (date: string, months: number): IsoDate => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number]
  const total = y * 12 + (m - 1) + months
  const ny = Math.floor(total / 12)
  const nm = total - ny * 12 + 1
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate()
  const nd = Math.min(d, last)
  return `${String(ny).padStart(4, "0")}-${String(nm).padStart(2, "0")}-${String(nd).padStart(2, "0")}` as IsoDate
}
