/**
 * Small pieces shared by the handlers: loading a policy, running the setup rules, turning a core error into
 * an HTTP error, reading `If-Match`, setting `ETag`, cursors.
 *
 * @module
 */
import { HttpApp, HttpServerResponse } from "@effect/platform"
import { decideSetup, resolve } from "@redsite/core"
import type { DecodeError, IsoDate, Policy, PolicyResolutionError, Project, ResolvedPolicy, SetupDecision } from "@redsite/core"
import { Effect, Either } from "effect"
import { InvalidInput, PreconditionRequired, notFound } from "./errors.js"
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

/** The entity tag of a version. */
export const etagOf = (version: number) => `"${version}"`

/**
 * Sets the `ETag` header of the response being built; a GET whose `If-None-Match` names that tag gets an
 * empty 304 instead.
 */
export const setEtag = (version: number) =>
  HttpApp.appendPreResponseHandler((req, res) => {
    const etag = etagOf(version)
    const wanted = req.headers["if-none-match"]
    const unchanged = req.method === "GET" && res.status === 200 && wanted !== undefined &&
      wanted.split(",").map((t) => t.trim().replace(/^W\//, "")).some((t) => t === etag || t === "*")
    return Effect.succeed(unchanged ? HttpServerResponse.empty({ status: 304, headers: { etag } }) : HttpServerResponse.setHeader(res, "etag", etag))
  })

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
    ? Effect.fail(invalid(`If-Match ${JSON.stringify(header)} is not a version`, [{ path: "headers.if-match", message: "expected a version such as \"3\"" }]))
    : Effect.succeed(Number(m[1]))
}

/** An opaque cursor for the page after the given id. */
export const encodeCursor = (afterId: string) => Buffer.from(afterId, "utf8").toString("base64url")

/** The id a cursor stands for, or a 400. */
export const decodeCursor = (cursor: string | undefined): Effect.Effect<string | undefined, InvalidInput> => {
  if (cursor === undefined) return Effect.succeed(undefined)
  const id = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, "base64url").toString("utf8") : ""
  return id === "" || encodeCursor(id) !== cursor
    ? Effect.fail(invalid("cursor is not one this server issued", [{ path: "urlParams.cursor", message: "use nextCursor of the previous page" }]))
    : Effect.succeed(id)
}
