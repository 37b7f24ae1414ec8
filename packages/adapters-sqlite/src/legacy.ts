/**
 * The rows of the legacy `organizations` and `relations` tables (schema version 4 and before), which
 * migration 5 moved into `legacy_structure_rows`, become the structure's events: opening a database offers
 * each pending row to the core, in order, and appends the accepted ones to the structure's log (one
 * entry in the audit log, actor `migration-5`); a row the core refuses, or one that does not decode, is
 * kept, marked `refused` with the reason, for an operator to correct and import again. Every row stays in
 * the table (adopted or refused): nothing is lost.
 *
 * @module
 */
import { Organization } from "@redsite/core"
import type { StructureEvent } from "@redsite/core"
import { Either, Schema } from "effect"
import type { Connection } from "./connection.js"
import { RedsiteStore } from "./store.js"
import { structureReplayPolicy } from "./structure.js"
import { StoredRelation, organizationEvents, relationEvents } from "./structureLines.js"

/** Who the adoption of the legacy rows is recorded as in the audit log. */
export const LEGACY_ADOPTION_ACTOR = { principalId: "migration-5", role: "system" } as const

/** One row of `legacy_structure_rows`. */
export interface LegacyStructureRow {
  readonly seq: number
  readonly source: "organization" | "relation"
  /** The row as the legacy table held it (JSON). */
  readonly row: unknown
  readonly state: "pending" | "adopted" | "refused"
  /** Why the row was refused (the core's rejection, or why it does not decode). */
  readonly reason?: string
}

const decodeOrganization = Schema.decodeUnknownEither(Organization)
const decodeRelation = Schema.decodeUnknownEither(StoredRelation)

/** A legacy row's events, or why it has none. */
const eventsOf = (source: string, row: any): Either.Either<ReadonlyArray<StructureEvent>, string> => {
  if (source === "organization") return Either.mapBoth(decodeOrganization(row.body), { onLeft: (e) => `not an organization: ${e.message}`, onRight: (o) => organizationEvents(o) })
  const { seq: _seq, validTo, ...rest } = row
  return Either.mapBoth(decodeRelation(validTo === null ? rest : { ...rest, validTo }), { onLeft: (e) => `not a relation the structure keeps: ${e.message}`, onRight: relationEvents })
}

/**
 * Offers the pending legacy rows to the core and appends what it accepts, inside the caller's transaction
 * (the upgrade's). Under `structureReplayPolicy` (an assumption: the rows were stored unchecked, so they are
 * read with the catalogue's most permissive policy).
 */
export const adoptLegacyRows = (db: Connection): void => {
  const pending = db.prepare<[], { seq: number; source: string; row: string }>("SELECT seq, source, row FROM legacy_structure_rows WHERE state = 'pending' ORDER BY seq").all()
  if (pending.length === 0) return
  const store = new RedsiteStore(db)
  const mark = db.prepare("UPDATE legacy_structure_rows SET state = ?, reason = ? WHERE seq = ?")
  const decoded = pending.map((p) => ({ seq: p.seq, events: eventsOf(p.source, JSON.parse(p.row)) }))
  for (const d of decoded) if (Either.isLeft(d.events)) mark.run("refused", d.events.left, d.seq)
  const offered = decoded.flatMap((d) => (Either.isRight(d.events) ? [{ seq: d.seq, events: d.events.right }] : []))
  const refused = new Map(store.structure.offer(offered.map((o) => o.events), structureReplayPolicy).map((r) => [r.index, r]))
  offered.forEach((o, i) => {
    const r = refused.get(i)
    if (r !== undefined) mark.run("refused", `refused by the core (${r.tag}): ${r.rejection.code}: ${r.rejection.text.en} (${r.rejection.citation.document} ${r.rejection.citation.section})`, o.seq)
    else mark.run("adopted", null, o.seq)
  })
  const accepted = offered.filter((_, i) => !refused.has(i)).flatMap((o) => o.events)
  if (accepted.length === 0) return
  const r = store.structure.append(accepted, { expectedVersion: store.structure.version(), policy: structureReplayPolicy, actor: LEGACY_ADOPTION_ACTOR })
  if (Either.isLeft(r)) throw r.left
}

/** The rows of the legacy tables migration 5 moved, adopted or refused, in their order. */
export const legacyStructureRows = (db: Connection): ReadonlyArray<LegacyStructureRow> =>
  db.prepare<[], { seq: number; source: LegacyStructureRow["source"]; row: string; state: LegacyStructureRow["state"]; reason: string | null }>(
    "SELECT * FROM legacy_structure_rows ORDER BY seq"
  ).all().map((r) => ({ seq: r.seq, source: r.source, row: JSON.parse(r.row) as unknown, state: r.state, ...(r.reason === null ? {} : { reason: r.reason }) }))
