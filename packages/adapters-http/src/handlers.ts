/**
 * Handlers: thin glue from HTTP to the core. They load, call the core, and map its typed errors to HTTP
 * errors; they hold no rules.
 *
 * @module
 */
import { HttpApiBuilder } from "@effect/platform"
import { compareDecisions, evaluateSetup, outcomeKey, reform } from "@redsite/core"
import type { Policy, SetupDecision } from "@redsite/core"
import { Effect, Either, Layer } from "effect"
import { RedsiteApi } from "./api.js"
import { requireRole } from "./auth.js"
import { Conflict, InvalidInput, notFound } from "./errors.js"
import { PolicyStore } from "./policyStore.js"

const VERSION = "0.1.0"

const SystemLive = HttpApiBuilder.group(RedsiteApi, "system", (handlers) =>
  handlers.handle("health", () => Effect.succeed({ status: "ok" as const, version: VERSION })))

const loadPolicy = (id: string) =>
  Effect.flatMap(PolicyStore, (store) =>
    Effect.flatMap(store.get(id), (p) => (p === undefined ? Effect.fail(notFound("policy", id)) : Effect.succeed(p))))

const invalid = (message: string, issues: ReadonlyArray<{ readonly path: string; readonly message: string }>) =>
  new InvalidInput({ code: "invalid_input", message, messageZh: `输入无效:${message}`, issues })

const PoliciesLive = HttpApiBuilder.group(RedsiteApi, "policies", (handlers) =>
  handlers
    .handle("list", () => Effect.flatMap(PolicyStore, (s) => s.list))
    .handle("get", ({ path }) => loadPolicy(path.id))
    .handle("reform", ({ payload }) =>
      Effect.gen(function*() {
        yield* requireRole(["administrator", "analyst"], "create a reform", "创建政策调整方案")
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
        const added = yield* store.add(derived.right)
        if (!added) {
          return yield* Effect.fail(new Conflict({
            code: "policy.exists",
            message: `a policy with id ${JSON.stringify(payload.id)} already exists`,
            messageZh: `政策编号已存在:${payload.id}`
          }))
        }
        return derived.right
      })))

const decide = (project: Parameters<typeof evaluateSetup>[0], policy: Policy, date: Parameters<typeof evaluateSetup>[2]) =>
  Effect.flatMap(Effect.flatMap(PolicyStore, (s) => s.list), (all) => {
    const r = evaluateSetup(project, policy, date, all)
    return Either.isRight(r)
      ? Effect.succeed<SetupDecision>(r.right)
      : Effect.fail(invalid(r.left.message, [{ path: "policyId", message: r.left.message }]))
  })

const SetupLive = HttpApiBuilder.group(RedsiteApi, "setup", (handlers) =>
  handlers
    .handle("evaluate", ({ payload }) =>
      Effect.flatMap(loadPolicy(payload.policyId), (policy) => decide(payload.project, policy, payload.date)))
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

/** Every group's handlers. Needs a {@link PolicyStore} and the authentication middleware. */
export const HandlersLive = Layer.mergeAll(SystemLive, PoliciesLive, SetupLive)
