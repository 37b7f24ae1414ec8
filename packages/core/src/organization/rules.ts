/**
 * The setup rules: one plain function per rule kind, of the project's facts and the policy's parameters.
 *
 * A rule never holds a number of its own: every threshold is read from the policy through {@link Read},
 * which records it (and every fact read) for the explanation. A rule answers, or says it is silent.
 *
 * @module
 */
import type { MemberCounts } from "../model/project.js"
import type { RuleKind } from "../policy/policy.js"
import type {
  SetupForm,
  StartAction,
  UnitRole
} from "../model/vocabulary.js"
import { UnitRoles } from "../model/vocabulary.js"
import { FormOption, Leader, UnitDecision } from "./decision.js"
import { trusted } from "../internal/trusted.js"
import type { Outcome, Read, SetupContext } from "../rules/define.js"
import { answer, silent } from "../rules/define.js"
import { ruleRegistry } from "../rules/registry.js"
import { fullFact } from "../rules/decided.js"

const NO_MEMBERS: MemberCounts = { full: 0, probationary: 0, pipeline: 0 }

const opt = (form: SetupForm, temporary: boolean, variants: ReadonlyArray<string> = []) =>
  new FormOption({ form, temporary, variants }, trusted)

/**
 * Forms by the number of members, using the national thresholds (read through `r`), each compared with the
 * count its parameter names: a committee from `committeeMinMembers` and a general branch from
 * `generalBranchMinMembers` members in all (党员人数, probationary included), a branch from
 * `branchMinFullMembers` full members; fewer, a joint branch.
 */
const formsByCount = (counts: MemberCounts, temporary: boolean, r: Read): ReadonlyArray<FormOption> => {
  const committee = r.members("committeeMinMembers", counts)
  if (committee.have >= committee.min) return [opt("committee", temporary), opt("generalBranch", temporary)]
  const general = r.members("generalBranchMinMembers", counts)
  if (general.have >= general.min) return [opt("generalBranch", temporary), opt("branch", temporary)]
  const branch = r.members("branchMinFullMembers", counts)
  if (branch.have >= branch.min) return [opt("branch", temporary)]
  return [opt("jointBranch", temporary)]
}

/** Records the project's full members and its members in all (full and probationary). */
const countFacts = (ctx: SetupContext, r: Read) => {
  r.fact("members", ctx.counts.full + ctx.counts.probationary)
  return fullFact(ctx, r)
}
const temporaryWord = (temporary: boolean) => (temporary ? { zh: "临时", en: "temporary " } : { zh: "", en: "" })

type Impl = (ctx: SetupContext, r: Read) => Outcome<unknown>

// ---------------------------------------------------------------------------------------------- forms

const formsImpls = {
  "forms.byMemberCount": (ctx, r): Outcome<ReadonlyArray<FormOption>> => {
    const full = countFacts(ctx, r)
    const all = full + ctx.counts.probationary
    const temporary = r.flag("projectOrganizationsTemporary")
    const forms = formsByCount(ctx.counts, temporary, r)
    if (forms[0]!.form === "jointBranch") r.num("jointBranchMaxUnits")
    const t = temporaryWord(temporary)
    return answer(forms, `正式党员${full}人,党员共${all}人(含预备党员):${t.zh}${forms.map((f) => f.form).join("/")}`,
      `${full} full member(s), ${all} member(s) in all (probationary included): ${t.en}${forms.map((f) => f.form).join(" / ")}`)
  },
  "forms.siteWithAlternatives": (ctx, r): Outcome<ReadonlyArray<FormOption>> => {
    const full = countFacts(ctx, r)
    const temporary = r.flag("projectOrganizationsTemporary")
    const branch = r.members("branchMinFullMembers", ctx.counts)
    if (branch.have >= branch.min) {
      const t = temporaryWord(temporary)
      return answer(formsByCount(ctx.counts, temporary, r), `正式党员${full}人,建立${t.zh}党委(总支、支部)`,
        `${full} full members: a ${t.en}committee, general branch or branch`)
    }
    const alternatives = r.list("fewMembersForms") as ReadonlyArray<SetupForm>
    return answer(alternatives.map((f) => opt(f, temporary && (f === "jointBranch" || f === "workGroup"))),
      `正式党员${full}人,不具备单独建立党组织条件`, `${full} full member(s): too few for an organization of the site's own`)
  },
  "forms.expoDepartments": (_ctx, r): Outcome<ReadonlyArray<FormOption>> =>
    r.flag("departmentFormsTemporaryCommittee")
      ? answer([opt("committee", true)], "世博局主管部门建立临时党委,各单位另按人数建立临时党组织",
        "the bureau's department forms a temporary committee; each unit forms its own by its members (see units)")
      : silent("未规定主管部门的组织形式", "no form is set for departments"),
  "forms.projectBranchPerDepartment": (ctx, r): Outcome<ReadonlyArray<FormOption>> => {
    const full = fullFact(ctx, r)
    const { min } = r.members("branchMinFullMembers", ctx.counts)
    if (full < min) {
      return silent(`该做法未说明正式党员不足${min}人的项目如何组建项目党支部`,
        `the practice does not say how a project branch is formed with fewer than ${min} full members`)
    }
    return answer([opt("branch", r.flag("projectOrganizationsTemporary"))], "与项目部同步组建项目党支部,隶属街道项目党委;竣工后转化而非撤销",
      "a project branch formed with the project department, under the street's project committee; converted, not dissolved, after completion")
  },
  "forms.combinedBranch": (ctx, r): Outcome<ReadonlyArray<FormOption>> => {
    countFacts(ctx, r)
    return answer([opt("combinedBranch", r.flag("projectOrganizationsTemporary"))],
      "聚合建设、设计、施工、监理和主管部门、驻地乡镇(村)党员组建工地兼合党支部",
      "members of the builders, the competent department and the local town or village form a combined branch",
      [{ question: "memberThreshold", text: { zh: "福鼎模式未规定兼合党支部所需的正式党员人数", en: "the policy says nothing about how many full members a combined branch needs" } }])
  },
  "forms.jointAlternatives": (ctx, r): Outcome<ReadonlyArray<FormOption>> => {
    const full = countFacts(ctx, r)
    const temporary = r.flag("projectOrganizationsTemporary")
    const branch = r.members("branchMinFullMembers", ctx.counts)
    if (branch.have >= branch.min) {
      return answer(formsByCount(ctx.counts, temporary, r), `正式党员${full}人,可单独组建`, `${full} full members: may form its own`)
    }
    return answer([opt("jointBranch", temporary, r.list("jointForms"))], `正式党员${full}人,不具备单独组建条件,建立联合党组织`,
      `${full} full member(s): cannot form alone; a joint organization`)
  },
  "forms.massOrganizationBridge": (ctx, r): Outcome<ReadonlyArray<FormOption>> => {
    const full = fullFact(ctx, r)
    const branch = r.members("branchMinFullMembers", ctx.counts)
    if (branch.have >= branch.min) return silent("仅规定没有条件建立党组织的情形", "speaks only of units that cannot form an organization")
    return answer([opt("massOrganization", false), opt("jointBranch", r.flag("projectOrganizationsTemporary")), opt("attachment", false), opt("instructorOnly", false)],
      `正式党员${full}人,没有条件建立党组织:建立工会,并以建、联、挂、派延伸党的工作`,
      `${full} full member(s): no organization possible; set up a union and extend Party work by building, joining, attaching, dispatching`)
  }
} satisfies Partial<Record<RuleKind, Impl>>

// ---------------------------------------------------------------------------------------------- leadership

const leadImpls = {
  "lead.unitRolePreference": (ctx, r): Outcome<Leader> => {
    const roles = r.list("leadRolePreference") as ReadonlyArray<UnitRole>
    const units = ctx.project.units
    r.fact("unitRoles", units.map((u) => `${u.id}:${u.role}:${u.hasOrganization ? "org" : "no-org"}`))
    for (const role of roles) {
      const u = units.find((x) => x.role === role && x.hasOrganization)
      if (u) return answer(new Leader({ kind: "unitOrganization", unitId: u.id, name: u.name }),
        `${UnitRoles.label(role, "zh")}单位(${u.name})党组织牵头`, `the ${UnitRoles.label(role, "en").toLowerCase()}'s organization (${u.name}) leads`)
    }
    for (const role of roles) {
      const u = units.find((x) => x.role === role)
      if (u) return answer(new Leader({ kind: "unitOrganization", unitId: u.id, name: u.name }),
        `${UnitRoles.label(role, "zh")}单位(${u.name})牵头,但尚无党组织,需先行组建或由社区、上级党组织支持`,
        `the ${UnitRoles.label(role, "en").toLowerCase()} (${u.name}) leads but has no organization yet: it must form one or be supported by the community or a superior`)
    }
    return silent("项目中没有政策指定的牵头单位", "none of the units the policy names as lead is on the project")
  },
  "lead.streetWorkingCommittee": (ctx, r): Outcome<Leader> => {
    const locality = ctx.project.locality
    if (locality !== undefined) r.fact("locality", locality)
    return answer(new Leader({ kind: "projectCommittee", superior: "streetWorkingCommittee", ...(locality === undefined ? {} : { name: locality }) }),
      "项目党支部隶属街道项目党委,项目党委是街道党工委的直属党委", "the project branch is under the street's project committee, which is directly under the street working committee")
  },
  "lead.competentDepartment": (ctx, r): Outcome<Leader> => {
    r.list("fourLevels")
    const dept = ctx.project.competentDepartment
    if (dept !== undefined) r.fact("competentDepartment", dept)
    return answer(new Leader({ kind: "competentDepartment", ...(dept === undefined ? {} : { name: dept }) }),
      "两新工委—项目主管部门—工地兼合党支部—党小组:主管部门主抓", "two-new working committee → competent department → combined branch → groups: the competent department leads")
  },
  "lead.dispatchingUnit": (): Outcome<Leader> =>
    answer(new Leader({ kind: "dispatchingUnitOrganization" }), "各单位临时党组织接受派出单位党组织领导", "each unit's temporary organization is led by its dispatching unit's organization"),
  "secondSuperior.bureauCommittee": (): Outcome<Leader> =>
    answer(new Leader({ kind: "bureauCommittee" }), "同时接受世博局党委领导(双重领导)", "and by the bureau's Party committee at the same time (dual leadership)")
} satisfies Partial<Record<RuleKind, Impl>>

// ---------------------------------------------------------------------------------------------- instructor, liaison, start

const startImpl = (actions: ReadonlyArray<StartAction>, zh: string, en: string) =>
  (): Outcome<ReadonlyArray<StartAction>> => answer(actions, zh, en)

const dutyImpls = {
  "atStart.fourSynchronizations": startImpl(
    ["establishWithProject", "appointSecretaryWithProject", "defineDutiesWithProject", "startWorkWithProject", "workBeforeConstruction"],
    "同步建立党组织、配备书记、明确职责、开展工作;开工前党建工作先期进入",
    "organization, secretary, duties and work set up with the project; Party work enters before construction"),
  "atStart.threeSynchronizations": startImpl(
    ["establishWithProject", "secretaryWithProjectManager", "bundledAssessment"],
    "组织与项目部同步组建、书记与项目经理同步配备、党建与项目建设同部署同检查同考核",
    "organization with the project department, secretary with the project manager, Party building deployed, inspected and assessed with construction"),
  "atStart.jointMeetingAndLetter": startImpl(
    ["jointMeeting", "dualStandardLetter", "pairingAgreement"],
    "建立工地党建联席会议,签订\"双达标\"责任书和党建联创协议",
    "a joint meeting, a dual-standard responsibility letter and a pairing agreement with the locality"),
  "atStart.recordFiling": startImpl(["recordFiling"], "临时党组织报世博局党委备案", "temporary organizations are filed with the bureau's committee"),
  "atStart.creationRecords": startImpl(["creationRecords"], "创建之初录入党支部活动场地、制度、标识、党员等信息", "record venue, rules, signage and members at creation"),
  "atStart.reportOnEntry": startImpl(["reportToSiteOrganization"], "参建单位进场时告知党组织建制和党员情况", "units report their organization and members to the site organization on entry")
} satisfies Partial<Record<RuleKind, Impl>>

// ---------------------------------------------------------------------------------------------- units

const unitImpls = {
  "units.ownBranchIfEnough": (ctx, r): Outcome<ReadonlyArray<UnitDecision>> => {
    const min = r.num("branchMinFullMembers")
    const decisions = ctx.project.units.map((u) => {
      const full = ctx.unitCounts.get(u.id)?.full ?? 0
      return new UnitDecision(full >= min
        ? { unitId: u.id, fullMembers: full, arrangement: "ownOrganization", form: "branch" }
        : { unitId: u.id, fullMembers: full, arrangement: "jointWithOthers", form: "jointBranch" }, trusted)
    })
    r.fact("unitFullMembers", decisions.map((d) => `${d.unitId}:${d.fullMembers}`))
    return answer(decisions, `有${min}名以上正式党员的单位单独建立党支部,不足的联合组建`, `units with ${min} or more full members form their own branch; others join`)
  },
  "units.attendWithMembershipUnchanged": (ctx, r): Outcome<ReadonlyArray<UnitDecision>> => {
    const decisions = ctx.project.units.map((u) =>
      new UnitDecision({ unitId: u.id, fullMembers: ctx.unitCounts.get(u.id)?.full ?? 0, arrangement: "attendSiteOrganization" }, trusted))
    r.fact("unitFullMembers", decisions.map((d) => `${d.unitId}:${d.fullMembers}`))
    return answer(decisions, "各参建单位党员在组织隶属关系不变的情况下参加工地组织生活(双重管理)",
      "every unit's members attend the site organization with their membership unchanged (dual management)")
  },
  "units.expoThreshold": (ctx, r): Outcome<ReadonlyArray<UnitDecision>> => {
    const min = r.num("unitMinFullMembers")
    const decisions = ctx.project.units.map((u) => {
      const full = ctx.unitCounts.get(u.id)?.full ?? 0
      if (full < min) return new UnitDecision({ unitId: u.id, fullMembers: full, arrangement: "departmentManaged", form: "departmentManaged" }, trusted)
      const form = formsByCount(ctx.unitCounts.get(u.id) ?? NO_MEMBERS, r.flag("projectOrganizationsTemporary"), r)[0]!.form
      return new UnitDecision({ unitId: u.id, fullMembers: full, arrangement: "ownOrganization", form }, trusted)
    })
    r.fact("unitFullMembers", decisions.map((d) => `${d.unitId}:${d.fullMembers}`))
    return answer(decisions, `${min}名以上正式党员的单位建立临时党组织,不足的按业务关系纳入主管部门党组织管理`,
      `units with ${min} or more full members form temporary organizations; others are managed by the department by business line`)
  }
} satisfies Partial<Record<RuleKind, Impl>>

/**
 * Every setup rule kind the engine can apply: the kinds defined as modules (the registry, e.g. every
 * requirement kind), then the kinds still written here.
 */
export const setupRules: Partial<Record<RuleKind, Impl>> = {
  ...Object.fromEntries([...ruleRegistry].map(([kind, d]) => [kind, d.decide])),
  ...formsImpls,
  ...leadImpls,
  ...dutyImpls,
  ...unitImpls
}
