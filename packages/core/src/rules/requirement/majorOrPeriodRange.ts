/**
 * Shanghai's site practice (seed-000-site §二(二)): every major project sets up an organization (where `majorProjectsRequired`), and other
 * sites of `siteMinMonths` to `siteMaxMonths`; the policy is silent about the rest, where the national rule
 * answers.
 *
 * @module
 */
import { answer, defineRule, silent } from "../define.js"
import { requirementFacts } from "./facts.js"
import type { RequirementFacts } from "./facts.js"

interface P {
  readonly majorProjectsRequired: boolean
  readonly siteMinMonths: number
  readonly siteMaxMonths: number
}

const verdict = (f: RequirementFacts, p: P) =>
  (f.major && p.majorProjectsRequired) || (f.months >= p.siteMinMonths && f.months <= p.siteMaxMonths) ? "required" as const : "silent" as const

/** Shanghai's requirement: major projects, and sites within a period range. */
export const majorOrPeriodRange = defineRule({
  kind: "requirement.majorOrPeriodRange",
  question: "requirement",
  summary: { zh: "重大工程和工期在一定范围内的工地建立党组织", en: "major projects, and sites whose period lies in a range, set up an organization" },
  parameters: { majorProjectsRequired: "flag", siteMinMonths: "number", siteMaxMonths: "number" },
  facts: ["major", "plannedMonths"],
  decide: (ctx, r) => {
    const major = r.fact("major", ctx.project.major)
    const months = r.fact("plannedMonths", ctx.plannedMonths)
    const majorRequired = r.flag("majorProjectsRequired")
    if (major && majorRequired) {
      return answer("required", "重大工程建设项目都要建立党组织", "every major project sets up an organization")
    }
    const min = r.num("siteMinMonths")
    const max = r.num("siteMaxMonths")
    if (verdict(requirementFacts(ctx), { majorProjectsRequired: majorRequired, siteMinMonths: min, siteMaxMonths: max }) === "required") {
      return answer("required", `工期${months}个月,在${min}至${max}个月之间`, `a period of ${months} months lies between ${min} and ${max}`)
    }
    return silent(`该政策只规定重大工程和工期${min}至${max}个月的工地,对工期${months}个月的非重大工程未作规定,由上一层规则作答`,
      `the policy names major projects and sites of ${min} to ${max} months; it says nothing about a non-major site of ${months} months, so the next layer answers`)
  },
  kernel: {
    verdict,
    // required (1) for a major project or a period in range, else silent (2): 2 − required
    columns: (c, p, out) => {
      const majorRequired = +p.majorProjectsRequired
      const min = p.siteMinMonths
      const max = p.siteMaxMonths
      const { major, plannedMonths } = c
      for (let i = 0; i < c.size; i++) {
        const m = plannedMonths[i]!
        out[i] = 2 - ((majorRequired & +(major[i] === 1)) | (+(m >= min) & +(m <= max)))
      }
    }
  }
})
