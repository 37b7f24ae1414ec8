/**
 * Langshan street (`langshan-street`, seed 001), Fuding (`fuding-site-2020`, seed 002), the five joint modes
 * (`shanghai-five-joint`, seed 003) and Wenzhou's red sites (`wenzhou-red-site-2022`, seed 004).
 *
 * @module
 */
import { cite, quoted } from "../sources.js"
import { assumed, counting, policy, rule, stated } from "./build.js"

/** Langshan street's project Party building ("interaction method"). */
export const langshanStreet = policy({
  id: "langshan-street",
  name: ["狼山镇街道项目党建\"互动工作法\"", "Langshan street project Party building"],
  jurisdiction: ["江苏省南通市崇川区狼山镇街道", "Langshan street, Chongchuan district, Nantong"],
  basis: "national",
  effective: { note: "practice report of year 20xx (elided in the source)" },
  parameters: [
    assumed("keyProjectsRequired", true, "flag", "重点项目同步组建项目党支部", "Key projects form a project branch with the project department",
      quoted("seed-001", "§二 一是", "項目建設的同時,和項目部同步組建項目黨支部", "the report describes the street's practice; it does not set it as a rule for every key project"),
      "assumption: the practice is read as the street's rule for its large key projects (keyProjectMinCostYuan); elsewhere the national baseline answers"),
    assumed("keyProjectMinCostYuan", 1_000_000_000, "yuan", "适用该做法的项目投资下限", "Least investment of a project the practice applies to",
      quoted("seed-001", "§ 引言", "等五大超10億元以上項目,開展項目黨建工作",
        "the opening, before §一: the street applied the practice to its five projects over one billion yuan (星光耀广场 among them), among 52 key projects"),
      "assumption: the practice's scope is the street's key projects of one billion yuan or more, as the report applied it; set 0 to extend it to every key project"),
    assumed("projectOrganizationsTemporary", false, "flag", "项目党组织不是临时党组织", "Project organizations are not temporary",
      quoted("seed-001", "§二 三是", "在竣工后,項目黨建要轉化為商圈黨建、樓宇黨建、社區黨建", "the source never calls them temporary; its web copy garbles 轉化 and 社區 with pinyin"),
      "assumption: the project branches convert after completion instead of being dissolved, so redsite proposes standing (not temporary) branches"),
    stated("conversionTargets", ["businessDistrict", "building", "community"], "list", "竣工后转化方向", "Conversion targets after completion",
      quoted("seed-001", "§二 三是", "在竣工后,項目黨建要轉化為商圈黨建、樓宇黨建、社區黨建", "the source names three targets and does not say how to choose among them; its web copy garbles 轉化 and 社區 with pinyin")),
    assumed("conversionTarget", "businessDistrict", "code", "竣工后默认转化方向", "Conversion target proposed after completion",
      quoted("seed-001", "§二 三是", "在竣工后,項目黨建要轉化為商圈黨建、樓宇黨建、社區黨建", "the source names three targets and does not say which one a project takes"),
      "assumption: the first target the source names (商圈党建, business district); the choice belongs to the street for each project — set it by a reform or convert to another of conversionTargets")
  ],
  rules: [
    rule("langshan-street.requirement", "requirement", "requirement.keyProject",
      "重点项目与项目部同步组建项目党支部", "A key project forms a project branch with its project department",
      cite("seed-001", "§二 一是"), ["keyProjectsRequired", "keyProjectMinCostYuan"]),
    rule("langshan-street.forms", "forms", "forms.projectBranchPerDepartment",
      "项目党委下按项目部组建项目党支部", "Project branches per project department under the project committee",
      cite("seed-001", "§二 一是"), ["branchMinFullMembers", "projectOrganizationsTemporary"]),
    rule("langshan-street.lead", "lead", "lead.streetWorkingCommittee",
      "项目党支部隶属项目党委,项目党委为街道党工委直属党委", "Project branches are under the project committee, which is directly under the street working committee",
      cite("seed-001", "§二 一是", "街道建立了项目党委,由党务书记任书记,是街道党工委的直属党委")),
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
      cite("seed-001", "§二 三是"), ["conversionTargets", "conversionTarget"])
  ]
})

/** Fuding's site Party-building model (2020). */
export const fudingSite2020 = policy({
  id: "fuding-site-2020",
  name: ["福鼎市工地党建模式", "Fuding site Party-building model"],
  jurisdiction: ["福建省宁德市福鼎市", "Fuding, Ningde, Fujian"],
  basis: "national",
  effective: { from: "2020-09-03", note: "date of publication of the practice report" },
  parameters: [
    stated("costThresholdYuan", 50_000_000, "yuan", "推广范围:工程造价下限", "Scope: minimum cost",
      quoted("seed-002", "§一 实施动因", "逐步向工程造价5000万元以上、工期2年以上的重点项目工地推广",
        "以上 includes the number; the scope says where Fuding's model applies: outside it the national baseline answers")),
    stated("periodThresholdMonths", 24, "months", "推广范围:工期下限", "Scope: minimum period",
      quoted("seed-002", "§一 实施动因", "工期2年以上", "a planned period counts from its first to its last day of work, both included")),
    stated("requireKeyProject", true, "flag", "推广范围限于重点项目", "Scope limited to key projects",
      quoted("seed-002", "§一 实施动因", "重点项目工地")),
    stated("fourLevels", ["twoNewWorkingCommittee", "competentDepartment", "combinedBranch", "group"], "list",
      "四级组织体系", "Four-level system",
      quoted("seed-002", "§三 建立四级组织体系", "两新工委—项目主管部门—工地兼合党支部—工段(班组)党小组")),
    assumed("projectOrganizationsTemporary", false, "flag", "工地兼合党支部不是临时党组织", "The site combined branch is not temporary",
      quoted("seed-002", "§三 注重人才培养", "目前,共在项目工地发展党员28名", "the source never calls the combined branch temporary, and reports admitting members on sites"),
      "assumption: a combined branch that admits members on site (28 reported) is not a temporary organization, which normally admits none (Branch Work Regulations Art. 6)"),
    assumed("admittingKinds", ["branch", "jointBranch", "combinedBranch"], "list", "可以发展党员的党组织类别", "Organization kinds that may admit members",
      quoted("seed-002", "§三 注重人才培养", "目前,共在项目工地发展党员28名", "the source does not say which organization admitted them"),
      "assumption: Fuding's site combined branches admit members (28 admitted on sites), besides branches and joint branches"),
    assumed("pointsCategories", ["postGoals", "obligations", "rules", "innovation"], "list", "积分类别", "Points categories",
      quoted("seed-002", "§三 搭建干事平台", "根据党员完成岗位目标、履行义务、执行制度、改革创新等情况", "weights are not given"),
      "categories are stated; their weights and caps are assumptions of the scoring scheme")
  ],
  rules: [
    rule("fuding-site-2020.requirement", "requirement", "requirement.costAndPeriod",
      "工程造价5000万元以上、工期2年以上的重点项目工地建立工地党组织", "Key projects with cost of 50 million yuan or more and a period of 2 years or more",
      cite("seed-002", "§一 实施动因"), ["costThresholdYuan", "periodThresholdMonths", "requireKeyProject"]),
    rule("fuding-site-2020.forms", "forms", "forms.combinedBranch",
      "组建工地兼合党支部", "Form a combined branch of the site",
      cite("seed-002", "§三 建立四级组织体系"), ["projectOrganizationsTemporary"]),
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
      cite("seed-003", "§二 4"), ["branchMinFullMembers", "projectOrganizationsTemporary"])
  ]
})

/** Wenzhou's red-site quality-improvement action plan (2022). */
export const wenzhouRedSite2022 = policy({
  id: "wenzhou-red-site-2022",
  name: ["温州市\"红色工地\"建设质量提升行动", "Wenzhou red-site quality improvement"],
  jurisdiction: ["浙江省温州市", "Wenzhou, Zhejiang"],
  basis: "national",
  effective: { from: "2022-05-24", to: "2024-12-31", note: "targets run to the end of 2024" },
  parameters: [
    stated("creatingShare2022", 0.5, "share", "2022年底开展创建比例", "Share of eligible sites creating by end 2022", quoted("seed-004", "§一(二)", "到2022年底,开展“红色工地”建设数量占符合创建条件的比例达到50%以上")),
    stated("creatingShare2023", 0.6, "share", "2023年底开展创建比例", "Share of eligible sites creating by end 2023", quoted("seed-004", "§一(二)", "到2023年底,开展“红色工地”建设数量占符合创建条件的比例达到60%以上")),
    stated("creatingShare2024", 0.7, "share", "2024年底开展创建比例", "Share of eligible sites creating by end 2024", quoted("seed-004", "§一(二)", "到2024年底,开展“红色工地”建设数量占符合创建条件的比例达到70%以上")),
    stated("qualityPlanShare2022", 0.7, "share", "2022年有创市级及以上优质工程计划比例", "Share with a city-level quality plan, 2022", quoted("seed-004", "§一(二)", "其中“红色工地”有创市级及以上优质工程计划的比例达到70%以上", "the 2022 clause")),
    stated("qualityPlanShare2023", 0.8, "share", "2023年有创市级及以上优质工程计划比例", "Share with a city-level quality plan, 2023", quoted("seed-004", "§一(二)", "其中“红色工地”有创市级及以上优质工程计划的比例达到80%以上", "the 2023 clause")),
    stated("qualityPlanShare2024", 0.9, "share", "2024年有创市级及以上优质工程计划比例", "Share with a city-level quality plan, 2024", quoted("seed-004", "§一(二)", "其中“红色工地”有创市级及以上优质工程计划的比例达到90%以上", "the 2024 clause")),
    assumed("eligibleMinMonths", 6, "months", "符合创建条件:工期下限", "Eligible: minimum period",
      cite("seed-004", "§一(二)", "the plan does not define 符合创建条件"),
      "assumption: the national six-month project rule (Branch Work Regulations Art. 5), as Zhejiang cities apply it"),
    counting("full", assumed("eligibleMinFullMembers", 3, "members", "符合创建条件:正式党员下限", "Eligible: minimum full members on site",
      cite("seed-004", "§一(二)", "the plan does not define 符合创建条件"),
      "assumption: the national 3-full-member rule (Branch Work Regulations Art. 4)")),
    stated("jointForms", ["enterpriseDispatch", "areaJoint", "multiPartyJoint"], "list", "联合党组织组建方式", "Ways to form a joint organization",
      quoted("seed-004", "§二(三)", "企业直派、片区联合、各方联建")),
    assumed("leadRolePreference", ["generalContractor", "contractor"], "list", "牵头单位顺序", "Lead units in order",
      quoted("seed-004", "§二(一)", "广大建筑业企业要以工程项目为党建工作落脚点", "the plan names construction enterprises, not an order of units"),
      "assumption: the general contractor leads, else a contractor — the construction enterprises the plan names; the order is redsite's"),
    assumed("projectOrganizationsTemporary", false, "flag", "红色工地党组织不是临时党组织", "Red-site organizations are not temporary",
      cite("seed-004", "§二(三)", "the plan never calls site organizations temporary, and records them for annual evaluation"),
      "assumption: Wenzhou's site organizations (including joint ones) are proposed as standing organizations; Branch Work Regulations Art. 6 only allows (可以) a temporary form")
  ],
  rules: [
    rule("wenzhou-red-site-2022.requirement", "requirement", "requirement.eligibleSite",
      "应建尽建:符合创建条件的工地", "Build where eligible (应建尽建)",
      cite("seed-004", "§一(二)"), ["eligibleMinMonths", "eligibleMinFullMembers"]),
    rule("wenzhou-red-site-2022.forms", "forms", "forms.jointAlternatives",
      "不具备单独组建的,企业直派、片区联合、各方联建", "Where a unit cannot form alone: enterprise dispatch, area joint or multi-party joint",
      cite("seed-004", "§二(三)"), ["jointForms", "branchMinFullMembers", "generalBranchMinMembers", "committeeMinMembers", "projectOrganizationsTemporary"]),
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
