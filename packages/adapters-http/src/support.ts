/**
 * Small pieces shared by the handlers: loading a policy, running the setup rules, turning a core error into
 * an HTTP error, reading `If-Match`, setting `ETag`, cursors, reading and decoding a setup evaluation's body.
 *
 * @module
 */
import { HttpApiError, HttpApp, HttpServerResponse, UrlParams } from "@effect/platform"
import type { HttpServerRequest } from "@effect/platform"
import { IsoDate, decideSetup, decodeValidProject, resolve } from "@redsite/core"
import type { DecodeError, Policy, PolicyResolutionError, Project, ResolvedPolicy, SetupDecision } from "@redsite/core"
import { Effect, Either, Schema } from "effect"
import { createHash } from "node:crypto"
import { EvaluateSetupRequest, InvalidInput, notFound, PreconditionRequired } from "@redsite/client"
import { PolicyStore } from "./policyStore.js"

/** Loads a policy of the catalogue or a stored reform, or fails with 404. */
export const loadPolicy = (id: string) =>
  Effect.flatMap(PolicyStore, (store) =>
    Effect.flatMap(store.get(id), (p) => (p === undefined ? Effect.fail(notFound("policy", id)) : Effect.succeed(p))))

/** A 400 with the given issues. */
export const invalid = (message: string, issues: ReadonlyArray<{ readonly path: string; readonly message: string }>) =>
  new InvalidInput({ code: "invalid_input", message, messageZh: `输入无效:${message}`, issues })

/** A 400 from a core decoding error, with the path of every bad field. */
export const invalidFrom = (e: DecodeError) => invalid(e.message, e.issues)

/**
 * Policies already resolved, by the policy and the list it was resolved against. Both are immutable, and
 * the policy store hands out the same list (and the same policies) while the store's revision holds, so a
 * resolution found here is the one `resolve` would compute again; a new revision brings a new list and
 * misses. Entries go with their keys (weak maps).
 */
const resolutions = new WeakMap<Policy, WeakMap<ReadonlyArray<Policy>, Either.Either<ResolvedPolicy, PolicyResolutionError>>>()

/** `resolve(policy, all)`, computed once per policy and list. */
export const resolveAgainst = (policy: Policy, all: ReadonlyArray<Policy>): Either.Either<ResolvedPolicy, PolicyResolutionError> => {
  let byList = resolutions.get(policy)
  if (byList === undefined) resolutions.set(policy, byList = new WeakMap())
  let r = byList.get(all)
  if (r === undefined) byList.set(all, r = resolve(policy, all))
  return r
}

/**
 * The core's setup decision, with every stored policy available for resolving reforms: `evaluateSetup`,
 * with the resolution of the policy kept (see {@link resolveAgainst}).
 */
export const decide = (project: Project, policy: Policy, date: IsoDate) =>
  Effect.flatMap(Effect.flatMap(PolicyStore, (s) => s.list), (all) => {
    const r = Either.map(resolveAgainst(policy, all), (resolved) => decideSetup(project, resolved, date))
    return Either.isRight(r)
      ? Effect.succeed<SetupDecision>(r.right)
      : Effect.fail(invalid(r.left.message, [{ path: "policyId", message: r.left.message }]))
  })

/** The entity tag of a version (a row's version, or an opaque validator such as {@link contentTag}). */
export const etagOf = (version: number | string) => `"${version}"`

/**
 * Sets the `ETag` header of the response being built; a GET whose `If-None-Match` names that tag gets an
 * empty 304 instead.
 */
export const setEtag = (version: number | string) =>
  HttpApp.appendPreResponseHandler((req, res) => {
    const etag = etagOf(version)
    const wanted = req.headers["if-none-match"]
    const unchanged = req.method === "GET" && res.status === 200 && wanted !== undefined &&
      wanted.split(",").map((t) => t.trim().replace(/^W\//, "")).some((t) => t === etag || t === "*")
    return Effect.succeed(unchanged ? HttpServerResponse.empty({ status: 304, headers: { etag } }) : HttpServerResponse.setHeader(res, "etag", etag))
  })

/**
 * A strong validator of some bytes: their SHA-256, base64url, first 128 bits. Two representations with the
 * same tag are the same bytes (RFC 9110 §8.8.3), whatever the store's revision or the server's run.
 */
export const bytesTag = (bytes: Uint8Array | string): string => createHash("sha256").update(bytes).digest("base64url").slice(0, 22)

const contentTags = new WeakMap<object, string>()

/**
 * The {@link bytesTag} of a value's JSON as `schema` encodes it (the body the endpoint sends), computed once
 * per value: the policy store hands out the same (immutable) list and policies while its revision holds.
 */
export const contentTag = <A extends object, I>(schema: Schema.Schema<A, I>, value: A): string => {
  let tag = contentTags.get(value)
  if (tag === undefined) contentTags.set(value, tag = bytesTag(JSON.stringify(Schema.encodeSync(schema)(value))))
  return tag
}

/** The version named by an `If-Match` header (`"3"`, `W/"3"` or `3`): 428 when absent, 400 when unreadable. */
export const versionFromIfMatch = (header: string | undefined): Effect.Effect<number, PreconditionRequired | InvalidInput> => {
  if (header === undefined || header.trim() === "") {
    return Effect.fail(new PreconditionRequired({
      code: "precondition_required",
      message: "this write needs an If-Match header with the version it is based on (the ETag of your last read)",
      messageZh: "此写操作需要 If-Match 请求头,填写所依据的版本(上次读取的 ETag)"
    }))
  }
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header)
  return m === null
    ? Effect.fail(invalid(`If-Match ${JSON.stringify(header)} is not a version`, [{ path: "if-match", message: "expected a version such as \"3\"" }]))
    : Effect.succeed(Number(m[1]))
}

/** An opaque cursor for the page after the given id. */
export const encodeCursor = (afterId: string) => Buffer.from(afterId, "utf8").toString("base64url")

/** The id a cursor stands for, or a 400. */
export const decodeCursor = (cursor: string | undefined): Effect.Effect<string | undefined, InvalidInput> => {
  if (cursor === undefined) return Effect.succeed(undefined)
  const id = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, "base64url").toString("utf8") : ""
  return id === "" || encodeCursor(id) !== cursor
    ? Effect.fail(invalid("cursor is not one this server issued", [{ path: "cursor", message: "use nextCursor of the previous page" }]))
    : Effect.succeed(id)
}

/**
 * The body of a request as `HttpApiBuilder` reads it before decoding a payload (its `requestPayload`, for a
 * method with a body): JSON unless the content type says otherwise.
 */
export const bodyOf = (request: HttpServerRequest.HttpServerRequest) => {
  const contentType = request.headers["content-type"] ? request.headers["content-type"].toLowerCase().trim() : "application/json"
  if (contentType.includes("application/json")) return Effect.orDie(request.json)
  if (contentType.includes("multipart/form-data")) return Effect.orDie(request.multipart)
  if (contentType.includes("x-www-form-urlencoded")) return Effect.map(Effect.orDie(request.urlParamsBody), UrlParams.toRecord)
  if (contentType.startsWith("text/")) return Effect.orDie(request.text)
  return Effect.map(Effect.orDie(request.arrayBuffer), (buffer): unknown => new Uint8Array(buffer))
}

const decodeEvaluateSchema = Schema.decodeUnknown(EvaluateSetupRequest)
const isIsoDate = Schema.is(IsoDate)
const EVALUATE_KEYS = new Set(["project", "policyId", "date"])

/**
 * The payload of a setup evaluation, as the endpoint's schema decodes it. A plain object with exactly the
 * three fields, whose project the core's fast decoder vouches for ({@link decodeValidProject}: the schema's
 * rules one for one, the same value), is built directly; anything else goes through the schema, which gives
 * the value or the 400 with every issue, as `HttpApiBuilder` would. The project is most of the request's work:
 * the schema interprets its AST for every field.
 */
export const decodeEvaluatePayload = (body: unknown): Effect.Effect<EvaluateSetupRequest, HttpApiError.HttpApiDecodeError> => {
  if (typeof body === "object" && body !== null && Object.getPrototypeOf(body) === Object.prototype) {
    const keys = Reflect.ownKeys(body)
    const b = body as Record<string, unknown>
    if (keys.length === 3 && keys.every((k) => typeof k === "string" && EVALUATE_KEYS.has(k)) && typeof b.policyId === "string" && isIsoDate(b.date)) {
      const project = decodeValidProject(b.project)
      if (project !== undefined) return Effect.succeed(new EvaluateSetupRequest({ project, policyId: b.policyId, date: b.date }, true))
    }
  }
  return Effect.catchTag(decodeEvaluateSchema(body), "ParseError", HttpApiError.HttpApiDecodeError.refailParseError)
}
