import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { catalogue, policies, resolve } from "../policy/catalogue/index.js"
import { Parameter, Policy, RuleSpec } from "../policy/policy.js"
import { ruleProblems } from "./validate.js"

describe("ruleProblems", () => {
  it.each(catalogue.map((p) => [p.id, p] as const))("%s: its rules read parameters the resolved policy holds, with the types their kinds declare", (_id, p) => {
    expect(ruleProblems(Either.getOrThrow(resolve(p)))).toEqual([])
  })

  it("names a missing parameter, a mistyped one and a listed one the kind does not read, each with its rule's path", () => {
    const base = Either.getOrThrow(resolve(policies.fudingSite2020))
    const i = base.rules.findIndex((r) => r.id === "fuding-site-2020.requirement")
    const broken = new Policy({
      ...base,
      parameters: base.parameters
        .filter((p) => p.key !== "costThresholdYuan")
        .map((p) => (p.key === "requireKeyProject" ? new Parameter({ ...p, value: 1 }) : p)),
      rules: base.rules.map((r, k) =>
        k === i ? new RuleSpec({ ...r, parameters: [...r.parameters.filter((x) => x !== "costThresholdYuan"), "jointBranchMaxUnits"] }) : r)
    })
    expect(ruleProblems(broken)).toEqual([
      { path: `rules[${i}]`, message: "fuding-site-2020.requirement (requirement.costAndPeriod) reads parameter costThresholdYuan (number), which the policy lacks" },
      { path: `rules[${i}]`, message: "fuding-site-2020.requirement (requirement.costAndPeriod) reads parameter requireKeyProject (flag), which the policy holds with another type" },
      { path: `rules[${i}].parameters`, message: "fuding-site-2020.requirement reads costThresholdYuan and does not list it" },
      { path: `rules[${i}].parameters`, message: "fuding-site-2020.requirement lists jointBranchMaxUnits, which kind requirement.costAndPeriod does not read" }
    ])
  })
})
