import { HttpApiError } from "@effect/platform"
import { Project, SetupDecision, catalogue, evaluateSetup, seedScenarios } from "@redsite/core"
import { arbIsoDate, arbProject } from "../../core/src/model/arbitraries.js"
import { Effect, Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EvaluateSetupRequest } from "@redsite/client"
import { decodeEvaluatePayload } from "./support.js"
import { startTestServer, tokenOf } from "./testServer.js"

/** What the endpoint's schema alone makes of a body (HttpApiBuilder's own decoding). */
const bySchema = (body: unknown) =>
  Effect.runSync(Effect.either(Effect.catchTag(Schema.decodeUnknown(EvaluateSetupRequest)(body), "ParseError", HttpApiError.HttpApiDecodeError.refailParseError)))
const byFastPath = (body: unknown) => Effect.runSync(Effect.either(decodeEvaluatePayload(body)))

const agrees = (body: unknown) => {
  const want = bySchema(body)
  const got = byFastPath(body)
  expect(Either.isRight(got)).toBe(Either.isRight(want))
  if (Either.isRight(got) && Either.isRight(want)) {
    expect(got.right).toBeInstanceOf(EvaluateSetupRequest)
    expect(got.right.project).toBeInstanceOf(Project)
    expect(got.right).toStrictEqual(want.right)
  } else if (Either.isLeft(got) && Either.isLeft(want)) {
    expect(got.left).toStrictEqual(want.left)
  }
}

const valid = seedScenarios.map((s) => JSON.parse(JSON.stringify({ project: Schema.encodeSync(Project)(s.project), policyId: s.policyId, date: s.date })))

describe("the payload of a setup evaluation", () => {
  it("is the schema's value for every seed scenario", () => {
    for (const body of valid) {
      agrees(body)
      expect(Either.isRight(byFastPath(body))).toBe(true)
    }
  })

  it("is the schema's value or the schema's error after any change to a valid body (property)", () => {
    const change = fc.oneof(
      fc.record({ at: fc.constantFrom("project", "policyId", "date", "extra"), value: fc.oneof(fc.jsonValue(), fc.constant(undefined)) }),
      fc.record({ at: fc.constant("project.field"), field: fc.constantFrom("id", "name", "kind", "costYuan", "plannedStart", "plannedEnd", "major", "phase", "units", "members", "district", "sections", "nope"), value: fc.oneof(fc.jsonValue(), fc.constant(undefined)) }),
      fc.record({ at: fc.constant("date.text"), value: fc.constantFrom("2021-02-30", "2021-6-30", " 2021-06-30", "2021-06-30T00:00:00Z", "") })
    )
    fc.assert(fc.property(fc.constantFrom(...valid), fc.array(change, { maxLength: 3 }), (base, changes) => {
      const body = structuredClone(base) as Record<string, any>
      for (const c of changes) {
        if (c.at === "project.field") {
          if (typeof body.project !== "object" || body.project === null) continue
          if (c.value === undefined) delete body.project[(c as { field: string }).field]
          else body.project[(c as { field: string }).field] = c.value
        } else if (c.at === "date.text") body.date = c.value
        else if (c.value === undefined) delete body[c.at]
        else body[c.at] = c.value
      }
      agrees(body)
    }), { numRuns: 300 })
  })

  it("is the schema's error for anything that is not such an object (property)", () => {
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (body) => agrees(body)), { numRuns: 200 })
  })
})

describe("POST /setup/evaluate, decoded by the handler", () => {
  it("answers every JSON body as the endpoint's schema does (400 with the issues, 401 without a token), and other types with 415", async () => {
    const server = await startTestServer()
    try {
      const send = async (contentType: string | undefined, body: BodyInit, token: string | null = tokenOf("analyst")) => {
        const r = await fetch(`${server.url}/setup/evaluate`, {
          method: "POST", body,
          headers: { ...(contentType === undefined ? {} : { "content-type": contentType }), ...(token === null ? {} : { authorization: `Bearer ${token}` }) }
        })
        const text = await r.text()
        return { status: r.status, json: text === "" ? undefined : JSON.parse(text) }
      }
      // every request body of the API is JSON: other types are a 415 before any decoding (issue 15)
      for (const [type, body] of [["text/plain", "hello"], ["application/x-www-form-urlencoded", "a=1"], ["application/octet-stream", "xyz"], ["multipart/form-data", "x"]] as const) {
        const r = await send(type, body)
        expect([r.status, r.json._tag], type).toEqual([415, "UnsupportedMediaType"])
      }
      // without a content type (fetch sets none for bytes) the body is read as JSON
      const none = await send(undefined, new TextEncoder().encode("{}"))
      expect(none.status).toBe(400)
      expect(none.json.issues.map((i: { path: string }) => i.path)).toEqual(["project", "policyId", "date"])
      expect((await send("application/json", "{not json")).status).toBe(400)
      expect((await send("application/json", JSON.stringify(valid[0]), null)).status).toBe(401)
      const ok = await send("application/json; charset=utf-8", JSON.stringify(valid[0]))
      expect(ok.status).toBe(200)
      const s = seedScenarios[0]!
      expect(ok.json).toEqual(JSON.parse(JSON.stringify(Schema.encodeSync(SetupDecision)(Either.getOrThrow(evaluateSetup(s.project, catalogue.find((p) => p.id === s.policyId)!, s.date, catalogue))))))
    } finally {
      await server.close()
    }
  })
})

describe("the JSON of a setup decision", () => {
  // POST /setup/evaluate sends JSON.stringify(decision) instead of encoding it through SetupDecision's schema
  // (issue 15: the schema's encoding was the largest part of the request's overhead): the same bytes
  it("is the bytes the decision's schema encodes, for every seed scenario and policy, and for random projects (property)", () => {
    const encode = Schema.encodeSync(SetupDecision)
    const same = (project: Project, date: string) => {
      for (const policy of catalogue) {
        const d = evaluateSetup(project, policy, date as Project["plannedStart"], catalogue)
        if (Either.isRight(d)) expect(JSON.stringify(d.right)).toBe(JSON.stringify(encode(d.right)))
      }
    }
    for (const s of seedScenarios) same(s.project, s.date)
    fc.assert(fc.property(arbProject(), arbIsoDate, (project, date) => same(project, date)), { numRuns: 60 })
  })
})
