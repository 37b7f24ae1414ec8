import { readdirSync, readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"

/** The package's modules (tests and test support aside) and the modules of this package each imports, types included. */
const graph = (): Map<string, ReadonlyArray<string>> => {
  const dir = new URL("./", import.meta.url)
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
  return new Map(files.map((f) => [
    f.replace(/\.ts$/, ""),
    [...readFileSync(new URL(f, dir), "utf8").matchAll(/^(?:import|export)[^"]*from "\.\/([^"]+)\.js"/gm)].map((m) => m[1]!)
  ]))
}

/** A cycle of imports, as the list of its modules, or undefined. */
const cycleIn = (g: Map<string, ReadonlyArray<string>>): ReadonlyArray<string> | undefined => {
  const state = new Map<string, "open" | "done">()
  const stack: Array<string> = []
  const visit = (m: string): ReadonlyArray<string> | undefined => {
    if (state.get(m) === "done") return undefined
    if (state.get(m) === "open") return [...stack.slice(stack.indexOf(m)), m]
    state.set(m, "open")
    stack.push(m)
    for (const next of g.get(m) ?? []) {
      const found = visit(next)
      if (found !== undefined) return found
    }
    stack.pop()
    state.set(m, "done")
    return undefined
  }
  for (const m of g.keys()) {
    const found = visit(m)
    if (found !== undefined) return found
  }
  return undefined
}

describe("the package's modules", () => {
  it("import one another without a cycle (type imports included)", () => {
    const g = graph()
    expect(g.get("database")).toContain("migrations")
    expect(cycleIn(g)).toBeUndefined()
  })

  it("the cycle finder finds one", () => {
    expect(cycleIn(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]]]))).toEqual(["a", "b", "c", "a"])
    expect(cycleIn(new Map([["a", ["b"]], ["b", []], ["c", ["a", "b"]]]))).toBeUndefined()
  })
})
