/**
 * Shanghai: construction sites (`shanghai-site`) and the Expo park in operation (`shanghai-expo`), seed 000.
 *
 * @module
 */
import { cite, quoted } from "../sources.js"
import { counting, policy, rule, stated } from "./build.js"

const SITE = "seed-000-site" as const
const EXPO = "seed-000-expo" as const

/** Shanghai's opinions on joint Party building at construction sites (trial). */
export const shanghaiSite = policy({
  id: "shanghai-site",
  name: ["上海工地党建联建意见", "Shanghai construction-site joint Party building"],
  jurisdiction: ["上海市", "Shanghai"],
  basis: "national",
  effective: { note: "issued 27 April 201x; the source elides the year, so the start date is unknown" },
  parameters: [
    stated("majorProjectsRequired", true, "flag", "重大工程一律建立党组织", "Every major project sets up an organization",
      quoted(SITE, "§二(二)", "凡属重大工程建设项目……都要建立党的临时党委(总支、支部)")),
    stated("siteMinMonths", 6, "months", "应建党组织的工期下限", "Shortest build period that requires an organization",
      quoted(SITE, "§二(二)", "建设工期达到半年以上、两年以内的工地")),
    stated("siteMaxMonths", 24, "months", "应建党组织的工期上限", "Longest build period named by the rule",
      quoted(SITE, "§二(二)", "建设工期达到半年以上、两年以内的工地", "the clause is silent on non-major sites longer than two years: the national baseline answers there")),
    stated("projectOrganizationsTemporary", true, "flag", "工地党组织为临时党组织", "Site organizations are temporary",
      quoted(SITE, "§二(二)", "都要建立党的临时党委(总支、支部)")),
    stated("fewMembersForms", ["jointBranch", "workGroup", "jointOffice", "attachment", "instructorOnly"], "list",
      "党员较少时的组织形式", "Forms where members are too few",
      quoted(SITE, "§二(二)", "联合党支部、党的工作小组、党建联建办公室等;也可由上级或社区党组织派党建指导员", "by dispatching members in, attachment or joint building")),
    stated("leadRolePreference", ["generalContractor", "owner"], "list", "牵头单位顺序", "Lead units in order",
      quoted(SITE, "§二(一)", "一般由全过程参与工程建设和具有承上启下作用的施工总承包单位或业主和建设单位党组织牵头")),
    stated("massWorkMemberRequired", true, "flag", "设专门负责群众工作的委员", "A committee member dedicated to mass work",
      quoted(SITE, "§二(二)", "工地党(总)支部中应设置一名支(总)部委员专门负责群众工作",
        "a committee member (支(总)部委员): a branch without a committee has none, and the clause does not say who does mass work then (a gap)")),
    stated("stateOwnedMajorCoverageByYearEnd", true, "flag", "国有企业年底基本覆盖重大工程", "State-owned enterprises cover major projects by year end",
      quoted(SITE, "§五(一)", "国有企业党组织要在工地党建联建中发挥骨干作用,在重大工程建设项目中深化工地党建联建,到年底要基本覆盖"))
  ],
  rules: [
    rule("shanghai-site.requirement", "requirement", "requirement.majorOrPeriodRange",
      "重大工程和工期半年以上两年以内的工地建立党组织", "Major projects and sites of six months to two years set up an organization",
      cite(SITE, "§二(二)"), ["majorProjectsRequired", "siteMinMonths", "siteMaxMonths"]),
    rule("shanghai-site.forms", "forms", "forms.siteWithAlternatives",
      "临时党委(总支、支部),党员较少时联合党支部等", "Temporary committee, general branch or branch; with too few members a joint branch, work group, joint office, attachment or instructor",
      cite(SITE, "§二(二)"), ["fewMembersForms", "branchMinFullMembers", "generalBranchMinMembers", "committeeMinMembers", "projectOrganizationsTemporary"]),
    rule("shanghai-site.lead", "lead", "lead.unitRolePreference",
      "施工总承包单位或业主、建设单位党组织牵头", "The general contractor's or the owner's organization leads",
      cite(SITE, "§二(一); §四(一)-(二)"), ["leadRolePreference"]),
    rule("shanghai-site.secretary", "secretary", "secretary.leadUnitWithProject",
      "总承包方党组织同步配备党组织书记", "The general contractor's organization appoints the secretary with the project",
      cite(SITE, "§四(二)")),
    rule("shanghai-site.massWork", "massWorkMember", "massWork.dedicatedMember",
      "工地党(总)支部设一名委员专门负责群众工作", "A site (general) branch has one committee member for mass work",
      cite(SITE, "§二(二)", "where the branch has a committee (7 or more full members, Branch Work Regulations Ch. 6)"), ["massWorkMemberRequired"]),
    rule("shanghai-site.instructor", "instructor", "instructor.whenTooFewMembers",
      "党员较少时由上级或社区党组织派党建指导员", "Where members are too few a superior or the community may dispatch an instructor",
      cite(SITE, "§二(二); §四(一)"), ["branchMinFullMembers"]),
    rule("shanghai-site.atStart", "atStart", "atStart.fourSynchronizations",
      "四同步;开工前党建工作先期进入", "Four synchronizations; Party work enters before construction",
      cite(SITE, "§四(二); §三(二)")),
    rule("shanghai-site.reportOnEntry", "atStart", "atStart.reportOnEntry",
      "参建单位进场时报告党组织和党员情况", "Participating units report their organization and members on entry",
      cite(SITE, "§四(四)")),
    rule("shanghai-site.units", "units", "units.attendWithMembershipUnchanged",
      "参建单位党员隶属关系不变参加工地组织生活", "Participating units' members attend the site organization with membership unchanged",
      cite(SITE, "§四(四)")),
    rule("shanghai-site.target", "target", "target.majorProjectsByYearEnd",
      "国有企业年底基本覆盖重大工程;重大工程和半年以上工地实现工作覆盖", "State-owned enterprises cover major projects by year end; major projects and sites of six months or more reach work coverage",
      cite(SITE, "§五(一)"), ["stateOwnedMajorCoverageByYearEnd", "siteMinMonths"])
  ]
})

/** Shanghai Expo park during operation: temporary organizations of every unit, under dual leadership. */
export const shanghaiExpo = policy({
  id: "shanghai-expo",
  name: ["世博园区运行期党建联建意见", "Expo park joint Party building during operation"],
  jurisdiction: ["上海世博园区", "Shanghai Expo park"],
  basis: "national",
  displaces: ["national.requirement", "national.forms", "national.units"],
  effective: {
    from: "2010-03-01",
    to: "2010-10-31",
    inferred: true,
    note: "issued March 201x (the source elides the year; read as 2010 from the Expo's dates: its 184-day operation ended 31 October 2010)"
  },
  parameters: [
    counting("full", stated("unitMinFullMembers", 3, "members", "办展单位建立临时党组织的正式党员下限", "Full members a unit needs for its own temporary organization",
      quoted(EXPO, "§二(三)", "凡有3名以上正式党员的,都要建立临时党组织"))),
    stated("departmentFormsTemporaryCommittee", true, "flag", "世博局主管部门建立临时党委", "Bureau departments form temporary committees",
      quoted(EXPO, "§二(三)", "世博局主管部门)建立临时党委")),
    stated("projectOrganizationsTemporary", true, "flag", "办展单位的党组织为临时党组织", "Units' organizations in the park are temporary",
      quoted(EXPO, "§二(三)", "都要建立临时党组织"))
  ],
  rules: [
    rule("shanghai-expo.requirement", "requirement", "requirement.unitsWithEnoughMembers",
      "3名以上正式党员的单位都要建立临时党组织;不足3名的纳入主管部门党组织管理", "Every unit with 3 or more full members sets up a temporary organization; members of the others are managed by the department",
      cite(EXPO, "§二(三)", "displaces national.requirement with a cited clause: 正式党员不足3名的,要将党员按照业务管理关系纳入园区相关世博局主管部门党组织"), ["unitMinFullMembers"]),
    rule("shanghai-expo.forms", "forms", "forms.expoDepartments",
      "主管部门建立临时党委,各单位建立临时党组织", "Departments form temporary committees; units form temporary organizations",
      cite(EXPO, "§二(三)"), ["departmentFormsTemporaryCommittee"]),
    rule("shanghai-expo.units", "units", "units.expoThreshold",
      "不足3名正式党员的按业务关系纳入主管部门党组织管理", "Units with fewer than 3 full members are managed by the department by business line",
      cite(EXPO, "§二(三)"), ["unitMinFullMembers", "branchMinFullMembers", "generalBranchMinMembers", "committeeMinMembers", "projectOrganizationsTemporary"]),
    rule("shanghai-expo.lead", "lead", "lead.dispatchingUnit",
      "接受派出单位党组织领导", "Led by the dispatching unit's organization",
      cite(EXPO, "§二(三)")),
    rule("shanghai-expo.secondSuperior", "secondSuperior", "secondSuperior.bureauCommittee",
      "同时接受世博局党委领导(双重领导)", "Also led by the bureau's Party committee (dual leadership)",
      cite(EXPO, "§二(三)")),
    rule("shanghai-expo.secretary", "secretary", "secretary.administrativeHead",
      "部门党组织书记由党员行政负责人兼任,配专职副书记", "Department secretaries are the administrative head who is a member, with a full-time deputy",
      cite(EXPO, "§五(二)")),
    rule("shanghai-expo.instructor", "instructor", "instructor.forUnitsWithoutOrganization",
      "不具备建立党组织条件的委派党建指导员", "Units that cannot form an organization receive an instructor",
      cite(EXPO, "§五(三)"), ["unitMinFullMembers"]),
    rule("shanghai-expo.atStart", "atStart", "atStart.recordFiling",
      "临时党组织报世博局党委备案", "Temporary organizations are filed with the bureau's committee",
      cite(EXPO, "§二(三)"))
  ]
})
