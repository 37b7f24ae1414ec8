import { Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ID_MAX_LENGTH, Id, idProblem, isId } from "./primitives.js"

const decode = Schema.decodeUnknownEither(Id)

describe("the Id rule (issue 15: one rule for schemas, router and storage)", () => {
  it("takes 1 to 100 UTF-16 code units: 99, 100 pass, 101 does not; empty does not", () => {
    expect(ID_MAX_LENGTH).toBe(100)
    for (const n of [1, ID_MAX_LENGTH - 1, ID_MAX_LENGTH]) expect(idProblem("x".repeat(n)), String(n)).toBeUndefined()
    expect(idProblem("x".repeat(ID_MAX_LENGTH + 1))).toBe("expected an identifier of at most 100 characters")
    expect(idProblem("")).toBe("expected a non-empty identifier")
    // a Chinese character is one unit, an emoji two
    expect(idProblem("工".repeat(ID_MAX_LENGTH))).toBeUndefined()
    expect(idProblem("😀".repeat(ID_MAX_LENGTH / 2))).toBeUndefined()
    expect(idProblem(`${"😀".repeat(ID_MAX_LENGTH / 2)}x`)).toBeDefined()
  })

  it("refuses lone surrogates, control characters and surrounding blanks, and keeps paired surrogates", () => {
    for (const bad of ["a\uD800", "\uDC00a", "a\uDC00\uD800b", "a\u0000b", "a\nb", "a\u007Fb", "a\u0085b", " a", "a "]) {
      expect(idProblem(bad), JSON.stringify(bad)).toBeDefined()
      expect(isId(bad)).toBe(false)
    }
    for (const good of ["a\uD83D\uDE00b", "fuding-01", "工地/1", "a b"]) expect(idProblem(good), good).toBeUndefined()
  })

  it("is the schema's rule, with its message (property)", () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 120 }), fc.string16bits({ maxLength: 120 }), fc.fullUnicodeString({ maxLength: 60 })), (s) => {
      const r = decode(s)
      expect(r._tag === "Right").toBe(isId(s))
      if (r._tag === "Left") expect(r.left.message).toContain(idProblem(s)!)
      // well-formed exactly when the text survives a round trip through UTF-8
      if (isId(s)) expect(Buffer.from(s, "utf8").toString("utf8")).toBe(s)
    }), { numRuns: 500 })
  })
})
