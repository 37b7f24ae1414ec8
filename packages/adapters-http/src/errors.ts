/**
 * Error responses of the HTTP API. Every error has a schema, a stable machine `code`, and a message in
 * English (`message`) and Chinese (`messageZh`). Request bodies that do not match their schema are answered
 * by Effect's `HttpApiDecodeError` (400, machine code = its `_tag`, with the path of every bad field).
 *
 * @module
 */
import { HttpApiSchema } from "@effect/platform"
import { Citation } from "@redsite/core"
import { Schema } from "effect"

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
