/**
 * @redsite/adapters-http — the redsite core over HTTP: the server of the API defined in `@redsite/client`
 * (an Effect `HttpApi` with an OpenAPI document), bearer-token access control, stores and the `redsite-server`
 * program. The API definition and the typed client are re-exported from `@redsite/client`, so code written
 * against earlier releases keeps working; new code imports them from `@redsite/client`.
 *
 * @packageDocumentation
 */
export * from "@redsite/client"
export * from "./auth.js"
export * from "./demo.js"
export type { ComputeOptions } from "./compute.js"
export { DEFAULT_MAX_JSON_DEPTH } from "./guard.js"
export * from "./handlers.js"
export * from "./memoryStore.js"
export * from "./policyStore.js"
export * from "./store.js"
export * from "./server.js"
export * from "./sqliteStore.js"
export * from "./spreadsheet.js"
