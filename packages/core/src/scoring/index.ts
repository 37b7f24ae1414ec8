/**
 * Scoring and appraisal (积分 / 民主评议): schemes as data, the append-only ledger, aggregation with caps,
 * grades and ranking, democratic appraisal, and due talks (三必谈). See docs/scoring.md.
 *
 * @module
 */
export * from "./vocabulary.js"
export * from "./periods.js"
export * from "./scheme.js"
export * from "./attendance.js"
export * from "./ledger.js"
export * from "./engine.js"
export * from "./aggregate.js"
export * from "./appraisal.js"
export * from "./obligations.js"
export { MissingParameterError } from "./policyRead.js"
