/**
 * The HTTP server: the API with OpenAPI at `/openapi.json`, a browsable reference at `/docs`, CORS,
 * request limits (body size, JSON depth, JSON only: see the guard), and graceful shutdown. `startServer` is a Promise API for non-Effect users.
 *
 * @module
 */
import { HttpApiBuilder, HttpApiError, HttpApiScalar, HttpMiddleware, HttpServer, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import type { HttpApp } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Effect, Layer, ManagedRuntime, Option, Schema } from "effect"
import { fromDecodeError, InvalidInput, malformedJson, NotFound, RedsiteApi, routeNotFound } from "@redsite/client"
import { AuthenticationLive } from "./auth.js"
import type { TokenEntry } from "./auth.js"
import { DEFAULT_MAX_JSON_DEPTH, guardedServer } from "./guard.js"
import type { GuardedServer } from "./guard.js"
import { HandlersLive } from "./handlers.js"
import { StoreMemory } from "./memoryStore.js"
import { PolicyStoreLive } from "./policyStore.js"
import { PseudonymsLive } from "./pseudonyms.js"
import { ComputePoolLive } from "./compute.js"
import type { ComputeOptions } from "./compute.js"
import type { StoragePort } from "@redsite/core"
import { withCachedPortfolio } from "./derived.js"
import { Store, storeLayer } from "./store.js"

/** Server options. */
export interface ServerOptions {
  /** Port to listen on; 0 picks a free one. Default 8787. */
  readonly port?: number
  /** Host to bind; default 127.0.0.1 (loopback only). */
  readonly host?: string
  /** Configured tokens (hashed). */
  readonly tokens: ReadonlyArray<TokenEntry>
  /** Allowed CORS origins; default none (same origin only). */
  readonly corsOrigins?: ReadonlyArray<string>
  /** Largest accepted request body in bytes; default 1 MiB. Larger bodies get 413. */
  readonly maxBodyBytes?: number
  /** Deepest nesting of arrays and objects in a JSON body; default {@link DEFAULT_MAX_JSON_DEPTH} (64). Deeper bodies get 400 `request.too_deep`. */
  readonly maxJsonDepth?: number
  /**
   * Trace every request as an Effect span (for a tracer you provide, e.g. OpenTelemetry). Default off: with
   * no tracer installed the spans cost time and reach nobody.
   */
  readonly tracing?: boolean
  /**
   * On close, how long requests in flight may take to finish before their connections are closed, in
   * milliseconds; default 10,000. New connections are refused at once and new requests on open connections
   * answered 503.
   */
  readonly shutdownGraceMs?: number
  /**
   * The key of analysts' pseudonyms (people's ids replaced by a keyed HMAC, the same in every answer; see
   * `pseudonyms.ts`). Default: a random key for the life of the process.
   */
  readonly pseudonymSecret?: string
  /**
   * The pool of worker threads that runs simulations off the request thread: how many at once, how many
   * waiting, and each one's time budget (see `compute.ts`); beyond them a simulation is a 503 with
   * `Retry-After`.
   */
  readonly compute?: ComputeOptions
  /**
   * Where projects, reforms, the structure, the ledger and the audit log are kept: any implementation of
   * the core's storage port (`StoragePort`), given as a port (which the caller opens and closes, e.g.
   * `sqlitePort(new RedsiteStore(openConnection("city.db")))`) or as a {@link Store} layer (which opens and
   * closes it with the server, e.g. `StoreSqlite("city.db")`). Default: a fresh store in memory.
   */
  readonly store?: StoragePort | Layer.Layer<Store, unknown>
}

/**
 * The store the server runs on: the given port or layer (default in memory), with its portfolio's columns
 * kept per revision (`derived.ts`). The server reads and writes nothing but this port.
 */
const storeOf = (store: ServerOptions["store"]): Layer.Layer<Store, unknown> => {
  const base = store === undefined ? StoreMemory : Layer.isLayer(store) ? (store as Layer.Layer<Store, unknown>) : storeLayer(store as StoragePort)
  return Layer.effect(Store, Effect.map(Store, withCachedPortfolio)).pipe(Layer.provide(base))
}

const encodeInvalid = Schema.encodeSync(InvalidInput)
const encodeNotFound = Schema.encodeSync(NotFound)

const isDecodeError = (e: unknown): e is HttpApiError.HttpApiDecodeError => e instanceof HttpApiError.HttpApiDecodeError
const isRouteNotFound = (e: unknown) => typeof e === "object" && e !== null && (e as { _tag?: unknown })._tag === "RouteNotFound"
/** A body that is not JSON although it says so: the platform's `RequestError` (reason `Decode`) from `JSON.parse`. */
const isMalformedJson = (e: unknown) =>
  typeof e === "object" && e !== null && (e as { _tag?: unknown })._tag === "RequestError" &&
  (e as { reason?: unknown }).reason === "Decode" && (e as { cause?: unknown }).cause instanceof SyntaxError

/**
 * Every error in the package's error schema (`code`, `message`, `messageZh`): a request that does not match
 * its endpoint's schema (Effect's `HttpApiDecodeError`) becomes a 400 {@link InvalidInput} with the path of
 * every bad field, a body that is not the JSON it claims to be a 400 {@link InvalidInput} too
 * (`request.malformed`; the platform reads payloads with `orDie`, so that one arrives as a defect), and a
 * route outside the API a 404 {@link NotFound}. Applied to the API's router, inside the encoding of the
 * endpoints' own errors; only failures and that one defect pass through it.
 */
const uniformErrors = HttpApiBuilder.middleware((app) =>
  (app as HttpApp.Default<unknown>).pipe(
    Effect.catchIf(
      (e) => isDecodeError(e) || isRouteNotFound(e),
      (e) =>
        isDecodeError(e)
          ? Effect.succeed(HttpServerResponse.unsafeJson(encodeInvalid(fromDecodeError(e)), { status: 400 }))
          : Effect.map(HttpServerRequest.HttpServerRequest, (req) =>
            HttpServerResponse.unsafeJson(encodeNotFound(routeNotFound(req.method, req.url.split("?")[0]!.slice(0, 200))), { status: 404 }))
    ),
    Effect.catchSomeDefect((d) =>
      isMalformedJson(d)
        ? Option.some(Effect.succeed(HttpServerResponse.unsafeJson(encodeInvalid(malformedJson((d as { cause: SyntaxError }).cause.message)), { status: 400 })))
        : Option.none())
  ) as HttpApp.Default)

/** Request headers a browser may send cross-origin: ours, plus the trace context Effect's client propagates. */
const CORS_HEADERS = ["authorization", "content-type", "if-match", "if-none-match", "traceparent", "tracestate", "b3"]

const limitsOf = (options: ServerOptions) => ({ maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024, maxJsonDepth: options.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH })

/** The whole HTTP application as a Layer, listening with Node's http server. */
export const serverLayer = (options: ServerOptions) => layerOn(options, guardedServer(limitsOf(options)))

const layerOn = (options: ServerOptions, node: GuardedServer) => {
  const ApiLive = HttpApiBuilder.api(RedsiteApi).pipe(
    Layer.provide(HandlersLive),
    Layer.provide(PseudonymsLive(options.pseudonymSecret)),
    Layer.provide(ComputePoolLive(options.compute)),
    Layer.provide(AuthenticationLive(options.tokens)),
    // one store instance serves the handlers and the policy view (reforms are stored rows too)
    Layer.provide(Layer.provideMerge(PolicyStoreLive, storeOf(options.store)))
  )
  // bodies (size, type, depth) are checked by the guard before they reach the application
  return HttpApiBuilder.serve().pipe(
    Layer.provide(HttpApiScalar.layer({ path: "/docs" })),
    Layer.provide(HttpApiBuilder.middlewareOpenApi({ path: "/openapi.json" })),
    Layer.provide(uniformErrors),
    // Without configured origins no CORS headers are sent, so browsers allow same-origin calls only.
    Layer.provide(
      options.corsOrigins === undefined || options.corsOrigins.length === 0
        ? Layer.empty
        : HttpApiBuilder.middlewareCors({ allowedOrigins: options.corsOrigins, allowedHeaders: CORS_HEADERS, exposedHeaders: ["etag"] })
    ),
    Layer.provide(ApiLive),
    Layer.provideMerge(NodeHttpServer.layer(() => node, { port: options.port ?? 8787, host: options.host ?? "127.0.0.1" })),
    options.tracing === true ? (layer) => layer : HttpMiddleware.withTracerDisabledWhen(() => true)
  )
}

/** A running server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  readonly url: string
  /**
   * Shuts down: stops accepting connections at once, answers new requests on open connections with 503,
   * lets the requests in flight finish within the grace period ({@link ServerOptions.shutdownGraceMs}), closes
   * every connection, then releases everything (the store included).
   */
  readonly close: () => Promise<void>
}

/**
 * Starts the server and resolves once it listens.
 *
 * @example
 * ```ts
 * import { hashToken, Principal, startServer } from "@redsite/adapters-http"
 * const server = await startServer({ port: 0, tokens: [{ sha256: hashToken("s3cret"), principal: new Principal({ id: "admin", role: "administrator" }) }] })
 * console.log(`${server.url}/docs`)
 * await server.close()
 * ```
 */
export const startServer = async (options: ServerOptions): Promise<RunningServer> => {
  const node = guardedServer(limitsOf(options))
  const runtime = ManagedRuntime.make(layerOn(options, node))
  const server = await runtime.runPromise(HttpServer.HttpServer)
  const address = server.address
  const url = address._tag === "TcpAddress"
    ? `http://${address.hostname.includes(":") ? `[${address.hostname}]` : address.hostname}:${address.port}`
    : `unix:${address.path}`
  let closing: Promise<void> | undefined
  return { url, close: () => (closing ??= node.drain(options.shutdownGraceMs ?? 10_000).then(() => runtime.dispose())) }
}
