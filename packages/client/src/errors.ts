/**
 * Error responses of the HTTP API. Every error has a schema, a stable machine `code`, and a message in
 * English (`message`) and Chinese (`messageZh`). Requests whose body, query, path or headers do not match
 * the endpoint's schema are answered with an {@link InvalidInput} too (code `request.invalid`, the path of
 * every bad field; see {@link fromDecodeError}), not with Effect's own `HttpApiDecodeError`; a body that is
 * not JSON with one of code `request.malformed` ({@link malformedJson}); and a route outside the API with a
 * {@link NotFound} (code `route.not_found`; see {@link routeNotFound}).
 *
 * @module
 */
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import type * as HttpApiError from "@effect/platform/HttpApiError"
import { Citation, formatPath, tidyDecodeIssues } from "@redsite/core"
import * as Schema from "effect/Schema"

const fields = {
  code: Schema.String,
  message: Schema.String,
  messageZh: Schema.String
}

/** 401: no bearer token, or one that is not configured. */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", fields, HttpApiSchema.annotations({ status: 401 })) {}

/** 403: the principal's role or scope does not allow this. */
export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", fields, HttpApiSchema.annotations({ status: 403 })) {}

/** 404: no such resource. */
export class NotFound extends Schema.TaggedError<NotFound>()(
  "NotFound",
  { ...fields, resource: Schema.String, id: Schema.String },
  HttpApiSchema.annotations({ status: 404 })
) {}

/** 409: the write was based on a stale version (If-Match) or collides with an existing id. */
export class Conflict extends Schema.TaggedError<Conflict>()(
  "Conflict",
  { ...fields, currentVersion: Schema.optional(Schema.String) },
  HttpApiSchema.annotations({ status: 409 })
) {}

/** 400: a well-formed request whose content the core rejects (e.g. an invalid reform), with paths. */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()(
  "InvalidInput",
  { ...fields, issues: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String })) },
  HttpApiSchema.annotations({ status: 400 })
) {}

/** 422: the request breaks a rule of the domain; the rule and its citation are named. */
export class RuleViolation extends Schema.TaggedError<RuleViolation>()(
  "RuleViolation",
  { ...fields, ruleId: Schema.String, citation: Citation },
  HttpApiSchema.annotations({ status: 422 })
) {}

/** 428: a write to an existing resource without `If-Match` (the version it is based on). */
export class PreconditionRequired extends Schema.TaggedError<PreconditionRequired>()(
  "PreconditionRequired",
  fields,
  HttpApiSchema.annotations({ status: 428 })
) {}

/** 413: the request body is larger than the configured limit. */
export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>()(
  "PayloadTooLarge",
  { ...fields, limitBytes: Schema.Number },
  HttpApiSchema.annotations({ status: 413 })
) {}

/** 415: a request body that is not JSON (every request body of the API is JSON); `supported` lists the accepted types. */
export class UnsupportedMediaType extends Schema.TaggedError<UnsupportedMediaType>()(
  "UnsupportedMediaType",
  { ...fields, supported: Schema.Array(Schema.String) },
  HttpApiSchema.annotations({ status: 415 })
) {}

/**
 * 503: the server cannot take the request now — it is shutting down, or its pool of heavy computations is
 * full; `retryAfterSeconds` (also sent as `Retry-After`) says when to try again.
 */
export class ServiceUnavailable extends Schema.TaggedError<ServiceUnavailable>()(
  "ServiceUnavailable",
  { ...fields, retryAfterSeconds: Schema.Number },
  HttpApiSchema.annotations({ status: 503 })
) {}

/** Builds a {@link NotFound}. */
export const notFound = (resource: string, id: string) =>
  new NotFound({
    code: `${resource}.not_found`,
    message: `no ${resource} with id ${JSON.stringify(id)}`,
    messageZh: `找不到${resource}:${id}`,
    resource,
    id
  })

/** Builds a {@link Forbidden}. */
export const forbidden = (what: string, whatZh: string) =>
  new Forbidden({ code: "forbidden", message: `not allowed: ${what}`, messageZh: `无权操作:${whatZh}` })

/** The most issues an {@link InvalidInput} lists (a body with more bad fields says how many in its message). */
export const MAX_REPORTED_ISSUES = 100
/** The most field paths an {@link InvalidInput}'s message names. */
export const MAX_NAMED_FIELDS = 20

/**
 * The {@link InvalidInput} answering a request that does not match its endpoint's schema (Effect's
 * `HttpApiDecodeError`): code `request.invalid`, one issue per bad field (at most {@link MAX_REPORTED_ISSUES}) with its path rendered as
 * `project.units[0].role` (relative to the part of the request that failed: body, query, path or headers;
 * `""` for the part itself), and every issue's message.
 */
export const fromDecodeError = (e: HttpApiError.HttpApiDecodeError): InvalidInput => invalidRequest(e.issues)

/**
 * The {@link InvalidInput} for request parts that do not match their schemas, from the issues of Effect's
 * `ArrayFormatter` (a path and a message each): code `request.invalid`, one issue per bad field (at most {@link MAX_REPORTED_ISSUES}). The server
 * answers with it ({@link fromDecodeError}); the Promise client rejects with it before sending a request it
 * can tell is bad.
 */
export const invalidRequest = (
  raw: ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }>
): InvalidInput => {
  const all = tidyDecodeIssues(raw.map((i) => ({ path: formatPath(i.path), message: i.message })))
  // a large bad body (thousands of bad events) would otherwise be answered with a larger error: the issues are
  // bounded, and the message names the first fields and how many there are in all
  const issues = all.slice(0, MAX_REPORTED_ISSUES)
  const paths = [...new Set(all.map((i) => i.path || "(root)"))]
  const shown = paths.slice(0, MAX_NAMED_FIELDS)
  const more = paths.length - shown.length
  const cut = all.length > issues.length ? ` (the first ${issues.length} of ${all.length} issues are listed)` : ""
  const cutZh = all.length > issues.length ? `(共${all.length}处错误,列出前${issues.length}处)` : ""
  return new InvalidInput({
    code: "request.invalid",
    message: `the request does not match the endpoint's schema at ${shown.join(", ")}${more > 0 ? ` and ${more} more field(s)` : ""}${cut}`,
    messageZh: `请求不符合接口定义,有误的字段:${shown.join("、")}${more > 0 ? `等${paths.length}个字段` : ""}${cutZh}`,
    issues
  })
}

/** The {@link NotFound} answering a method and path that no endpoint serves. */
export const routeNotFound = (method: string, path: string) =>
  new NotFound({
    code: "route.not_found",
    message: `no endpoint ${method} ${path}; see /openapi.json for the API`,
    messageZh: `接口不存在:${method} ${path};接口说明见 /openapi.json`,
    resource: "route",
    id: `${method} ${path}`
  })

/** The {@link InvalidInput} answering a body that is not the JSON its content type says it is. */
export const malformedJson = (detail: string) =>
  new InvalidInput({
    code: "request.malformed",
    message: `the request body is not valid JSON: ${detail}`,
    messageZh: "请求体不是有效的 JSON",
    issues: [{ path: "", message: detail }]
  })
