/**
 * The audit log's entry as the API answers it (`GET /audit`). The server's stores write it; a client reads it.
 *
 * @module
 */
import * as Schema from "effect/Schema"

/** One entry of the audit log: who changed what, when, from which version to which. */
export class AuditEntry extends Schema.Class<AuditEntry>("AuditEntry")({
  /** Position in the log, from 1. */
  seq: Schema.Number,
  /** ISO timestamp of the change. */
  at: Schema.String,
  principalId: Schema.String,
  role: Schema.String,
  /** `create`, `replace` or `delete`. */
  action: Schema.Literal("create", "replace", "delete"),
  /** Kind of resource, e.g. `project`, `policy`. */
  resource: Schema.String,
  resourceId: Schema.String,
  /** Version before the change (absent for a create). */
  beforeVersion: Schema.optional(Schema.Number),
  /** Version after the change (absent for a delete). */
  afterVersion: Schema.optional(Schema.Number)
}) {}
