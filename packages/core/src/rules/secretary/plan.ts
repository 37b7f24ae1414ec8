/**
 * A secretary plan: where the secretary and the deputies come from (internal to the secretary rules).
 *
 * @module
 */
import type { DeputySource, SecretarySource } from "../../model/vocabulary.js"
import { SecretaryPlan } from "../../organization/decision.js"

/** The plan of a secretary's sources and deputies. */
export const plan = (sources: [SecretarySource, ...Array<SecretarySource>], deputies: Array<DeputySource>): SecretaryPlan =>
  new SecretaryPlan({ sources, deputies })
