/**
 * Renders the policy catalogue as Markdown, so the docs' catalogue is generated from the policy data and
 * can never drift from the code (`pnpm docs:policies` writes docs/policies.md; a test checks it is current).
 *
 * @module
 */
import type { LayerChange } from "./layers.js"
import { layersOf } from "./layers.js"
import type { Parameter, Policy } from "./policy.js"
import { sources } from "./sources.js"

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ")
const cites = (c: { readonly document: string; readonly section: string; readonly quote?: string | undefined; readonly note?: string | undefined }) =>
  `\`${c.document}\` ${cell(c.section)}${c.quote === undefined ? "" : `: 「${cell(c.quote)}」`}${c.note === undefined ? "" : ` (${cell(c.note)})`}`
const COUNTS = { full: "full members (正式党员)", all: "all members, full and probationary (党员人数)" } as const
const value = (v: unknown) => (Array.isArray(v) ? v.join(", ") : typeof v === "number" && !Number.isInteger(v) ? v.toFixed(4).replace(/0+$/, "") : String(v))
/** A parameter's value with its dated values: `3 (from 2018-10-28); 2 from 2026-01-01: 「…」`. */
const values = (x: Parameter) =>
  cell(value(x.value)) + (x.from === undefined ? "" : ` (from ${x.from})`) +
  (x.later ?? []).map((v) => `<br>${cell(value(v.value))} from ${v.from}: ${cites(v.citation)}${v.assumption ? ` **assumption**${v.note === undefined ? "" : `: ${cell(v.note)}`}` : ""}`).join("")
/** What a rule or parameter does to the layers above: adds, refines, or narrows (with the rules it displaces). */
const effect = (c: LayerChange | undefined) =>
  c === undefined ? "" : c.effect === "narrows" ? `narrows ${(c.displaces ?? []).map((d) => `\`${d}\``).join(", ")}` : c.effect

/** The catalogue as one Markdown document: sources, then each policy's parameters and rules. */
export const policyCatalogueMarkdown = (policies: ReadonlyArray<Policy>): string => {
  const out: Array<string> = [
    "# Policy catalogue (政策目录)",
    "",
    "<!-- generated from the policy data files (packages/core/policies) by `pnpm docs:policies`; do not edit by hand -->",
    "",
    "Every rule and parameter of every policy in `@redsite/core`, with the clause it cites. A parameter marked",
    "**assumption** is a number the source leaves open: its value is redsite's documented choice, not the",
    "source's rule; change it with a reform (`reform(policy, { parameters: { key: value } })`). A parameter that is",
    "not an assumption quotes 「the clause」 that states its value; a member count says which members it counts.",
    "",
    "Layers: a local policy's rules answer where its scope applies (its requirement rule answers) and are silent",
    "elsewhere, so the rules of its basis (`national`) answer there; only a policy that `displaces` a basis rule,",
    "with a cited clause, narrows it. Each policy lists its layers (national → province → city → district, an",
    "empty layer where the sources give nothing), and the **layer** column says what each rule and parameter",
    "does to the layers above: **adds**, **refines** (answers within its scope, or overrides a value) or",
    "**narrows** (displaces a rule above). A value may change on a date: each dated value is listed with its clause.",
    "",
    "Each policy is a JSON file under `packages/core/policies/<jurisdiction>/<id>.json`; to add your own, see",
    "[guides/add-a-policy.md](guides/add-a-policy.md).",
    "",
    "## Sources",
    "",
    "| id | kind | title | issuer | date |",
    "|---|---|---|---|---|",
    ...Object.values(sources).map((s) =>
      `| \`${s.id}\` | ${s.kind} | ${cell(s.title.zh)}<br>${cell(s.title.en)}${s.file === undefined ? "" : `<br>\`seeds/${s.file}\``} | ${cell(s.issuer)} | ${s.date} |`)
  ]
  const lookup = (id: string) => policies.find((x) => x.id === id)
  for (const p of policies) {
    const layers = layersOf(p, lookup)
    const own = new Map((layers.at(-1)?.changes ?? []).map((c) => [`${c.what}:${c.id}`, c]))
    out.push(
      "",
      `## \`${p.id}\` — ${p.name.zh} / ${p.name.en}`,
      "",
      `- Jurisdiction: ${p.jurisdiction.zh} (${p.jurisdiction.en})`,
      `- In force: ${p.effective.from ?? "unknown"} → ${p.effective.to ?? "open"}${p.effective.note === undefined ? "" : ` (${p.effective.note})`}`,
      ...(p.basis === undefined ? [] : [`- Basis: \`${p.basis}\` (its rules apply where this policy is silent)${p.displaces.length > 0 ? `; displaces ${p.displaces.map((d) => `\`${d}\``).join(", ")}` : ""}`]),
      ...(p.effective.inferred === true ? ["- Effective period: **inferred** by redsite (the source does not give full dates)"] : []),
      `- Layers: ${layers.map((l) => `${l.level ?? "unknown"} ${l.policyId === undefined ? `${l.jurisdiction.zh} (empty)` : l.policyId === p.id ? "**this policy**" : `\`${l.policyId}\``}`).join(" → ")}`,
      ...layers.filter((l) => l.policyId === undefined).map((l) =>
        `  - empty ${l.level} layer ${l.jurisdiction.zh} (${l.jurisdiction.en}): ${cell(l.note ?? "")}${l.citation === undefined ? "" : `; ${cites(l.citation)}`}`),
      "",
      "### Parameters",
      "",
      ...(p.parameters.length === 0
        ? ["(none of its own)"]
        : [
          "| key | value | unit | meaning | cites | assumption | layer |",
          "|---|---|---|---|---|---|---|",
          ...p.parameters.map((x) =>
            `| \`${x.key}\` | ${values(x)} | ${x.unit}${x.counts === undefined ? "" : `<br>counts ${COUNTS[x.counts]}`} | ${cell(x.label.zh)}<br>${cell(x.label.en)} | ${cites(x.citation)} | ${x.assumption ? `**assumption**: ${cell(x.note ?? "")}` : ""} | ${effect(own.get(`parameter:${x.key}`))} |`)
        ]),
      "",
      "### Rules",
      "",
      "| id | question | rule | cites | reads | layer |",
      "|---|---|---|---|---|---|",
      ...p.rules.map((r) =>
        `| \`${r.id}\` | ${r.question} | ${cell(r.title.zh)}<br>${cell(r.title.en)} | ${cites(r.citation)} | ${r.parameters.map((k) => `\`${k}\``).join(", ")} | ${effect(own.get(`rule:${r.id}`))} |`),
      ...((p.talks ?? []).length === 0 ? [] : [
        "",
        "### Talks",
        "",
        "| trigger | due within | rule | cites | assumption | layer |",
        "|---|---|---|---|---|---|",
        ...(p.talks ?? []).map((t) =>
          `| ${t.trigger} | ${"amount" in t.window ? `${t.window.amount} ${t.window.unit}` : `parameter \`${t.window.parameter}\` (${t.window.unit})`} | \`${t.rule}\` | ${cites(t.citation)} | ${t.assumption === true ? `**assumption**: ${cell(t.note ?? "")}` : ""} | ${effect(own.get(`talk:${t.trigger}`))} |`)
      ]),
      ...(p.scoring === undefined ? [] : [
        "",
        "### Points schemes (积分方案)",
        "",
        ...p.scoring.schemes.map((s) =>
          `- \`${s.id}\` version ${s.version}, ${s.name.zh} / ${s.name.en}: from ${s.effective.from}, per ${s.period}, base ${s.base}${s.baseAssumption ? " (**assumption**)" : ""}, ` +
          `${s.categories.length} categories, ${s.items.length} items, grades ${s.grades.excellent} / ${s.grades.qualified} / ${s.grades.basicallyQualified}${s.grades.assumption ? " (**assumption**)" : ""}; ${cites(s.citation)}. See [scoring.md](scoring.md).`)
      ])
    )
  }
  return out.join("\n") + "\n"
}
