/**
 * Quick start with the core only: decode a project from plain JSON (as it would arrive from a form or a
 * file), ask which Party organization its site must set up under Fuding's 2020 rules, read the cited
 * reasons, then derive a reform (a 30-million-yuan cost threshold) and see what changes and why.
 *
 * Run: pnpm exec tsx examples/quick-start.ts
 */
import { Either } from "effect"
import {
  compareDecisions,
  decodeProject,
  evaluateSetup,
  explainDecision,
  findPolicy,
  isoDate,
  reform
} from "@redsite/core"

/** Unwraps a core result or stops with its message (a real caller would show the issues to the user). */
const orFail = <A, E extends { readonly message: string }>(r: Either.Either<A, E>): A => {
  if (Either.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

// 1. Facts, as plain JSON. Money is in yuan, dates are ISO calendar dates.
const input = {
  id: "fd-bridge",
  name: "福鼎某大桥工程",
  kind: "bridgeTunnel",
  costYuan: 42_000_000,
  plannedStart: "2021-01-01",
  plannedEnd: "2023-06-30",
  major: true,
  phase: "construction",
  units: [{ id: "u1", name: "某路桥公司", role: "generalContractor", ownership: "stateOwned", hasOrganization: true }],
  members: [
    { id: "m1", status: "full", unitId: "u1" },
    { id: "m2", status: "full", unitId: "u1", mobile: true },
    { id: "m3", status: "full", unitId: "u1" },
    { id: "m4", status: "probationary", unitId: "u1" }
  ]
}

// Decoding checks every field; a mistake comes back with the path of each bad field.
const broken = decodeProject({ ...input, kind: "bridge", costYuan: "四千万", members: [{ id: "m1", status: "member" }] })
if (Either.isLeft(broken)) {
  console.log("Bad input is rejected with paths:")
  for (const issue of broken.left.issues) console.log(`  ${issue.path}: ${issue.message}`)
  console.log()
}
const project = orFail(decodeProject(input))

// 2. The decision under the policy in force, element by element, each with its rule and clause.
const fuding = findPolicy("fuding-site-2020")!
const date = isoDate("2021-03-01")
const decision = orFail(evaluateSetup(project, fuding, date))
console.log(`Under ${fuding.name.en} (${fuding.name.zh}):`)
for (const line of explainDecision(decision, "en")) console.log(`  ${line}`)

// 3. A what-if: the same rules with a 30-million-yuan cost threshold.
const lower = orFail(reform(fuding, { id: "fuding-30m", parameters: { costThresholdYuan: 30_000_000 } }))
const after = orFail(evaluateSetup(project, lower, date))
const diff = compareDecisions(decision, after)
console.log(`\n${diff.left} → ${diff.right}: ${diff.differences.length} element(s) change`)
for (const d of diff.differences) {
  const params = d.parameters.map((p) => `${p.key}: ${JSON.stringify(p.left?.value)} → ${JSON.stringify(p.right?.value)}`)
  console.log(`  ${d.element}: rules ${d.rules.right.join(", ")}; because ${params.join("; ") || "the facts read differ"}`)
}
if (diff.differences.length === 0) throw new Error("expected the lower threshold to change the requirement")
