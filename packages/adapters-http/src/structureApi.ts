/**
 * The contract of the structure over time: the structure at a date, appending events (each checked by the
 * core; a broken rule is a 422 naming the rule and its clause), the rules checked at a date, and one
 * organization's lines of leadership.
 *
 * @module
 */
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { IsoDate, Structure, StructureEvent, StructureOrganization, Violation } from "@redsite/core"
import { Schema } from "effect"
import { Conflict, Forbidden, InvalidInput, NotFound, PreconditionRequired, RuleViolation } from "./errors.js"
import { Authentication } from "./security.js"

/** Events to append, in order, under a policy (whose parameters some rules read). */
export class AppendEventsRequest extends Schema.Class<AppendEventsRequest>("AppendEventsRequest")(Schema.Struct({
  policyId: Schema.String,
  events: Schema.Array(StructureEvent).pipe(Schema.minItems(1), Schema.maxItems(1000))
}).annotations({ parseOptions: { errors: "all" } })) {}

/** The structure's version after an append (its number of events; also the `ETag`). */
export class AppendEventsResponse extends Schema.Class<AppendEventsResponse>("AppendEventsResponse")({
  version: Schema.Number,
  accepted: Schema.Number
}) {}

/** An organization on a date with its lines of leadership. */
export class OrganizationView extends Schema.Class<OrganizationView>("OrganizationView")({
  organization: StructureOrganization,
  superiors: Schema.Array(Schema.Struct({ id: Schema.String, kind: Schema.Literal("reportsTo", "secondSuperior") })),
  chainToRoot: Schema.Array(Schema.String),
  subtree: Schema.Array(Schema.String)
}) {}

const organizationId = HttpApiSchema.param("id", Schema.String)

/** The structure endpoints. */
export const structureGroup = HttpApiGroup.make("structure")
  .add(
    HttpApiEndpoint.get("get", "/structure")
      .setUrlParams(Schema.Struct({ date: Schema.optional(IsoDate) }))
      .addSuccess(Structure)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "Organizations, relations and members with their history; with `date`, as they stood that day")
  )
  .add(
    HttpApiEndpoint.post("append", "/structure/events")
      .setPayload(AppendEventsRequest)
      .setHeaders(Schema.Struct({ "if-match": Schema.optional(Schema.String) }))
      .addSuccess(AppendEventsResponse)
      .addError(RuleViolation)
      .addError(NotFound)
      .addError(Forbidden)
      .addError(InvalidInput)
      .addError(Conflict)
      .addError(PreconditionRequired)
      .annotate(OpenApi.Description, "Apply events (establish, appoint, relate, register, transfer, attend, dissolve, complete…); all or none; 422 names the broken rule and its clause")
  )
  .add(
    HttpApiEndpoint.get("check", "/structure/check")
      .setUrlParams(Schema.Struct({ policyId: Schema.String, date: IsoDate }))
      .addSuccess(Schema.Array(Violation))
      .addError(NotFound)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "Every violation of the structure's rules on a date, with its citation")
  )
  .add(
    HttpApiEndpoint.get("organization")`/organizations/${organizationId}`
      .setUrlParams(Schema.Struct({ date: IsoDate }))
      .addSuccess(OrganizationView)
      .addError(NotFound)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "One organization on a date: its superiors (both lines under dual leadership), its chain to the root, its subtree")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Structure over time")
