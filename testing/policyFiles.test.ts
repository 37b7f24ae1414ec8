/**
 * The catalogue's data files on disk (packages/core/policies) against the bundled catalogue. It reads the file
 * tree, so it lives here, outside the core, whose sources import no I/O module (tests included).
 */
import { Either, Schema } from "effect"
import { readFileSync, readdirSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { describe, expect, it } from "vitest"
import { Policy, catalogue, decodePolicy, findPolicy } from "@redsite/core"

const ROOT = join(__dirname, "../packages/core/policies")
const files = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".json") ? [p] : []
  })

describe("the catalogue's data files (packages/core/policies)", () => {
  const all = files(ROOT)

  it("hold one policy each, and every catalogue policy comes from one", () => {
    const ids = all.map((f) => (JSON.parse(readFileSync(f, "utf8")) as { id: string }).id)
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual(catalogue.map((p) => p.id).sort())
  })

  it.each(all.map((f) => [relative(ROOT, f), f] as const))("%s round-trips through the Policy schema", (_, f) => {
    const json: unknown = JSON.parse(readFileSync(f, "utf8"))
    const decoded = decodePolicy(json)
    if (Either.isLeft(decoded)) throw new Error(decoded.left.message)
    expect(Schema.encodeSync(Policy)(decoded.right)).toEqual(json)
    expect(findPolicy(decoded.right.id)).toEqual(decoded.right)
  })

  it("sit in a folder per jurisdiction named after the policy's id, with the policy's layer", () => {
    for (const f of all) {
      const p = findPolicy((JSON.parse(readFileSync(f, "utf8")) as { id: string }).id)!
      expect(f.endsWith(`/${p.id}.json`)).toBe(true)
      expect(p.level).toBeDefined()
      // a policy below national names its basis, and every layer between them is present (in data or empty)
      if (p.level !== "national") expect(p.basis).toBeDefined()
    }
  })
})

