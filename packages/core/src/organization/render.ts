/**
 * Plain-text renderings of a setup decision, in Chinese or English, for terminals, logs and reports.
 *
 * @module
 */
import type { Finding } from "../explain/explanation.js"
import type { Lang } from "../model/primitives.js"
import {
  DeputySources,
  Dues,
  RequirementLevels,
  SecretarySources,
  SetupForms,
  StartActions,
  SuperiorKinds,
  UnitArrangements
} from "../model/vocabulary.js"
import type { CommitteeShape, DecisionElement, FormOption, Leader, SecretaryPlan, SetupDecision, UnitDecision } from "./decision.js"
import { DECISION_ELEMENTS } from "./decision.js"

/** Labels of the decision's elements. */
export const ELEMENT_LABELS: Record<DecisionElement, { readonly zh: string; readonly en: string }> = {
  requirement: { zh: "是否必建", en: "Required" },
  forms: { zh: "组织形式", en: "Forms" },
  lead: { zh: "牵头/隶属", en: "Lead" },
  secondSuperior: { zh: "第二上级", en: "Second superior" },
  secretary: { zh: "书记", en: "Secretary" },
  committee: { zh: "班子", en: "Committee" },
  massWorkMember: { zh: "群众工作委员", en: "Mass-work member" },
  groups: { zh: "党小组", en: "Groups" },
  instructor: { zh: "指导员", en: "Instructor" },
  liaison: { zh: "联络员", en: "Liaison" },
  atStart: { zh: "启动同步", en: "At start" },
  units: { zh: "参建单位", en: "Units" }
}

const sep = (lang: Lang) => (lang === "zh" ? "、" : ", ")

const renderForm = (f: FormOption, lang: Lang) =>
  (f.temporary ? (lang === "zh" ? "临时" : "temporary ") : "") + SetupForms.label(f.form, lang) +
  (f.variants.length > 0 ? `(${f.variants.join("/")})` : "")

const renderValue = (element: DecisionElement, value: unknown, lang: Lang): string => {
  switch (element) {
    case "requirement":
      return RequirementLevels.label(value as "required", lang)
    case "forms":
      return (value as ReadonlyArray<FormOption>).map((f) => renderForm(f, lang)).join(lang === "zh" ? " > " : " > ")
    case "lead":
    case "secondSuperior": {
      const l = value as Leader
      return SuperiorKinds.label(l.kind, lang) + (l.name === undefined ? "" : `(${l.name})`) +
        (l.superior === undefined ? "" : (lang === "zh" ? `,隶属${SuperiorKinds.label(l.superior, lang)}` : `, under the ${SuperiorKinds.label(l.superior, lang).toLowerCase()}`))
    }
    case "secretary": {
      const s = value as SecretaryPlan
      const deps = s.deputies.map((d) => DeputySources.label(d, lang)).join(sep(lang))
      return s.sources.map((x) => SecretarySources.label(x, lang)).join(lang === "zh" ? "或" : " or ") +
        (deps === "" ? "" : (lang === "zh" ? `;副职:${deps}` : `; beside: ${deps}`))
    }
    case "committee": {
      const c = value as CommitteeShape
      return c._tag === "Committee"
        ? (lang === "zh" ? `委员会${c.sizeMin}-${c.sizeMax}人(≤${c.sizeCeiling})` : `committee of ${c.sizeMin}-${c.sizeMax} (≤${c.sizeCeiling})`)
        : (lang === "zh" ? "书记1名(必要时副书记)" : "secretary (deputy if needed)")
    }
    case "massWorkMember":
      return value ? (lang === "zh" ? "设" : "yes") : (lang === "zh" ? "不设" : "no")
    case "groups": {
      const g = value as ReadonlyArray<string>
      return g.length === 0 ? (lang === "zh" ? "不设" : "none") : `${g.length}: ${g.join(sep(lang))}`
    }
    case "instructor":
    case "liaison":
      return Dues.label(value as "required", lang)
    case "atStart":
      return (value as ReadonlyArray<"jointMeeting">).map((a) => StartActions.label(a, lang)).join(sep(lang))
    case "units":
      return (value as ReadonlyArray<UnitDecision>)
        .map((u) => `${u.unitId}(${u.fullMembers}): ${UnitArrangements.label(u.arrangement, lang)}`)
        .join(lang === "zh" ? ";" : "; ")
  }
}

/** The value of one element as text, or a gap marker. */
export const renderFinding = (element: DecisionElement, finding: Finding<unknown> | undefined, lang: Lang = "zh"): string =>
  finding === undefined ? "-" : finding._tag === "Gap" ? (lang === "zh" ? "〔政策未规定〕" : "[policy gap]") : renderValue(element, finding.value, lang)

/**
 * The whole decision as lines of text: each element's value, the rules of other layers it passed over (`↷`,
 * with why they were silent), its reasons (`↳`: rule id, citation, the rule's own words), then every gap with
 * the clause that leaves it open.
 */
export const explainDecision = (d: SetupDecision, lang: Lang = "zh"): ReadonlyArray<string> => {
  const lines: Array<string> = []
  for (const element of DECISION_ELEMENTS) {
    const f = d[element] as Finding<unknown> | undefined
    if (f === undefined) continue
    lines.push(`${ELEMENT_LABELS[element][lang]}: ${renderFinding(element, f, lang)}`)
    if (f._tag === "Settled") {
      // the layers tried first and silent here, and why (e.g. a local scope that does not apply)
      for (const r of f.passedOver ?? []) {
        lines.push(`    ↷ [${r.ruleId}] ${r.citation.document} ${r.citation.section}: ${r.text[lang]}`)
      }
      for (const r of f.reasons) {
        const params = r.parameters.map((p) => `${p.key}=${JSON.stringify(p.value)}${p.assumption ? "*" : ""}`).join(", ")
        const facts = r.facts.map((x) => `${x.name}=${JSON.stringify(x.value)}`).join(", ")
        lines.push(`    ↳ [${r.ruleId}] ${r.citation.document} ${r.citation.section}: ${r.text[lang]}`)
        if (facts !== "" || params !== "") {
          lines.push(`      ${facts === "" ? "" : `facts(${facts}) `}${params === "" ? "" : `params(${params})`}`.trimEnd())
        }
      }
    }
  }
  for (const g of d.gaps) {
    const clause = g.citation === undefined ? "" : ` [${g.citation.document} ${g.citation.section}]`
    lines.push(`  ⚠ ${lang === "zh" ? "政策空白" : "gap"} (${g.question})${clause}: ${g.text[lang]}`)
  }
  return lines
}
