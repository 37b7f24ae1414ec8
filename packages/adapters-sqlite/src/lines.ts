/**
 * Reading a byte stream as lines of strict UTF-8 (internal to the importers; not exported by the package).
 *
 * @module
 */
import { isUtf8 } from "node:buffer"
import type { Readable } from "node:stream"

/** One line of the input: its text, or why it could not be read. */
export interface Line {
  readonly text: string | undefined
  readonly error?: string
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true })

/** One line's bytes (without its `\n`; a trailing `\r` is dropped) decoded as strict UTF-8 (a leading BOM is dropped). */
const decodeLine = (bytes: Buffer): Line => {
  const b = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, bytes.length - 1) : bytes
  try {
    return { text: strictUtf8.decode(b) }
  } catch {
    return { text: undefined, error: "the line is not valid UTF-8" }
  }
}

/**
 * The lines of `bytes`, which ends with a `\n`, in order: what {@link decodeLine} gives for each. When the
 * bytes are valid UTF-8 (nearly always) they are decoded in one go and split — the same texts, as `\n` and
 * `\r` never occur inside a multi-byte sequence; the BOM that decoding each line alone would drop is dropped
 * from each line. Otherwise line by line, so that a bad sequence makes only its own line bad.
 */
const decodeLines = (bytes: Buffer, out: Array<Line>): void => {
  if (isUtf8(bytes)) {
    const text = bytes.toString("utf8", 0, bytes.length - 1)
    let start = 0
    for (;;) {
      const nl = text.indexOf("\n", start)
      const end = nl < 0 ? text.length : nl
      let from = start
      let to = end
      if (to > from && text.charCodeAt(to - 1) === 0x0d) to--
      if (to > from && text.charCodeAt(from) === 0xfeff) from++
      out.push({ text: text.slice(from, to) })
      if (nl < 0) return
      start = nl + 1
    }
  }
  let start = 0
  for (let nl = bytes.indexOf(0x0a, start); nl >= 0; nl = bytes.indexOf(0x0a, start)) {
    out.push(decodeLine(bytes.subarray(start, nl)))
    start = nl + 1
  }
}

/** Lines of a byte stream, split on `\n` (a trailing `\r` is dropped), each decoded as strict UTF-8; in groups, one per chunk read. */
export async function* lines(input: Readable | AsyncIterable<Uint8Array | string>): AsyncGenerator<ReadonlyArray<Line>> {
  let pending: Buffer = Buffer.alloc(0)
  for await (const chunk of input as AsyncIterable<Uint8Array | string>) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk)
    pending = pending.length === 0 ? buf : Buffer.concat([pending, buf])
    const last = pending.lastIndexOf(0x0a)
    if (last < 0) continue
    const group: Array<Line> = []
    decodeLines(pending.subarray(0, last + 1), group)
    pending = pending.subarray(last + 1)
    yield group
  }
  if (pending.length > 0) yield [decodeLine(pending)]
}
