/**
 * Access control: bearer tokens, configured as SHA-256 hashes (never stored in clear), mapped to
 * principals with roles.
 *
 * | role | may |
 * |---|---|
 * | `administrator` | everything |
 * | `secretary` | read; write inside the subtree of their organization |
 * | `viewer` | read, without members' personal fields |
 * | `analyst` | policies, setup evaluation, simulation; no personal data |
 *
 * @module
 */
import { Effect, Layer, Redacted } from "effect"
import * as crypto from "node:crypto"
import { Authentication, CurrentPrincipal, forbidden, Unauthorized } from "@redsite/client"
import type { Forbidden, Principal, Role } from "@redsite/client"

/** A configured token: its SHA-256 hex digest and the principal it stands for. */
export interface TokenEntry {
  readonly sha256: string
  readonly principal: Principal
}

/** The SHA-256 hex digest of a token, as stored in configuration. */
export const hashToken = (token: string): string => crypto.createHash("sha256").update(token, "utf8").digest("hex")

/**
 * The SHA-256 digest of a token's UTF-8 bytes: one-shot `crypto.hash` where Node has it (20.12 and later),
 * which skips building a `Hash` object per request; the same digest either way.
 */
const digestOf: (token: string) => Buffer = typeof crypto.hash === "function"
  ? (token) => crypto.hash("sha256", token, "buffer")
  : (token) => crypto.createHash("sha256").update(token, "utf8").digest()

const unauthorized = new Unauthorized({
  code: "unauthorized",
  message: "a valid bearer token is required",
  messageZh: "需要有效的访问令牌"
})

/**
 * Authentication against a fixed list of hashed tokens. The configured digests are decoded once; a request
 * costs one SHA-256 of its token and a constant-time comparison with every configured digest (all of them,
 * so the time does not tell which entry matched). The first matching entry gives the principal.
 */
export const AuthenticationLive = (tokens: ReadonlyArray<TokenEntry>) => {
  const entries = tokens.map((t) => ({ digest: Buffer.from(t.sha256, "hex"), principal: t.principal }))
  return Layer.succeed(Authentication, {
    bearer: (token) =>
      Effect.suspend(() => {
        const digest = digestOf(Redacted.value(token))
        let hit: Principal | undefined
        for (const e of entries) {
          const same = e.digest.length === digest.length && crypto.timingSafeEqual(e.digest, digest)
          if (same && hit === undefined) hit = e.principal
        }
        return hit === undefined ? Effect.fail(unauthorized) : Effect.succeed(hit)
      })
  })
}

/** Fails with 403 unless the current principal has one of the roles. */
export const requireRole = (
  roles: ReadonlyArray<Role>,
  what: string,
  whatZh: string
): Effect.Effect<Principal, Forbidden, CurrentPrincipal> =>
  Effect.flatMap(CurrentPrincipal, (p) => (roles.includes(p.role) ? Effect.succeed(p) : Effect.fail(forbidden(what, whatZh))))

/** Whether the principal may see members' personal fields (name, contact). */
export const seesPersonalData = (p: Principal): boolean => p.role === "administrator" || p.role === "secretary"
