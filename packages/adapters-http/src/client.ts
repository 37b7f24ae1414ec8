/**
 * A typed client for TypeScript UIs, derived from the same API definition as the server. Also published as
 * `@redsite/adapters-http/client`, an entry without any Node module, for bundling into a web page.
 *
 * @module
 */
import { FetchHttpClient, HttpApiClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { Effect } from "effect"
import { RedsiteApi } from "./api.js"

/**
 * Makes a typed client. Each group is a property (`client.setup.evaluate({ payload })`), each call an
 * Effect failing with the endpoint's typed errors.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { makeClient } from "@redsite/adapters-http"
 * const program = Effect.gen(function* () {
 *   const client = yield* makeClient("http://127.0.0.1:8787", "token")
 *   return yield* client.policies.list()
 * })
 * ```
 */
export const makeClient = (baseUrl: string, token?: string) =>
  HttpApiClient.make(RedsiteApi, {
    baseUrl,
    transformClient: (client) =>
      token === undefined ? client : HttpClient.mapRequest(client, HttpClientRequest.bearerToken(token))
  }).pipe(Effect.provide(FetchHttpClient.layer))
