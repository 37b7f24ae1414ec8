import { describe, expect, it } from "vitest"
import { isoDate } from "../model/primitives.js"
import { IncidentRecord, Talk, fudingTalkRules, incidentTalkCitation, incidentTriggers, obligationReport } from "./obligations.js"

describe("recorded personal and family incidents (个人或家庭发生变故必谈)", () => {
  const incident = (id: string, memberId: string, date: string, extra: Partial<{ withdraws: string; organizationId: string }> = {}) =>
    new IncidentRecord({
      id, memberId, organizationId: extra.organizationId ?? "site", date: isoDate(date), scope: "family", evidence: `talk-log/${id}`,
      recordedBy: "secretary", recordedAt: isoDate(date), ...(extra.withdraws === undefined ? {} : { withdraws: extra.withdraws })
    })
  const records = [
    incident("i1", "li", "2021-04-10"),
    incident("i2", "wang", "2021-04-12"),
    incident("i3", "zhao", "2021-04-01"), // recorded in error, withdrawn below
    incident("w3", "zhao", "2021-04-02", { withdraws: "i3" }),
    incident("w4", "zhao", "2021-04-03", { withdraws: "i2" }) // names another member's record: withdraws nothing
  ]

  it("make a familyIncident talk due from each record, except withdrawals and withdrawn records", () => {
    const triggers = incidentTriggers(records)
    expect(triggers.map((t) => [t.id, t.memberId, t.trigger, t.date, t.source])).toEqual([
      ["incident:i1", "li", "familyIncident", "2021-04-10", "i1"],
      ["incident:i2", "wang", "familyIncident", "2021-04-12", "i2"]
    ])
  })

  it("are judged by the familyIncident rule: 7 days, an assumption, citing seed-002", () => {
    const triggers = incidentTriggers(records)
    const talks = [new Talk({ id: "t1", memberId: "li", organizationId: "site", date: isoDate("2021-04-15"), by: "secretary" })]
    const report = obligationReport({ rules: fudingTalkRules, triggers, talks, asOf: "2021-04-25" })
    expect(report.due.map((d) => [d.triggerId, d.dueBy, d.status, d.daysLate])).toEqual([
      ["incident:i1", "2021-04-17", "done", 0],
      ["incident:i2", "2021-04-19", "overdue", 6]
    ])
    const reason = report.overdue[0]!.reasons[0]
    expect(reason.ruleId).toBe("fuding-site-2020.talks")
    expect(reason.citation).toEqual(incidentTalkCitation)
    expect([reason.citation.document, reason.citation.section]).toEqual(["seed-002", "§三 注重组织关爱"])
    expect(reason.parameters[0]).toMatchObject({ key: "talkWindow.familyIncident", value: 7, unit: "days", assumption: true })
  })
})
