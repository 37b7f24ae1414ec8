/**
 * Compliance and the reporting cycle (issue 19): obligations as rules, the site scorecard, the record log and
 * the queries over a portfolio (overdue reports, reporting rates, evaluation candidates, credit-file entries).
 *
 * @module
 */
export * from "./vocabulary.js"
export * from "./records.js"
export * from "./policyObligations.js"
export * from "./obligations.js"
export * from "./scorecard.js"
export * from "./queries.js"
export * from "./columns.js"
export * from "../rules/obligation/index.js"
export * from "./logProjects.js"
export * from "./jurisdiction.js"
