/**
 * Reading a byte stream as numbered lines of strict UTF-8, a chunk at a time (internal to the importer).
 *
 * @module
 */
import { isUtf8 } from "node:buffer"
import type { Readable } from "node:stream"

/** One line: its text (without the `\n`, a trailing `\r`, or a leading byte-order mark), or why it is unreadable. */
export type Line = { readonly text: string } | { readonly text: undefined; readonly error: string }

const fatal = new TextDecoder("utf-8", { fatal: true })

/** Splits a text on `\n`, dropping a `\r` before it and a byte-order mark at a line's start. */
const split = (text: string, out: Array<Line>) => {
  let start = 0
  while (start <= text.length) {
    const nl = text.indexOf("\n", start)
    let end = nl < 0 ? text.length : nl
    let from = start
    if (end > from && text.charCodeAt(end - 1) === 0x0d) end--
    if (end > from && text.charCodeAt(from) === 0xfeff) from++
    out.push({ text: text.slice(from, end) })
    if (nl < 0) return
    start = nl + 1
  }
}

/** The lines of some bytes: decoded in one go when they are valid UTF-8, else line by line (a bad line is reported alone). */
const decode = (bytes: Buffer, out: Array<Line>) => {
  if (isUtf8(bytes)) return split(bytes.toString("utf8"), out)
  let start = 0
  for (;;) {
    const nl = bytes.indexOf(0x0a, start)
    const piece = bytes.subarray(start, nl < 0 ? bytes.length : nl)
    try {
      split(fatal.decode(piece), out)
    } catch {
      out.push({ text: undefined, error: "the line is not valid UTF-8" })
    }
    if (nl < 0) return
    start = nl + 1
  }
}

/** The lines of a stream of bytes or strings, in groups (one per chunk read that completes a line). */
export async function* readLines(input: Readable | AsyncIterable<Uint8Array | string>): AsyncGenerator<ReadonlyArray<Line>> {
  let pending = Buffer.alloc(0)
  for await (const chunk of input as AsyncIterable<Uint8Array | string>) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk)
    pending = pending.length === 0 ? buf : Buffer.concat([pending, buf])
    const last = pending.lastIndexOf(0x0a)
    if (last < 0) continue
    const group: Array<Line> = []
    decode(pending.subarray(0, last), group)
    pending = pending.subarray(last + 1)
    yield group
  }
  if (pending.length > 0) {
    const group: Array<Line> = []
    decode(pending, group)
    yield group
  }
}
