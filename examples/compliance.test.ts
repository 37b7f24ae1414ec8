import { describe, expect, it } from "vitest"
import { complianceDemo } from "./compliance.js"

describe("example: compliance and the reporting cycle (docs/compliance.md)", () => {
  const r = complianceDemo()

  it("the Shanghai site is late on the four synchronizations; the Wenzhou sites stand by their reports", () => {
    expect(r.cards.map((c) => [c.projectId, c.standing])).toEqual([["sh-metro", "due"], ["lucheng-a", "compliant"], ["lucheng-b", "overdue"], ["ouhai-c", "overdue"]])
    expect(r.cards[0]!.items.find((i) => i.kind === "obligation.fourSynchronizations")).toMatchObject({ status: "met", daysLate: 61 })
  })

  it("lists the overdue reports per district and organization, and the district's rate", () => {
    expect(r.byDistrict.map((g) => [g.key, g.reports])).toEqual([["瓯海区", 2], ["鹿城区", 2]])
    expect(r.byOrganization.map((g) => g.key)).toEqual(["lucheng-b-branch", "ouhai-c-branch"])
    expect(r.rate.find((m) => m.month === "2022-10")).toMatchObject({ owed: 2, submitted: 1 })
  })

  it("selects the site with every report reviewed, and enters its honour in the general contractor's credit file", () => {
    expect(r.candidates.filter((c) => c.qualifies).map((c) => c.projectId)).toEqual(["lucheng-a"])
    expect(r.entries.map((e) => e.enterpriseId)).toEqual(["lucheng-a-gc"])
  })
})
