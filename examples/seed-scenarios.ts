/**
 * The main demo: evaluates every seed scenario under its policy and prints a table of the decisions,
 * then each decision with its cited reasons and the questions its policy leaves open.
 *
 * Run: pnpm start   (or: pnpm exec tsx examples/seed-scenarios.ts [--lang en])
 */
import { Either } from "effect"
import {
  ELEMENT_LABELS,
  explainDecision,
  findPolicy,
  evaluateSetup,
  renderFinding,
  seedScenarios
} from "@redsite/core"
import type { DecisionElement, Lang, SetupDecision } from "@redsite/core"
import { formatTable } from "./table.js"

/** Evaluates every seed scenario; fails loudly if a scenario names an unknown policy. */
export const evaluateSeedScenarios = (): ReadonlyArray<{ readonly id: string; readonly title: string; readonly decision: SetupDecision }> =>
  seedScenarios.map((s) => {
    const policy = findPolicy(s.policyId)
    if (policy === undefined) throw new Error(`scenario ${s.id} names unknown policy ${s.policyId}`)
    const decision = evaluateSetup(s.project, policy, s.date)
    if (Either.isLeft(decision)) throw new Error(decision.left.message)
    return { id: s.id, title: s.title.zh, decision: decision.right }
  })

const COLUMNS: ReadonlyArray<DecisionElement> = ["requirement", "forms", "lead", "committee", "instructor", "liaison"]

/** The summary table and the explanations, as text. */
export const demoReport = (lang: Lang = "zh"): string => {
  const results = evaluateSeedScenarios()
  const header = [lang === "zh" ? "场景" : "Scenario", lang === "zh" ? "政策" : "Policy", ...COLUMNS.map((c) => ELEMENT_LABELS[c][lang])]
  const rows = results.map(({ id, decision }) => [
    id,
    decision.policyId,
    ...COLUMNS.map((c) => renderFinding(c, decision[c] as never, lang))
  ])
  const out = [
    lang === "zh" ? "redsite 工地党建组织设置 —— 种子场景" : "redsite site Party-organization setup — seed scenarios",
    "",
    formatTable([header, ...rows]),
    "",
    lang === "zh" ? "* 标记的参数是 redsite 的文档化假设,不是来源文件的规定。" : "* marks a parameter whose value is redsite's documented assumption, not the source's rule."
  ]
  for (const { id, title, decision } of results) {
    out.push("", `■ ${id} — ${title} [${decision.policyId} @ ${decision.date}]`, ...explainDecision(decision, lang).map((l) => `  ${l}`))
  }
  return out.join("\n")
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"))
if (isMain) {
  const lang: Lang = process.argv.includes("--lang") && process.argv[process.argv.indexOf("--lang") + 1] === "en" ? "en" : "zh"
  console.log(demoReport(lang))
}
