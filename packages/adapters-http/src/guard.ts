/**
 * The request guard: what Node's HTTP server checks before a request reaches the Effect application, and
 * answers itself in the package's error shape (`_tag`, `code`, `message`, `messageZh`).
 *
 * - A body over the byte limit is a 413 {@link PayloadTooLarge}, by `Content-Length` at once and while
 *   reading a chunked one; the rest of the body is read and dropped (up to a bound, then the connection is
 *   closed), so the client reads the answer instead of a reset connection.
 * - A body that is not JSON (every endpoint takes JSON) is a 415 {@link UnsupportedMediaType}: a
 *   `multipart/form-data` body without a boundary never reaches a multipart parser. The one exception is an
 *   `.xlsx` workbook ({@link XLSX_MEDIA_TYPE}), the body of the spreadsheet upload, passed on within the same
 *   byte limit (and without the JSON depth check).
 * - A JSON body nested deeper than the depth limit is a 400 `request.too_deep`, before it is parsed (the
 *   schema's error for a value 3,000 levels deep overflowed the stack while being formatted).
 * - Text with the character U+0000 (NUL) — `%00` in the path or query, `\u0000` in a JSON string — is a 400
 *   `request.nul_character`: no field of the API means it, and PostgreSQL cannot store or compare it (a
 *   PostgreSQL-backed server answered such a query with a 500), so every store answers alike.
 * - A request Node cannot parse (bad request line, headers over Node's limit, a timeout) gets Node's status
 *   (400, 431, 408) with a JSON body of the same shape, where the socket can still be written.
 * - While the server shuts down ({@link GuardedServer.drain}) it accepts no connection, answers a new request
 *   on an open connection with 503 `server.shutting_down`, lets the requests in flight finish within a grace
 *   period, then closes every connection.
 *
 * Node-only: the API definition does not import it.
 *
 * @module
 */
import { Schema } from "effect"
import { Server } from "node:http"
import type { IncomingMessage, ServerResponse } from "node:http"
import { Readable } from "node:stream"
import type { Duplex } from "node:stream"
import { InvalidInput, PayloadTooLarge, ServiceUnavailable, UnsupportedMediaType } from "@redsite/client"

/** The limits the guard enforces. */
export interface GuardLimits {
  /** Largest request body in bytes. */
  readonly maxBodyBytes: number
  /** Deepest nesting of arrays and objects in a JSON body. */
  readonly maxJsonDepth: number
}

/** Default deepest nesting of a JSON body: far above any request of the API (a project is 4 levels deep). */
export const DEFAULT_MAX_JSON_DEPTH = 64

const encodeTooLarge = Schema.encodeSync(PayloadTooLarge)
const encodeInvalid = Schema.encodeSync(InvalidInput)
const encodeUnsupported = Schema.encodeSync(UnsupportedMediaType)

/** The 413 answering a body over `limit` bytes. */
export const payloadTooLarge = (limit: number) =>
  new PayloadTooLarge({ code: "payload_too_large", message: `request body exceeds ${limit} bytes`, messageZh: `请求体超过${limit}字节`, limitBytes: limit })

const tooDeep = (limit: number) =>
  new InvalidInput({
    code: "request.too_deep",
    message: `the JSON body nests arrays and objects more than ${limit} levels deep`,
    messageZh: `JSON 请求体的嵌套层数超过${limit}层`,
    issues: [{ path: "", message: `nesting deeper than ${limit}` }]
  })

const unsupported = (type: string) =>
  new UnsupportedMediaType({
    code: "request.unsupported_media_type",
    message: `every request body of this API is JSON (application/json), or a workbook for the spreadsheet upload, not ${JSON.stringify(type.slice(0, 100))}`,
    messageZh: "本接口的请求体均为 JSON(application/json)",
    supported: ["application/json"]
  })

/** The media type of an `.xlsx` workbook (the client's `XLSX_MEDIA_TYPE`). */
const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/** Whether a content type is an `.xlsx` workbook (the spreadsheet upload's body). */
const isXlsx = (type: string | undefined) => type !== undefined && type.split(";")[0]!.trim().toLowerCase() === XLSX_MEDIA_TYPE

/** Whether a content type is JSON (`application/json`, with parameters, or a `+json` type); absent means JSON. */
const isJson = (type: string | undefined) => type === undefined || /^\s*application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)

/**
 * The deepest nesting of arrays and objects in JSON text, or `Infinity` as soon as it passes `limit` (one
 * pass over the bytes; brackets inside strings do not count).
 */
export const jsonDepth = (bytes: Uint8Array, limit: number): number => {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!
    if (inString) {
      if (c === 0x5c) i++ // a backslash escapes the next byte
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest && (deepest = depth) > limit) return Infinity
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return deepest
}

/**
 * Whether JSON text holds the character U+0000 in a string (the escape `\u0000`; a raw NUL byte is not JSON
 * and fails to parse anyway). One pass; an escaped backslash followed by `u0000` is not a NUL.
 */
export const jsonHasNul = (bytes: Uint8Array): boolean => {
  let inString = false
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!
    if (inString) {
      if (c === 0x5c) {
        // \u0000: backslash, 'u', four '0'
        if (bytes[i + 1] === 0x75 && bytes[i + 2] === 0x30 && bytes[i + 3] === 0x30 && bytes[i + 4] === 0x30 && bytes[i + 5] === 0x30) return true
        i++ // a backslash escapes the next byte
      } else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
  }
  return false
}

const nulCharacter = (where: "url" | "body") =>
  new InvalidInput({
    code: "request.nul_character",
    message: `the request's ${where === "url" ? "path or query" : "body"} holds the character U+0000 (NUL), which no field accepts`,
    messageZh: `请求的${where === "url" ? "路径或查询参数" : "请求体"}含有字符 U+0000(NUL),任何字段都不接受`,
    issues: [{ path: "", message: "the character U+0000 (NUL) is not accepted" }]
  })

const send = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body)
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) })
  res.end(text)
}

/**
 * The request as the application reads it, with the body already read: a readable stream of `body`
 * carrying the original's url, method, headers and socket.
 */
const replayed = (req: IncomingMessage, body: Buffer): IncomingMessage => {
  const stream = new Readable({
    read() {
      this.push(body)
      this.push(null)
    }
  })
  for (const key of ["url", "method", "headers", "rawHeaders", "httpVersion", "httpVersionMajor", "httpVersionMinor", "socket", "trailers"] as const) {
    Object.defineProperty(stream, key, { value: req[key], enumerable: true })
  }
  Object.defineProperty(stream, "connection", { value: req.socket })
  return stream as unknown as IncomingMessage
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void

const encodeUnavailable = Schema.encodeSync(ServiceUnavailable)

/** What the guard knows of the requests being answered, for a graceful shutdown. */
interface Flight {
  /** Responses not yet finished. */
  readonly active: Set<ServerResponse>
  /** Whether the server is shutting down. */
  draining: boolean
  /** Called when the last active response finishes. */
  idle: () => void
}

/** Wraps a request listener with the checks of this module, counting it in `flight` while it is answered. */
const guardedIn = (limits: GuardLimits, listener: Listener, flight: Flight): Listener => (req, res) => {
  if (flight.draining) {
    res.setHeader("connection", "close")
    res.setHeader("retry-after", "5")
    return send(res, 503, encodeUnavailable(new ServiceUnavailable({
      code: "server.shutting_down",
      message: "the server is shutting down; try again (another instance, or this one once restarted)",
      messageZh: "服务器正在关闭,请稍后重试",
      retryAfterSeconds: 5
    })))
  }
  flight.active.add(res)
  res.once("close", () => {
    flight.active.delete(res)
    if (flight.active.size === 0) flight.idle()
  })
  checked(limits, listener)(req, res)
}

/** Wraps a request listener with the body checks of this module. */
const checked = (limits: GuardLimits, listener: Listener): Listener => (req, res) => {
  const length = req.headers["content-length"]
  const chunkedBody = req.headers["transfer-encoding"] !== undefined
  const hasBody = chunkedBody || (length !== undefined && length !== "0")
  const nulInUrl = req.url !== undefined && req.url.includes("%00")
  if (!hasBody) return nulInUrl ? send(res, 400, encodeInvalid(nulCharacter("url"))) : listener(req, res)
  const limit = limits.maxBodyBytes
  // once answered, the rest of the body is read and dropped, up to a bound past which the connection closes
  const drainBound = Math.max(4 * limit, 8 * 1024 * 1024)
  let seen = 0
  const reject = (status: number, body: unknown) => {
    if (!res.headersSent) send(res, status, body)
    req.removeAllListeners("data")
    req.on("data", (chunk: Buffer) => {
      seen += chunk.length
      if (seen > drainBound) req.socket.destroy()
    })
    req.resume()
  }
  if (nulInUrl) return reject(400, encodeInvalid(nulCharacter("url")))
  const type = req.headers["content-type"]
  const workbook = isXlsx(type)
  if (!workbook && !isJson(type)) return reject(415, encodeUnsupported(unsupported(type!)))
  if (length !== undefined && Number(length) > limit) return reject(413, encodeTooLarge(payloadTooLarge(limit)))
  const chunks: Array<Buffer> = []
  req.on("data", (chunk: Buffer) => {
    seen += chunk.length
    if (seen > limit) reject(413, encodeTooLarge(payloadTooLarge(limit)))
    else chunks.push(chunk)
  })
  req.on("end", () => {
    if (res.headersSent || seen > limit) return
    const body = Buffer.concat(chunks, seen)
    if (!workbook && jsonDepth(body, limits.maxJsonDepth) > limits.maxJsonDepth) return send(res, 400, encodeInvalid(tooDeep(limits.maxJsonDepth)))
    if (!workbook && jsonHasNul(body)) return send(res, 400, encodeInvalid(nulCharacter("body")))
    listener(replayed(req, body), res)
  })
}

/** Node's own answer to a request it cannot parse, in the package's error shape. */
const clientError = (err: Error & { code?: string }, socket: Duplex) => {
  if (err.code === "ECONNRESET" || !socket.writable) return socket.destroy()
  const [status, reason, code, en, zh] = err.code === "HPE_HEADER_OVERFLOW"
    ? [431, "Request Header Fields Too Large", "request.headers_too_large", "the request's headers are larger than the server accepts (16 KiB)", "请求头过大"]
    : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
    ? [408, "Request Timeout", "request.timeout", "the request did not arrive in time", "请求超时"]
    : [400, "Bad Request", "request.malformed_http", "the request is not well-formed HTTP", "请求不是有效的 HTTP 请求"]
  const text = JSON.stringify(encodeInvalid(new InvalidInput({ code, message: en, messageZh: zh, issues: [] })))
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`)
}

/** A Node HTTP server with the guard, and its graceful shutdown. */
export interface GuardedServer extends Server {
  /**
   * Shuts down: stops accepting connections at once, answers any new request on an open connection with 503
   * (`Connection: close`), lets the requests in flight finish (their connections then close) and resolves
   * once every connection is closed — closing those still open after `graceMs`.
   */
  readonly drain: (graceMs: number) => Promise<void>
}

/**
 * A Node HTTP server whose request listeners pass the checks of this module first, answering malformed requests in the
 * package's error shape, with a graceful {@link GuardedServer.drain}.
 */
export const guardedServer = (limits: GuardLimits): GuardedServer => {
  const flight: Flight = { active: new Set(), draining: false, idle: () => {} }
  const wrapped = new WeakMap<(...args: Array<any>) => void, Listener>()
  const server = new Server()
  const on = server.on.bind(server)
  const off = server.off.bind(server)
  server.on = ((event: string, listener: (...args: Array<any>) => void) => {
    if (event !== "request") return on(event, listener)
    const g = guardedIn(limits, listener as Listener, flight)
    wrapped.set(listener, g)
    return on(event, g)
  }) as Server["on"]
  server.off = ((event: string, listener: (...args: Array<any>) => void) => off(event, (event === "request" ? wrapped.get(listener) : undefined) ?? listener)) as Server["off"]
  server.on("clientError", clientError)
  let drained: Promise<void> | undefined
  const drain = (graceMs: number) =>
    drained ??= new Promise<void>((resolve) => {
      flight.draining = true
      // the connections of requests in flight close once their answer is sent
      for (const res of flight.active) if (!res.headersSent) res.setHeader("connection", "close")
      const timer = setTimeout(() => server.closeAllConnections(), graceMs)
      const done = () => (clearTimeout(timer), resolve())
      if (server.listening) server.close(done)
      else done()
      flight.idle = () => server.closeIdleConnections()
      server.closeIdleConnections()
    })
  return Object.assign(server, { drain })
}
