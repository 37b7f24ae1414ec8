/**
 * The policies the API knows: the built-in catalogue and the reforms kept in the {@link Store} (versioned
 * and audited like every other write).
 *
 * @module
 */
import { catalogue } from "@redsite/core"
import type { Policy } from "@redsite/core"
import { Context, Effect, Layer } from "effect"
import { cachedAt, revisionCache } from "./derived.js"
import type { Actor, StoragePort } from "@redsite/core"
import { Store } from "./store.js"

/** The catalogue and the stored reforms, by id. */
export interface PolicyStoreService {
  readonly list: Effect.Effect<ReadonlyArray<Policy>>
  readonly get: (id: string) => Effect.Effect<Policy | undefined>
  /** Stores a reform; `false` when the id is taken (by the catalogue or an earlier reform). */
  readonly add: (policy: Policy, actor: Actor) => Effect.Effect<boolean>
}

/** The policy store service. */
export class PolicyStore extends Context.Tag("@redsite/adapters-http/PolicyStore")<PolicyStore, PolicyStoreService>() {}

const allReforms = (store: StoragePort): Effect.Effect<ReadonlyArray<Policy>> =>
  Effect.gen(function*() {
    const out: Array<Policy> = []
    let after: string | undefined
    for (;;) {
      const page = yield* store.policies.list({ after, limit: 500 })
      out.push(...page.items.map((i) => i.value))
      if (page.next === undefined) return out
      after = page.next
    }
  })

/** The policy view over a {@link Store}. */
export const PolicyStoreLive: Layer.Layer<PolicyStore, never, Store> = Layer.effect(
  PolicyStore,
  Effect.map(Store, (store): PolicyStoreService => {
    // every setup evaluation resolves reforms against this list: kept per store revision (see derived.ts)
    const list = cachedAt(store.revision, revisionCache<ReadonlyArray<Policy>>(1), "all", Effect.map(allReforms(store), (custom) => [...catalogue, ...custom]))
    return {
      list,
      get: (id) => {
        const builtIn = catalogue.find((p) => p.id === id)
        if (builtIn !== undefined) return Effect.succeed(builtIn)
        // a reform is taken from the kept list, so that it is the same object as long as the store's revision
        // holds (its resolution is then kept too, see support.ts)
        return Effect.map(list, (all) => all.find((p) => p.id === id))
      },
    add: (policy, actor) =>
      catalogue.some((p) => p.id === policy.id)
        ? Effect.succeed(false)
        : store.policies.create(policy, actor).pipe(Effect.as(true), Effect.catchTag("StoreConflict", () => Effect.succeed(false)))
    }
  })
)
