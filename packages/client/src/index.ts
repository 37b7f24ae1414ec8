/**
 * @redsite/client — the redsite HTTP API's definition (endpoints, request and answer schemas taken from
 * `@redsite/core`, typed errors, bounds) and two clients of it for browsers and Node: the Effect client
 * ({@link makeClient}) and the Promise client ({@link makePromiseClient}), which takes plain JSON values such as
 * ISO date strings. No Node module and no native build: the server (`@redsite/adapters-http`) implements this
 * definition.
 *
 * @packageDocumentation
 */
export * from "./api.js"
export * from "./audit.js"
export * from "./bounds.js"
export * from "./client.js"
export * from "./complianceApi.js"
export * from "./coverageApi.js"
export * from "./errors.js"
export * from "./promise.js"
export * from "./scoringApi.js"
export * from "./security.js"
export * from "./spreadsheetApi.js"
export * from "./structureApi.js"
