/**
 * Where custom policies (reforms) are kept. The server uses the SQLite-backed store in production; the
 * in-memory store serves tests and embedded use without a database.
 *
 * @module
 */
import { catalogue } from "@redsite/core"
import type { Policy } from "@redsite/core"
import { Context, Effect, Layer, Ref } from "effect"

/** Custom policies by id, beside the built-in catalogue. */
export interface PolicyStoreService {
  readonly list: Effect.Effect<ReadonlyArray<Policy>>
  readonly get: (id: string) => Effect.Effect<Policy | undefined>
  /** Adds a policy; `false` when the id is taken (by the catalogue or an earlier reform). */
  readonly add: (policy: Policy) => Effect.Effect<boolean>
}

/** The policy store service. */
export class PolicyStore extends Context.Tag("@redsite/adapters-http/PolicyStore")<PolicyStore, PolicyStoreService>() {}

/** A store that keeps reforms in memory (lost on restart). */
export const PolicyStoreMemory = Layer.effect(
  PolicyStore,
  Effect.map(Ref.make<ReadonlyArray<Policy>>([]), (ref): PolicyStoreService => ({
    list: Effect.map(Ref.get(ref), (custom) => [...catalogue, ...custom]),
    get: (id) => Effect.map(Ref.get(ref), (custom) => catalogue.find((p) => p.id === id) ?? custom.find((p) => p.id === id)),
    add: (policy) =>
      Ref.modify(ref, (custom) =>
        catalogue.some((p) => p.id === policy.id) || custom.some((p) => p.id === policy.id)
          ? [false, custom]
          : [true, [...custom, policy]])
  }))
)
