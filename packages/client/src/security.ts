/**
 * The security contract shared by the server and the typed client (browser-safe: no Node modules): roles,
 * principals and the bearer-token middleware tag.
 *
 * @module
 */
import * as HttpApiMiddleware from "@effect/platform/HttpApiMiddleware"
import * as HttpApiSecurity from "@effect/platform/HttpApiSecurity"
import * as Context from "effect/Context"
import * as Schema from "effect/Schema"
import { Unauthorized } from "./errors.js"

/**
 * A principal's role. A `reviewer` stands for the local authority (属地主管部门) that reviews monthly reports
 * and records honours (issue 19); they use the compliance endpoints only.
 */
export const Role = Schema.Literal("administrator", "secretary", "viewer", "analyst", "reviewer")
/** @see {@link Role} */
export type Role = typeof Role.Type

/** Who is calling. */
export class Principal extends Schema.Class<Principal>("Principal")({
  id: Schema.String,
  role: Role,
  /** For a secretary: the organization whose subtree they may write; for a reviewer, the subtree whose projects they review (all when absent). */
  organizationId: Schema.optional(Schema.String)
}) {}

/** The authenticated principal of the current request. */
export class CurrentPrincipal extends Context.Tag("@redsite/adapters-http/CurrentPrincipal")<CurrentPrincipal, Principal>() {}

/** Bearer-token authentication for every protected endpoint. */
export class Authentication extends HttpApiMiddleware.Tag<Authentication>()("Authentication", {
  failure: Unauthorized,
  provides: CurrentPrincipal,
  security: { bearer: HttpApiSecurity.bearer }
}) {}
