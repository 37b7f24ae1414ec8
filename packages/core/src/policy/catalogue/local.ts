/**
 * Langshan street (`langshan-street`, seed 001), Fuding (`fuding-site-2020`, seed 002), the five joint modes
 * (`shanghai-five-joint`, seed 003) and Wenzhou's red sites (`wenzhou-red-site-2022`, seed 004).
 *
 * @module
 */
import { cite } from "../sources.js"
import { assumed, policy, rule, stated } from "./build.js"

/** Langshan street's project Party building ("interaction method"). */
export const langshanStreet = policy({
  id: "langshan-street",
  name: ["狼山镇街道项目党建\"互动工作法\"", "Langshan street project Party building"],
  jurisdiction: ["江苏省南通市崇川区狼山镇街道", "Langshan street, Chongchuan district, Nantong"],
  basis: "national",
  displaces: ["national.requirement", "national.secretary"],
  effective: { note: "practice report of year 20xx (elided in the source)" },
  parameters: [
    stated("keyProjectsRequired", true, "flag", "重点项目同步组建项目党支部", "Key projects form a project branch with the project department",
      cite("seed-001", "§二 一是", "项目建设的同时,和项目部同步组建项目党支部")),
    stated("conversionTargets", ["businessDistrict", "building", "community"], "list", "竣工后转化方向", "Conversion targets after completion",
      cite("seed-001", "§二 三是", "竣工后项目党建要转化为商圈党建、楼宇党建、社区党建"))
  ],
  rules: [
    rule("langshan-street.requirement", "requirement", "requirement.keyProject",
      "重点项目与项目部同步组建项目党支部", "A key project forms a project branch with its project department",
      cite("seed-001", "§二 一是"), ["keyProjectsRequired"]),
    rule("langshan-street.forms", "forms", "forms.projectBranchPerDepartment",
      "项目党委下按项目部组建项目党支部", "Project branches per project department under the project committee",
      cite("seed-001", "§二 一是"), ["branchMinFullMembers"]),
    rule("langshan-street.lead", "lead", "lead.streetWorkingCommittee",
      "项目党委为街道党工委直属党委", "The project committee is directly under the street working committee",
      cite("seed-001", "§二 一是")),
    rule("langshan-street.secretary", "secretary", "secretary.streetLiaisonLeader",
      "街道挂钩领导任书记,社区及投资、承建单位党组织负责人任副书记和委员", "The street's liaison leader is secretary; community, investor and contractor organization heads are deputies and members",
      cite("seed-001", "§二 一是")),
    rule("langshan-street.groups", "groups", "groups.bySection",
      "按工作小组成立党小组", "A Party group per workstream",
      cite("seed-001", "§二 二是", "土地挂牌、方案设计、项目协调、征收拆迁、质量监管等工作小组和相应的党小组")),
    rule("langshan-street.atStart", "atStart", "atStart.threeSynchronizations",
      "三同步:组织与项目部、书记与项目经理、党建与项目建设同步", "Three synchronizations with bundled assessment",
      cite("seed-001", "§二 一是")),
    rule("langshan-street.conversion", "conversion", "conversion.afterCompletion",
      "竣工后转化为商圈、楼宇、社区党建", "After completion, convert to business-district, building or community Party building",
      cite("seed-001", "§二 三是"), ["conversionTargets"])
  ]
})

/** Fuding's site Party-building model (2020). */
export const fudingSite2020 = policy({
  id: "fuding-site-2020",
  name: ["福鼎市工地党建模式", "Fuding site Party-building model"],
  jurisdiction: ["福建省宁德市福鼎市", "Fuding, Ningde, Fujian"],
  basis: "national",
  displaces: ["national.requirement", "national.forms"],
  effective: { from: "2020-09-03", note: "date of publication of the practice report" },
  parameters: [
    stated("costThresholdYuan", 50_000_000, "yuan", "推广范围:工程造价下限", "Scope: minimum cost",
      cite("seed-002", "§一 实施动因", "逐步向工程造价5000万元以上、工期2年以上的重点项目工地推广")),
    stated("periodThresholdMonths", 24, "months", "推广范围:工期下限", "Scope: minimum period",
      cite("seed-002", "§一 实施动因", "工期2年以上")),
    stated("requireKeyProject", true, "flag", "推广范围限于重点项目", "Scope limited to key projects",
      cite("seed-002", "§一 实施动因", "重点项目工地")),
    stated("fourLevels", ["twoNewWorkingCommittee", "competentDepartment", "combinedBranch", "group"], "list",
      "四级组织体系", "Four-level system",
      cite("seed-002", "§三 建立四级组织体系")),
    assumed("pointsCategories", ["postGoals", "obligations", "rules", "innovation"], "list", "积分类别", "Points categories",
      cite("seed-002", "§三 搭建干事平台", "岗位目标、履行义务、执行制度、改革创新; weights are not given"),
      "categories are stated; their weights and caps are assumptions of the scoring scheme")
  ],
  rules: [
    rule("fuding-site-2020.requirement", "requirement", "requirement.costAndPeriod",
      "工程造价5000万元以上、工期2年以上的重点项目工地建立工地党组织", "Key projects with cost of 50 million yuan or more and a period of 2 years or more",
      cite("seed-002", "§一 实施动因"), ["costThresholdYuan", "periodThresholdMonths", "requireKeyProject"]),
    rule("fuding-site-2020.forms", "forms", "forms.combinedBranch",
      "组建工地兼合党支部", "Form a combined branch of the site",
      cite("seed-002", "§三 建立四级组织体系"), ["siteOrganizationsTemporary"]),
    rule("fuding-site-2020.lead", "lead", "lead.competentDepartment",
      "两新工委牵头、项目主管部门主抓", "Led by the competent department under the two-new working committee",
      cite("seed-002", "§三 建立四级组织体系"), ["fourLevels"]),
    rule("fuding-site-2020.groups", "groups", "groups.bySection",
      "在不同工段、班组中成立党小组", "A Party group per work section or crew",
      cite("seed-002", "§三 建立四级组织体系")),
    rule("fuding-site-2020.instructor", "instructor", "instructor.everyCombinedBranch",
      "兼合党支部配备党建工作指导员", "Each combined branch has an instructor",
      cite("seed-002", "§三 建立四级组织体系")),
    rule("fuding-site-2020.liaison", "liaison", "liaison.everyCombinedBranch",
      "兼合党支部配备联络员", "Each combined branch has a liaison",
      cite("seed-002", "§三 建立四级组织体系")),
    rule("fuding-site-2020.atStart", "atStart", "atStart.jointMeetingAndLetter",
      "联席会议、\"双达标\"责任书、党建联创协议", "Joint meeting, dual-standard responsibility letter, pairing agreement",
      cite("seed-002", "§三 建立党建协调共商机制")),
    rule("fuding-site-2020.scoring", "scoring", "scoring.categories",
      "工地党员积分管理", "Site members' points", cite("seed-002", "§三 搭建干事平台"), ["pointsCategories"]),
    rule("fuding-site-2020.talks", "obligations", "obligations.talks",
      "三进三必谈:新来的党员必谈、施工违章必谈、个人或家庭发生变故必谈", "Three talks: with every new member, after a safety violation, after a family incident",
      cite("seed-002", "§三 注重组织关爱", "进工段、进班组、进宿舍; the source gives no time limits"))
  ]
})

/** The five joint modes of Party-work coverage (research report). */
export const shanghaiFiveJoint = policy({
  id: "shanghai-five-joint",
  name: ["建设交通系统\"五联\"模式", "Five joint modes of Party-work coverage"],
  jurisdiction: ["上海市建设交通系统", "Shanghai construction and transport sector"],
  basis: "national",
  effective: { note: "research report (uploaded 2022); the practice it describes predates it" },
  parameters: [],
  rules: [
    rule("shanghai-five-joint.forms", "forms", "forms.massOrganizationBridge",
      "没有条件建立党组织的,帮助建立工会组织(联手模式)", "Where no organization can be formed, help set up a union (joining hands)",
      cite("seed-003", "§二 4"), ["branchMinFullMembers"])
  ]
})

/** Wenzhou's red-site quality-improvement action plan (2022). */
export const wenzhouRedSite2022 = policy({
  id: "wenzhou-red-site-2022",
  name: ["温州市\"红色工地\"建设质量提升行动", "Wenzhou red-site quality improvement"],
  jurisdiction: ["浙江省温州市", "Wenzhou, Zhejiang"],
  basis: "national",
  displaces: ["national.requirement", "national.forms"],
  effective: { from: "2022-05-24", to: "2024-12-31", note: "targets run to the end of 2024" },
  parameters: [
    stated("creatingShare2022", 0.5, "share", "2022年底开展创建比例", "Share of eligible sites creating by end 2022", cite("seed-004", "§一(二)")),
    stated("creatingShare2023", 0.6, "share", "2023年底开展创建比例", "Share of eligible sites creating by end 2023", cite("seed-004", "§一(二)")),
    stated("creatingShare2024", 0.7, "share", "2024年底开展创建比例", "Share of eligible sites creating by end 2024", cite("seed-004", "§一(二)")),
    stated("qualityPlanShare2022", 0.7, "share", "2022年有创市级及以上优质工程计划比例", "Share with a city-level quality plan, 2022", cite("seed-004", "§一(二)")),
    stated("qualityPlanShare2023", 0.8, "share", "2023年有创市级及以上优质工程计划比例", "Share with a city-level quality plan, 2023", cite("seed-004", "§一(二)")),
    stated("qualityPlanShare2024", 0.9, "share", "2024年有创市级及以上优质工程计划比例", "Share with a city-level quality plan, 2024", cite("seed-004", "§一(二)")),
    assumed("eligibleMinMonths", 6, "months", "符合创建条件:工期下限", "Eligible: minimum period",
      cite("seed-004", "§一(二)", "the plan does not define 符合创建条件"),
      "assumption: the national six-month project rule (Branch Work Regulations Art. 5), as Zhejiang cities apply it"),
    assumed("eligibleMinFullMembers", 3, "members", "符合创建条件:正式党员下限", "Eligible: minimum full members on site",
      cite("seed-004", "§一(二)", "the plan does not define 符合创建条件"),
      "assumption: the national 3-full-member rule (Branch Work Regulations Art. 4)"),
    stated("jointForms", ["enterpriseDispatch", "areaJoint", "multiPartyJoint"], "list", "联合党组织组建方式", "Ways to form a joint organization",
      cite("seed-004", "§二(三)", "企业直派、片区联合、各方联建")),
    stated("leadRolePreference", ["generalContractor", "contractor"], "list", "牵头单位顺序", "Lead units in order",
      cite("seed-004", "§二(一)", "建筑业企业以工程项目为党建工作落脚点"))
  ],
  rules: [
    rule("wenzhou-red-site-2022.requirement", "requirement", "requirement.eligibleSite",
      "应建尽建:符合创建条件的工地", "Build where eligible (应建尽建)",
      cite("seed-004", "§一(二)"), ["eligibleMinMonths", "eligibleMinFullMembers"]),
    rule("wenzhou-red-site-2022.forms", "forms", "forms.jointAlternatives",
      "不具备单独组建的,企业直派、片区联合、各方联建", "Where a unit cannot form alone: enterprise dispatch, area joint or multi-party joint",
      cite("seed-004", "§二(三)"), ["jointForms", "branchMinFullMembers", "generalBranchMinMembers", "committeeMinMembers"]),
    rule("wenzhou-red-site-2022.lead", "lead", "lead.unitRolePreference",
      "建筑业企业以工程项目为党建工作落脚点", "The construction enterprise leads at its project",
      cite("seed-004", "§二(一)"), ["leadRolePreference"]),
    rule("wenzhou-red-site-2022.secretary", "secretary", "secretary.projectManagerOrCadre",
      "书记和项目经理\"一肩挑\"或选派党务干部", "Secretary is the project manager or a dispatched cadre",
      cite("seed-004", "§二(三)")),
    rule("wenzhou-red-site-2022.atStart", "atStart", "atStart.creationRecords",
      "创建之初录入阵地、制度、标识、党员信息", "Record venue, rules, signage and members at creation",
      cite("seed-004", "§二(三) 提升党建数字赋能")),
    rule("wenzhou-red-site-2022.target", "target", "target.yearlyShares",
      "2022-2024年度创建比例目标", "Yearly creation targets 2022-2024",
      cite("seed-004", "§一(二)"), ["creatingShare2022", "creatingShare2023", "creatingShare2024", "qualityPlanShare2022", "qualityPlanShare2023", "qualityPlanShare2024"])
  ]
})
