import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { isoDate } from "../model/primitives.js"
import { policies } from "../policy/catalogue/index.js"
import { reform } from "../policy/reform.js"
import { replay } from "./apply.js"
import { completionProposal } from "./check.js"
import { CompleteProject, Convert, Establish } from "./model.js"

// seed-001 §二 三是 names three conversion targets (商圈、楼宇、社区党建) and not which one a project takes: the one
// proposed is Langshan's `conversionTarget`, a flagged assumption (issue 14 item 13), changed by a reform
describe("conversion target after completion", () => {
  const done = isoDate("2021-12-31")
  const events = [
    new Establish({ date: isoDate("2019-01-01"), organization: { id: "street", name: "street", kind: "workingCommittee", temporary: false, projectIds: [] } }),
    new Establish({ date: isoDate("2019-03-01"), organization: { id: "branch-1", name: "branch-1", kind: "branch", temporary: false, projectIds: ["p"], approvedBy: "street" } }),
    new CompleteProject({ date: done, projectId: "p" })
  ]
  const proposed = (policy: typeof policies.langshanStreet) =>
    completionProposal(Either.getOrThrow(replay(events, policy)), "p", done, policy).events

  it("is the policy's flagged choice, and says so", () => {
    const p = policies.langshanStreet.parameters.find((x) => x.key === "conversionTarget")!
    expect([p.value, p.assumption]).toEqual(["businessDistrict", true])
    expect(proposed(policies.langshanStreet)).toEqual([new Convert({ date: done, organizationId: "branch-1", target: "businessDistrict" })])
  })

  it("follows a reform that chooses another of the targets the source names", () => {
    const community = Either.getOrThrow(reform(policies.langshanStreet, { id: "langshan-community", parameters: { conversionTarget: "community" } }))
    expect(proposed(community)).toEqual([new Convert({ date: done, organizationId: "branch-1", target: "community" })])
  })
})
