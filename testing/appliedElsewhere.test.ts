/**
 * A rule kind "applied elsewhere" names the module that applies it: that module's source names the kind. It
 * reads the core's source files, so it lives here, outside the core, whose sources import no I/O module.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { appliedElsewhere } from "@redsite/core"

const SRC = join(__dirname, "../packages/core/src")

describe("rule kinds applied elsewhere", () => {
  it.each(Object.entries(appliedElsewhere))("%s is named by the module that applies it (%s)", (kind, module) => {
    expect(readFileSync(join(SRC, module!), "utf8")).toContain(`"${kind}"`)
  })
})
