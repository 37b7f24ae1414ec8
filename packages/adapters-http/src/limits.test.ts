/**
 * Requests that must never reach a 5xx (issue 15, item 4): deep JSON, bodies that are not JSON (a multipart
 * body without a boundary), bodies over the limit (by Content-Length and chunked), and requests Node cannot
 * parse — each answered in the package's error shape, on every endpoint with a body.
 */
import { connect } from "node:net"
import { request as httpRequest } from "node:http"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { MAX_REPORTED_ISSUES, RedsiteApi } from "@redsite/client"
import { DEFAULT_MAX_JSON_DEPTH, jsonDepth, jsonHasNul } from "./guard.js"
import type { RunningServer } from "./server.js"
import { caller, startTestServer, tokenOf } from "./testServer.js"

let server: RunningServer
const LIMIT = 64 * 1024
beforeAll(async () => {
  server = await startTestServer({ maxBodyBytes: LIMIT })
})
afterAll(() => server.close())
const call = caller(() => server)

/** Every endpoint that takes a body, with its path parameters filled in. */
const bodyEndpoints = Object.values(RedsiteApi.groups).flatMap((g) =>
  Object.values(g.endpoints)
    .filter((e) => e.method === "POST" || e.method === "PUT" || e.method === "PATCH")
    .map((e) => ({ name: `${g.identifier}.${e.name}`, method: e.method, path: e.path.replace(/:\w+/g, "x") }))
)

const nested = (depth: number) => `${"[".repeat(depth - 1)}{"a":1}${"]".repeat(depth - 1)}`

/** Sends raw bytes and reads the whole answer (until the server closes or `ms` pass). */
const raw = (bytes: string, ms = 1000) =>
  new Promise<string>((resolve) => {
    const { hostname, port } = new URL(server.url)
    const socket = connect(Number(port), hostname, () => socket.write(bytes))
    let text = ""
    socket.setEncoding("utf8")
    socket.on("data", (c: string) => (text += c))
    socket.on("error", () => resolve(text))
    socket.on("close", () => resolve(text))
    setTimeout(() => (socket.destroy(), resolve(text)), ms)
  })

describe("the depth of a JSON body", () => {
  it("counts nesting outside strings, escapes included, and stops past the limit", () => {
    expect(jsonDepth(Buffer.from('{"a":[1,{"b":"[[[{{{"}]}'), 10)).toBe(3)
    expect(jsonDepth(Buffer.from('["\\"[[[", [[]]]'), 10)).toBe(3)
    expect(jsonDepth(Buffer.from("1"), 10)).toBe(0)
    expect(jsonDepth(Buffer.from(nested(11)), 10)).toBe(Infinity)
    expect(jsonDepth(Buffer.from(nested(10)), 10)).toBe(10)
  })

  it("is limited on every endpoint with a body: 3,000 levels (and the limit + 1) are a 400 request.too_deep, the limit itself reaches the schema", async () => {
    expect(bodyEndpoints.length).toBeGreaterThanOrEqual(15)
    for (const e of bodyEndpoints) {
      const deep = await call(e.method, e.path, "administrator", nested(3000))
      expect([deep.status, deep.json.code], e.name).toEqual([400, "request.too_deep"])
      expect(deep.json.message).toContain(String(DEFAULT_MAX_JSON_DEPTH))
    }
    const at = (depth: number) => call("POST", "/setup/evaluate", "administrator", nested(depth))
    expect((await at(DEFAULT_MAX_JSON_DEPTH + 1)).json.code).toBe("request.too_deep")
    for (const depth of [DEFAULT_MAX_JSON_DEPTH - 1, DEFAULT_MAX_JSON_DEPTH]) {
      const r = await at(depth)
      expect([r.status, r.json.code]).toEqual([400, "request.invalid"])
    }
  })
})

describe("bodies that are not JSON", () => {
  it("are a 415 on every endpoint with a body, a multipart body without a boundary included", async () => {
    for (const e of bodyEndpoints) {
      for (const type of ["multipart/form-data", "multipart/form-data; boundary=x", "text/plain", "application/x-www-form-urlencoded"]) {
        const r = await call(e.method, e.path, "administrator", "a=1", { "content-type": type })
        expect([r.status, r.json._tag, r.json.supported], `${e.name} ${type}`).toEqual([415, "UnsupportedMediaType", ["application/json"]])
      }
    }
    // JSON with parameters, and a +json type, pass on to the schema
    for (const type of ["application/json; charset=utf-8", "application/merge-patch+json"]) {
      expect((await call("POST", "/setup/evaluate", "administrator", "{}", { "content-type": type })).json.code, type).toBe("request.invalid")
    }
  })
})

describe("the character U+0000 (NUL)", () => {
  it("in the query, the path or a JSON string is a 400 request.nul_character, on every store alike", async () => {
    for (const [method, path, body] of [
      ["GET", "/compliance/overdue?date=2024-01-01&district=%00", undefined],
      ["GET", "/projects?district=a%00b", undefined],
      ["GET", "/projects/a%00", undefined],
      ["POST", "/setup/evaluate?x=%00", { a: 1 }],
      ["POST", "/setup/evaluate", '{"project":{"name":"a\\u0000b"}}']
    ] as const) {
      const r = await call(method, path, "administrator", body)
      expect([r.status, r.json.code], `${method} ${path}`).toEqual([400, "request.nul_character"])
    }
    // an escaped backslash before u0000 is text, not a NUL: the request reaches its endpoint
    const text = await call("POST", "/setup/evaluate", "administrator", '{"project":{"name":"a\\\\u0000b"}}')
    expect(text.json.code).not.toBe("request.nul_character")
  })

  it("jsonHasNul finds the escape only inside strings, and not after an escaped backslash", () => {
    const has = (t: string) => jsonHasNul(new TextEncoder().encode(t))
    expect(has(JSON.stringify({ a: "x\u0000y" }))).toBe(true)
    expect(has(JSON.stringify({ a: "x\\u0000y" }))).toBe(false)
    expect(has(JSON.stringify({ "k\u0000": 1 }))).toBe(true)
    expect(has(JSON.stringify({ a: "u0000" }))).toBe(false)
  })
})

describe("a body with many bad fields", () => {
  it("is answered with a bounded error: at most MAX_REPORTED_ISSUES issues, the message naming the first fields and the count", async () => {
    const event = (i: number) => ({ _tag: "MilestoneRecorded", id: `m${i}`, projectId: "p", date: "2024-01-02", milestone: "nope" })
    const at = (n: number) => call("POST", "/compliance/records", "administrator", JSON.stringify({ events: Array.from({ length: n }, (_, i) => event(i)) }), { "if-match": "\"0\"" })
    // n-1, n, n+1 around the bound: every issue listed up to it, the first MAX_REPORTED_ISSUES beyond
    for (const n of [MAX_REPORTED_ISSUES - 1, MAX_REPORTED_ISSUES, MAX_REPORTED_ISSUES + 1, 500]) {
      const r = await at(n)
      expect([r.status, r.json.code], `${n}`).toEqual([400, "request.invalid"])
      expect(r.json.issues.length, `${n}`).toBe(Math.min(n, MAX_REPORTED_ISSUES))
      expect(r.json.message.includes(`of ${n} issues`), `${n}`).toBe(n > MAX_REPORTED_ISSUES)
    }
    // the answer does not grow with the body beyond the bound
    const big = await at(500)
    const justOver = await at(MAX_REPORTED_ISSUES + 1)
    expect(big.json.message.length).toBeLessThan(2000)
    expect(JSON.stringify(big.json).length).toBeLessThan(JSON.stringify(justOver.json).length * 1.05)
  })
})

describe("bodies over the limit", () => {
  it("are a 413 at the limit + 1 byte, by Content-Length; the limit itself is read", async () => {
    const padded = (n: number) => `{"pad":"${"x".repeat(n - 10)}"}`
    expect(padded(LIMIT).length).toBe(LIMIT)
    const at = await call("POST", "/setup/evaluate", "administrator", padded(LIMIT))
    expect([at.status, at.json.code]).toEqual([400, "request.invalid"])
    const over = await call("POST", "/setup/evaluate", "administrator", padded(LIMIT + 1))
    expect([over.status, over.json.code, over.json.limitBytes]).toEqual([413, "payload_too_large", LIMIT])
  })

  it("are a 413 the client can read when chunked, and the connection serves the next request", async () => {
    const { hostname, port } = new URL(server.url)
    const chunked = () =>
      new Promise<{ status: number; json: any }>((resolve, reject) => {
        const req = httpRequest({
          host: hostname, port: Number(port), method: "POST", path: "/setup/evaluate",
          headers: { "content-type": "application/json", "transfer-encoding": "chunked", authorization: `Bearer ${tokenOf("administrator")}` }
        }, (res) => {
          let text = ""
          res.setEncoding("utf8")
          res.on("data", (c: string) => (text += c))
          res.on("end", () => resolve({ status: res.statusCode!, json: JSON.parse(text) }))
        })
        req.on("error", reject)
        const chunk = "x".repeat(16 * 1024)
        for (let i = 0; i < 20; i++) req.write(chunk) // 320 KiB, five times the limit
        req.end()
      })
    const r = await chunked()
    expect([r.status, r.json.code, r.json.limitBytes]).toEqual([413, "payload_too_large", LIMIT])
    expect((await call("GET", "/health", undefined)).status).toBe(200)
  })
})

describe("requests Node cannot parse", () => {
  it("get Node's status with a JSON body of the package's shape", async () => {
    const bad = await raw("NONSENSE\r\n\r\n")
    expect(bad).toMatch(/^HTTP\/1\.1 400 /)
    expect(JSON.parse(bad.slice(bad.indexOf("\r\n\r\n") + 4))).toMatchObject({ _tag: "InvalidInput", code: "request.malformed_http" })
    const big = await raw(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`)
    expect(big).toMatch(/^HTTP\/1\.1 431 /)
    expect(JSON.parse(big.slice(big.indexOf("\r\n\r\n") + 4))).toMatchObject({ code: "request.headers_too_large" })
  })
})
