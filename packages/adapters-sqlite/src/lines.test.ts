import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { lines } from "./lines.js"

/** The straightforward reading: split the whole input on `\n`, drop a trailing `\r`, decode each line alone. */
const reference = (bytes: Uint8Array) => {
  const utf8 = new TextDecoder("utf-8", { fatal: true })
  const out: Array<string | undefined> = []
  const buf = Buffer.from(bytes)
  let start = 0
  const emit = (b: Buffer) => {
    const t = b.length > 0 && b[b.length - 1] === 0x0d ? b.subarray(0, b.length - 1) : b
    try {
      out.push(utf8.decode(t))
    } catch {
      out.push(undefined)
    }
  }
  for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a, start)) {
    emit(buf.subarray(start, nl))
    start = nl + 1
  }
  if (start < buf.length) emit(buf.subarray(start))
  return out
}

const read = async (chunks: ReadonlyArray<Uint8Array>) => {
  const out: Array<string | undefined> = []
  for await (const group of lines((async function* () {
    yield* chunks
  })())) for (const l of group) out.push(l.text)
  return out
}

/** Pieces of input near the edges: BOMs, carriage returns, multi-byte and broken sequences, blank lines. */
const piece = fc.oneof(
  fc.fullUnicodeString({ maxLength: 8 }).map((s) => Buffer.from(s, "utf8")),
  fc.constantFrom(
    [0x0a], [0x0d, 0x0a], [0x0d], [0xef, 0xbb, 0xbf], [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], [0xe5, 0xb7], [0xe5, 0xb7, 0xa5], [0xff], [0xc0, 0xaf],
    [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x9f, 0x98, 0x80], [0x20, 0x0a, 0x0a]
  ).map((b) => Buffer.from(b))
)

describe("reading lines", () => {
  it("gives the lines of decoding each line alone, however the input is cut into chunks", async () => {
    await fc.assert(fc.asyncProperty(fc.array(piece, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 6 }), async (pieces, cuts) => {
      const bytes = Buffer.concat(pieces)
      const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
      const chunks = [0, ...at].map((from, i, all) => bytes.subarray(from, all[i + 1] ?? bytes.length)).filter((c) => c.length > 0)
      expect(await read(chunks)).toEqual(reference(bytes))
    }), { numRuns: 1000 })
  })

  it("makes only the line with a broken sequence bad, and drops each line's own BOM as decoding it alone does", async () => {
    const input = Buffer.concat([Buffer.from("\uFEFFa\r\n\uFEFF\uFEFFb\n"), Buffer.from([0xe5, 0xb7, 0x0a]), Buffer.from("c\r\n\n")])
    expect(await read([input])).toEqual(["a", "\uFEFFb", undefined, "c", ""])
    expect(reference(input)).toEqual(["a", "\uFEFFb", undefined, "c", ""])
  })
})
