/**
 * Contract tests of the obligation kinds and their data: what every obligation module and every policy's
 * obligation rule promises, checked for all at once.
 */
import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { isoDate } from "../../model/primitives.js"
import { catalogue, policies, resolve as resolvePolicyOf } from "../../policy/catalogue/index.js"
import { Parameter, Policy, RuleSpec } from "../../policy/policy.js"
import { reform } from "../../policy/reform.js"
import { ruleProblems } from "../validate.js"
import { makeProject } from "../../scenarios/seeds.js"
import { obligationsOf } from "../../compliance/obligations.js"
import { policyObligations } from "../../compliance/policyObligations.js"
import { indexProjectRecords } from "../../compliance/records.js"
import { scorecardOf } from "../../compliance/scorecard.js"
import { arbEvidence, arbDate } from "../../compliance/records.arbitraries.js"
import { MilestoneRecorded } from "../../compliance/records.js"
import { ObligationKinds } from "./define.js"
import { descriptiveObligations, obligationRegistry } from "./index.js"

const UNIT_OF = { number: ["units", "months", "years", "share", "yuan", "members"], list: ["list"], flag: ["flag"], code: ["code"], members: ["members"] } as const

describe("obligation kinds", () => {
  it("every kind has its module, and every module's kind is a known one", () => {
    expect([...obligationRegistry.keys()].sort()).toEqual([...ObligationKinds].sort())
  })

  it("every kind is used by a catalogue policy's obligation data", () => {
    const used = new Set(Object.values(policyObligations).flatMap((d) => d.rules.map((r) => r.kind)))
    for (const k of ObligationKinds) expect(used.has(k), k).toBe(true)
  })

  it("an obligation rule names exactly the parameters its kind declares, each held by its policy's chain with a matching unit, cited, with a quote unless assumed", () => {
    for (const policy of catalogue) {
      const op = Either.getOrThrow(obligationsOf(policy))
      for (const r of op.rules) {
        const d = obligationRegistry.get(r.kind)!
        expect([...r.parameters].sort(), r.id).toEqual(Object.keys(d.parameters).sort())
        expect(r.citation.quote?.length ?? 0, r.id).toBeGreaterThan(0)
        for (const [key, type] of Object.entries(d.parameters)) {
          const p = op.parameters.find((x) => x.key === key)
          expect(p, `${r.id}: ${key}`).toBeDefined()
          expect(UNIT_OF[type] as ReadonlyArray<string>).toContain(p!.unit)
          if (!p!.assumption) expect(p!.citation.quote?.length ?? 0, key).toBeGreaterThan(0)
          else expect(p!.note?.startsWith("assumption"), key).toBe(true)
        }
        // a deadline the schedule calls assumed is read from a flagged parameter
        if (d.schedule.deadline === "assumed") expect(Object.keys(d.parameters).some((k) => op.parameters.find((x) => x.key === k)?.assumption === true), r.id).toBe(true)
      }
    }
  })

  it("are policy data: each policy's own obligation rules are its rules answering `obligations`, and a resolved policy's are its own then its basis's", () => {
    for (const policy of catalogue) {
      const own = policy.rules.filter((r) => obligationRegistry.has(r.kind as never))
      expect(own.every((r) => r.question === "obligations"), policy.id).toBe(true)
      expect((policyObligations[policy.id]?.rules ?? []).map((r) => r.id)).toEqual(own.map((r) => r.id))
      const op = Either.getOrThrow(obligationsOf(policy))
      const basis = policy.basis === undefined ? [] : catalogue.find((p) => p.id === policy.basis)!.rules.filter((r) => obligationRegistry.has(r.kind as never))
      expect(op.rules.map((r) => r.id)).toEqual([...own, ...basis].map((r) => r.id))
      expect(op.rules.every((r) => r.origin !== undefined)).toBe(true)
    }
  })

  it("a reform changes an obligation's parameter like any other, and the loader's check names an obligation rule's missing parameter", () => {
    const reformed = Either.getOrThrow(reform(policies.wenzhouRedSite2022, { parameters: { monthlyReportDueDay: 15 } }))
    const op = Either.getOrThrow(obligationsOf(reformed))
    expect(op.parameters.find((p) => p.key === "monthlyReportDueDay")?.value).toBe(15)
    expect(op.rules.map((r) => r.id)).toEqual(Either.getOrThrow(obligationsOf(policies.wenzhouRedSite2022)).rules.map((r) => r.id))
    const broken = new Policy({
      ...policies.wenzhouRedSite2022,
      parameters: policies.wenzhouRedSite2022.parameters.filter((p) => p.key !== "monthlyReportDueDay"),
      rules: policies.wenzhouRedSite2022.rules.map((r) => (r.kind === "obligation.monthlyReport" ? new RuleSpec({ ...r, parameters: [] }) : r))
    })
    const problems = ruleProblems(Either.getOrThrow(resolvePolicyOf(broken))).map((p) => p.message).join("; ")
    expect(problems).toContain("wenzhou-red-site-2022.obligations.monthlyReport (obligation.monthlyReport) reads parameter monthlyReportDueDay")
    expect(problems).toContain("wenzhou-red-site-2022.obligations.monthlyReport reads monthlyReportDueDay and does not list it")
  })

  it("descriptive obligations cite a clause with its words and say why they are not checked", () => {
    for (const [id, d] of Object.entries(descriptiveObligations)) {
      expect(d.citation.quote?.length ?? 0, id).toBeGreaterThan(0)
      expect(d.reason.zh.length * d.reason.en.length, id).toBeGreaterThan(0)
    }
  })
})

const SITE = makeProject({
  id: "p", name: "p", kind: "building", costYuan: 2e9, plannedStart: "2022-03-01", plannedEnd: "2024-12-31", major: true,
  units: [{ id: "gc", name: "gc", role: "generalContractor", members: { full: 12 } }]
})

describe("obligation reasons list the parameters and facts their kind declares", () => {
  it.each(catalogue.filter((p) => policyObligations[p.id] !== undefined).map((p) => [p.id, p] as const))("%s", (_id, policy) => {
    const op = Either.getOrThrow(obligationsOf(policy))
    fc.assert(fc.property(fc.array(arbEvidence("p"), { maxLength: 10 }), arbDate, (evidence, date) => {
      const facts = [new MilestoneRecorded({ id: "m", projectId: "p", date: isoDate("2022-01-10"), milestone: "redSiteCreationStarted" }), ...evidence.map((e, k) => e(`e${k}`))]
      const card = scorecardOf(op, SITE, indexProjectRecords(facts.filter((f) => f.date <= date)), date)
      for (const item of card.items) {
        const d = obligationRegistry.get(item.kind as never)!
        for (const p of item.reason.parameters) expect(Object.keys(d.parameters)).toContain(p.key)
        for (const f of item.reason.facts) expect(d.facts).toContain(f.name)
        expect(item.reason.ruleId).toBe(item.ruleId)
        // an undetermined item, and a due one without a date, carry the typed gap
        expect(item.gap !== undefined).toBe(item.status === "undetermined" || (item.status === "due" && item.dueOn === undefined))
        if (item.status === "overdue") expect(item.daysLate).toBeGreaterThan(0)
      }
      // kinds that are not a site's duty never show
      expect(card.items.every((i) => obligationRegistry.get(i.kind as never)!.site)).toBe(true)
    }), { numRuns: 60 })
  })

  it("a missing or mistyped parameter is a typed problem: the item is undetermined with its gap, never a default", () => {
    const op = Either.getOrThrow(obligationsOf(policies.wenzhouRedSite2022))
    const broken = { ...op, parameters: op.parameters.map((p) => (p.key === "monthlyReportDueDay" ? new Parameter({ ...p, value: "10th" }) : p)) }
    const facts = [new MilestoneRecorded({ id: "m", projectId: "p", date: isoDate("2022-01-10"), milestone: "redSiteCreationStarted" })]
    const item = scorecardOf(broken, SITE, indexProjectRecords(facts), isoDate("2022-06-30")).items.find((i) => i.kind === "obligation.monthlyReport")!
    expect(item.status).toBe("undetermined")
    expect(item.gap?.text.en).toContain("monthlyReportDueDay")
  })
})
