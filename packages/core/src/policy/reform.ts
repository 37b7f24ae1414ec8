/**
 * Reforms: policies derived from another with some parameters changed.
 *
 * @module
 */
import { Either, Schema } from "effect"
import type { DecodeError } from "../model/decode.js"
import { resolve } from "./catalogue/index.js"
import type { ParameterValue, PolicyResolutionError } from "./policy.js"
import { Policy, decodePolicy, sameValueType } from "./policy.js"
import { isCalendarDate } from "../model/primitives.js"

/** A reform could not be applied. */
export class ReformError extends Schema.TaggedError<ReformError>()("ReformError", {
  policyId: Schema.String,
  issues: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String }))
}) {
  override get message(): string {
    return `invalid reform of ${this.policyId}: ` + this.issues.map((i) => `${i.path}: ${i.message}`).join("; ")
  }
}

/** What a reform changes. */
export interface ReformSpec {
  /** Id of the new policy; defaults to `<base id>~reform`. */
  readonly id?: string
  readonly name?: { readonly zh: string; readonly en: string }
  /** New parameter values by key. Each key must exist in the base and keep its value's type. */
  readonly parameters: Readonly<Record<string, ParameterValue>>
  /**
   * The date the new values hold from (ISO `YYYY-MM-DD`). Without it a value is replaced outright; with it, the
   * parameter keeps its value before that date and takes the new one from it (a dated value, which replaces
   * any later value of the base from that date on), so "as of a date" reads either.
   */
  readonly from?: string
}

/**
 * Derives a policy with some parameters changed ("what if the cost threshold were 30 million?").
 * The base is first resolved (its basis merged in), so any parameter a rule reads can be changed. The result
 * is validated by the same schema as any policy; changed parameters are no longer assumptions of the source
 * but choices of the reform, which their note records, and `derivedFrom` lists every change.
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { policies, reform } from "@redsite/core"
 * const thirty = reform(policies.fudingSite2020, { parameters: { costThresholdYuan: 30_000_000 } })
 * if (Either.isRight(thirty)) console.log(thirty.right.id) // "fuding-site-2020~reform"
 * // from a date: the old value before 2025, the new one from 1 January 2025 ("as of a date" reads either)
 * const dated = reform(policies.fudingSite2020, { parameters: { costThresholdYuan: 30_000_000 }, from: "2025-01-01" })
 * ```
 */
export const reform = (
  policy: Policy,
  spec: ReformSpec,
  extra: ReadonlyArray<Policy> = []
): Either.Either<Policy, ReformError | DecodeError | PolicyResolutionError> => {
  const resolved = resolve(policy, extra)
  if (Either.isLeft(resolved)) return Either.left(resolved.left)
  const base: Policy = resolved.right
  const issues: Array<{ path: string; message: string }> = []
  const byKey = new Map(base.parameters.map((p) => [p.key, p]))
  const changes: Array<{ key: string; before: ParameterValue; after: ParameterValue }> = []
  for (const [key, after] of Object.entries(spec.parameters)) {
    const param = byKey.get(key)
    if (param === undefined) {
      issues.push({ path: `parameters.${key}`, message: `policy ${base.id} has no parameter ${key}` })
      continue
    }
    if (!sameValueType(param.value, after)) {
      issues.push({ path: `parameters.${key}`, message: `expected a value of the same type as ${JSON.stringify(param.value)}` })
      continue
    }
    if (typeof after === "number" && (!Number.isFinite(after) || after < 0)) {
      issues.push({ path: `parameters.${key}`, message: "expected a finite number, not negative" })
      continue
    }
    if (param.unit === "share" && typeof after === "number" && after > 1) {
      issues.push({ path: `parameters.${key}`, message: "a share is between 0 and 1" })
      continue
    }
    changes.push({ key, before: param.value, after })
  }
  const from = spec.from
  if (from !== undefined) {
    if (!isCalendarDate(from)) issues.push({ path: "from", message: `expected a date YYYY-MM-DD, not ${JSON.stringify(from)}` })
    else {
      for (const c of changes) {
        const start = byKey.get(c.key)?.from ?? base.effective.from
        if (start !== undefined && from <= start) {
          issues.push({ path: `parameters.${c.key}`, message: `a change from ${from} must come after the date its first value holds from (${start}); change it without a date instead` })
        }
      }
    }
  }
  if (issues.length > 0) return Either.left(new ReformError({ policyId: base.id, issues }))
  const changed = new Map(changes.map((c) => [c.key, c.after]))
  const encoded = Schema.encodeSync(Policy)(base)
  return decodePolicy({
    ...encoded,
    id: spec.id ?? `${base.id}~reform`,
    name: spec.name ?? { zh: `${base.name.zh}(调整)`, en: `${base.name.en} (reform)` },
    parameters: encoded.parameters.map((p) => {
      if (!changed.has(p.key)) return p
      const after = changed.get(p.key)!
      if (from === undefined) return { ...p, value: after, assumption: false, note: `changed by reform from ${JSON.stringify(p.value)}` }
      const kept = (p.later ?? []).filter((v) => v.from < from)
      const before = kept.length === 0 ? p.value : kept[kept.length - 1]!.value
      return {
        ...p,
        later: [...kept, { from, value: after, citation: p.citation, assumption: false, note: `changed by reform from ${JSON.stringify(before)} on ${from}` }]
      }
    }),
    derivedFrom: { from: base.id, changes: from === undefined ? changes : changes.map((c) => ({ ...c, from })) }
  })
}


// loading a user's policies sits with deriving them: both build policies from data against the catalogue
export * from "./load.js"
