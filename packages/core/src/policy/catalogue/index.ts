/**
 * The policy catalogue: every policy of the source documents, as data.
 *
 * @module
 */
import { Either } from "effect"
import type { Policy, ResolvedPolicy } from "../policy.js"
import { PolicyResolutionError, resolvePolicy } from "../policy.js"
import { fudingSite2020, langshanStreet, shanghaiFiveJoint, wenzhouRedSite2022 } from "./local.js"
import { national } from "./national.js"
import { shanghaiExpo, shanghaiSite } from "./shanghai.js"

/** The catalogue's policies by a readable name. */
export const policies = {
  national,
  shanghaiSite,
  shanghaiExpo,
  langshanStreet,
  fudingSite2020,
  shanghaiFiveJoint,
  wenzhouRedSite2022
} as const

/** The catalogue's policies as a list, in the order of DOMAIN.md §3. */
export const catalogue: ReadonlyArray<Policy> = Object.values(policies)

/** Finds a catalogue policy by id. */
export const findPolicy = (id: string): Policy | undefined => catalogue.find((p) => p.id === id)

/**
 * Resolves a policy against the catalogue (merging its basis). Extra policies (e.g. reforms) may be
 * supplied so that a reform of a reform resolves.
 */
export const resolve = (
  policy: Policy,
  extra: ReadonlyArray<Policy> = []
): Either.Either<ResolvedPolicy, PolicyResolutionError> =>
  resolvePolicy(policy, (id) => extra.find((p) => p.id === id) ?? findPolicy(id))

export { fudingSite2020, langshanStreet, national, shanghaiExpo, shanghaiFiveJoint, shanghaiSite, wenzhouRedSite2022 }
