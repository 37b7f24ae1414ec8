/**
 * The HTTP API contract (Effect `HttpApi`): endpoints, their schemas (taken from the core), errors and
 * security. The OpenAPI document is derived from it, and so is the typed client.
 *
 * @module
 */
import * as HttpApi from "@effect/platform/HttpApi"
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as OpenApi from "@effect/platform/OpenApi"
import { IsoDate, Label, Member, ParameterUsed, ParameterValue, Phases, Policy, Project, SetupDecision, Unit } from "@redsite/core"
import * as Schema from "effect/Schema"
import { Authentication } from "./security.js"
import { MAX_PAGE } from "./bounds.js"
import { Conflict, Forbidden, InvalidInput, NotFound, PayloadTooLarge, PreconditionRequired, ServiceUnavailable, UnsupportedMediaType } from "./errors.js"
import { coverageGroup, simulationGroup } from "./coverageApi.js"
import { scoringGroup } from "./scoringApi.js"
import { structureGroup } from "./structureApi.js"
import { complianceGroup } from "./complianceApi.js"
import { spreadsheetGroup } from "./spreadsheetApi.js"
import { AuditEntry } from "./audit.js"

/** Health of the service. */
export class Health extends Schema.Class<Health>("Health")({
  status: Schema.Literal("ok"),
  version: Schema.String
}) {}

const system = HttpApiGroup.make("system")
  .add(HttpApiEndpoint.get("health", "/health").addSuccess(Health))
  .annotate(OpenApi.Title, "System")

const policyId = HttpApiSchema.param("id", Schema.String)

/** Report every bad field of a request body, not only the first. */
const ALL_ERRORS = { errors: "all" } as const

/** A request to derive a reform of a policy. */
export class ReformRequest extends Schema.Class<ReformRequest>("ReformRequest")(Schema.Struct({
  /** Id of the policy to derive from (catalogue or an earlier reform). */
  base: Schema.String,
  /** Id of the new policy; must not exist yet. */
  id: Schema.String.pipe(Schema.pattern(/^[a-z0-9][a-z0-9~._-]{0,63}$/)),
  name: Schema.optional(Label),
  parameters: Schema.Record({ key: Schema.String, value: ParameterValue })
}).annotations({ parseOptions: ALL_ERRORS })) {}

const policies = HttpApiGroup.make("policies")
  .add(
    HttpApiEndpoint.get("list", "/policies")
      .addSuccess(Schema.Array(Policy))
      .annotate(OpenApi.Description, "The policy catalogue and stored reforms, with every rule's citation")
  )
  .add(HttpApiEndpoint.get("get")`/policies/${policyId}`.addSuccess(Policy).addError(NotFound))
  .add(
    HttpApiEndpoint.post("reform", "/policies/reforms")
      .setPayload(ReformRequest)
      .addSuccess(Policy, { status: 201 })
      .addError(NotFound)
      .addError(InvalidInput)
      .addError(Conflict)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "Derive and store a policy with some parameters changed (administrator, analyst)")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Policies")

/** Facts of a project, a policy and a date. */
export class EvaluateSetupRequest extends Schema.Class<EvaluateSetupRequest>("EvaluateSetupRequest")(Schema.Struct({
  project: Project,
  policyId: Schema.String,
  date: IsoDate
}).annotations({ parseOptions: ALL_ERRORS })) {}

/** The same facts under several policies. */
export class CompareSetupRequest extends Schema.Class<CompareSetupRequest>("CompareSetupRequest")(Schema.Struct({
  project: Project,
  policyIds: Schema.Array(Schema.String).pipe(Schema.minItems(2), Schema.maxItems(8)),
  date: IsoDate
}).annotations({ parseOptions: ALL_ERRORS })) {}

/** One element that differs between two decisions, with the rules and parameters behind it. */
export class DifferenceView extends Schema.Class<DifferenceView>("DifferenceView")({
  element: Schema.String,
  left: Schema.String,
  right: Schema.String,
  rules: Schema.Struct({ left: Schema.Array(Schema.String), right: Schema.Array(Schema.String) }),
  parameters: Schema.Array(Schema.Struct({
    key: Schema.String,
    left: Schema.optional(ParameterUsed),
    right: Schema.optional(ParameterUsed)
  }))
}) {}

/** The decisions side by side and, for each policy after the first, its differences from the first. */
export class CompareSetupResponse extends Schema.Class<CompareSetupResponse>("CompareSetupResponse")({
  decisions: Schema.Array(SetupDecision),
  comparisons: Schema.Array(Schema.Struct({
    left: Schema.String,
    right: Schema.String,
    differences: Schema.Array(DifferenceView),
    same: Schema.Array(Schema.String)
  }))
}) {}

const setup = HttpApiGroup.make("setup")
  .add(
    HttpApiEndpoint.post("evaluate", "/setup/evaluate")
      .setPayload(EvaluateSetupRequest)
      .addSuccess(SetupDecision)
      .addError(NotFound)
      .addError(InvalidInput)
      .annotate(OpenApi.Description, "Which organization must or may be set up, led by whom, and why (each element cites its rule)")
  )
  .add(
    HttpApiEndpoint.post("compare", "/setup/compare")
      .setPayload(CompareSetupRequest)
      .addSuccess(CompareSetupResponse)
      .addError(NotFound)
      .addError(InvalidInput)
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Setup evaluation")

/** A stored project and the version of its row (also sent as the `ETag` header). */
export class StoredProject extends Schema.Class<StoredProject>("StoredProject")({
  version: Schema.Number,
  project: Project
}) {}

/** One page of projects; pass `nextCursor` as `cursor` to get the next one. */
export class ProjectPage extends Schema.Class<ProjectPage>("ProjectPage")({
  items: Schema.Array(StoredProject),
  nextCursor: Schema.optional(Schema.String)
}) {}

/** Largest page size of a listing (see `bounds.ts`). */
export { MAX_PAGE }

const pageSize = Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, MAX_PAGE))

/** Query of a project listing: filters and cursor pagination. */
export const ProjectListParams = Schema.Struct({
  district: Schema.optional(Schema.String),
  phase: Schema.optional(Phases.schema),
  /** Projects with a unit organized by this organization or one below it. */
  organizationId: Schema.optional(Schema.String),
  cursor: Schema.optional(Schema.String),
  limit: Schema.optional(pageSize)
})

/** `If-Match`: the version a write is based on (`"3"`, `W/"3"` or `3`). */
const IfMatch = Schema.Struct({ "if-match": Schema.optional(Schema.String) })

const projectId = HttpApiSchema.param("id", Schema.String)
const memberId = HttpApiSchema.param("memberId", Schema.String)
const unitId = HttpApiSchema.param("unitId", Schema.String)

/** Query of a stored project's setup decision. */
export const SetupQuery = Schema.Struct({ policyId: Schema.String, date: IsoDate })

const projects = HttpApiGroup.make("projects")
  .add(
    HttpApiEndpoint.get("list", "/projects")
      .setUrlParams(ProjectListParams)
      .addSuccess(ProjectPage)
      .addError(InvalidInput)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "Projects in id order, filtered by district, phase or organization; personal fields hidden from viewers")
  )
  .add(HttpApiEndpoint.get("get")`/projects/${projectId}`.addSuccess(StoredProject).addError(NotFound).addError(Forbidden))
  .add(
    HttpApiEndpoint.post("create", "/projects")
      .setPayload(Project)
      .addSuccess(StoredProject, { status: 201 })
      .addError(NotFound)
      .addError(Conflict)
      .addError(Forbidden)
      .addError(InvalidInput)
  )
  .add(
    HttpApiEndpoint.put("replace")`/projects/${projectId}`
      .setPayload(Project)
      .setHeaders(IfMatch)
      .addSuccess(StoredProject)
      .addError(NotFound)
      .addError(Conflict)
      .addError(Forbidden)
      .addError(InvalidInput)
      .addError(PreconditionRequired)
      .annotate(OpenApi.Description, "Replace a project; `If-Match` must carry the version it is based on (409 when stale)")
  )
  .add(
    HttpApiEndpoint.del("remove")`/projects/${projectId}`
      .setHeaders(IfMatch)
      .addSuccess(Schema.Void, { status: 204 })
      .addError(NotFound)
      .addError(Conflict)
      .addError(Forbidden)
      .addError(InvalidInput)
      .addError(PreconditionRequired)
  )
  .add(
    HttpApiEndpoint.get("members")`/projects/${projectId}/members`
      .addSuccess(Schema.Array(Member))
      .addError(NotFound)
      .addError(Forbidden)
  )
  .add(
    HttpApiEndpoint.put("putMember")`/projects/${projectId}/members/${memberId}`
      .setPayload(Member)
      .setHeaders(IfMatch)
      .addSuccess(StoredProject)
      .addError(NotFound)
      .addError(Conflict)
      .addError(Forbidden)
      .addError(InvalidInput)
      .addError(PreconditionRequired)
      .annotate(OpenApi.Description, "Add or replace one member of a project; `If-Match` carries the project's version")
  )
  .add(
    HttpApiEndpoint.del("removeMember")`/projects/${projectId}/members/${memberId}`
      .setHeaders(IfMatch)
      .addSuccess(StoredProject)
      .addError(NotFound)
      .addError(Conflict)
      .addError(Forbidden)
      .addError(InvalidInput)
      .addError(PreconditionRequired)
  )
  .add(
    HttpApiEndpoint.get("units")`/projects/${projectId}/units`
      .addSuccess(Schema.Array(Unit))
      .addError(NotFound)
      .addError(Forbidden)
  )
  .add(
    HttpApiEndpoint.put("putUnit")`/projects/${projectId}/units/${unitId}`
      .setPayload(Unit)
      .setHeaders(IfMatch)
      .addSuccess(StoredProject)
      .addError(NotFound)
      .addError(Conflict)
      .addError(Forbidden)
      .addError(InvalidInput)
      .addError(PreconditionRequired)
  )
  .add(
    HttpApiEndpoint.del("removeUnit")`/projects/${projectId}/units/${unitId}`
      .setHeaders(IfMatch)
      .addSuccess(StoredProject)
      .addError(NotFound)
      .addError(Conflict)
      .addError(Forbidden)
      .addError(InvalidInput)
      .addError(PreconditionRequired)
  )
  .add(
    HttpApiEndpoint.get("setup")`/projects/${projectId}/setup`
      .setUrlParams(SetupQuery)
      .addSuccess(SetupDecision)
      .addError(NotFound)
      .addError(Forbidden)
      .addError(InvalidInput)
      .annotate(OpenApi.Description, "The setup decision for a stored project under a policy at a date, each element with its cited rule")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Projects, units and members")

/** Query of the audit log. */
export const AuditQuery = Schema.Struct({
  after: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.nonNegative())),
  limit: Schema.optional(pageSize)
})

const audit = HttpApiGroup.make("audit")
  .add(
    HttpApiEndpoint.get("list", "/audit")
      .setUrlParams(AuditQuery)
      .addSuccess(Schema.Array(AuditEntry))
      .addError(Forbidden)
      .annotate(OpenApi.Description, "Every write: who, when, what, version before and after (administrator only)")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Audit log")

const DECODE_ERROR = "#/components/schemas/HttpApiDecodeError"
const INVALID_INPUT = "#/components/schemas/InvalidInput"

/**
 * The OpenAPI document as the server answers: a request that does not match its schema gets an
 * {@link InvalidInput} (see `fromDecodeError`), never Effect's `HttpApiDecodeError`, so every reference to
 * the latter names the former (an `anyOf` of both becomes one reference), and its schemas are dropped.
 */
export const withoutDecodeError = (spec: Record<string, any>): Record<string, any> => {
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk)
    if (typeof x !== "object" || x === null) return x
    const o = x as Record<string, unknown>
    if (o.$ref === DECODE_ERROR) return { ...o, $ref: INVALID_INPUT }
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(o)) out[k] = walk(v)
    if (Array.isArray(out.anyOf)) {
      const seen = new Set<string>()
      const anyOf = (out.anyOf as Array<unknown>).filter((s) => {
        const key = JSON.stringify(s)
        return seen.has(key) ? false : (seen.add(key), true)
      })
      if (anyOf.length === 1 && Object.keys(out).length === 1) return anyOf[0]
      out.anyOf = anyOf
    }
    return out
  }
  const next = walk(spec) as Record<string, any>
  const schemas = { ...(next.components?.schemas ?? {}) }
  delete schemas.HttpApiDecodeError
  // `Issue` is the decode error's issue: dropped unless something else still refers to it
  const { Issue, ...others } = schemas
  const used = JSON.stringify({ ...next, components: { ...next.components, schemas: others } }).includes(`"#/components/schemas/Issue"`)
  return { ...next, components: { ...next.components, schemas: used ? schemas : others } }
}

/**
 * The redsite HTTP API. Besides each endpoint's own errors, any request may be answered 400
 * ({@link InvalidInput}: it does not match the endpoint's schema, or its JSON nests too deep), 413
 * ({@link PayloadTooLarge}), 415 ({@link UnsupportedMediaType}: a body that is not JSON) or 503
 * ({@link ServiceUnavailable}: the server shuts down, or a simulation found the compute pool full or ran out
 * of time; `Retry-After`).
 */
export class RedsiteApi extends HttpApi.make("redsite")
  .add(system)
  .add(policies)
  .add(setup)
  .add(projects)
  .add(audit)
  .add(scoringGroup)
  .add(coverageGroup)
  .add(simulationGroup)
  .add(structureGroup)
  .add(complianceGroup)
  .add(spreadsheetGroup)
  .addError(InvalidInput)
  .addError(PayloadTooLarge)
  .addError(UnsupportedMediaType)
  .addError(ServiceUnavailable)
  .annotate(OpenApi.Transform, withoutDecodeError)
  .annotate(OpenApi.Title, "redsite API")
  .annotate(OpenApi.Description, "Construction-site Party building (工地党建): policies with citations, setup decisions with explanations.")
{}
