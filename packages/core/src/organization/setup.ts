/**
 * The setup question: given a project's facts, a policy and a date, which Party organization must (or may)
 * be set up, in which form, led by whom, with which committee, and why.
 *
 * @module
 */
import { Either } from "effect"
import type { Finding, Gap, PolicyGap, Question, Settled } from "../explain/explanation.js"
import { Citation, EXPLANATION_FORMAT, FactUsed, ParameterUsed, Reason, gap, policyGap, reasonsOf, settled } from "../explain/explanation.js"
import { Label } from "../model/primitives.js"
import type { IsoDate } from "../model/primitives.js"
import { monthsOfPeriod } from "../model/primitives.js"
import type { MemberCounts, Project } from "../model/project.js"
import { countMembers } from "../model/project.js"
import { findPolicy, resolve } from "../policy/catalogue/index.js"
import type { Policy, PolicyResolutionError, ResolvedPolicy, RuleSpec } from "../policy/policy.js"
import { inForceAt } from "../policy/policy.js"
import type { DecisionElement, SetupDecision } from "./decision.js"
import { DECISION_ELEMENTS } from "./decision.js"
import type { Note, Outcome, SetupContext, Text } from "../rules/define.js"
import { ParameterProblem, makeReader } from "../rules/read.js"
import { ruleRegistry } from "../rules/registry.js"
import { trusted } from "../internal/trusted.js"

const reasonFor = (rule: RuleSpec, facts: ReadonlyArray<FactUsed>, params: ReadonlyArray<ParameterUsed>, text: Text) =>
  new Reason({
    format: EXPLANATION_FORMAT,
    policyId: rule.origin ?? "",
    ruleId: rule.id,
    citation: rule.citation,
    facts,
    parameters: params,
    text: new Label(text, trusted),
    ...(rule.layer === undefined ? {} : { layer: rule.layer })
  }, trusted)

/** Why a rule is silent: a parameter it needs is missing or mistyped (as the reader of its type names it). */
const problemText = (rule: RuleSpec, policy: ResolvedPolicy, e: ParameterProblem): Text => {
  const expected = EXPECTED[e.expected]
  return e.found === "missing"
    ? { zh: `规则${rule.id}需要的参数${e.key}(${expected})在政策${policy.id}中缺失`, en: `rule ${rule.id} needs parameter ${e.key} (${expected}), which policy ${policy.id} lacks` }
    : { zh: `规则${rule.id}需要的参数${e.key}应为${expected},政策${policy.id}中的值类型不符`, en: `rule ${rule.id} needs parameter ${e.key} as a ${expected}, and policy ${policy.id} holds another type` }
}

/** The words a problem used before the reader was typed (a number, a boolean, a list), kept so answers stay the same. */
const EXPECTED = { number: "number", members: "number", flag: "boolean", code: "code", list: "list" } as const

/** Runs one rule, turning a missing or mistyped parameter into a silent outcome that names it. */
const runRule = (rule: RuleSpec, policy: ResolvedPolicy, ctx: SetupContext) => {
  const impl = ruleRegistry.get(rule.kind)!.decide
  const { read, facts, params } = makeReader(policy.parameters, ctx.date)
  let outcome: Outcome<unknown>
  try {
    outcome = impl(ctx, read)
  } catch (e) {
    if (!(e instanceof ParameterProblem)) throw e
    outcome = { _tag: "Silent", text: problemText(rule, policy, e) }
  }
  return { outcome, reason: reasonFor(rule, facts, params, outcome.text) }
}

const ACCUMULATING: ReadonlySet<Question> = new Set(["atStart"])

const GAP_TEXT: Record<DecisionElement, Text> = {
  requirement: { zh: "是否必须建立党组织", en: "whether an organization is required" },
  forms: { zh: "组织形式", en: "the organization's form" },
  lead: { zh: "由谁牵头", en: "who leads" },
  secondSuperior: { zh: "第二个上级", en: "a second superior" },
  secretary: { zh: "书记人选", en: "who is secretary" },
  committee: { zh: "委员会组成", en: "the committee's shape" },
  massWorkMember: { zh: "群众工作委员", en: "a mass-work committee member" },
  groups: { zh: "党小组设置", en: "Party groups" },
  instructor: { zh: "党建指导员", en: "an instructor" },
  liaison: { zh: "联络员", en: "a liaison" },
  atStart: { zh: "项目启动时的同步要求", en: "what is due when the project starts" },
  units: { zh: "各参建单位的组织方式", en: "how each participating unit takes part" }
}

const QUESTION_OF: Record<DecisionElement, Question> = {
  requirement: "requirement",
  forms: "forms",
  lead: "lead",
  secondSuperior: "secondSuperior",
  secretary: "secretary",
  committee: "committee",
  massWorkMember: "massWorkMember",
  groups: "groups",
  instructor: "instructor",
  liaison: "liaison",
  atStart: "atStart",
  units: "units"
}

const decideElement = (
  element: DecisionElement,
  policy: ResolvedPolicy,
  ctx: SetupContext,
  notes: Array<PolicyGap>,
  scopes: Map<string, boolean>
): Finding<unknown> | undefined => {
  const question = QUESTION_OF[element]
  const rules = policy.rules.filter((r) => r.question === question && ruleRegistry.has(r.kind))
  const silences: Array<{ readonly rule: RuleSpec; readonly text: Text; readonly reason: Reason }> = []
  const answers: Array<{ value: unknown; reason: Reason }> = []
  for (const rule of rules) {
    const outside = outsideScope(rule, policy, ctx, scopes)
    const { outcome, reason } = outside === undefined
      ? runRule(rule, policy, ctx)
      : { outcome: { _tag: "Silent" as const, text: outside }, reason: reasonFor(rule, [], [], outside) }
    if (outcome._tag === "Silent") {
      silences.push({ rule, text: outcome.text, reason })
      continue
    }
    for (const n of outcome.notes ?? []) notes.push(noteGap(policy.id, n, rule.citation))
    answers.push({ value: outcome.value, reason })
    if (!ACCUMULATING.has(question)) break
  }
  const silenceText = (lang: "zh" | "en") =>
    silences.length === 0 ? "" : ` (${silences.map((x) => `${x.rule.id}: ${x.text[lang]}`).join("; ")})`
  if (answers.length === 0) {
    if (element === "secondSuperior") return undefined
    const t = GAP_TEXT[element]
    return gap(policy.id, question, {
      zh: `政策${policy.id}未规定${t.zh}${silenceText("zh")}`,
      en: `policy ${policy.id} says nothing about ${t.en}${silenceText("en")}`
    }, silences[0]?.rule.citation)
  }
  // A rule of a layer that was silent before another answered: the finding lists it (`passedOver`, with why),
  // and the gaps say that its policy leaves the case open, citing its clause.
  for (const x of silences) {
    notes.push(policyGap(policy.id, question,
      { zh: `${x.rule.id}:${x.text.zh};由后续规则作答`, en: `${x.rule.id}: ${x.text.en}; a later rule answered` }, x.rule.citation))
  }
  const passedOver = silences.map((x) => x.reason)
  const withPassedOver = <A>(f: Settled<A>): Settled<A> => (passedOver.length === 0 ? f : { ...f, passedOver })
  if (ACCUMULATING.has(question)) {
    const merged = [...new Set(answers.flatMap((a) => a.value as ReadonlyArray<unknown>))]
    const [first, ...rest] = answers.map((a) => a.reason)
    return withPassedOver(settled(merged, first!, ...rest))
  }
  return withPassedOver(settled(answers[0]!.value, answers[0]!.reason))
}

const noteGap = (policyId: string, n: Note, ruleCitation: Citation) => policyGap(policyId, n.question, n.text, n.citation ?? ruleCitation)

/**
 * Layers: a rule of a local policy (any layer above the chain's last) that has a requirement rule of its own (a local scope: Fuding's cost and period,
 * Shanghai's major projects and six months to two years, Langshan's key projects, Wenzhou's eligible sites)
 * answers only where that scope applies — where its policy's own requirement rule answers for the project. Elsewhere
 * it is silent, and the next layer (the national baseline) answers. Returns why it is silent, or undefined
 * when the rule applies.
 */
const outsideScope = (rule: RuleSpec, policy: ResolvedPolicy, ctx: SetupContext, scopes: Map<string, boolean>): Text | undefined => {
  if (rule.question === "requirement" || rule.origin === undefined) return undefined
  // the last layer (the basis of the chain) has no one below it to answer: its rules always apply
  if (rule.origin === policy.rules[policy.rules.length - 1]?.origin) return undefined
  const scopeRules = policy.rules.filter((r) => r.question === "requirement" && r.origin === rule.origin)
  if (scopeRules.length === 0) return undefined
  // in scope where one of the policy's own requirement rules answers this project (whichever layer answered
  // first, so a middle layer's scope is read on its own)
  let inScope = scopes.get(rule.origin)
  if (inScope === undefined) {
    inScope = scopeRules.some((r) => runRule(r, policy, ctx).outcome._tag === "Answer")
    scopes.set(rule.origin, inScope)
  }
  if (inScope) return undefined
  const ids = scopeRules.map((r) => r.id).join(", ")
  return {
    zh: `项目不在政策${rule.origin}的适用范围内(${ids}未作答),由上一层规则作答`,
    en: `the project is outside the scope of policy ${rule.origin} (${ids} did not answer), so the next layer answers`
  }
}

/**
 * The `inForce` gaps of a decision: the policy not in force on the date, or in force from a start date the
 * source does not give (elided, or inferred by redsite); and any basis policy whose rules answered but which
 * was not in force on the date (e.g. the 2018 Branch Work Regulations read for a 2010 Expo case).
 */
const inForceGaps = (policy: ResolvedPolicy, date: string, origins: ReadonlySet<string>, lookup: (id: string) => Policy | undefined): Array<PolicyGap> => {
  const out: Array<PolicyGap> = []
  const citationOf = (p: Policy): Citation | undefined => {
    const c = p.rules[0]?.citation
    return c === undefined ? undefined : new Citation({ document: c.document, section: "effective period", note: p.effective.note ?? "date of issue" }, trusted)
  }
  const inForce = inForceAt(policy, date)
  if (inForce !== true) {
    out.push(policyGap(policy.id, "inForce", inForce === false
      ? { zh: `政策${policy.id}在${date}不在有效期内`, en: `policy ${policy.id} is not in force on ${date}` }
      : { zh: `政策${policy.id}的生效日期不详(${policy.effective.note ?? ""})`, en: `the start date of policy ${policy.id} is unknown (${policy.effective.note ?? "not given"})` },
      citationOf(policy)))
  } else if (policy.effective.inferred === true) {
    out.push(policyGap(policy.id, "inForce",
      { zh: `政策${policy.id}的有效期是推定的,来源未给出完整日期(${policy.effective.note ?? ""})`, en: `the effective period of policy ${policy.id} is inferred; the source does not give full dates (${policy.effective.note ?? "not given"})` },
      citationOf(policy)))
  }
  for (const id of origins) {
    if (id === policy.id) continue
    const basis = lookup(id)
    if (basis === undefined || inForceAt(basis, date) === true) continue
    out.push(policyGap(policy.id, "inForce", {
      zh: `作答的基线政策${id}在${date}尚未生效或已失效(有效期${basis.effective.from ?? "?"}起):其规则按当时的基线参照适用`,
      en: `basis policy ${id}, whose rules answered, is not in force on ${date} (in force from ${basis.effective.from ?? "unknown"}): its rules are applied as the baseline by analogy`
    }, citationOf(basis)))
  }
  return out
}

/** Builds the context rules read: derived counts and months. */
export const setupContext = (project: Project, date: string): Omit<SetupContext, "decided"> => {
  const unitCounts = new Map<string, MemberCounts>()
  for (const u of project.units) {
    unitCounts.set(u.id, countMembers(project.members.filter((m) => m.unitId === u.id)))
  }
  return {
    project,
    date,
    plannedMonths: monthsOfPeriod(project.plannedStart, project.plannedEnd),
    counts: countMembers(project.members),
    unitCounts
  }
}

/**
 * Decides the setup of a project under an already-resolved policy. Pure and total: every question is
 * answered with reasons or returned as a gap.
 */
export const decideSetup = (
  project: Project,
  policy: ResolvedPolicy,
  date: IsoDate,
  lookup: (id: string) => Policy | undefined = findPolicy
): SetupDecision => {
  const notes: Array<PolicyGap> = []
  // whether each local policy's scope applies to the project, read once (see outsideScope)
  const scopes = new Map<string, boolean>()
  const base = setupContext(project, date)
  const out: Partial<Record<DecisionElement, Finding<unknown>>> = {}
  let ctx: SetupContext = { ...base, decided: {} }
  for (const element of DECISION_ELEMENTS) {
    const finding = decideElement(element, policy, ctx, notes, scopes)
    if (finding !== undefined) out[element] = finding
    if (finding !== undefined && (element === "requirement" || element === "forms" || element === "committee")) {
      ctx = { ...ctx, decided: { ...ctx.decided, [element]: finding } }
    }
  }
  const origins = new Set(Object.values(out).flatMap((f) => (f === undefined ? [] : reasonsOf(f).map((r) => r.policyId))))
  const gaps = [
    ...inForceGaps(policy, date, origins, lookup),
    ...notes,
    ...Object.values(out).flatMap((f) => (f !== undefined && f._tag === "Gap" ? [(f as Gap).gap] : []))
  ]
  return { format: EXPLANATION_FORMAT, policyId: policy.id, projectId: project.id, date, ...out, gaps } as SetupDecision
}

/**
 * Decides the setup of a project under a policy at a date. The policy is resolved against the catalogue
 * (its basis merged in); `extra` may supply further policies, e.g. the base of a reform.
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { evaluateSetup, policies, decodeProject, isoDate } from "@redsite/core"
 * const project = Either.getOrThrow(decodeProject({ id: "p", name: "site", kind: "road", costYuan: 6e7,
 *   plannedStart: "2021-01-01", plannedEnd: "2023-06-30", major: true, phase: "construction",
 *   units: [], members: [] }))
 * const decision = evaluateSetup(project, policies.fudingSite2020, isoDate("2021-03-01"))
 * if (Either.isRight(decision)) console.log(decision.right.requirement)
 * ```
 */
export const evaluateSetup = (
  project: Project,
  policy: Policy,
  date: IsoDate,
  extra: ReadonlyArray<Policy> = []
): Either.Either<SetupDecision, PolicyResolutionError> =>
  Either.map(resolve(policy, extra), (resolved) => decideSetup(project, resolved, date))
