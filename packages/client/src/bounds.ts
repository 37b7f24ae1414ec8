/**
 * The bounds of what a client controls in one request (issue 15: a viewer's GET with a range of 8,000 years
 * ran 79 s and 3.3 GB). Every range, list and page a request names is bounded here or in its schema, and a
 * request beyond a bound is a 400 naming it. Part of the API definition: no Node-only import.
 *
 * @module
 */
import * as Schema from "effect/Schema"

/**
 * The longest range of days one request may score or count: 3,660 days (ten years, leap days included).
 * An assumption of this API, not a rule of any source: long enough for a branch's two terms of office, short
 * enough that a ledger of 100,000 events scores in well under a second.
 */
export const MAX_RANGE_DAYS = 3_660

/** The most items in one list of a request body (events, roster intervals, records, scores, ballots…). */
export const MAX_ITEMS = 100_000

/** The most entries in a short list of a request body (scheme versions, talk rules, organizations of a pipeline check). */
export const MAX_SHORT_LIST = 1_000

/** The largest page of a paginated answer (`limit`). */
export const MAX_PAGE = 500

/** The number of days from one ISO date to another, both included (0 or less when `to` comes first). */
export const daysFromTo = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1

/** Why a range of days is not accepted, or undefined: `from` after `to`, or more than {@link MAX_RANGE_DAYS} days. */
export const rangeProblem = (from: string, to: string): string | undefined => {
  const days = daysFromTo(from, to)
  return days < 1
    ? `from (${from}) is after to (${to})`
    : days > MAX_RANGE_DAYS
    ? `a range of at most ${MAX_RANGE_DAYS} days is accepted; ${from} to ${to} is ${days} days`
    : undefined
}

/**
 * A struct whose optional `from` and `to` dates, when both are given, make a range {@link rangeProblem}
 * accepts; the issue is reported at `to`.
 */
export const withBoundedRange = <S extends Schema.Schema.Any>(schema: S) =>
  schema.pipe(Schema.filter((v) => {
    const { from, to } = v as { readonly from?: string; readonly to?: string }
    const problem = from === undefined || to === undefined ? undefined : rangeProblem(from, to)
    return problem === undefined ? true : { path: ["to"], message: problem }
  }))
