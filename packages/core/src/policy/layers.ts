/**
 * Layers made explicit: national → province → city → district. A policy's layer is the policy itself; the
 * layers above it are its basis chain, with the empty layers it names between them (a province or city the
 * sources give nothing for). {@link layersOf} lists, layer by layer from the top, what each adds, refines or
 * narrows, each with its clause; it is a view of the policies' data, never a second list to keep in step.
 *
 * - `adds`: a rule answering a question no layer above answers, an obligation (question `obligations`: every
 *   obligation of every layer applies, none answers in another's place), or a parameter, talk or scheme none
 *   above has;
 * - `refines`: a rule answering a question a layer above also answers (the local rule answers where its scope
 *   applies and is silent elsewhere, so the rule above answers there), or a parameter, talk or scheme that
 *   overrides one above;
 * - `narrows`: a rule that displaces a rule above with a cited clause (`displaces`): the rule above no longer
 *   answers anywhere under this policy.
 *
 * @module
 */
import type { Citation } from "../explain/explanation.js"
import type { Label } from "../model/primitives.js"
import type { Policy, PolicyLevel } from "./policy.js"

/** What one layer changes: a rule, parameter, talk or scoring scheme it adds, refines or narrows, with its clause. */
export interface LayerChange {
  readonly effect: "adds" | "refines" | "narrows"
  readonly what: "rule" | "parameter" | "talk" | "scoring"
  /** The rule id, parameter key, talk trigger or scheme id. */
  readonly id: string
  readonly citation: Citation
  /** For `narrows`: the rules above it displaces. */
  readonly displaces?: ReadonlyArray<string>
}

/** One layer of a policy's chain, from the top. */
export interface Layer {
  readonly level: PolicyLevel | undefined
  readonly jurisdiction: Label
  /** The policy of this layer; absent for an empty layer. */
  readonly policyId?: string
  /** Why an empty layer holds nothing, and the clause showing it exists. */
  readonly note?: string
  readonly citation?: Citation
  readonly changes: ReadonlyArray<LayerChange>
}

/**
 * The layers of a policy from the top (national first) down to the policy itself, each with what it adds,
 * refines or narrows; `lookup` finds a basis by id (e.g. `findPolicy`). A basis that cannot be found ends the
 * chain there.
 *
 * @example
 * ```ts
 * import { findPolicy, layersOf, policies } from "@redsite/core"
 * layersOf(policies.fudingSite2020, findPolicy).map((l) => l.level) // ["national", "province", "city", "district"]
 * ```
 */
export const layersOf = (policy: Policy, lookup: (id: string) => Policy | undefined): ReadonlyArray<Layer> => {
  const chain: Array<Policy> = [policy]
  const seen = new Set([policy.id])
  for (let p = policy; p.basis !== undefined;) {
    const next = lookup(p.basis)
    if (next === undefined || seen.has(next.id)) break
    seen.add(next.id)
    chain.push(next)
    p = next
  }
  chain.reverse()
  const questions = new Map<string, string>() // question -> rule id above
  const ruleQuestion = new Map<string, string>()
  const params = new Set<string>()
  const triggers = new Set<string>()
  let scoring = false
  const layers: Array<Layer> = []
  for (const p of chain) {
    const changes: Array<LayerChange> = []
    const displaced = new Set(p.displaces)
    for (const r of p.rules) {
      const over = [...displaced].filter((d) => ruleQuestion.get(d) === r.question)
      if (over.length > 0) changes.push({ effect: "narrows", what: "rule", id: r.id, citation: r.citation, displaces: over })
      else changes.push({ effect: questions.has(r.question) && r.question !== "obligations" ? "refines" : "adds", what: "rule", id: r.id, citation: r.citation })
    }
    for (const x of p.parameters) changes.push({ effect: params.has(x.key) ? "refines" : "adds", what: "parameter", id: x.key, citation: x.citation })
    for (const t of p.talks ?? []) changes.push({ effect: triggers.has(t.trigger) ? "refines" : "adds", what: "talk", id: t.trigger, citation: t.citation })
    for (const s of p.scoring?.schemes ?? []) changes.push({ effect: scoring ? "refines" : "adds", what: "scoring", id: s.id, citation: s.citation })
    for (const r of p.rules) {
      questions.set(r.question, r.id)
      ruleQuestion.set(r.id, r.question)
    }
    for (const x of p.parameters) params.add(x.key)
    for (const t of p.talks ?? []) triggers.add(t.trigger)
    scoring ||= p.scoring !== undefined
    // the empty layers a policy names sit between its basis and itself
    for (const e of p.emptyLayers ?? []) {
      layers.push({ level: e.level, jurisdiction: e.jurisdiction, note: e.note, ...(e.citation === undefined ? {} : { citation: e.citation }), changes: [] })
    }
    layers.push({ level: p.level, jurisdiction: p.jurisdiction, policyId: p.id, changes })
  }
  return layers
}
