import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { catalogue, policyCatalogueMarkdown } from "@redsite/core"

describe("docs/policies.md", () => {
  it("is generated from the current policy data (run `pnpm docs:policies` after changing a policy)", () => {
    const committed = readFileSync(new URL("../docs/policies.md", import.meta.url), "utf8")
    expect(committed).toBe(policyCatalogueMarkdown(catalogue))
  })
})
