/**
 * The `effect` this package runs against is the consumer's (a peer dependency). An `effect` outside the
 * supported range does not fail loudly by itself: `Either` may be missing or another major's `Result`
 * may not recognise our `Left`. So the core checks, once when it is loaded, the version that `effect`
 * stamps on its own values, and throws an error saying what to install.
 *
 * @module
 */
import { Effect } from "effect"

/**
 * The `effect` versions redsite supports, as its packages' `peerDependencies` say. Loading
 * `@redsite/core` with an `effect` outside this range throws an `Error` naming the version found and the
 * command that installs a supported one.
 *
 * @example
 * ```ts
 * import { SUPPORTED_EFFECT_RANGE } from "@redsite/core"
 * console.log(`npm i effect@${SUPPORTED_EFFECT_RANGE}`) // npm i effect@^3.22.0
 * ```
 */
export const SUPPORTED_EFFECT_RANGE = "^3.22.0"
const MAJOR = 3
const MIN_MINOR = 22

/**
 * Why `version` is not supported, or `undefined` when it is (3.22.0 or a later 3.x).
 *
 * @example
 * effectVersionProblem("3.22.4") // undefined
 * effectVersionProblem("4.1.5")  // "…needs effect ^3.22.0…found 4.1.5…"
 */
export const effectVersionProblem = (version: string | undefined): string | undefined => {
  const m = version === undefined ? null : /^(\d+)\.(\d+)\.\d+/.exec(version)
  const ok = m !== null && Number(m[1]) === MAJOR && Number(m[2]) >= MIN_MINOR
  if (ok) return undefined
  const found = version === undefined ? "an effect without effect 3's version stamp (effect 4 or later?)" : `effect ${version}`
  return `@redsite/core needs effect ${SUPPORTED_EFFECT_RANGE} (a peer dependency) but loaded ${found}. ` +
    `Install a supported one next to it: npm i effect@${SUPPORTED_EFFECT_RANGE}`
}

/** The version effect 3 stamps on every Effect value (`_V` of its variance), read defensively. */
export const loadedEffectVersion = (): string | undefined => {
  const typeId: unknown = (Effect as { readonly EffectTypeId?: unknown } | undefined)?.EffectTypeId
  const value: unknown = (Effect as { readonly void?: unknown } | undefined)?.void
  if (typeof typeId !== "symbol" || typeof value !== "object" || value === null) return undefined
  const variance: unknown = (value as Record<symbol, unknown>)[typeId]
  const v: unknown = typeof variance === "object" && variance !== null ? (variance as { _V?: unknown })._V : undefined
  return typeof v === "string" ? v : undefined
}

const problem = effectVersionProblem(loadedEffectVersion())
if (problem !== undefined) throw new Error(problem)
