/**
 * Derived data kept per store revision: what the server computes from stored rows (the portfolio's columns,
 * the list of stored reforms, an encoded coverage report) is kept while the store's
 * revision (the storage port's `revision`) stays the same, and dropped as soon as it changes. A stale answer cannot be
 * served: every write changes the revision, and the revision is read before the data it labels (so data
 * read after a concurrent write is filed under the older revision, which never comes back). This is what an
 * ETag promises for one row, applied to a whole computation; see RFC 9110 §8.8.3 on entity tags as
 * validators of a representation.
 *
 * @module
 */
import type { PortfolioColumns } from "@redsite/core"
import { Effect } from "effect"
import type { StoragePort } from "@redsite/core"

/** A bounded map of derived values, all of one store revision. */
export interface RevisionCache<V> {
  /** The value kept for `key` if it was computed at `revision`. */
  readonly get: (revision: string, key: string) => V | undefined
  /** Keeps `value` for `key` at `revision`; values of any other revision are dropped. */
  readonly set: (revision: string, key: string, value: V) => void
}

/**
 * A cache of at most `capacity` values of the latest revision it was given, least recently used dropped
 * first (a `Map` keeps insertion order; a hit is moved to the end).
 */
export const revisionCache = <V>(capacity: number): RevisionCache<V> => {
  let current: string | undefined
  const entries = new Map<string, V>()
  return {
    get: (revision, key) => {
      if (revision !== current) return undefined
      const value = entries.get(key)
      if (value !== undefined) {
        entries.delete(key)
        entries.set(key, value)
      }
      return value
    },
    set: (revision, key, value) => {
      if (revision !== current) {
        entries.clear()
        current = revision
      }
      entries.delete(key)
      entries.set(key, value)
      if (entries.size > capacity) entries.delete(entries.keys().next().value!)
    }
  }
}

/**
 * `compute` through `cache` under the store's revision: the revision is read first, then a value kept for
 * it is returned, or computed and kept.
 */
export const cachedAt = <A, E, R>(
  revision: Effect.Effect<string>,
  cache: RevisionCache<A>,
  key: string,
  compute: Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> =>
  Effect.flatMap(revision, (rev) => {
    const hit = cache.get(rev, key)
    return hit !== undefined ? Effect.succeed(hit) : Effect.tap(compute, (value) => cache.set(rev, key, value))
  })

/** Columns of a million projects take tens of MB: only a few filters are kept at once. */
const PORTFOLIO_CAPACITY = 4

/**
 * The store with its `portfolio` cached per revision and filter. The core reads columns and never writes
 * them, so one set of columns may serve every request of a revision.
 */
export const withCachedPortfolio = (service: StoragePort): StoragePort => {
  const cache = revisionCache<PortfolioColumns>(PORTFOLIO_CAPACITY)
  const portfolio = service.portfolio
  return {
    ...service,
    portfolio: (filter) => cachedAt(service.revision, cache, JSON.stringify([filter.district ?? null, filter.phase ?? null]), portfolio(filter))
  }
}
