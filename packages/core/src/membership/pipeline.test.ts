import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { valueOf } from "../explain/explanation.js"
import { isoDate } from "../model/primitives.js"
import type { MemberStatus } from "../model/vocabulary.js"
import { MemberStatuses } from "../model/vocabulary.js"
import { policies } from "../policy/catalogue/index.js"
import { Policy } from "../policy/policy.js"
import { reform } from "../policy/reform.js"
import { Talk, fudingTalkRules, obligationReport } from "../scoring/obligations.js"
import type { AdmittingOrganization } from "./pipeline.js"
import { PipelineRecord, PipelineStep, TalentEvent, applicationTriggers, checkPipeline, pipelineCounts } from "./pipeline.js"

const orgs: Record<string, AdmittingOrganization> = {
  home: { id: "home", kind: "branch", temporary: false },
  site: { id: "site", kind: "combinedBranch", temporary: true },
  tempBranch: { id: "tempBranch", kind: "branch", temporary: true }
}
const lookup = (id: string) => orgs[id]

const path = (personId: string, dates: ReadonlyArray<string>, opts: { admitting?: string; siteId?: string; birthDate?: string; ext?: number } = {}) =>
  new PipelineRecord({
    personId,
    ...(opts.siteId === undefined ? {} : { siteId: opts.siteId }),
    ...(opts.birthDate === undefined ? {} : { birthDate: isoDate(opts.birthDate) }),
    ...(opts.ext === undefined ? {} : { probationExtensionMonths: opts.ext }),
    steps: dates.map((d, i) => new PipelineStep({
      stage: MemberStatuses.values[i]!, date: isoDate(d), organizationId: i === 3 ? opts.admitting ?? "home" : "home"
    })) as unknown as readonly [PipelineStep, ...Array<PipelineStep>]
  })

const check = (record: PipelineRecord, asOf = "2024-12-31", policy = policies.fudingSite2020) => {
  const f = checkPipeline({ policy, record, organizations: lookup, asOf })
  if (f._tag === "Gap") throw new Error(f.gap.text.en)
  return f
}
const codes = (record: PipelineRecord, asOf?: string) => valueOf(check(record, asOf))!.issues.map((i) => i.code)

describe("membership pipeline", () => {
  const good = path("zhang", ["2020-01-10", "2020-03-01", "2021-03-01", "2021-06-01", "2022-06-01"], { birthDate: "1995-05-05" })

  it("accepts a path that keeps the national intervals", () => {
    const f = check(good)
    expect(valueOf(f)!.issues).toEqual([])
    expect(valueOf(f)!.stage).toBe("full")
    expect(f._tag === "Settled" && f.reasons[0].ruleId).toBe("national.pipeline.intervals")
  })

  it("reports the stage at a date and the earliest next step", () => {
    const c = valueOf(check(good, "2020-06-01"))!
    expect(c.stage).toBe("activist")
    expect(c.next).toMatchObject({ stage: "candidate", earliest: "2021-03-01" })
    expect(valueOf(check(good, "2021-07-01"))!.next).toMatchObject({ stage: "full", earliest: "2022-06-01" })
  })

  it("flags a candidate with less than a year as activist (细则 Art. 15) and an early conversion (Constitution Art. 7)", () => {
    expect(codes(path("a", ["2020-01-10", "2020-03-01", "2021-02-28", "2021-06-01", "2022-06-01"]))).toEqual(["activistTooShort"])
    expect(codes(path("b", ["2020-01-10", "2020-03-01", "2021-03-01", "2021-06-01", "2022-05-31"]))).toEqual(["probationTooShort"])
    // an extension of six months moves the earliest conversion
    expect(codes(path("c", ["2020-01-10", "2020-03-01", "2021-03-01", "2021-06-01", "2022-06-01"], { ext: 6 }))).toEqual(["probationTooShort"])
    expect(codes(path("d", ["2020-01-10", "2020-03-01", "2021-03-01", "2021-06-01", "2022-12-01"], { ext: 6 }))).toEqual([])
    expect(codes(path("e", ["2020-01-10", "2020-03-01", "2021-03-01", "2021-06-01", "2023-12-01"], { ext: 18 }))).toEqual(["extensionOutOfRange"])
    const reason = valueOf(check(path("a", ["2020-01-10", "2020-03-01", "2021-02-28"])))!.issues[0]!.reasons[0]
    expect(reason.citation).toMatchObject({ document: "cpc-recruitment-rules-2014", section: "Arts. 8, 15" })
    expect(reason.parameters).toContainEqual(expect.objectContaining({ key: "activistMinMonths", value: 12, assumption: false }))
  })

  it("flags stages out of order, dates going back, and an applicant under 18", () => {
    expect(codes(path("f", ["2020-01-10", "2019-03-01"]))).toEqual(["dateBeforePrevious"])
    const skipped = new PipelineRecord({ personId: "g", steps: [
      new PipelineStep({ stage: "applicant", date: isoDate("2020-01-01"), organizationId: "home" }),
      new PipelineStep({ stage: "candidate", date: isoDate("2021-01-01"), organizationId: "home" })
    ] })
    expect(codes(skipped)).toEqual(["outOfOrder"])
    expect(codes(path("h", ["2020-01-10"], { birthDate: "2002-01-11" }))).toEqual(["tooYoung"])
    expect(codes(path("i", ["2020-01-11"], { birthDate: "2002-01-11" }))).toEqual([])
  })

  it("does not let a temporary organization, or a combined branch, admit (national.temporary.restrictions)", () => {
    const dates = ["2020-01-10", "2020-03-01", "2021-03-01", "2021-06-01"]
    const temp = valueOf(check(path("j", dates, { admitting: "tempBranch" })))!.issues
    expect(temp.map((i) => i.code)).toEqual(["organizationMayNotAdmit"])
    expect(temp[0]!.reasons.map((r) => r.ruleId)).toEqual(["national.pipeline.admitting", "national.temporary.restrictions"])
    expect(codes(path("k", dates, { admitting: "site" }))).toEqual(["organizationMayNotAdmit"])
    expect(codes(path("l", dates, { admitting: "nowhere" }))).toEqual(["unknownOrganization"])
    // a reform that lets temporary organizations admit removes the issue for a temporary branch
    const lenient = Either.getOrThrow(reform(policies.national, { parameters: { temporaryMayAdmit: true } }))
    expect(valueOf(check(path("j", dates, { admitting: "tempBranch" }), "2024-12-31", lenient))!.issues).toEqual([])
  })

  it("counts per site: flows in the window and stock at its end, like Fuding's figures", () => {
    const stages = (n: number) => ["2019-01-10", "2019-03-01", "2020-03-15", "2020-06-01", "2021-06-01"].slice(0, n)
    const records = [
      path("p1", ["2020-02-01", "2020-05-01"], { siteId: "bridge" }), // applied and became activist in 2020
      path("p2", ["2020-03-01"], { siteId: "bridge" }), // applied in 2020
      path("p3", stages(4), { siteId: "bridge" }), // candidate and admitted in 2020 (applied 2019)
      path("p4", stages(5), { siteId: "road" }), // admitted 2020, full 2021
      path("p5", ["2021-01-05"], { siteId: "road" }) // outside the window
    ]
    const talent = [new TalentEvent({ personId: "p3", siteId: "bridge", date: isoDate("2020-08-01"), milestone: "trainedBackbone" })]
    const counts = pipelineCounts({ records, talent, from: "2020-01-01", to: "2020-12-31" })
    const bridge = counts.find((c) => c.siteId === "bridge")!
    expect(bridge.reached).toEqual({ applicant: 2, activist: 1, candidate: 1, probationary: 1, full: 0 })
    expect(bridge.atEnd).toEqual({ applicant: 1, activist: 1, candidate: 0, probationary: 1, full: 0 })
    expect(bridge.talent.trainedBackbone).toBe(1)
    const road = counts.find((c) => c.siteId === "road")!
    expect(road.reached).toEqual({ applicant: 0, activist: 0, candidate: 1, probationary: 1, full: 0 })
    expect(road.atEnd.probationary).toBe(1)
    expect(bridge.reasons[0].citation.document).toBe("seed-002")
  })

  it("makes the applicant talk due within a month (细则 Art. 8)", () => {
    const records = [path("q", ["2021-01-31"])]
    const r = obligationReport({ rules: fudingTalkRules, triggers: applicationTriggers(records), talks: [], asOf: "2021-03-05" })
    expect(r.overdue.map((d) => [d.dueBy, d.daysLate])).toEqual([["2021-02-28", 5]])
    const done = obligationReport({ rules: fudingTalkRules, triggers: applicationTriggers(records), asOf: "2021-03-05",
      talks: [new Talk({ id: "t", memberId: "q", organizationId: "home", date: isoDate("2021-02-20"), by: "sec" })] })
    expect(done.due[0]!.status).toBe("done")
  })

  it("is a gap under a policy without pipeline rules", () => {
    const bare = policies.national.rules.filter((r) => r.kind !== "pipeline.minimumIntervals")
    const f = checkPipeline({ policy: new Policy({ ...policies.national, rules: bare }), record: good, organizations: lookup, asOf: "2024-01-01" })
    expect(f._tag).toBe("Gap")
  })
})

// Stage names stay in step with the shared vocabulary.
describe("pipeline vocabulary", () => {
  it("follows MemberStatuses", () => {
    const order: ReadonlyArray<MemberStatus> = ["applicant", "activist", "candidate", "probationary", "full"]
    expect(MemberStatuses.values).toEqual(order)
  })
})
