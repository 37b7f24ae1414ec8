/**
 * The storage port: one interface for every store, and (in `contract.ts`, for tests) the suite every
 * implementation runs unchanged.
 *
 * @module
 */
export * from "./port.js"
