/**
 * HTTP: starts the API on a free loopback port, then uses the typed client as a UI would — list the
 * policies, evaluate a seed scenario, derive a reform and compare. Run: pnpm exec tsx examples/http-client.ts
 */
import { Principal, hashToken, makeClient, startServer } from "@redsite/adapters-http"
import { seedScenarios } from "@redsite/core"
import { Effect } from "effect"

const token = "demo-analyst-token"
const server = await startServer({
  port: 0,
  tokens: [{ sha256: hashToken(token), principal: new Principal({ id: "demo-analyst", role: "analyst" }) }]
})
console.log(`server: ${server.url}  (OpenAPI: ${server.url}/openapi.json, docs: ${server.url}/docs)`)

const scenario = seedScenarios.find((s) => s.id === "fuding-at-threshold")!

const program = Effect.gen(function*() {
  const client = yield* makeClient(server.url, token)
  const policies = yield* client.policies.list()
  console.log(`policies: ${policies.map((p) => p.id).join(", ")}`)

  const decision = yield* client.setup.evaluate({ payload: { project: scenario.project, policyId: scenario.policyId, date: scenario.date } })
  if (decision.requirement._tag === "Settled") {
    const r = decision.requirement.reasons[0]
    console.log(`${scenario.project.name}: ${decision.requirement.value} — [${r.ruleId}] ${r.citation.document} ${r.citation.section}: ${r.text.en}`)
  }

  const reform = yield* client.policies.reform({
    payload: { base: "fuding-site-2020", id: "fuding-60m", parameters: { costThresholdYuan: 60_000_000 } }
  })
  const cmp = yield* client.setup.compare({ payload: { project: scenario.project, policyIds: ["fuding-site-2020", reform.id], date: scenario.date } })
  for (const c of cmp.comparisons) {
    for (const d of c.differences) {
      console.log(`${c.left} vs ${c.right}: ${d.element} ${d.left} → ${d.right}; parameters: ${d.parameters.map((p) => `${p.key} ${JSON.stringify(p.left?.value)} → ${JSON.stringify(p.right?.value)}`).join(", ")}`)
    }
  }
  const denied = yield* Effect.flip(client.setup.evaluate({ payload: { project: scenario.project, policyId: "no-such-policy", date: scenario.date } }))
  console.log(`unknown policy → ${denied._tag}`)
})

try {
  await Effect.runPromise(program)
} finally {
  await server.close()
}
