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

/** A non-empty identifier without surrounding blanks. */
export const Id = Schema.String.pipe(
  Schema.filter((s) => (s.length > 0 && s.trim() === s) || "expected a non-empty identifier without surrounding spaces"),
  Schema.annotations({ identifier: "Id" })
)

/** A text in Chinese (zh-CN) and English. */
export class Label extends Schema.Class<Label>("Label")({
  zh: Schema.String,
  en: Schema.String
}) {}

/** Language of a label. */
export type Lang = "zh" | "en"

/** Number of whole calendar months from `start` to `end` (a partial month does not count). */
export const wholeMonthsBetween = (start: string, end: string): number => {
  const [sy, sm, sd] = start.split("-").map(Number) as [number, number, number]
  const [ey, em, ed] = end.split("-").map(Number) as [number, number, number]
  let months = (ey - sy) * 12 + (em - sm)
  if (ed < sd) months -= 1
  return months
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
