/**
 * The structure over time (组织架构): organizations with dual leadership, pairing, attachment and
 * instructors; members with one home organization and any number of attended sites; changes as events,
 * checked against the rules and kept as history.
 *
 * @module
 */
export * from "./model.js"
export * from "./apply.js"
export * from "./check.js"
export * from "./touched.js"
