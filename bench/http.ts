/**
 * HTTP benchmark: the redsite server against a bare `node:http` server that returns the same precomputed
 * JSON, each loaded from a second process on loopback (bench/_load.ts) with keep-alive connections.
 *
 * Scenarios: GET of a coverage report over 1,000 stored projects, POST of a setup evaluation (and GET /health
 * with --health, the framework's own cost).
 *
 * Run: pnpm exec tsx bench/http.ts [--scale 0.2] [--concurrency 32] [--health]
 * Scale 1: 5 s of load per measurement. Prints requests/s, p50/p99 latency, the ratio of our throughput to
 * the bare server's (target: at least 0.5) and peak memory. Times are printed, never asserted.
 */
import { Principal, StoreMemory, hashToken, seededStore, startServer } from "@redsite/adapters-http"
import { CoverageFacts, Project, projectFromColumns, seedScenarios, syntheticPortfolio, workFormsOf } from "@redsite/core"
import { Schema } from "effect"
import { execFile } from "node:child_process"
import { promisify } from "node:util"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { numberArg, peakMemory } from "./_args.js"

const here = dirname(fileURLToPath(import.meta.url))
const scale = numberArg("scale", 1)
const seconds = Math.max(0.3, 5 * scale)
const concurrency = Math.round(numberArg("concurrency", 32))
const memory = peakMemory()
memory.start()

const TOKEN = "bench-token"
const work = mkdtempSync(join(tmpdir(), "redsite-bench-http-"))

interface Load { readonly requests: number; readonly rps: number; readonly p50: number; readonly p99: number }
// asynchronous on purpose: the server under test runs in this process and must keep serving
const load = async (url: string, method: string, bodyFile?: string): Promise<Load> => {
  const { stdout: out } = await promisify(execFile)(process.execPath, [
    "--import", "tsx", join(here, "_load.ts"),
    "--url", url, "--method", method, "--token", TOKEN,
    "--seconds", String(seconds), "--concurrency", String(concurrency),
    ...(bodyFile === undefined ? [] : ["--body-file", bodyFile])
  ], { encoding: "utf8", timeout: (seconds + 30) * 1000 })
  return JSON.parse(out.trim().split("\n").pop()!) as Load
}

/** A bare node:http server that answers every request with the given bytes. */
const bare = async (bytes: Buffer) => {
  const server = createServer((req, res) => {
    req.on("data", () => {})
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": bytes.length })
      res.end(bytes)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) }
}

const scenarios: Array<{ name: string; method: string; path: string; body?: unknown }> = []
if (process.argv.includes("--health")) scenarios.push({ name: "GET /health", method: "GET", path: "/health" })
scenarios.push({
  name: "GET /coverage/report (1,000 stored projects)",
  method: "GET",
  path: "/coverage/report?policyId=fuding-site-2020&date=2021-06-30&groupBy=district,phase"
})
{
  const s = seedScenarios.find((x) => x.id === "shanghai-major") ?? seedScenarios[0]!
  scenarios.push({
    name: "POST /setup/evaluate",
    method: "POST",
    path: "/setup/evaluate",
    body: { project: Schema.encodeSync(Project)(s.project), policyId: s.policyId, date: s.date }
  })
}

// 1,000 stored projects with their coverage facts, from the synthetic portfolio
const synthetic = syntheticPortfolio({ size: 1000, seed: 8 })
const projects = Array.from({ length: synthetic.size }, (_, i) => projectFromColumns(synthetic, i))
const facts = projects.map((p, i) => new CoverageFacts({
  projectId: p.id, ownOrganization: synthetic.ownOrganization[i] === 1, work: [...workFormsOf(synthetic.workForms[i]!)],
  redSiteCreation: synthetic.redSiteCreation[i] === 1, qualityPlan: synthetic.qualityPlan[i] === 1
}))
const server = await startServer({
  port: 0,
  store: seededStore(StoreMemory, projects, facts),
  tokens: [{ sha256: hashToken(TOKEN), principal: new Principal({ id: "bench", role: "administrator" }) }]
})

console.log(`HTTP benchmark: ${seconds.toFixed(1)} s of load per measurement, ${concurrency} connections, loader in a second process`)
try {
  for (const sc of scenarios) {
    const bodyFile = sc.body === undefined ? undefined : join(work, "body.json")
    if (bodyFile !== undefined) writeFileSync(bodyFile, JSON.stringify(sc.body))
    const ours = await fetch(`${server.url}${sc.path}`, {
      method: sc.method,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      ...(bodyFile === undefined ? {} : { body: JSON.stringify(sc.body) })
    })
    if (ours.status !== 200) throw new Error(`${sc.name}: status ${ours.status}`)
    const precomputed = Buffer.from(await ours.arrayBuffer())
    const baseline = await bare(precomputed)
    // warm both up, then measure the baseline and ours back to back
    await load(baseline.url + sc.path, sc.method, bodyFile)
    await load(server.url + sc.path, sc.method, bodyFile)
    const b = await load(baseline.url + sc.path, sc.method, bodyFile)
    const o = await load(server.url + sc.path, sc.method, bodyFile)
    await baseline.close()
    const row = (name: string, l: Load) =>
      `  ${name.padEnd(22)} ${l.rps.toFixed(0).padStart(8)} req/s   p50 ${l.p50.toFixed(2).padStart(7)} ms   p99 ${l.p99.toFixed(2).padStart(7)} ms   (${l.requests} requests)`
    console.log(`${sc.name} (response ${precomputed.length} bytes)`)
    console.log(row("bare node:http", b))
    console.log(row("redsite", o))
    console.log(`  throughput ratio redsite / bare: ${(o.rps / b.rps).toFixed(2)} (target ≥ 0.5)`)
  }
} finally {
  await server.close()
  memory.stop()
  rmSync(work, { recursive: true, force: true })
}
console.log(`peak memory of the server process: ${memory.mib().toFixed(0)} MiB resident`)
