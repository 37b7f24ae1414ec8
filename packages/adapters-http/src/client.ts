/**
 * The typed client, kept at `@redsite/adapters-http/client` for one release.
 *
 * @deprecated Import from `@redsite/client` instead: the same API definition and client, plus a Promise client,
 * without this package's Node and native dependencies. This entry will be removed in the next minor release.
 *
 * @module
 */
export * from "@redsite/client"
