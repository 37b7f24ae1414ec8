/**
 * Handlers: thin glue from HTTP to the core. They load, call the core, and map its typed errors to HTTP
 * errors; they hold no rules.
 *
 * @module
 */
import { HttpApiBuilder, HttpServerResponse } from "@effect/platform"
import { Policy, compareDecisions, outcomeKey, reform } from "@redsite/core"
import type { SetupDecision } from "@redsite/core"
import { Effect, Either, Layer, Schema } from "effect"
import { Conflict, RedsiteApi } from "@redsite/client"
import { requireRole } from "./auth.js"
import { PolicyStore } from "./policyStore.js"
import type { Store } from "./store.js"
import { AuditLive, ProjectsLive } from "./projectHandlers.js"
import { ScoringLive } from "./scoringHandlers.js"
import { CoverageLive, SimulationLive } from "./coverageHandlers.js"
import { StructureLive } from "./structureHandlers.js"
import { ComplianceLive } from "./complianceHandlers.js"
import { SpreadsheetsLive } from "./spreadsheetHandlers.js"
import { bodyOf, contentTag, decide, decodeEvaluatePayload, invalid, loadPolicy, setEtag } from "./support.js"

const VERSION = "0.1.0"

const SystemLive = HttpApiBuilder.group(RedsiteApi, "system", (handlers) =>
  handlers.handle("health", () => Effect.succeed({ status: "ok" as const, version: VERSION })))

const PolicyList = Schema.Array(Policy)

/**
 * Policies are immutable once stored (a reform is never replaced), so their ETag is a tag of their content
 * ({@link contentTag}): the list's changes with each new reform, one policy's never.
 */
const PoliciesLive = HttpApiBuilder.group(RedsiteApi, "policies", (handlers) =>
  handlers
    .handle("list", () => Effect.tap(Effect.flatMap(PolicyStore, (s) => s.list), (all) => setEtag(contentTag(PolicyList, all))))
    .handle("get", ({ path }) => Effect.tap(loadPolicy(path.id), (p) => setEtag(contentTag(Policy, p))))
    .handle("reform", ({ payload }) =>
      Effect.gen(function*() {
        const principal = yield* requireRole(["administrator", "analyst"], "create a reform", "创建政策调整方案")
        const store = yield* PolicyStore
        const base = yield* loadPolicy(payload.base)
        const custom = yield* store.list
        const derived = reform(base, {
          id: payload.id,
          ...(payload.name === undefined ? {} : { name: payload.name }),
          parameters: payload.parameters
        }, custom)
        if (Either.isLeft(derived)) {
          const e = derived.left
          return yield* Effect.fail(
            e._tag === "PolicyResolutionError" ? invalid(e.message, [{ path: "base", message: e.message }]) : invalid(e.message, e.issues)
          )
        }
        const added = yield* store.add(derived.right, { principalId: principal.id, role: principal.role })
        if (!added) {
          return yield* Effect.fail(new Conflict({
            code: "policy.exists",
            message: `a policy with id ${JSON.stringify(payload.id)} already exists`,
            messageZh: `政策编号已存在:${payload.id}`
          }))
        }
        return derived.right
      })))

const SetupLive = HttpApiBuilder.group(RedsiteApi, "setup", (handlers) =>
  handlers
    // raw: the payload is read and decoded here, through the fast path above
    .handleRaw("evaluate", ({ request }) =>
      Effect.gen(function*() {
        const payload = yield* Effect.flatMap(bodyOf(request), decodeEvaluatePayload)
        const decision = yield* Effect.flatMap(loadPolicy(payload.policyId), (policy) => decide(payload.project, policy, payload.date))
        // the decision's JSON is the bytes its schema encodes (no field of it transforms on encoding: checked
        // for every seed scenario, policy and random project by handlers.test.ts), at a sixth of the cost
        return HttpServerResponse.unsafeJson(decision)
      }))
    .handle("compare", ({ payload }) =>
      Effect.gen(function*() {
        const decisions: Array<SetupDecision> = []
        for (const id of payload.policyIds) {
          decisions.push(yield* decide(payload.project, yield* loadPolicy(id), payload.date))
        }
        const first = decisions[0]!
        const comparisons = decisions.slice(1).map((d) => {
          const c = compareDecisions(first, d)
          return {
            left: c.left,
            right: c.right,
            same: c.same,
            differences: c.differences.map((x) => ({
              element: x.element,
              left: outcomeKey(x.left),
              right: outcomeKey(x.right),
              rules: x.rules,
              parameters: x.parameters.map((p) => ({
                key: p.key,
                ...(p.left === undefined ? {} : { left: p.left }),
                ...(p.right === undefined ? {} : { right: p.right })
              }))
            }))
          }
        })
        return { decisions, comparisons }
      })))

/** Every group's handlers. Needs a {@link PolicyStore}, a {@link Store} and the authentication middleware. */
export const HandlersLive = Layer.mergeAll(SystemLive, PoliciesLive, SetupLive, ProjectsLive, AuditLive, ScoringLive, CoverageLive, SimulationLive, StructureLive, ComplianceLive, SpreadsheetsLive)
