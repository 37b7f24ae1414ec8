/**
 * HTTP: starts the API on a free loopback port, then uses `@redsite/client` as a UI would — the Promise
 * client with plain JSON (ISO date strings, plain objects): list the policies, evaluate a seed scenario,
 * derive a reform and compare, catch a typed error; then the same evaluation with the Effect client.
 * Run: pnpm exec tsx examples/http-client.ts
 */
import { hashToken, Principal, startServer } from "@redsite/adapters-http"
import { isRedsiteApiError, makeClient, makePromiseClient } from "@redsite/client"
import { Project, seedScenarios } from "@redsite/core"
import { Effect, Schema } from "effect"

const token = "demo-analyst-token"
const server = await startServer({
  port: 0,
  tokens: [{ sha256: hashToken(token), principal: new Principal({ id: "demo-analyst", role: "analyst" }) }]
})
console.log(`server: ${server.url}  (OpenAPI: ${server.url}/openapi.json, docs: ${server.url}/docs)`)

const scenario = seedScenarios.find((s) => s.id === "fuding-at-threshold")!
// the project as a UI holds it: plain JSON, dates as strings
const project = Schema.encodeSync(Project)(scenario.project)
const date = "2020-10-01" // the scenario's date

try {
  const client = makePromiseClient(server.url, token)
  const policies = await client.policies.list()
  console.log(`policies: ${policies.map((p) => p.id).join(", ")}`)

  const decision = await client.setup.evaluate({ payload: { project, policyId: scenario.policyId, date } })
  if (decision.requirement._tag === "Settled") {
    const r = decision.requirement.reasons[0]
    console.log(`${project.name}: ${decision.requirement.value} — [${r.ruleId}] ${r.citation.document} ${r.citation.section}: ${r.text.en}`)
  }

  const reform = await client.policies.reform({
    payload: { base: "fuding-site-2020", id: "fuding-60m", parameters: { costThresholdYuan: 60_000_000 } }
  })
  const cmp = await client.setup.compare({ payload: { project, policyIds: ["fuding-site-2020", reform.id], date } })
  for (const c of cmp.comparisons) {
    for (const d of c.differences) {
      console.log(`${c.left} vs ${c.right}: ${d.element} ${d.left} → ${d.right}; parameters: ${d.parameters.map((p) => `${p.key} ${JSON.stringify(p.left?.value)} → ${JSON.stringify(p.right?.value)}`).join(", ")}`)
    }
  }
  try {
    await client.setup.evaluate({ payload: { project, policyId: "no-such-policy", date } })
  } catch (e) {
    if (isRedsiteApiError(e)) console.log(`unknown policy → ${e._tag} ${e.code}: ${e.messageZh}`)
    else throw e
  }

  // the Effect client: the same calls as Effects failing with the endpoints' typed errors
  const viaEffect = await Effect.runPromise(Effect.gen(function*() {
    const effectClient = yield* makeClient(server.url, token)
    return yield* effectClient.setup.evaluate({ payload: { project: scenario.project, policyId: scenario.policyId, date: scenario.date } })
  }))
  console.log(`Effect client: the same decision → ${JSON.stringify(viaEffect.requirement) === JSON.stringify(decision.requirement)}`)
} finally {
  await server.close()
}
