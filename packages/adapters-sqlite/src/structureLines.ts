/**
 * The line formats of organizations and relations (JSON Lines, CSV, `addRelation`) as the structure's
 * events: an organization is an `Establish` (and a `Dissolve` when it has ended), a relation a `Relate`
 * (and an `EndRelation` when it has ended). There is one model: what these lines say is appended to the
 * structure's log through the core, which accepts or refuses it; nothing else stores organizations or
 * relations.
 *
 * @module
 */
import { Dissolve, EndRelation, Establish, Id, IsoDate, OrganizationKinds, PairingForms, Relate, RelationKinds } from "@redsite/core"
import type { StructureEvent } from "@redsite/core"
import { Schema } from "effect"

/**
 * A relation between organizations over a period (the line format of `relations` imports): its kind is one
 * of the core's `RelationKinds`, both ends must be organizations of the structure, and its attributes are
 * what the structure keeps of a relation — a pairing's `form` (one of the core's `PairingForms`) and its
 * `tasks`; any other attribute is refused.
 *
 * @example
 * ```ts
 * import { StoredRelation, relationEvents } from "@redsite/adapters-sqlite"
 * import { Schema } from "effect"
 * const r = Schema.decodeUnknownSync(StoredRelation)({ kind: "pairing", fromId: "site", toId: "village", validFrom: "2020-09-10",
 *   validTo: "2022-12-31", attributes: { form: "signedPairing", tasks: ["安全生产"] } })
 * relationEvents(r) // [Relate 2020-09-10 (signedPairing, 安全生产), EndRelation 2022-12-31]
 * ```
 */
export const StoredRelation = Schema.Struct({
  kind: Schema.Literal(...RelationKinds),
  fromId: Schema.String.pipe(Schema.minLength(1)),
  toId: Schema.String.pipe(Schema.minLength(1)),
  validFrom: IsoDate,
  validTo: Schema.optional(IsoDate),
  attributes: Schema.optionalWith(
    Schema.Struct({ form: Schema.optional(Schema.Literal(...PairingForms)), tasks: Schema.optional(Schema.Array(Schema.String)) }),
    { default: () => ({}) }
  )
}).pipe(Schema.filter((r) => r.validTo === undefined || r.validTo >= r.validFrom || { path: ["validTo"], message: `validTo ${r.validTo} is before validFrom ${r.validFrom}` }))
/** @see {@link StoredRelation} */
export type StoredRelation = typeof StoredRelation.Type

/** A relation line's events: `Relate` on its start, `EndRelation` on its end when it has one. */
export const relationEvents = (r: StoredRelation): ReadonlyArray<StructureEvent> => [
  new Relate({
    date: r.validFrom, kind: r.kind, from: r.fromId, to: r.toId,
    ...(r.attributes.form === undefined ? {} : { pairingForm: r.attributes.form }), tasks: r.attributes.tasks ?? []
  }),
  ...(r.validTo === undefined ? [] : [new EndRelation({ date: r.validTo, kind: r.kind, from: r.fromId, to: r.toId })])
]

/**
 * An organization (the line format of `organizations` imports): the core's `Organization` and the
 * organization that approved its setting-up (`approvedBy`, which the core requires of a temporary one, Art. 6
 * of the branch regulations; its leadership line starts there).
 */
export const StoredOrganization = Schema.Struct({
  id: Id,
  name: Schema.String,
  kind: OrganizationKinds.schema,
  temporary: Schema.Boolean,
  projectIds: Schema.optionalWith(Schema.Array(Id), { default: () => [] }),
  unitIds: Schema.optionalWith(Schema.Array(Id), { default: () => [] }),
  establishedOn: IsoDate,
  dissolvedOn: Schema.optional(IsoDate),
  approvedBy: Schema.optional(Id)
}).pipe(Schema.filter((o) =>
  o.dissolvedOn === undefined || o.dissolvedOn >= o.establishedOn || { path: ["dissolvedOn"], message: `dissolvedOn ${o.dissolvedOn} is before establishedOn ${o.establishedOn}` }
))
/** @see {@link StoredOrganization} */
export type StoredOrganization = typeof StoredOrganization.Type

/** An organization line's events: `Establish` on its establishment, `Dissolve` on its dissolution when it has one. */
export const organizationEvents = (o: StoredOrganization): ReadonlyArray<StructureEvent> => [
  new Establish({
    date: o.establishedOn,
    organization: {
      id: o.id, name: o.name, kind: o.kind, temporary: o.temporary, projectIds: o.projectIds, ...(o.unitIds.length === 0 ? {} : { unitIds: o.unitIds }),
      ...(o.approvedBy === undefined ? {} : { approvedBy: o.approvedBy })
    }
  }),
  ...(o.dissolvedOn === undefined ? [] : [new Dissolve({ date: o.dissolvedOn, organizationId: o.id })])
]
