/**
 * The contract of the structure over time: the structure at a date, appending events (each checked by the
 * core; a broken rule is a 422 naming the rule and its clause), the rules checked at a date, and one
 * organization's lines of leadership; the queries the core answers on the structure at a date (members under
 * dual management, blank spots, mobile and pocket members by site, instructors and liaisons of a project,
 * organizations due to dissolve, the completion proposal of a project), and the organizations as a listing.
 *
 * @module
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as OpenApi from "@effect/platform/OpenApi"
import { IsoDate, OrganizationKinds, Structure, StructureEvent, StructureOrganization, Violation } from "@redsite/core"
import * as Schema from "effect/Schema"
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
const projectId = HttpApiSchema.param("id", Schema.String)

/** A date, as a query parameter: the structure as it stood that day. */
export const OnDate = Schema.Struct({ date: IsoDate })

/** A member under dual management (双重管理) on a date: the home organization and the sites attended besides it. */
export class DualManagedMember extends Schema.Class<DualManagedMember>("DualManagedMember")({
  memberId: Schema.String,
  home: Schema.String,
  attended: Schema.Array(Schema.String)
}) {}

/** Query of the blank spots among members. */
export const BlankSpotsQuery = Schema.Struct({
  date: IsoDate,
  /** `true`: only mobile or pocket members (the ones a site loses most easily); default all members. */
  mobileOrPocketOnly: Schema.optional(Schema.BooleanFromString)
})

/** Members attending no organization's life on a date (blank spots among people, 空白点). */
export class BlankSpots extends Schema.Class<BlankSpots>("BlankSpots")({
  date: IsoDate,
  memberIds: Schema.Array(Schema.String)
}) {}

/** Mobile (流动) and pocket (口袋) members attending one site organization on a date. */
export class SiteMobilePocket extends Schema.Class<SiteMobilePocket>("SiteMobilePocket")({
  organizationId: Schema.String,
  mobile: Schema.Array(Schema.String),
  pocket: Schema.Array(Schema.String)
}) {}

/**
 * An instructor (党建指导员) or liaison (联络员) of an organization serving a project on a date: a person
 * appointed there (`personId`), or an instructor dispatched by another organization (`dispatchedBy`) where
 * the core reports one.
 */
export class ProjectAppointee extends Schema.Class<ProjectAppointee>("ProjectAppointee")({
  organizationId: Schema.String,
  role: Schema.Literal("instructor", "liaison"),
  personId: Schema.optional(Schema.String),
  dispatchedBy: Schema.optional(Schema.String)
}) {}

/** Temporary organizations alive on a date whose projects are all completed: due to dissolve. */
export class DueToDissolve extends Schema.Class<DueToDissolve>("DueToDissolve")({
  date: IsoDate,
  organizationIds: Schema.Array(Schema.String)
}) {}

/**
 * What completing a project would change, to inspect before appending it: the events (attendance ended,
 * organizations dissolved or converted) and the organizations that cannot be dissolved yet.
 */
export class CompletionProposal extends Schema.Class<CompletionProposal>("CompletionProposal")({
  projectId: Schema.String,
  date: IsoDate,
  events: Schema.Array(StructureEvent),
  /** Organizations still keeping members' formal membership: not dissolved. */
  blocked: Schema.Array(Schema.String)
}) {}

/** Query of the organizations listing: filters and cursor pagination. */
export const OrganizationListParams = Schema.Struct({
  /** Only organizations alive on this date, as they stood that day. */
  date: Schema.optional(IsoDate),
  kind: Schema.optional(OrganizationKinds.schema),
  temporary: Schema.optional(Schema.BooleanFromString),
  /** Only this organization and those under it (both lines of leadership; on `date`, else today). */
  under: Schema.optional(Schema.String),
  /** Only organizations serving this project. */
  projectId: Schema.optional(Schema.String),
  cursor: Schema.optional(Schema.String),
  limit: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 500)))
})

/** One page of organizations in id order; pass `nextCursor` as `cursor` to get the next one. */
export class OrganizationPage extends Schema.Class<OrganizationPage>("OrganizationPage")({
  items: Schema.Array(StructureOrganization),
  nextCursor: Schema.optional(Schema.String)
}) {}

/** The structure endpoints. */
export const structureGroup = HttpApiGroup.make("structure")
  .add(
    HttpApiEndpoint.get("get", "/structure")
      .setUrlParams(Schema.Struct({ date: Schema.optional(IsoDate) }))
      .addSuccess(Structure)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "Organizations, relations and members with their history; with `date`, as they stood that day. Analysts (no personal data, issue 8) get it with `members: []` and `actions: []`")
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
  .add(
    HttpApiEndpoint.get("organizations", "/organizations")
      .setUrlParams(OrganizationListParams)
      .addSuccess(OrganizationPage)
      .addError(InvalidInput)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "The organizations of the structure in id order, filtered by date, kind, temporary, subtree or project; cursor pagination")
  )
  .add(
    HttpApiEndpoint.get("dualManagement", "/structure/dual-management")
      .setUrlParams(OnDate)
      .addSuccess(Schema.Array(DualManagedMember))
      .addError(Forbidden)
      .annotate(OpenApi.Description, "Members under dual management on a date: home organization and sites attended (not for analysts)")
  )
  .add(
    HttpApiEndpoint.get("blankSpots", "/structure/blank-spots")
      .setUrlParams(BlankSpotsQuery)
      .addSuccess(BlankSpots)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "Members attending no organization's life on a date (not for analysts)")
  )
  .add(
    HttpApiEndpoint.get("mobilePocket", "/structure/mobile-pocket")
      .setUrlParams(OnDate)
      .addSuccess(Schema.Array(SiteMobilePocket))
      .addError(Forbidden)
      .annotate(OpenApi.Description, "Mobile and pocket members by the site organization they attend on a date (not for analysts)")
  )
  .add(
    HttpApiEndpoint.get("instructors")`/structure/projects/${projectId}/instructors`
      .setUrlParams(OnDate)
      .addSuccess(Schema.Array(ProjectAppointee))
      .addError(Forbidden)
      .annotate(OpenApi.Description, "Instructors and liaisons appointed in the organizations serving a project on a date (not for analysts)")
  )
  .add(
    HttpApiEndpoint.get("dueToDissolve", "/structure/due-to-dissolve")
      .setUrlParams(OnDate)
      .addSuccess(DueToDissolve)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "Temporary organizations alive on a date whose projects are all completed")
  )
  .add(
    HttpApiEndpoint.get("completion")`/structure/projects/${projectId}/completion`
      .setUrlParams(Schema.Struct({ policyId: Schema.String, date: IsoDate }))
      .addSuccess(CompletionProposal)
      .addError(NotFound)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "What completing a project on a date would change under a policy: events to inspect before appending, and what stays blocked (read-only; not for analysts)")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Structure over time")
