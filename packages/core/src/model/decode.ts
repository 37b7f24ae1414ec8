/**
 * Decoding unknown input (e.g. JSON from a user) into the domain's types, with errors a person can act on.
 *
 * @module
 */
import { Data, Either, ParseResult, Schema } from "effect"

/** One problem in the input: where it is (a path like `units[2].role`) and what is wrong. */
export interface DecodeIssue {
  readonly path: string
  readonly message: string
}

/** The input does not match the schema. Lists every bad field, not only the first. */
export class DecodeError extends Data.TaggedError("DecodeError")<{
  readonly what: string
  readonly issues: ReadonlyArray<DecodeIssue>
}> {
  override get message(): string {
    return `invalid ${this.what}:\n` + this.issues.map((i) => `  - ${i.path || "(root)"}: ${i.message}`).join("\n")
  }
}

/** Renders a path as `a.b[2].c`. */
export const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (acc, k) => (typeof k === "number" ? `${acc}[${k}]` : acc === "" ? String(k) : `${acc}.${String(k)}`),
    ""
  )

const EXPECTED = /^Expected (.+), actual (.+)$/s

/**
 * Merges the one-per-alternative messages a union produces for the same field ("Expected \"a\", actual x",
 * "Expected \"b\", actual x", ...) into one: `expected one of "a", "b"; got x`.
 */
const mergeAlternatives = (issues: ReadonlyArray<DecodeIssue>): Array<DecodeIssue> => {
  const out: Array<DecodeIssue> = []
  const merged = new Map<string, { index: number; expected: Array<string>; actual: string }>()
  for (const issue of issues) {
    const m = EXPECTED.exec(issue.message)
    const key = m === null ? undefined : `${issue.path}\u0000${m[2]}`
    const seen = key === undefined ? undefined : merged.get(key)
    if (m === null || key === undefined) {
      out.push(issue)
    } else if (seen === undefined) {
      merged.set(key, { index: out.length, expected: [m[1]!], actual: m[2]! })
      out.push(issue)
    } else {
      seen.expected.push(m[1]!)
      out[seen.index] = { path: issue.path, message: `expected one of ${seen.expected.join(", ")}; got ${seen.actual}` }
    }
  }
  return withoutAbsentAlternatives(out)
}

/**
 * Tidies the issues of a failed decode for people: the one-per-alternative messages of a union for the same
 * field become one ("expected one of …; got x"), and an optional field's "Expected undefined" beside its real
 * message is dropped ({@link withoutAbsentAlternatives}). The core's decoders and the API's `InvalidInput` use it.
 *
 * @example
 * ```ts
 * import { tidyDecodeIssues } from "@redsite/core"
 * tidyDecodeIssues([
 *   { path: "role", message: "Expected \"owner\", actual \"boss\"" },
 *   { path: "role", message: "Expected \"contractor\", actual \"boss\"" }
 * ]) // [{ path: "role", message: "expected one of \"owner\", \"contractor\"; got \"boss\"" }]
 * ```
 */
export const tidyDecodeIssues = (issues: ReadonlyArray<DecodeIssue>): Array<DecodeIssue> => mergeAlternatives(issues)

/**
 * Drops the "Expected undefined, actual x" that an optional field given a bad value also produces (its "absent"
 * alternative failing too) wherever the field has another message: it says nothing the field's own message
 * does not.
 *
 * @example
 * ```ts
 * import { withoutAbsentAlternatives } from "@redsite/core"
 * withoutAbsentAlternatives([
 *   { path: "limit", message: "Expected a number between 1 and 500, actual 9000" },
 *   { path: "limit", message: "Expected undefined, actual 9000" }
 * ]).length // 1
 * ```
 */
export const withoutAbsentAlternatives = <I extends DecodeIssue>(issues: ReadonlyArray<I>): Array<I> => {
  const count = new Map<string, number>()
  for (const i of issues) count.set(i.path, (count.get(i.path) ?? 0) + 1)
  return issues.filter((i) => !(/^Expected undefined, actual /s.test(i.message) && count.get(i.path)! > 1))
}

/** Turns a schema parse error into a {@link DecodeError}. */
export const toDecodeError = (what: string, error: ParseResult.ParseError): DecodeError =>
  new DecodeError({
    what,
    issues: mergeAlternatives(ParseResult.ArrayFormatter.formatErrorSync(error).map((i) => ({
      path: formatPath(i.path),
      message: i.message
    })))
  })

/**
 * Makes a decoder for a schema: unknown input in, `Either` of the value or a {@link DecodeError} out.
 * All errors are collected; unknown fields are errors too (they are usually typos).
 */
export const decoderFor = <A, I>(what: string, schema: Schema.Schema<A, I, never>) => {
  const decode = Schema.decodeUnknownEither(schema, { errors: "all", onExcessProperty: "error" })
  return (input: unknown): Either.Either<A, DecodeError> =>
    Either.mapLeft(decode(input), (e) => toDecodeError(what, e))
}
