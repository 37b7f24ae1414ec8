/**
 * HTTP benchmark: the redsite server against a bare `node:http` server that returns the same precomputed
 * JSON, each loaded from a second process on loopback (bench/_load.ts) with keep-alive connections.
 *
 * Scenarios: GET of a coverage report over 1,000 stored projects (the same query again and again, as a
 * dashboard polls it: answered from the report kept for the store's revision), the same report from a store
 * whose revision changes at every read (columns and report computed for every request, as after a write), POST of a
 * setup evaluation, and GET /health (the framework's own cost).
 *
 * Two figures side by side (issue 15), besides the bare server that returns precomputed bytes:
 * - **work overhead** of `POST /setup/evaluate`: our CPU per request against a minimal `node:http` handler
 *   doing the same work in the same process (JSON.parse → the core's decoding → the decision with the
 *   policy's resolution kept → JSON.stringify of the same answer bytes). Target ≤ 1.5×.
 * - **framework floor** of `GET /health` and of the kept report: our CPU per request against the same
 *   routes served by Fastify (the health object; the kept report's bytes). Printed for information.
 * p99 latency at the given connections (32 by default) is printed for every server; target for the kept
 * report: under 25 ms.
 *
 * Run: pnpm exec tsx bench/http.ts [--scale 0.2] [--concurrency 32] [--repeats 3]
 * Scale 1: 5 s of load per measurement. Each repeat loads every baseline, then ours; printed are the
 * medians over the repeats of requests/s, p50/p99 latency and the server's CPU time per request (the
 * loader's is not counted), the ratios, and peak memory. Times are printed, never asserted.
 */
import { Principal, Store, StoreMemory, hashToken, seededStore, startServer } from "@redsite/adapters-http"
import { CoverageFacts, Project, catalogue, decideSetup, decodeProject, decodeValidProject, isoDate, portfolioColumns, projectFromColumns, resolve, seedScenarios, syntheticPortfolio, workFormsOf } from "@redsite/core"
import { Either } from "effect"
import Fastify from "fastify"
import { Context, Effect, Layer, Schema } from "effect"
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
const repeats = Math.round(numberArg("repeats", scale < 0.05 ? 1 : 3))
const memory = peakMemory()
memory.start()

const TOKEN = "bench-token"
const work = mkdtempSync(join(tmpdir(), "redsite-bench-http-"))

interface Load { readonly requests: number; readonly rps: number; readonly p50: number; readonly p99: number; readonly cpuUs: number }
// asynchronous on purpose: the server under test runs in this process and must keep serving; the CPU time
// of this process during the load is the server's (the loader is another process)
const load = async (url: string, method: string, bodyFile?: string): Promise<Load> => {
  const cpu = process.cpuUsage()
  const { stdout: out } = await promisify(execFile)(process.execPath, [
    "--import", "tsx", join(here, "_load.ts"),
    "--url", url, "--method", method, "--token", TOKEN,
    "--seconds", String(seconds), "--concurrency", String(concurrency),
    ...(bodyFile === undefined ? [] : ["--body-file", bodyFile])
  ], { encoding: "utf8", timeout: (seconds + 30) * 1000 })
  const used = process.cpuUsage(cpu)
  const l = JSON.parse(out.trim().split("\n").pop()!) as Omit<Load, "cpuUs">
  return { ...l, cpuUs: (used.user + used.system) / l.requests }
}

const median = (xs: ReadonlyArray<number>) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
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

/**
 * A minimal node:http server doing the work of `POST /setup/evaluate` (the same in our handler, without
 * the framework): read the body, JSON.parse, decode the project (the core's fast decoder, else its schema),
 * decide under the policy resolved once, JSON.stringify the decision.
 */
const workServer = async () => {
  const resolved = new Map(catalogue.map((p) => [p.id, Either.getOrThrow(resolve(p, catalogue))]))
  const server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { project: unknown; policyId: string; date: string }
      const project = decodeValidProject(body.project) ?? Either.getOrThrow(decodeProject(body.project))
      const bytes = Buffer.from(JSON.stringify(decideSetup(project, resolved.get(body.policyId)!, isoDate(body.date))))
      res.writeHead(200, { "content-type": "application/json", "content-length": bytes.length })
      res.end(bytes)
    })
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) }
}

/** The same route served by Fastify, answering the given bytes (a framework users pick for speed). */
const fastifyServer = async (method: string, path: string, bytes: Buffer) => {
  const app = Fastify({ logger: false })
  app.route({ method: method as "GET", url: path.split("?")[0]!, handler: (_req, reply) => reply.header("content-type", "application/json").send(bytes) })
  await app.listen({ port: 0, host: "127.0.0.1" })
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, close: () => app.close() }
}

type Server = Awaited<ReturnType<typeof startServer>>
type Baseline = { readonly name: string; readonly start: (precomputed: Buffer) => Promise<{ url: string; close: () => Promise<unknown> }>; readonly figure?: string }
const fastify = (method: string, path: string): Baseline => ({ name: "fastify", start: (b) => fastifyServer(method, path, b), figure: "framework floor (information)" })
const scenarios: Array<{ name: string; method: string; path: string; body?: unknown; server?: () => Server; baselines?: ReadonlyArray<Baseline> }> = []
scenarios.push({ name: "GET /health", method: "GET", path: "/health", baselines: [fastify("GET", "/health")] })
const reportPath = "/coverage/report?policyId=fuding-site-2020&date=2021-06-30&groupBy=district,phase"
scenarios.push({ name: "GET /coverage/report (1,000 stored projects, kept for the revision)", method: "GET", path: reportPath, baselines: [fastify("GET", reportPath)] })
scenarios.push({ name: "GET /coverage/report (1,000 stored projects, computed every time)", method: "GET", path: reportPath, server: () => uncached })
{
  const s = seedScenarios.find((x) => x.id === "shanghai-major") ?? seedScenarios[0]!
  scenarios.push({
    name: "POST /setup/evaluate",
    method: "POST",
    path: "/setup/evaluate",
    body: { project: Schema.encodeSync(Project)(s.project), policyId: s.policyId, date: s.date },
    baselines: [{ name: "node:http + work", start: () => workServer(), figure: "work overhead (target ≤ 1.5)" }]
  })
}

// 1,000 stored projects with their coverage facts, from the synthetic portfolio
const synthetic = syntheticPortfolio({ size: 1000, seed: 8 })
const projects = Array.from({ length: synthetic.size }, (_, i) => projectFromColumns(synthetic, i))
const facts = projects.map((p, i) => new CoverageFacts({
  projectId: p.id, ownOrganization: synthetic.ownOrganization[i] === 1, work: [...workFormsOf(synthetic.workForms[i]!)],
  redSiteCreation: synthetic.redSiteCreation[i] === 1, qualityPlan: synthetic.qualityPlan[i] === 1
}))
const tokens = [{ sha256: hashToken(TOKEN), principal: new Principal({ id: "bench", role: "administrator" }) }]
const server = await startServer({ port: 0, store: seededStore(StoreMemory, projects, facts), tokens })
// the same data in a store whose revision changes at every read (the port allows it: a revision may change
// without a change of data), so that nothing derived from it is kept
const forgetful = Layer.map(StoreMemory, (ctx) => {
  const service = Context.get(ctx, Store)
  // the memory store's portfolio: the columns built from the stored rows
  const all = Number.MAX_SAFE_INTEGER
  let reads = 0
  return Context.add(ctx, Store, {
    ...service,
    revision: Effect.sync(() => `read ${++reads}`),
    portfolio: (filter) =>
      Effect.map(
        Effect.all([service.projects.list({ ...filter, limit: all }), service.coverage.list({ limit: all })]),
        ([p, c]) => portfolioColumns(p.items.map((i) => i.value), c.items.map((i) => i.value))
      )
  })
})
const uncached = await startServer({ port: 0, store: seededStore(forgetful, projects, facts), tokens })

console.log(`HTTP benchmark: ${seconds.toFixed(1)} s of load per measurement, ${repeats} repeat${repeats === 1 ? "" : "s"}, ${concurrency} connections, loader in a second process`)
try {
  for (const sc of scenarios) {
    const bodyFile = sc.body === undefined ? undefined : join(work, "body.json")
    if (bodyFile !== undefined) writeFileSync(bodyFile, JSON.stringify(sc.body))
    const target = sc.server?.() ?? server
    const ours = await fetch(`${target.url}${sc.path}`, {
      method: sc.method,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      ...(bodyFile === undefined ? {} : { body: JSON.stringify(sc.body) })
    })
    if (ours.status !== 200) throw new Error(`${sc.name}: status ${ours.status}`)
    const precomputed = Buffer.from(await ours.arrayBuffer())
    if (sc.server !== undefined) {
      // the kept report and the computed one are the same bytes
      const kept = await fetch(`${server.url}${sc.path}`, { headers: { authorization: `Bearer ${TOKEN}` } })
      if (!precomputed.equals(Buffer.from(await kept.arrayBuffer()))) throw new Error(`${sc.name}: differs from the kept report`)
    }
    const others = sc.baselines ?? []
    const servers: Array<{ name: string; figure: string | undefined; url: string; close: () => Promise<unknown> }> = [{ name: "bare node:http", figure: undefined, ...(await bare(precomputed)) }]
    for (const b of others) servers.push({ name: b.name, figure: b.figure, ...(await b.start(precomputed)) })
    // every baseline must answer the same bytes as ours
    for (const b of servers.slice(1)) {
      const got = Buffer.from(await (await fetch(`${b.url}${sc.path}`, { method: sc.method, ...(bodyFile === undefined ? {} : { body: JSON.stringify(sc.body) }) })).arrayBuffer())
      if (!got.equals(precomputed)) throw new Error(`${sc.name}: ${b.name} answers other bytes`)
    }
    // warm everything up, then measure the baselines and ours back to back, `repeats` times
    for (const b of servers) await load(b.url + sc.path, sc.method, bodyFile)
    await load(target.url + sc.path, sc.method, bodyFile)
    const runs = servers.map(() => [] as Array<Load>)
    const os: Array<Load> = []
    for (let r = 0; r < repeats; r++) {
      for (const [i, b] of servers.entries()) runs[i]!.push(await load(b.url + sc.path, sc.method, bodyFile))
      os.push(await load(target.url + sc.path, sc.method, bodyFile))
    }
    for (const b of servers) await b.close()
    const row = (name: string, ls: ReadonlyArray<Load>) =>
      `  ${name.padEnd(18)} ${median(ls.map((l) => l.rps)).toFixed(0).padStart(8)} req/s   p50 ${median(ls.map((l) => l.p50)).toFixed(2).padStart(7)} ms   p99 ${median(ls.map((l) => l.p99)).toFixed(2).padStart(7)} ms   CPU ${median(ls.map((l) => l.cpuUs)).toFixed(0).padStart(5)} µs/request`
    console.log(`${sc.name} (response ${precomputed.length} bytes; ${concurrency} connections; medians of ${repeats} run${repeats === 1 ? "" : "s"})`)
    for (const [i, b] of servers.entries()) console.log(row(b.name, runs[i]!))
    console.log(row("redsite", os))
    const bs = runs[0]!
    const ratios = bs.map((b, i) => os[i]!.rps / b.rps)
    console.log(`  throughput ratio redsite / bare: ${median(ratios).toFixed(2)} (runs: ${ratios.map((x) => x.toFixed(2)).join(", ")})`)
    for (const [i, b] of servers.entries()) {
      if (b.figure === undefined) continue
      const cpu = median(os.map((o, k) => o.cpuUs / runs[i]![k]!.cpuUs))
      console.log(`  ${b.figure}: CPU per request redsite / ${b.name} = ${cpu.toFixed(2)}×`)
    }
  }
} finally {
  await server.close()
  await uncached.close()
  memory.stop()
  rmSync(work, { recursive: true, force: true })
}
console.log(`peak memory of the server process: ${memory.mib().toFixed(0)} MiB resident`)
