/**
 * The contract of coverage and simulation: what covers each stored project (facts, versioned), the
 * explained coverage of one project, the portfolio report with target progress, and policy comparisons and
 * sweeps over the stored portfolio or a synthetic one.
 *
 * @module
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as OpenApi from "@effect/platform/OpenApi"
import {
  CoverageReport,
  GroupKeys,
  IsoDate,
  Phases,
  PolicyComparison,
  ProjectCoverage,
  SweepRow,
  WorkCoverageForms
} from "@redsite/core"
import * as Schema from "effect/Schema"
import { Conflict, Forbidden, InvalidInput, NotFound, PreconditionRequired } from "./errors.js"
import { Authentication } from "./security.js"

const ALL_ERRORS = { errors: "all" } as const
const projectId = HttpApiSchema.param("id", Schema.String)

/** What covers a project: the body of `PUT /projects/:id/coverage` (the project id comes from the path). */
export class CoverageFactsBody extends Schema.Class<CoverageFactsBody>("CoverageFactsBody")(Schema.Struct({
  ownOrganization: Schema.Boolean,
  /** A joint organization serving the site covers it (联合组建): organizational coverage too (the core's `CoverageFacts`). */
  jointOrganization: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  work: Schema.optionalWith(Schema.Array(WorkCoverageForms.schema), { default: () => [] }),
  redSiteCreation: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  qualityPlan: Schema.optionalWith(Schema.Boolean, { default: () => false })
}).annotations({ parseOptions: ALL_ERRORS })) {}

/** Stored coverage facts and their version (also the `ETag`). */
export class StoredCoverageFacts extends Schema.Class<StoredCoverageFacts>("StoredCoverageFacts")({
  version: Schema.Number,
  projectId: Schema.String,
  facts: CoverageFactsBody
}) {}

/** A policy and a date, as query parameters. */
export const PolicyAtDate = Schema.Struct({ policyId: Schema.String, date: IsoDate })

/**
 * Where coverage facts come from: `recorded` (default), the facts recorded with `PUT
 * /projects/:id/coverage/facts`; `structure`, derived from the stored structure at the date by the core's
 * `coverageFactsFromStructure` (organizations serving the site, instructors, attachments), the recorded facts
 * still supplying what the structure cannot know (mass organizations, joint branches elsewhere, red-site
 * creation, quality plan).
 */
export const FactsSource = Schema.Literal("recorded", "structure")

/** Query of one project's coverage. */
export const ProjectCoverageQuery = Schema.Struct({
  policyId: Schema.String,
  date: IsoDate,
  facts: Schema.optional(FactsSource)
})

/** One page of stored coverage facts in project id order; pass `nextCursor` as `cursor` to get the next one. */
export class CoverageFactsPage extends Schema.Class<CoverageFactsPage>("CoverageFactsPage")({
  items: Schema.Array(StoredCoverageFacts),
  nextCursor: Schema.optional(Schema.String)
}) {}

/** Paging of the coverage facts listing. */
export const CoverageFactsListParams = Schema.Struct({
  cursor: Schema.optional(Schema.String),
  limit: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 500)))
})

const groupList = Schema.transform(
  Schema.String,
  Schema.Array(Schema.Literal(...GroupKeys)),
  { strict: false, decode: (s) => s.split(",").map((x) => x.trim()).filter((x) => x !== ""), encode: (xs) => xs.join(",") }
)

/** Query of the coverage report. */
export const CoverageReportQuery = Schema.Struct({
  policyId: Schema.String,
  date: IsoDate,
  /** Comma-separated: `district`, `phase`, `leadOwnership`, `kind`. */
  groupBy: Schema.optional(groupList),
  /** Measure the policy's targets for this year. */
  targetYear: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1990, 2100))),
  /** Only projects of this district / phase. */
  district: Schema.optional(Schema.String),
  phase: Schema.optional(Phases.schema),
  /** Only projects with a unit organized by this organization or one below it (as `GET /projects`). */
  organizationId: Schema.optional(Schema.String),
  /** Where the coverage facts come from (see {@link FactsSource}); default `recorded`. */
  facts: Schema.optional(FactsSource)
})

/** The portfolio a simulation runs on: the stored projects, or a synthetic one. */
export const SimulationPortfolio = Schema.Union(
  Schema.Struct({ source: Schema.Literal("stored") }),
  Schema.Struct({
    source: Schema.Literal("synthetic"),
    size: Schema.Number.pipe(Schema.int(), Schema.between(1, 1_000_000)),
    seed: Schema.optionalWith(Schema.Number.pipe(Schema.int()), { default: () => 1 })
  })
)

/** Compare a portfolio under several policies (the first is the baseline). */
export class CompareRequest extends Schema.Class<CompareRequest>("CompareRequest")(Schema.Struct({
  policyIds: Schema.Array(Schema.String).pipe(Schema.minItems(2), Schema.maxItems(8)),
  date: IsoDate,
  portfolio: SimulationPortfolio,
  /** At most this many changed projects are explained (default 100). */
  explainLimit: Schema.optional(Schema.Number.pipe(Schema.int(), Schema.between(0, 1000)))
}).annotations({ parseOptions: ALL_ERRORS })) {}

/** Sweep one numeric parameter of a policy. */
export class SweepRequest extends Schema.Class<SweepRequest>("SweepRequest")(Schema.Struct({
  policyId: Schema.String,
  parameter: Schema.String,
  values: Schema.Array(Schema.Number.pipe(Schema.finite(), Schema.nonNegative())).pipe(Schema.minItems(1), Schema.maxItems(50)),
  date: IsoDate,
  portfolio: SimulationPortfolio
}).annotations({ parseOptions: ALL_ERRORS })) {}

/** Coverage of stored projects. */
export const coverageGroup = HttpApiGroup.make("coverage")
  .add(
    HttpApiEndpoint.get("facts")`/projects/${projectId}/coverage/facts`
      .addSuccess(StoredCoverageFacts)
      .addError(NotFound)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "What covers the project: an organization of its own, Party work, red-site creation, a quality plan")
  )
  .add(
    HttpApiEndpoint.put("putFacts")`/projects/${projectId}/coverage/facts`
      .setPayload(CoverageFactsBody)
      .setHeaders(Schema.Struct({ "if-match": Schema.optional(Schema.String) }))
      .addSuccess(StoredCoverageFacts)
      .addError(NotFound)
      .addError(Forbidden)
      .addError(InvalidInput)
      .addError(Conflict)
      .addError(PreconditionRequired)
      .annotate(OpenApi.Description, "Record what covers the project (If-Match needed once facts exist)")
  )
  .add(
    HttpApiEndpoint.get("listFacts", "/coverage/facts")
      .setUrlParams(CoverageFactsListParams)
      .addSuccess(CoverageFactsPage)
      .addError(InvalidInput)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "Every project's recorded coverage facts in project id order, with cursor pagination")
  )
  .add(
    HttpApiEndpoint.get("project")`/projects/${projectId}/coverage`
      .setUrlParams(ProjectCoverageQuery)
      .addSuccess(ProjectCoverage)
      .addError(NotFound)
      .addError(InvalidInput)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "The project's coverage under a policy at a date: required (with its rule), the cover, the gap and the remedy")
  )
  .add(
    HttpApiEndpoint.get("report", "/coverage/report")
      .setUrlParams(CoverageReportQuery)
      .addSuccess(CoverageReport)
      .addError(NotFound)
      .addError(InvalidInput)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "Totals, rates and groups of the stored portfolio (filtered by district, phase or organization; facts recorded or derived from the structure), and progress against the policy's targets for a year; ETag and 304")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Coverage")

/** Policy simulation. */
export const simulationGroup = HttpApiGroup.make("simulation")
  .add(
    HttpApiEndpoint.post("compare", "/simulation/compare")
      .setPayload(CompareRequest)
      .addSuccess(PolicyComparison)
      .addError(NotFound)
      .addError(InvalidInput)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "The portfolio under several policies: totals, needs, and each changed project with the rule and parameter behind it")
  )
  .add(
    HttpApiEndpoint.post("sweep", "/simulation/sweep")
      .setPayload(SweepRequest)
      .addSuccess(Schema.Array(SweepRow))
      .addError(NotFound)
      .addError(InvalidInput)
      .addError(Forbidden)
      .annotate(OpenApi.Description, "One row per value of a parameter: required projects and needs")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Simulation")
