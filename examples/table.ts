/**
 * Prints tables whose cells may hold Chinese text (two columns wide per character in a terminal).
 */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u

/** Display width of a string in a monospace terminal. */
export const displayWidth = (s: string): number => {
  let w = 0
  for (const ch of s) w += WIDE.test(ch) ? 2 : 1
  return w
}

const pad = (s: string, width: number) => s + " ".repeat(Math.max(0, width - displayWidth(s)))

/** Renders rows (the first is the header) as an aligned table with a rule under the header. */
export const formatTable = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? ""))))
  const line = (r: ReadonlyArray<string>) => r.map((c, i) => pad(c, widths[i]!)).join(" │ ").trimEnd()
  const rule = widths.map((w) => "─".repeat(w)).join("─┼─")
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join("\n")
}
