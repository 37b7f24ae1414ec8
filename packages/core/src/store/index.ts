/**
 * The storage port: one interface for every store, and its implementation in memory. The suite every
 * implementation runs unchanged is test support outside the core, in the repository's
 * `testing/storeContract.ts`.
 *
 * @module
 */
export * from "./port.js"
export * from "./memory.js"
