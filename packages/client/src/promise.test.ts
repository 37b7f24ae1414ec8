/**
 * The Promise client's requests on the wire and its rejections, with `fetch` replaced by a recorder (the
 * round trips against a started server are in `@redsite/adapters-http`'s `client.test.ts`).
 */
import { afterEach, describe, expect, it, vi } from "vitest"
import { InvalidInput, NotFound } from "./errors.js"
import { isRedsiteApiError, makePromiseClient } from "./promise.js"

interface Sent {
  readonly method: string
  readonly url: URL
  readonly headers: Headers
  readonly body: string | undefined
}

/** Replaces `fetch`: records each request and answers with the given status and JSON. */
const answering = (status: number, json: unknown) => {
  const sent: Array<Sent> = []
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    sent.push({ method: request.method, url: new URL(request.url), headers: request.headers, body: init?.body == null ? undefined : await request.text() })
    return new Response(status === 204 ? null : JSON.stringify(json), { status, headers: { "content-type": "application/json" } })
  })
  return sent
}

afterEach(() => {
  vi.unstubAllGlobals()
})

const BASE = "http://redsite.test"

describe("Promise client", () => {
  it("sends plain ISO dates, numbers and lists as the query's text, with the bearer token", async () => {
    const sent = answering(404, { _tag: "NotFound", code: "policy.not_found", message: "no policy x", messageZh: "无此政策", resource: "policy", id: "x" })
    const client = makePromiseClient(BASE, "secret")
    await expect(client.coverage.report({ policyId: "x", date: "2021-06-30", groupBy: ["district", "phase"], targetYear: 2024 })).rejects.toBeInstanceOf(NotFound)
    expect(sent).toHaveLength(1)
    const [request] = sent
    expect(request!.method).toBe("GET")
    expect(request!.url.pathname).toBe("/coverage/report")
    expect(Object.fromEntries(request!.url.searchParams)).toEqual({ policyId: "x", date: "2021-06-30", groupBy: "district,phase", targetYear: "2024" })
    expect(request!.headers.get("authorization")).toBe("Bearer secret")
  })

  it("takes the query's text form too (a comma-separated list, a number as a string)", async () => {
    const sent = answering(403, { _tag: "Forbidden", code: "role.forbidden", message: "no", messageZh: "无权" })
    const client = makePromiseClient(BASE)
    await expect(client.coverage.report({ policyId: "x", date: "2021-06-30", groupBy: "district" as never, targetYear: "2024" as never })).rejects.toMatchObject({ _tag: "Forbidden", code: "role.forbidden" })
    expect(Object.fromEntries(sent[0]!.url.searchParams)).toEqual({ policyId: "x", date: "2021-06-30", groupBy: "district", targetYear: "2024" })
    expect(sent[0]!.headers.get("authorization")).toBeNull()
  })

  it("puts path fields in the path and the payload in the JSON body", async () => {
    const sent = answering(404, { _tag: "NotFound", code: "project.not_found", message: "no project p/1", messageZh: "无此项目", resource: "project", id: "p1" })
    const client = makePromiseClient(BASE, "t")
    const e = await client.projects.putMember({
      id: "p1",
      memberId: "m1",
      "if-match": '"3"',
      payload: { id: "m1", name: "党员甲", status: "full", unitId: "gc" }
    }).catch((e: unknown) => e)
    expect(isRedsiteApiError(e)).toBe(true)
    expect(e).toMatchObject({ _tag: "NotFound", resource: "project", id: "p1", messageZh: "无此项目" })
    expect(sent[0]!.method).toBe("PUT")
    expect(sent[0]!.url.pathname).toBe("/projects/p1/members/m1")
    expect(sent[0]!.headers.get("if-match")).toBe('"3"')
    expect(JSON.parse(sent[0]!.body!)).toMatchObject({ id: "m1", status: "full", unitId: "gc" })
  })

  it("rejects a request that does not match the endpoint's schema with an InvalidInput naming every bad field, sending nothing", async () => {
    const sent = answering(200, {})
    const client = makePromiseClient(BASE, "t")
    const e = await client.coverage.report({ policyId: "x", date: "2021-02-30", targetYear: 1989 }).catch((e: unknown) => e)
    expect(e).toBeInstanceOf(InvalidInput)
    const invalid = e as InvalidInput
    expect(invalid.code).toBe("request.invalid")
    expect([...new Set(invalid.issues.map((i) => i.path))].sort()).toEqual(["date", "targetYear"])
    expect(sent).toHaveLength(0)
  })

  it("resolves with the answer decoded; an endpoint without parameters takes no argument", async () => {
    answering(200, { status: "ok", version: "0.1.0" })
    const health = await makePromiseClient(BASE).system.health()
    expect(health).toMatchObject({ status: "ok", version: "0.1.0" })
  })

  it("is not an API error when the network fails", async () => {
    vi.stubGlobal("fetch", () => Promise.reject(new TypeError("fetch failed")))
    const e = await makePromiseClient(BASE).system.health().catch((e: unknown) => e)
    expect(e).toBeInstanceOf(Error)
    expect(isRedsiteApiError(e)).toBe(false)
  })
})
