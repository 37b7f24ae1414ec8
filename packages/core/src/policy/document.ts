/**
 * Renders the policy catalogue as Markdown, so the docs' catalogue is generated from the policy data and
 * can never drift from the code (`pnpm docs:policies` writes docs/policies.md; a test checks it is current).
 *
 * @module
 */
import type { Policy } from "./policy.js"
import { sources } from "./sources.js"

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ")
const cites = (c: { readonly document: string; readonly section: string; readonly quote?: string | undefined; readonly note?: string | undefined }) =>
  `\`${c.document}\` ${cell(c.section)}${c.quote === undefined ? "" : `: 「${cell(c.quote)}」`}${c.note === undefined ? "" : ` (${cell(c.note)})`}`
const COUNTS = { full: "full members (正式党员)", all: "all members, full and probationary (党员人数)" } as const
const value = (v: unknown) => (Array.isArray(v) ? v.join(", ") : typeof v === "number" && !Number.isInteger(v) ? v.toFixed(4).replace(/0+$/, "") : String(v))

/** The catalogue as one Markdown document: sources, then each policy's parameters and rules. */
export const policyCatalogueMarkdown = (policies: ReadonlyArray<Policy>): string => {
  const out: Array<string> = [
    "# Policy catalogue (政策目录)",
    "",
    "<!-- generated from packages/core/src/policy/catalogue by `pnpm docs:policies`; do not edit by hand -->",
    "",
    "Every rule and parameter of every policy in `@redsite/core`, with the clause it cites. A parameter marked",
    "**assumption** is a number the source leaves open: its value is redsite's documented choice, not the",
    "source's rule; change it with a reform (`reform(policy, { parameters: { key: value } })`). A parameter that is",
    "not an assumption quotes 「the clause」 that states its value; a member count says which members it counts.",
    "",
    "Layers: a local policy's rules answer where its scope applies (its requirement rule answers) and are silent",
    "elsewhere, so the rules of its basis (`national`) answer there; only a policy that `displaces` a basis rule,",
    "with a cited clause, narrows it.",
    "",
    "## Sources",
    "",
    "| id | kind | title | issuer | date |",
    "|---|---|---|---|---|",
    ...Object.values(sources).map((s) =>
      `| \`${s.id}\` | ${s.kind} | ${cell(s.title.zh)}<br>${cell(s.title.en)}${s.file === undefined ? "" : `<br>\`seeds/${s.file}\``} | ${cell(s.issuer)} | ${s.date} |`)
  ]
  for (const p of policies) {
    out.push(
      "",
      `## \`${p.id}\` — ${p.name.zh} / ${p.name.en}`,
      "",
      `- Jurisdiction: ${p.jurisdiction.zh} (${p.jurisdiction.en})`,
      `- In force: ${p.effective.from ?? "unknown"} → ${p.effective.to ?? "open"}${p.effective.note === undefined ? "" : ` (${p.effective.note})`}`,
      ...(p.basis === undefined ? [] : [`- Basis: \`${p.basis}\` (its rules apply where this policy is silent)${p.displaces.length > 0 ? `; displaces ${p.displaces.map((d) => `\`${d}\``).join(", ")}` : ""}`]),
      ...(p.effective.inferred === true ? ["- Effective period: **inferred** by redsite (the source does not give full dates)"] : []),
      "",
      "### Parameters",
      "",
      ...(p.parameters.length === 0
        ? ["(none of its own)"]
        : [
          "| key | value | unit | meaning | cites | assumption |",
          "|---|---|---|---|---|---|",
          ...p.parameters.map((x) =>
            `| \`${x.key}\` | ${cell(value(x.value))} | ${x.unit}${x.counts === undefined ? "" : `<br>counts ${COUNTS[x.counts]}`} | ${cell(x.label.zh)}<br>${cell(x.label.en)} | ${cites(x.citation)} | ${x.assumption ? `**assumption**: ${cell(x.note ?? "")}` : ""} |`)
        ]),
      "",
      "### Rules",
      "",
      "| id | question | rule | cites | reads |",
      "|---|---|---|---|---|",
      ...p.rules.map((r) =>
        `| \`${r.id}\` | ${r.question} | ${cell(r.title.zh)}<br>${cell(r.title.en)} | ${cites(r.citation)} | ${r.parameters.map((k) => `\`${k}\``).join(", ")} |`)
    )
  }
  return out.join("\n") + "\n"
}
