/**
 * A new city's policy as data only (docs/guides/add-a-policy.md): read the policy files under
 * `examples/policies/` (one folder per jurisdiction), load them with `loadPolicies` (every bad path named),
 * then decide sites under the example city's notice — before and after its dated change of 1 January 2026 —
 * and print which layer answered and which dated value it read.
 *
 * Run: pnpm exec tsx examples/add-a-policy.ts
 */
import { readFileSync, readdirSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { Either } from "effect"
import type { Policy } from "@redsite/core"
import { evaluateSetup, isoDate, layersOf, loadPolicies, makeProject, reasonsOf, findPolicy } from "@redsite/core"

const here = dirname(fileURLToPath(import.meta.url))

/** Every `.json` file under a folder, as `{ relative path: text }` (what `loadPolicies` takes). */
export const readPolicyFolder = (root: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(root, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => [relative(root, join(root, f)), readFileSync(join(root, f), "utf8")])
  )

/** The example policies, loaded and checked (throws with every problem, by file and path, if one is bad). */
export const examplePolicies = (): ReadonlyArray<Policy> => {
  const r = loadPolicies(readPolicyFolder(join(here, "policies")))
  if (Either.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

/** A site of 18 months with `full` full members in its general contractor. */
export const site = (full: number) => makeProject({
  id: `site-${full}`, name: `示例工地(正式党员${full}名)`, kind: "building", costYuan: 20_000_000, major: false,
  plannedStart: "2025-04-01", plannedEnd: "2026-09-30", district: "示例区",
  units: [{ id: "gc", name: "总承包单位", role: "generalContractor", members: { full } }]
})

/** The requirement under the example city's policy at a date: level, the layer that answered, the dated value read. */
export const decide = (policies: ReadonlyArray<Policy>, full: number, date: string) => {
  const city = policies.find((p) => p.id === "example-city-2025")!
  const d = Either.getOrThrow(evaluateSetup(site(full), city, isoDate(date), policies))
  const reason = reasonsOf(d.requirement)[0]!
  const threshold = reason.parameters.find((p) => p.key === "projectMinFullMembers")
  return {
    level: d.requirement._tag === "Settled" ? d.requirement.value : "gap",
    rule: reason.ruleId, layer: reason.layer, threshold: threshold?.value, from: threshold?.from
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const policies = examplePolicies()
  const city = policies.find((p) => p.id === "example-city-2025")!
  console.log("layers:", layersOf(city, (id) => policies.find((p) => p.id === id) ?? findPolicy(id))
    .map((l) => `${l.level} ${l.jurisdiction.zh}${l.policyId === undefined ? " (empty)" : ` [${l.policyId}: ${l.changes.length} change(s)]`}`).join(" → "))
  for (const [full, date] of [[2, "2025-06-01"], [3, "2025-06-01"], [4, "2025-06-01"], [1, "2026-06-01"], [2, "2026-06-01"]] as const) {
    const r = decide(policies, full, date)
    console.log(`${date}, ${full} full member(s): ${r.level} — ${r.rule} (${r.layer} layer), threshold ${r.threshold}${r.from === undefined ? "" : ` from ${r.from}`}`)
  }
}
