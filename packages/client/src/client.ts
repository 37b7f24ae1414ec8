/**
 * The Effect client: typed calls derived from the same API definition as the server, for browsers and Node
 * (`fetch`, no Node module).
 *
 * @module
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpApiClient from "@effect/platform/HttpApiClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import { RedsiteApi } from "./api.js"

/**
 * Makes a typed client. Each group is a property (`client.setup.evaluate({ payload })`), each call an
 * Effect failing with the endpoint's typed errors.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { makeClient } from "@redsite/client"
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
