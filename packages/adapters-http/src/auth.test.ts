import { Context, Effect, Either, Layer, Redacted } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Authentication, Principal } from "@redsite/client"
import { AuthenticationLive, hashToken } from "./auth.js"
import type { TokenEntry } from "./auth.js"

const principal = (id: string) => new Principal({ id, role: "viewer" })

/** The principal a token stands for, or `undefined` when it is refused. */
const authenticate = (tokens: ReadonlyArray<TokenEntry>, token: string) =>
  Effect.runSync(Effect.gen(function*() {
    const ctx = yield* Layer.build(AuthenticationLive(tokens))
    const r = yield* Effect.either(Context.get(ctx, Authentication).bearer(Redacted.make(token)))
    return Either.isRight(r) ? r.right : undefined
  }).pipe(Effect.scoped) as Effect.Effect<Principal | undefined>) // the bearer check reads no request service

describe("authentication by hashed tokens", () => {
  it("finds the principal of any configured token, the first entry when a digest is configured twice", () => {
    const tokens = [
      { sha256: hashToken("a"), principal: principal("first") },
      { sha256: hashToken("b"), principal: principal("second") },
      { sha256: hashToken("b").toUpperCase(), principal: principal("again") },
      { sha256: "not hex at all", principal: principal("broken") }
    ]
    expect(authenticate(tokens, "a")?.id).toBe("first")
    expect(authenticate(tokens, "b")?.id).toBe("second")
    expect(authenticate(tokens, "c")).toBeUndefined()
    expect(authenticate(tokens, "")).toBeUndefined()
    expect(authenticate([], "a")).toBeUndefined()
  })

  it("accepts exactly the configured tokens, as a plain search of the list would (property)", () => {
    fc.assert(fc.property(fc.uniqueArray(fc.string(), { maxLength: 6 }), fc.string(), (configured, asked) => {
      const tokens = configured.map((t, i) => ({ sha256: hashToken(t), principal: principal(`p${i}`) }))
      const plain = tokens.find((t) => t.sha256 === hashToken(asked))?.principal
      expect(authenticate(tokens, asked)).toBe(plain)
    }))
  })
})
