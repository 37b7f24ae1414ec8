/**
 * The property of issue 15 (item 1): for random histories and random events, a secretary's write is
 * accepted only if every organization it changes lies in their subtree — what it changes found by comparing
 * the structures' JSON, not by the core's `touchedBy` that the check itself uses.
 */
import { Establish, Register, applyEvent, emptyStructure, isoDate, policies, replay, subtreeOf } from "@redsite/core"
import type { Structure, StructureEvent } from "@redsite/core"
import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { arbEvents, changedByJson } from "../../core/src/structure/touched.arbitraries.js"
import { Principal } from "@redsite/client"
import { scopeRefusal } from "./structureHandlers.js"

const national = policies.national

/** A world to start from: a tree of six organizations (o0 at the top) and a member at home in each. */
const base: ReadonlyArray<StructureEvent> = [
  ...([["o0"], ["o1", "o0"], ["o2", "o0"], ["o3", "o1"], ["o4", "o2"], ["o5", "o3"]] as const).map(([id, up]) =>
    new Establish({ date: isoDate("2019-12-01"), organization: { id, name: id, kind: "branch", temporary: false, projectIds: [`p${id.slice(1)}`], ...(up === undefined ? {} : { approvedBy: up }) } })),
  ...[0, 1, 2, 3, 4, 5].map((k) => new Register({ date: isoDate("2019-12-02"), memberId: `m${k}`, homeOrganizationId: `o${k}`, status: "candidate", mobile: k % 2 === 0, pocket: false }))
]

/** The events of a history the core accepts, each applied after the ones accepted before it. */
const accepted = (events: ReadonlyArray<StructureEvent>): ReadonlyArray<StructureEvent> => {
  let s: Structure = emptyStructure
  const out: Array<StructureEvent> = []
  for (const e of events) {
    const r = applyEvent(s, e, national)
    if (Either.isRight(r)) (s = r.right, out.push(e))
  }
  return out
}

const today = () => new Date().toISOString().slice(0, 10)

describe("a secretary's scope (property)", () => {
  it("accepts a batch only if every organization each event changes lies in the subtree (on its date and today), or was set up in it by the batch", () => {
    let checked = 0
    fc.assert(fc.property(arbEvents, fc.nat(), fc.integer({ min: 1, max: 4 }), (events, r, n) => {
      // a history the core accepts, its last n events sent by a secretary of one of its organizations
      const valid = accepted([...base, ...events])
      const cut = Math.max(0, valid.length - n)
      const structure = Either.getOrThrow(replay(valid.slice(0, cut), national))
      const batch = valid.slice(cut)
      if (structure.organizations.length === 0 || batch.length === 0) return
      const root = structure.organizations[r % structure.organizations.length]!.id
      const principal = new Principal({ id: "sec", role: "secretary", organizationId: root })
      if (scopeRefusal(principal, structure, batch, national) !== undefined) return
      // accepted by the scope check: replay the batch as the store would (all or none) and look at what changed
      let s = structure
      const created = new Set<string>()
      for (const e of batch) {
        const next = applyEvent(s, e, national)
        if (Either.isLeft(next)) return // the store refuses the whole batch: nothing changes
        const allowed = (id: string) => created.has(id) || (subtreeOf(s, root, e.date).has(id) && subtreeOf(s, root, today()).has(id))
        for (const id of changedByJson(s, next.right, e.date)) {
          expect(allowed(id), `${e._tag} changed ${id} outside ${root}`).toBe(true)
          checked++
        }
        const before = new Set(s.organizations.map((o) => o.id))
        for (const o of next.right.organizations) {
          if (before.has(o.id)) continue
          expect(subtreeOf(next.right, root, e.date).has(o.id), `${o.id} set up outside ${root}`).toBe(true)
          created.add(o.id)
        }
        s = next.right
      }
    }), { numRuns: 300 })
    // the property is not vacuous: accepted writes did change organizations
    expect(checked).toBeGreaterThan(50)
  })
})
