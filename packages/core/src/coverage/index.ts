/**
 * Coverage (覆盖) of a portfolio: which projects a policy requires to have a Party organization, how each
 * site is covered, totals and rates by group, and progress against a policy's yearly targets.
 *
 * @module
 */
export * from "./columns.js"
export * from "./coverage.js"
export * from "./report.js"
export * from "./fromStructure.js"
