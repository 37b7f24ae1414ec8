/**
 * A Party organization (党组织) as an entity: kind, temporary flag, what it serves, when it lives.
 *
 * @module
 */
import { Schema } from "effect"
import { Id, IsoDate } from "./primitives.js"
import { OrganizationKinds } from "./vocabulary.js"

/** A Party organization. Relations between organizations are kept by the `structure` module. */
export class Organization extends Schema.Class<Organization>("Organization")(
  Schema.Struct({
    id: Id,
    name: Schema.String,
    kind: OrganizationKinds.schema,
    /** Formed for a time-limited task (临时): dissolved when the task ends. */
    temporary: Schema.Boolean,
    /** Projects the organization serves. */
    projectIds: Schema.optionalWith(Schema.Array(Id), { default: () => [] }),
    /** Units whose members it organizes. */
    unitIds: Schema.optionalWith(Schema.Array(Id), { default: () => [] }),
    establishedOn: IsoDate,
    dissolvedOn: Schema.optional(IsoDate)
  }).pipe(
    Schema.filter((o) =>
      o.dissolvedOn === undefined || o.dissolvedOn >= o.establishedOn ||
      { path: ["dissolvedOn"], message: `dissolvedOn ${o.dissolvedOn} is before establishedOn ${o.establishedOn}` }
    )
  )
) {}
