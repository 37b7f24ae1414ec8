/**
 * The Promise client: every endpoint of {@link RedsiteApi} as an `async` function taking plain JSON values
 * (ISO date strings such as `"2021-06-30"` where the API takes dates, plain objects where it takes the core's
 * classes), for code that does not use Effect. Answers are decoded into the core's classes, as with the
 * Effect client; an error answer rejects the promise with the API's typed error ({@link RedsiteApiError}).
 *
 * @module
 */
import type * as HttpApi from "@effect/platform/HttpApi"
import type * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import type * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import type * as Brand from "effect/Brand"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { RedsiteApi } from "./api.js"
import { makeClient } from "./client.js"
import { SpreadsheetInvalid } from "./spreadsheetApi.js"
import {
  Conflict,
  Forbidden,
  InvalidInput,
  invalidRequest,
  NotFound,
  PayloadTooLarge,
  PreconditionRequired,
  RuleViolation,
  ServiceUnavailable,
  Unauthorized,
  UnsupportedMediaType
} from "./errors.js"

/**
 * A value of the API as plain JSON would give it: branded strings and numbers (the core's `IsoDate`, ids)
 * as plain `string` and `number`, the core's classes as plain objects of their fields. A boolean or list field
 * may be left out (many have a default, e.g. a member's `mobile`); when the schema requires it, the call
 * rejects with an {@link InvalidInput} naming it, before sending.
 */
export type Plain<T> = T extends string & Brand.Brand<any> ? string
  : T extends number & Brand.Brand<any> ? number
  : T extends ReadonlyArray<infer U> ? ReadonlyArray<Plain<U>>
  : T extends object ? PlainObject<T>
  : T

type IsMethod<V> = V extends (...args: ReadonlyArray<any>) => any ? true : false
type Defaultable<V> = NonNullable<V> extends boolean | ReadonlyArray<unknown> ? true : false

type PlainObject<T> =
  & { readonly [K in keyof T as IsMethod<T[K]> extends true ? never : Defaultable<T[K]> extends true ? never : K]: Plain<T[K]> }
  & { readonly [K in keyof T as IsMethod<T[K]> extends true ? never : Defaultable<T[K]> extends true ? K : never]?: Plain<T[K]> | undefined }

type Part<T> = [T] extends [never] ? {} : Plain<T>

/**
 * The one argument of a Promise client call: the path parameters, query parameters and headers (such as
 * `if-match`) side by side, and the request body, if the endpoint takes one, as `payload`.
 */
export type PlainRequest<Path, UrlParams, Payload, Headers> =
  & Part<Path>
  & Part<UrlParams>
  & Part<Headers>
  & ([Payload] extends [never] ? {} : { readonly payload: Plain<Payload> })

type Call<Request, Success> = {} extends Request ? (request?: Request) => Promise<Success>
  : (request: Request) => Promise<Success>

type PromiseMethod<E> = E extends HttpApiEndpoint.HttpApiEndpoint<
  infer _Name,
  infer _Method,
  infer Path,
  infer UrlParams,
  infer Payload,
  infer Headers,
  infer Success,
  infer _Error,
  infer _R,
  infer _RE
> ? Call<PlainRequest<Path, UrlParams, Payload, Headers>, Success>
  : never

type Groups = typeof RedsiteApi extends HttpApi.HttpApi<infer _Id, infer G, infer _E, infer _R> ? G : never

/** The Promise client: one property per group of the API, one `async` function per endpoint. */
export type PromiseClient = {
  readonly [G in Groups as HttpApiGroup.HttpApiGroup.Name<G>]: {
    readonly [E in HttpApiGroup.HttpApiGroup.Endpoints<G> as HttpApiEndpoint.HttpApiEndpoint.Name<E>]: PromiseMethod<E>
  }
}

/** Every error the API answers with, each with a stable `code` and messages in English and Chinese. */
export type RedsiteApiError =
  | Unauthorized
  | Forbidden
  | NotFound
  | Conflict
  | InvalidInput
  | RuleViolation
  | PreconditionRequired
  | PayloadTooLarge
  | UnsupportedMediaType
  | ServiceUnavailable
  | SpreadsheetInvalid

const apiErrors = [
  Unauthorized,
  Forbidden,
  NotFound,
  Conflict,
  InvalidInput,
  RuleViolation,
  PreconditionRequired,
  PayloadTooLarge,
  UnsupportedMediaType,
  ServiceUnavailable,
  SpreadsheetInvalid
] as const

/**
 * Whether a rejection of the Promise client is an error answer of the API (and not, say, a network failure,
 * which rejects with Effect's `HttpClientError`).
 *
 * @example
 * ```ts
 * try {
 *   await client.policies.get({ id: "nowhere" })
 * } catch (e) {
 *   if (isRedsiteApiError(e) && e._tag === "NotFound") console.log(e.code, e.messageZh)
 * }
 * ```
 */
export const isRedsiteApiError = (u: unknown): u is RedsiteApiError => apiErrors.some((C) => u instanceof C)

/** Query parameters, path parameters and headers travel as strings: a number or boolean given for one is sent as its text. */
const asText = (value: unknown): unknown =>
  typeof value === "number" || typeof value === "boolean" || typeof value === "bigint"
    ? String(value)
    : Array.isArray(value)
    ? value.map(asText)
    : value

type AnySchema = Schema.Schema<unknown, unknown, never>

/**
 * One part of a request as the Effect client takes it, if the endpoint has that part: the value given when it
 * already is of the schema's type (an `IsoDate` is a checked string; the core's class instances pass as they
 * are), else the value decoded from its JSON or text form (plain objects become the core's classes, `"5"` a
 * number). The error is the decoding's: it names the field as the wire carries it.
 */
const requestPart = (schema: Option.Option<Schema.Schema<any, unknown, any>>, value: unknown, wire: unknown) =>
  Option.match(schema, {
    onNone: () => Effect.succeed(undefined),
    onSome: (s) =>
      Schema.validate(s as AnySchema)(value).pipe(
        Effect.orElse(() => Schema.decodeUnknown(s as AnySchema, { errors: "all" })(wire))
      )
  })

/** The Effect request of a plain one: the path, query and header fields from the top level, the body from `payload`. */
const effectRequest = (endpoint: HttpApiEndpoint.HttpApiEndpoint.AnyWithProps, request: Record<string, unknown>) => {
  const { payload, ...fields } = request
  const text = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, asText(v)]))
  return Effect.all({
    path: requestPart(endpoint.pathSchema, fields, text),
    urlParams: requestPart(endpoint.urlParamsSchema, fields, text),
    headers: requestPart(endpoint.headersSchema, fields, text),
    payload: requestPart(endpoint.payloadSchema, payload, payload)
  }).pipe(
    Effect.map((parts) => Object.fromEntries(Object.entries(parts).filter(([, v]) => v !== undefined))),
    Effect.mapError((e) => invalidRequest(ParseResult.ArrayFormatter.formatErrorSync(e)))
  )
}

/**
 * Makes a Promise client of a redsite server. Each call checks the request against the endpoint's schemas
 * (a bad one rejects with an {@link InvalidInput} without a round trip), sends it, and resolves with the
 * answer decoded into the core's classes; an error answer rejects with the API's error
 * ({@link isRedsiteApiError}), a network failure with Effect's `HttpClientError`.
 *
 * @param baseUrl - the server's address, e.g. `http://127.0.0.1:8787`
 * @param token - the bearer token, for every endpoint but `/health`
 *
 * @example
 * ```ts
 * import { makePromiseClient } from "@redsite/client"
 * const client = makePromiseClient("http://127.0.0.1:8787", "token")
 * const report = await client.coverage.report({ date: "2021-06-30", policyId: "fuding-2024" })
 * const decision = await client.setup.evaluate({ payload: { project, policyId: "national-2021", date: "2021-06-30" } })
 * ```
 */
export const makePromiseClient = (baseUrl: string, token?: string): PromiseClient => {
  let client: Promise<any> | undefined
  const effectClient = () => (client ??= Effect.runPromise(makeClient(baseUrl, token)))
  const groups = Object.values(RedsiteApi.groups as unknown as Record<string, HttpApiGroup.HttpApiGroup.AnyWithProps>)
  return Object.fromEntries(groups.map((group) => [
    group.identifier,
    Object.fromEntries(Object.values(group.endpoints as Record<string, HttpApiEndpoint.HttpApiEndpoint.AnyWithProps>).map((endpoint) => [
      endpoint.name,
      async (request: Record<string, unknown> = {}) => {
        const call = (await effectClient())[group.identifier][endpoint.name] as (r: unknown) => Effect.Effect<unknown, unknown>
        const result = await Effect.runPromise(Effect.either(Effect.flatMap(effectRequest(endpoint, request), call)))
        if (Either.isLeft(result)) throw result.left
        return result.right
      }
    ]))
  ])) as unknown as PromiseClient
}
