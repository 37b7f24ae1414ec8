/**
 * Load generator for bench/http.ts, run as its own process: keeps `concurrency` keep-alive connections busy
 * with one request for `seconds`, then prints one JSON line with the count, requests/s and latency percentiles.
 *
 * Args: --url U --method GET|POST [--body-file F] [--token T] [--seconds S] [--concurrency C]
 */
import { readFileSync } from "node:fs"
import { Agent, request } from "node:http"

const arg = (name: string, fallback?: string): string => {
  const i = process.argv.indexOf(`--${name}`)
  const v = i >= 0 ? process.argv[i + 1] : fallback
  if (v === undefined) throw new Error(`--${name} is required`)
  return v
}
const url = new URL(arg("url"))
const method = arg("method", "GET")
const bodyFile = process.argv.includes("--body-file") ? arg("body-file") : undefined
const body = bodyFile === undefined ? undefined : readFileSync(bodyFile)
const token = process.argv.includes("--token") ? arg("token") : undefined
const seconds = Number(arg("seconds", "5"))
const concurrency = Number(arg("concurrency", "32"))

const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
const headers: Record<string, string | number> = {}
if (body !== undefined) {
  headers["content-type"] = "application/json"
  headers["content-length"] = body.length
}
if (token !== undefined) headers.authorization = `Bearer ${token}`

const once = () =>
  new Promise<number>((resolve, reject) => {
    const started = process.hrtime.bigint()
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent }, (res) => {
      res.on("data", () => {})
      res.on("end", () => {
        if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`))
        else resolve(Number(process.hrtime.bigint() - started) / 1e6)
      })
    })
    req.on("error", reject)
    req.end(body)
  })

const latencies: Array<number> = []
const deadline = performance.now() + seconds * 1000
const worker = async () => {
  while (performance.now() < deadline) latencies.push(await once())
}
const began = performance.now()
await Promise.all(Array.from({ length: concurrency }, worker))
const elapsed = (performance.now() - began) / 1000
agent.destroy()
latencies.sort((a, b) => a - b)
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN
console.log(JSON.stringify({ requests: latencies.length, rps: latencies.length / elapsed, p50: pct(0.5), p99: pct(0.99) }))
