/**
 * Writes docs/policies.md from the policy catalogue (run: pnpm docs:policies).
 */
import { writeFileSync } from "node:fs"
import { catalogue, policyCatalogueMarkdown } from "@redsite/core"

const target = new URL("../docs/policies.md", import.meta.url)
writeFileSync(target, policyCatalogueMarkdown(catalogue))
console.log(`wrote ${target.pathname}`)
