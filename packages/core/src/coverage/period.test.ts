import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { makeProject } from "../scenarios/seeds.js"
import { monthsOfPeriod, periodEnd } from "../model/primitives.js"
import { setupContext } from "../organization/setup.js"
import { compileRequirement, requirementKernels } from "../rules/index.js"
import type { RequirementVerdict } from "../rules/index.js"
import { policies, resolve } from "../policy/catalogue/index.js"
import type { Policy, RuleKind } from "../policy/policy.js"
import { portfolioColumns } from "./columns.js"

/** The day before a date. */
const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)

/**
 * The planned ends of n − 1, n and n + 1 months of work from `start`, and one day short of n months: the
 * dates a user types, counted by the one period function.
 */
const around = (start: string, n: number) => ({
  short: periodEnd(start, n - 1),
  dayShort: dayBefore(periodEnd(start, n)),
  at: periodEnd(start, n),
  over: periodEnd(start, n + 1)
})

/** The verdict of a policy's requirement rule of a kind for a project with the given months (and members). */
const verdictOf = (policy: Policy, kind: RuleKind, months: number, major = false, costYuan = 60_000_000): RequirementVerdict => {
  const resolved = Either.getOrThrow(resolve(policy))
  const rule = compileRequirement(resolved).rules.find((r) => r.kernel === requirementKernels[kind])
  if (rule === undefined) throw new Error(`${policy.id} has no ${kind} rule`)
  return rule.kernel.verdict({ months, major, costYuan, fullMembers: 10, unitsWithAtLeast: () => 1 }, rule.values)
}

/** Months of a project planned from `start` to `end`, as setup and the coverage columns count them (they must agree). */
const monthsCounted = (start: string, end: string) => {
  const p = makeProject({ id: "p", name: "p", kind: "building", costYuan: 60_000_000, plannedStart: start, plannedEnd: end, major: false, units: [] })
  const setupMonths = setupContext(p, start).plannedMonths
  const columnMonths = portfolioColumns([p]).plannedMonths[0]!
  expect(columnMonths).toBe(setupMonths)
  expect(setupMonths).toBe(monthsOfPeriod(start, end))
  return setupMonths
}

describe("period thresholds by the dates a user enters (n − 1, n, n + 1 months; the planned end is the last day of work)", () => {
  it.each(["2026-01-01", "2026-03-15", "2026-08-31", "2027-01-31"])("six months from %s: the Branch Work Regulations' 为期6个月以上 (national) and Shanghai's 半年以上 (seed-000 §二(二))", (start) => {
    const d = around(start, 6)
    expect([d.short, d.dayShort, d.at, d.over].map((end) => monthsCounted(start, end))).toEqual([5, 5, 6, 7])
    for (const [end, expected] of [[d.dayShort, "notRequired"], [d.at, "required"], [d.over, "required"]] as const) {
      expect(verdictOf(policies.national, "requirement.projectPeriodAndMembers", monthsCounted(start, end))).toBe(expected)
      // Shanghai names sites from six months: below, its rule is silent and the national rule answers (issue 14 item 4)
      expect(verdictOf(policies.shanghaiSite, "requirement.majorOrPeriodRange", monthsCounted(start, end))).toBe(expected === "notRequired" ? "silent" : expected)
    }
  })

  it("2026-01-01..2026-06-30 is six months of work and meets 6个月以上; 2026-06-29 does not", () => {
    expect(verdictOf(policies.national, "requirement.projectPeriodAndMembers", monthsCounted("2026-01-01", "2026-06-30"))).toBe("required")
    expect(verdictOf(policies.national, "requirement.projectPeriodAndMembers", monthsCounted("2026-01-01", "2026-06-29"))).toBe("notRequired")
  })

  it.each(["2026-01-01", "2026-02-28", "2026-01-31"])("two years from %s: the top of Shanghai's band (两年以内, seed-000 §二(二)) and Fuding's 工期2年以上 (seed-002)", (start) => {
    const d = around(start, 24)
    expect([d.short, d.dayShort, d.at, d.over].map((end) => monthsCounted(start, end))).toEqual([23, 23, 24, 25])
    // Shanghai: a non-major site of 6 months to 2 years (both included); above, the rule is silent
    expect(verdictOf(policies.shanghaiSite, "requirement.majorOrPeriodRange", monthsCounted(start, d.dayShort))).toBe("required")
    expect(verdictOf(policies.shanghaiSite, "requirement.majorOrPeriodRange", monthsCounted(start, d.at))).toBe("required")
    expect(verdictOf(policies.shanghaiSite, "requirement.majorOrPeriodRange", monthsCounted(start, d.over))).toBe("silent")
    // Fuding: a key project of 50 million yuan or more and 2 years or more
    expect(verdictOf(policies.fudingSite2020, "requirement.costAndPeriod", monthsCounted(start, d.dayShort), true)).not.toBe("required")
    expect(verdictOf(policies.fudingSite2020, "requirement.costAndPeriod", monthsCounted(start, d.at), true)).toBe("required")
    expect(verdictOf(policies.fudingSite2020, "requirement.costAndPeriod", monthsCounted(start, d.over), true)).toBe("required")
  })

  it("2026-01-01..2027-12-31 is two years of work and meets Fuding's 工期2年以上", () => {
    expect(monthsCounted("2026-01-01", "2027-12-31")).toBe(24)
    expect(verdictOf(policies.fudingSite2020, "requirement.costAndPeriod", 24, true)).toBe("required")
  })
})
