/**
 * @redsite/adapters-http — the redsite core over HTTP: an Effect `HttpApi` with an OpenAPI document,
 * bearer-token access control, and a typed client.
 *
 * @packageDocumentation
 */
export * from "./api.js"
export * from "./auth.js"
export { MAX_RANGE_DAYS } from "./bounds.js"
export * from "./client.js"
export * from "./coverageApi.js"
export * from "./demo.js"
export * from "./errors.js"
export type { ComputeOptions } from "./compute.js"
export { DEFAULT_MAX_JSON_DEPTH } from "./guard.js"
export * from "./handlers.js"
export * from "./memoryStore.js"
export * from "./policyStore.js"
export * from "./security.js"
export * from "./scoringApi.js"
export * from "./store.js"
export * from "./structureApi.js"
export * from "./server.js"
export * from "./sqliteStore.js"
