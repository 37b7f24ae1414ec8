/**
 * The sources' own cases as scorecards, and the deadlines at n-1, n, n+1 days.
 */
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { isoDate } from "../model/primitives.js"
import { policies } from "../policy/catalogue/index.js"
import { makeProject } from "../scenarios/seeds.js"
import { plusDays } from "../rules/obligation/define.js"
import type { RecordFact } from "./records.js"
import { AssessmentRecorded, LetterSigned, MeetingHeld, MilestoneRecorded, ReportReviewed, ReportSubmitted, StepRecorded, YearMonth, replayRecords } from "./records.js"
import { Scorecard, scorecard } from "./scorecard.js"
import type { Milestone, Step } from "./vocabulary.js"
import { Schema } from "effect"
import type { Policy } from "../policy/policy.js"
import type { Project } from "../model/project.js"

let n = 0
const ms = (projectId: string, milestone: Milestone, date: string) => new MilestoneRecorded({ id: `r${++n}`, projectId, date: isoDate(date), milestone })
const st = (projectId: string, step: Step, date: string, organizationId?: string) =>
  new StepRecorded({ id: `r${++n}`, projectId, date: isoDate(date), step, ...(organizationId === undefined ? {} : { organizationId }) })
const month = (m: string) => Schema.decodeSync(YearMonth)(m)

const card = (project: Project, policy: Policy, facts: ReadonlyArray<RecordFact>, date: string): Scorecard =>
  Either.getOrThrow(scorecard(project, policy, Either.getOrThrow(replayRecords(facts)), isoDate(date)))
const item = (c: Scorecard, kind: string) => c.items.find((i) => i.kind === kind)!

// a major Shanghai site (required under §二(二)), construction from 2022-03-01
const shanghai = makeProject({
  id: "sh-1", name: "上海某重大工程", kind: "rail", costYuan: 3e9, plannedStart: "2022-03-01", plannedEnd: "2024-02-29", major: true,
  units: [{ id: "gc", name: "总承包", role: "generalContractor", hasOrganization: true, members: { full: 12 } }]
})

describe("Shanghai: four synchronizations (seed-000 §四(二)) and Party work before construction (§三(二))", () => {
  const steps = (date: string) => (["organizationEstablished", "secretaryAppointed", "dutiesDefined", "partyWorkStarted"] as const).map((s) => st("sh-1", s, date))

  it("an organization that came two months after construction started is late on the four synchronizations", () => {
    const facts = [ms("sh-1", "constructionStart", "2022-03-01"), ...steps("2022-05-01")]
    // before the organization: overdue, counted from construction start (the set-up is not recorded)
    const before = card(shanghai, policies.shanghaiSite, facts.slice(0, 1), "2022-04-15")
    expect(item(before, "obligation.fourSynchronizations")).toMatchObject({ status: "overdue", dueOn: "2022-03-01", daysLate: 45 })
    expect(before.standing).toBe("overdue")
    // after: met, 61 days late; Party work did not enter before construction either
    const after = card(shanghai, policies.shanghaiSite, facts, "2022-06-30")
    expect(item(after, "obligation.fourSynchronizations")).toMatchObject({ status: "met", daysLate: 61 })
    expect(item(after, "obligation.partyWorkBeforeConstruction")).toMatchObject({ status: "met", dueOn: "2022-02-28", daysLate: 62 })
    expect(item(after, "obligation.fourSynchronizations").reason.citation.quote).toContain("同步建立工地党组织")
    expect(item(after, "obligation.fourSynchronizations").reason.parameters.map((p) => [p.key, p.assumption])).toEqual([["synchronizationGraceDays", true]])
  })

  it("counts from the recorded set-up when there is one", () => {
    const c = card(shanghai, policies.shanghaiSite, [ms("sh-1", "projectSetUp", "2022-01-10"), ms("sh-1", "constructionStart", "2022-03-01"), ...steps("2022-01-10")], "2022-06-30")
    expect(item(c, "obligation.fourSynchronizations")).toMatchObject({ status: "met", dueOn: "2022-01-10", daysLate: 0 })
    expect(item(c, "obligation.partyWorkBeforeConstruction")).toMatchObject({ status: "met", daysLate: 0 })
    // the external joint mechanism has no deadline: due, with the typed gap, never overdue
    const ext = item(c, "obligation.externalJointMechanism")
    expect(ext.status).toBe("due")
    expect(ext.gap?.question).toBe("obligations")
    expect(c.standing).toBe("due")
  })

  it.each([[-1, "due", undefined], [0, "due", undefined], [1, "overdue", 1]] as const)("the set-up day %i: %s", (offset, status, late) => {
    const setUp = "2022-01-10"
    const c = card(shanghai, policies.shanghaiSite, [ms("sh-1", "projectSetUp", setUp)], plusDays(setUp, offset))
    const i = item(c, "obligation.fourSynchronizations")
    expect(i.status).toBe(status)
    expect(i.daysLate).toBe(late)
  })

  it.each([[-1, 0], [0, 0], [1, 1]] as const)("an organization set up %i day(s) from the set-up is %i day(s) late", (offset, late) => {
    const setUp = "2022-01-10"
    const done = plusDays(setUp, offset)
    const c = card(shanghai, policies.shanghaiSite, [ms("sh-1", "projectSetUp", setUp), ...steps(done)], "2022-06-30")
    expect(item(c, "obligation.fourSynchronizations")).toMatchObject({ status: "met", daysLate: late })
  })

  it("a joint branch stands in for the organization as the permitted alternative (§二(二))", () => {
    const c = card(shanghai, policies.shanghaiSite, [
      ms("sh-1", "projectSetUp", "2022-01-10"), st("sh-1", "jointOrganizationJoined", "2022-01-10"), st("sh-1", "instructorAppointed", "2022-01-10"),
      ...steps("2022-01-10").slice(1)
    ], "2022-06-30")
    expect(item(c, "obligation.fourSynchronizations").status).toBe("metThroughAlternative")
    expect(item(c, "obligation.siteOrganization")).toMatchObject({ status: "metThroughAlternative", alternative: "jointBranchWithInstructor" })
    expect(c.coverageGap).toBe(false)
  })

  it("a Shanghai site outside its scope (a non-major three-year site) has no Shanghai obligations: the national layer answered", () => {
    const long = makeProject({
      id: "sh-long", name: "商业综合体", kind: "building", costYuan: 6e8, plannedStart: "2022-01-01", plannedEnd: "2024-12-31", major: false,
      units: [{ id: "gc", name: "总承包", role: "generalContractor", members: { full: 8 } }]
    })
    const c = card(long, policies.shanghaiSite, [], "2022-06-30")
    expect(item(c, "obligation.fourSynchronizations").status).toBe("notApplicable")
    expect(item(c, "obligation.siteOrganization").status).toBe("due")
    expect(c.coverageGap).toBe(true)
  })
})

describe("Langshan: project branches formed with their departments (seed-001 §二 一是)", () => {
  const site = makeProject({
    id: "ls-1", name: "星光耀广场", kind: "building", costYuan: 1.2e9, plannedStart: "2021-03-01", plannedEnd: "2023-12-31", major: true,
    units: [{ id: "builder", name: "承建单位", role: "generalContractor", hasOrganization: true, members: { full: 15 } }]
  })
  const base = [
    ms("ls-1", "projectDepartmentFormed", "2021-02-20"), st("ls-1", "organizationEstablished", "2021-02-20"),
    ms("ls-1", "projectManagerAppointed", "2021-02-25"), st("ls-1", "secretaryAppointed", "2021-02-25")
  ]

  it("branch with the department and secretary with the manager: met on time; the bundled assessment is due, no deadline", () => {
    const c = card(site, policies.langshanStreet, base, "2021-06-30")
    expect(item(c, "obligation.threeSynchronizations")).toMatchObject({ status: "met", daysLate: 0 })
    expect(item(c, "obligation.bundledAssessment").status).toBe("due")
    expect(c.standing).toBe("due")
    const withAssessment = card(site, policies.langshanStreet, [...base, new AssessmentRecorded({ id: "a1", projectId: "ls-1", date: isoDate("2021-06-01"), assessment: "bundled" })], "2021-06-30")
    expect(withAssessment.standing).toBe("compliant")
  })

  it("a branch formed after its department is late by the days between", () => {
    const late = [base[0]!, st("ls-1", "organizationEstablished", "2021-03-02"), base[2]!, base[3]!]
    expect(item(card(site, policies.langshanStreet, late, "2021-06-30"), "obligation.threeSynchronizations")).toMatchObject({ status: "met", daysLate: 10 })
  })
})

describe("Fuding: a combined branch with instructor and liaison (seed-002 §三)", () => {
  const site = makeProject({
    id: "fd-1", name: "沙埕湾跨海公路通道工程", kind: "bridgeTunnel", costYuan: 2e9, plannedStart: "2019-06-01", plannedEnd: "2022-12-31", major: true,
    competentDepartment: "交通局", locality: "佳阳乡",
    units: [{ id: "gc", name: "施工单位", role: "generalContractor", members: { full: 6 } }]
  })
  const letter = (covers: ReadonlyArray<"quality" | "safety" | "schedule" | "civilizedSite">) =>
    new LetterSigned({ id: `l${++n}`, projectId: "fd-1", date: isoDate("2020-09-10"), letter: "dualStandard", covers })
  const full = [
    st("fd-1", "organizationEstablished", "2020-09-05"), st("fd-1", "instructorAppointed", "2020-09-05"), st("fd-1", "liaisonAppointed", "2020-09-06"),
    new MeetingHeld({ id: "mt1", projectId: "fd-1", date: isoDate("2020-09-15"), meeting: "jointMeeting", participants: ["owner", "交通局", "佳阳乡"] })
  ]

  it("with instructor, liaison, a joint meeting and a full letter it is compliant", () => {
    const c = card(site, policies.fudingSite2020, [...full, letter(["quality", "safety", "schedule", "civilizedSite"])], "2020-12-31")
    expect(item(c, "obligation.instructorAndLiaison")).toMatchObject({ status: "met" })
    expect(item(c, "obligation.instructorAndLiaison").evidence).toHaveLength(2)
    expect(c.standing).toBe("compliant")
    expect(c.coverageGap).toBe(false)
  })

  it("a letter without the civilized site does not meet the dual standard; without a liaison the pair is due", () => {
    const c = card(site, policies.fudingSite2020, [full[0]!, full[1]!, full[3]!, letter(["quality", "safety", "schedule"])], "2020-12-31")
    expect(item(c, "obligation.dualStandardLetter").status).toBe("due")
    expect(item(c, "obligation.dualStandardLetter").reason.text.en).toContain("civilizedSite")
    expect(item(c, "obligation.instructorAndLiaison").status).toBe("due")
  })

  it("a site outside Fuding's scope has no Fuding obligations", () => {
    const small = makeProject({ id: "fd-2", name: "小工地", kind: "building", costYuan: 3e7, plannedStart: "2020-01-01", plannedEnd: "2020-12-31", major: false,
      units: [{ id: "gc", name: "施工单位", role: "generalContractor", members: { full: 4 } }] })
    const c = card(small, policies.fudingSite2020, [], "2020-06-30")
    for (const k of ["obligation.jointMeeting", "obligation.dualStandardLetter", "obligation.instructorAndLiaison"]) expect(item(c, k).status).toBe("notApplicable")
  })
})

describe("Wenzhou: a red site with and without its monthly report (seed-004 §三(一))", () => {
  const site = makeProject({
    id: "wz-1", name: "温州某住宅工地", kind: "building", costYuan: 2e8, plannedStart: "2022-05-01", plannedEnd: "2024-04-30", major: false, district: "鹿城区",
    units: [{ id: "gc", name: "建工集团", role: "generalContractor", hasOrganization: true, members: { full: 5 } }]
  })
  const report = (m: string, date: string) => new ReportSubmitted({ id: `rep-${m}`, projectId: "wz-1", date: isoDate(date), month: month(m) })
  const base = [
    ms("wz-1", "redSiteCreationStarted", "2022-06-15"), st("wz-1", "organizationEstablished", "2022-06-01"),
    ...(["venue", "rules", "signage", "members"] as const).map((s) => st("wz-1", s, "2022-06-20")),
    report("2022-06", "2022-07-05"), report("2022-07", "2022-08-08")
  ]

  it.each([["2022-09-09", "due", undefined], ["2022-09-10", "due", undefined], ["2022-09-11", "overdue", 1]] as const)(
    "without August's report on %s: %s", (date, status, late) => {
      const i = item(card(site, policies.wenzhouRedSite2022, base, date), "obligation.monthlyReport")
      expect(i.status).toBe(status)
      expect(i.daysLate).toBe(late)
      if (status === "overdue") expect(i.periods).toEqual(["2022-08"])
      else expect(i.dueOn).toBe("2022-09-10")
    })

  it("with August's report it is met, and the next one is due by 10 October", () => {
    const c = card(site, policies.wenzhouRedSite2022, [...base, report("2022-08", "2022-09-09")], "2022-09-20")
    expect(item(c, "obligation.monthlyReport")).toMatchObject({ status: "met", nextDue: "2022-10-10" })
    expect(item(c, "obligation.creationRecords").status).toBe("met")
    expect(c.standing).toBe("compliant")
  })

  it("a returned report counts as not submitted until a new one is", () => {
    const returned = [...base, report("2022-08", "2022-09-05"),
      new ReportReviewed({ id: "rv1", projectId: "wz-1", date: isoDate("2022-09-08"), reportId: "rep-2022-08", outcome: "returned", reviewerId: "鹿城区住建局" })]
    expect(item(card(site, policies.wenzhouRedSite2022, returned, "2022-09-20"), "obligation.monthlyReport")).toMatchObject({ status: "overdue", daysLate: 10 })
  })

  it("a site not running red-site creation owes no report", () => {
    const c = card(site, policies.wenzhouRedSite2022, [st("wz-1", "organizationEstablished", "2022-06-01")], "2022-09-20")
    expect(item(c, "obligation.monthlyReport").status).toBe("notApplicable")
    expect(item(c, "obligation.creationRecords").status).toBe("notApplicable")
  })
})

describe("a scorecard is plain data", () => {
  it("encodes to JSON and decodes back unchanged (every status, gaps and evidence included)", () => {
    const facts = [ms("sh-1", "constructionStart", "2022-03-01"), st("sh-1", "organizationEstablished", "2022-05-01")]
    for (const date of ["2022-02-01", "2022-04-15", "2022-06-30"]) {
      const c = card(shanghai, policies.shanghaiSite, date < "2022-05-01" ? facts.slice(0, 1) : facts, date)
      const json = JSON.parse(JSON.stringify(Schema.encodeSync(Scorecard)(c)))
      expect(Schema.decodeUnknownSync(Scorecard)(json)).toEqual(c)
    }
  })

  it.each([[-1, "due"], [0, "overdue"], [1, "overdue"]] as const)("Party work before construction, checked %i day(s) from the start: %s (due the day before)", (offset, status) => {
    const c = card(shanghai, policies.shanghaiSite, [ms("sh-1", "constructionStart", "2022-03-01")], plusDays("2022-03-01", offset))
    expect(item(c, "obligation.partyWorkBeforeConstruction").status).toBe(status)
  })
})
