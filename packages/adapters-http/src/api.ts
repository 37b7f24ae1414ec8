/**
 * The HTTP API contract (Effect `HttpApi`): endpoints, their schemas (taken from the core), errors and
 * security. The OpenAPI document is derived from it, and so is the typed client.
 *
 * @module
 */
import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { IsoDate, Label, ParameterUsed, ParameterValue, Policy, Project, SetupDecision } from "@redsite/core"
import { Schema } from "effect"
import { Authentication } from "./auth.js"
import { Conflict, Forbidden, InvalidInput, NotFound } from "./errors.js"

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

/** The redsite HTTP API. */
export class RedsiteApi extends HttpApi.make("redsite")
  .add(system)
  .add(policies)
  .add(setup)
  .annotate(OpenApi.Title, "redsite API")
  .annotate(OpenApi.Description, "Construction-site Party building (工地党建): policies with citations, setup decisions with explanations.")
{}
