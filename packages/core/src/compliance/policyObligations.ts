/**
 * Which obligation rules each catalogue policy has, with their parameters (value, clause, assumption flag), as
 * data shaped like a policy's `rules` and `parameters` — until the policy data files carry them. Moving them
 * there is mechanical: each {@link ObligationSpec} becomes a `RuleSpec` of the policy (same fields; its kind
 * joins `RuleKinds`), each parameter joins the policy's `parameters`; {@link obligationsOf} then reads them from
 * the policy alone.
 *
 * @module
 */
import { Schema } from "effect"
import { Citation } from "../explain/explanation.js"
import { Id, Label } from "../model/primitives.js"
import { Parameter } from "../policy/policy.js"
import type { ParameterUnit, ParameterValue } from "../policy/policy.js"
import { cite, quoted } from "../policy/sources.js"
import { ObligationKinds } from "../rules/obligation/define.js"

/** An obligation rule of a policy: shaped as a policy's `RuleSpec`, with an obligation kind. */
export class ObligationSpec extends Schema.Class<ObligationSpec>("ObligationSpec")({
  id: Id,
  question: Schema.Literal("obligations"),
  kind: Schema.Literal(...ObligationKinds),
  title: Label,
  citation: Citation,
  parameters: Schema.Array(Id),
  /** The policy the rule comes from (set when a policy's chain is merged). */
  origin: Schema.optional(Id)
}) {}

/** A policy's obligation rules and the parameters they read (to be merged into the policy's data). */
export interface PolicyObligationData {
  readonly parameters: ReadonlyArray<Parameter>
  readonly rules: ReadonlyArray<ObligationSpec>
}

const stated = (key: string, value: ParameterValue, unit: ParameterUnit, zh: string, en: string, citation: Citation): Parameter =>
  new Parameter({ key, value, unit, label: new Label({ zh, en }), citation, assumption: false })

const assumed = (key: string, value: ParameterValue, unit: ParameterUnit, zh: string, en: string, citation: Citation, note: string): Parameter =>
  new Parameter({ key, value, unit, label: new Label({ zh, en }), citation, assumption: true, note })

const rule = (id: string, kind: ObligationSpec["kind"], zh: string, en: string, citation: Citation, parameters: ReadonlyArray<string> = []) =>
  new ObligationSpec({ id, question: "obligations", kind, title: new Label({ zh, en }), citation, parameters })

const SITE = "seed-000-site" as const
const EXPO = "seed-000-expo" as const

/**
 * The obligation rules and parameters of each catalogue policy, by policy id. A policy inherits its basis's
 * (every policy has `national.obligations.siteOrganization`).
 *
 * @example
 * ```ts
 * import { policyObligations } from "@redsite/core"
 * policyObligations["wenzhou-red-site-2022"]?.parameters.find((p) => p.key === "monthlyReportDueDay")?.assumption // true
 * ```
 */
export const policyObligations: Readonly<Record<string, PolicyObligationData>> = {
  national: {
    parameters: [],
    rules: [
      rule("national.obligations.siteOrganization", "obligation.siteOrganization",
        "应建党组织已建立(组织覆盖)", "The required organization is in place (organizational coverage)",
        quoted("cpc-branch-regulations-2018", "Art. 5", "正式党员不足3人的单位,应当……成立联合党支部",
          "with seed-003 §三 3 (组织覆盖 vs 工作覆盖): an organization of the site's own, or a joint one serving it; no clause sets a deadline"))
    ]
  },
  "shanghai-site": {
    parameters: [
      assumed("synchronizationGraceDays", 0, "units", "同步的宽限天数", "Grace days of a synchronization",
        quoted(SITE, "§四(二)", "在建立项目工地的同时,同步建立工地党组织", "the clause says 同时 (at the same time) and gives no tolerance"),
        "assumption: 同时 read literally, so due on the day the project is set up; a reform may allow days (unit: days)")
    ],
    rules: [
      rule("shanghai-site.obligations.fourSynchronizations", "obligation.fourSynchronizations",
        "四同步:同步建立党组织、配备书记、明确职责、开展工作", "Four synchronizations with the project",
        quoted(SITE, "§四(二)", "在建立项目工地的同时,同步建立工地党组织、同步配备党组织书记、同步明确党组织职责任务、同步开展党建工作"),
        ["synchronizationGraceDays"]),
      rule("shanghai-site.obligations.partyWorkBeforeConstruction", "obligation.partyWorkBeforeConstruction",
        "开工前党建工作先期进入工地", "Party work enters the site before construction",
        quoted(SITE, "§三(二)", "工程开工前,党建工作要先期进入工地", "with §四(二): 在工地开工之前承担先期了解、先期调研情况的责任; 开工前 read as before the day construction starts")),
      rule("shanghai-site.obligations.externalJointMechanism", "obligation.externalJointMechanism",
        "以联席会议、结对签约或临时联合党支部建立外部联建机制", "An external joint mechanism: joint meeting, signed pairing or temporary joint branch",
        quoted(SITE, "§二(一)", "以联席会议、结对签约或临时联合党支部等形式,建立由项目工地党组织和工地所在地社区党组织及周边相关单位党组织共同参与的外部联建机制",
          "duties in §四(三): 对外负责牵头……开展党建联建工作; no deadline or frequency"))
    ]
  },
  "shanghai-expo": {
    parameters: [
      stated("fiveGoodCriteria", ["safeHarmonious", "civilizedService", "teamwork", "integrity", "selfBuilding"], "list",
        "\"五好\"服务团队党组织标准", "Five-good organization criteria",
        quoted(EXPO, "§三(二)3", "平安和谐好、文明服务好、团结协作好、党风廉政好、党组织自身建设好")),
      stated("twoStriveCriteria", ["safetyVanguard", "serviceModel"], "list", "党员\"双争当\"标准", "Two-strive member criteria",
        quoted(EXPO, "§三(二)3", "争当平安和谐的先锋,争当优质服务的模范", "the source's page number 4 falls inside 优质; joined here"))
    ],
    rules: [
      rule("shanghai-expo.obligations.fiveGoodTwoStrive", "obligation.fiveGoodTwoStrive",
        "开展\"五好\"党组织创建和党员\"双争当\"活动", "Five-good organization and two-strive member activities",
        quoted(EXPO, "§三(二)3", "开展“五好服务团队党组织”……创建活动,党员“双争当”……活动", "judged by 运行工作的实际成效; no deadline"),
        ["fiveGoodCriteria", "twoStriveCriteria"])
    ]
  },
  "langshan-street": {
    parameters: [
      assumed("synchronizationGraceDays", 0, "units", "同步的宽限天数", "Grace days of a synchronization",
        quoted("seed-001", "§二 一是", "和項目部同步組建項目黨支部", "the report says 同步 (at the same time) and gives no tolerance"),
        "assumption: 同步 read literally, so due on the day the department is formed or the manager appointed (unit: days)")
    ],
    rules: [
      rule("langshan-street.obligations.threeSynchronizations", "obligation.threeSynchronizations",
        "党组织与项目部同步组建,书记与项目经理同步配备", "Branch with the project department, secretary with the project manager",
        quoted("seed-001", "§二 一是", "黨組織與項目部同步組建……黨組織書記與項目經(jīng)理同步配備",
          "as the source reads: its web copy garbles 經理 (manager) with its pinyin"), ["synchronizationGraceDays"]),
      rule("langshan-street.obligations.bundledAssessment", "obligation.bundledAssessment",
        "同部署、同检查、同考核,实行捆绑式考评", "Deployed, inspected and assessed together (bundled assessment)",
        quoted("seed-001", "§二 一是", "做到項目建設和黨和建設同部署、同檢查、同考核,實行捆綁式考評",
          "as the source reads (黨和建設 for 黨的建設); the street's 考核细则 are not in the source: no frequency"))
    ]
  },
  "fuding-site-2020": {
    parameters: [
      stated("letterGoals", ["quality", "safety", "schedule", "civilizedSite"], "list", "\"双达标\"责任书涵盖的工作", "Goals the dual-standard letter binds",
        quoted("seed-002", "§三 建立党建协调共商机制", "将工程质量、安全、进度、文明工地创建等各项工作纳入党建工作范畴", "等: the four named are required; a letter may add more"))
    ],
    rules: [
      rule("fuding-site-2020.obligations.jointMeeting", "obligation.jointMeeting",
        "建立工地党建工作联席会议制度", "A joint meeting of owner, department, locality and builders",
        quoted("seed-002", "§三 建立党建协调共商机制", "建立工地党建工作联席会议制度,定期召集项目业主、主管部门、驻地镇村党组织及设计、施工、监理等建设单位",
          "定期 gives no frequency")),
      rule("fuding-site-2020.obligations.dualStandardLetter", "obligation.dualStandardLetter",
        "制定党建工作和工程建设\"双达标\"责任书", "A dual-standard responsibility letter",
        quoted("seed-002", "§三 建立党建协调共商机制", "制定党建工作和工程建设“双达标”责任书"), ["letterGoals"]),
      rule("fuding-site-2020.obligations.instructorAndLiaison", "obligation.instructorAndLiaison",
        "兼合党支部配备党建工作指导员和联络员", "The combined branch has an instructor and a liaison",
        quoted("seed-002", "§三 建立四级组织体系", "配备工地党建工作指导员和联络员"))
    ]
  },
  "wenzhou-red-site-2022": {
    parameters: [
      stated("creationRecordItems", ["venue", "rules", "signage", "members"], "list", "创建之初录入的信息", "Items recorded at creation",
        quoted("seed-004", "§二(三) 提升党建数字赋能", "督促红色工地创建之初及时录入党支部活动场地、制度、标识、党员等信息")),
      assumed("monthlyReportDueDay", 10, "units", "月报截止日(次月第几日)", "Day of the following month a monthly report is due by",
        quoted("seed-004", "§三(一)", "按时上报每月“红色工地”创建活动数据汇总", "每月 (monthly) is stated; 按时 (on time) gives no day"),
        "assumption: a month's report is due by the 10th of the following month (unit: day of month); set the local authority's actual day by a reform"),
      assumed("evaluationCriteria", ["redSiteCreation", "creationRecords", "monthlyReportsReviewed", "noOverdueObligations"], "list",
        "优秀红色工地候选条件", "What makes a candidate excellent red site",
        quoted("seed-004", "§三(二)", "在各地评价推荐基础上,命名一批市级“红色工地”,每年度评选出市级优秀“红色工地”", "the plan names no criteria"),
        "assumption: a candidate runs red-site creation, has its creation records complete, every monthly report of the year submitted and reviewed, and no overdue obligation at year end"),
      assumed("creditFileRoles", ["generalContractor", "contractor"], "list", "记入信用档案的企业", "Enterprises whose credit file records the honour",
        quoted("seed-004", "§三(二)", "对获得“红色工地”荣誉的,各地应将其作为良好信息记录企业信用档案", "企业 is not narrowed in the plan"),
        "assumption: the construction enterprises of the site (general contractor and contractors), whose Party building the plan addresses (§二(一) 建筑业企业)")
    ],
    rules: [
      rule("wenzhou-red-site-2022.obligations.creationRecords", "obligation.creationRecords",
        "创建之初录入活动场地、制度、标识、党员信息,形成台账", "Creation records: venue, rules, signage, members",
        quoted("seed-004", "§二(三) 提升党建数字赋能", "督促红色工地创建之初及时录入党支部活动场地、制度、标识、党员等信息,更新日常开展的教育、活动内容,形成系统台账",
          "及时 gives no number of days"), ["creationRecordItems"]),
      rule("wenzhou-red-site-2022.obligations.monthlyReport", "obligation.monthlyReport",
        "每月上报红色工地创建活动数据,属地主管部门审核", "Monthly creation-data reports reviewed by the local authority",
        quoted("seed-004", "§三(一)", "按时上报每月“红色工地”创建活动数据汇总并及时对智建之家党建系统里企业上报的数据进行认真审核",
          "the local authority summarizes monthly what enterprises report and reviews it: read as one report per creating site per month"),
        ["monthlyReportDueDay"]),
      rule("wenzhou-red-site-2022.obligations.annualEvaluation", "obligation.annualEvaluation",
        "每年度评选市级优秀红色工地", "The yearly selection of excellent red sites",
        quoted("seed-004", "§三(二)", "每年度评选出市级优秀“红色工地”,并择优推荐到省厅参加省级优秀“红色工地”的评选活动"), ["evaluationCriteria"]),
      rule("wenzhou-red-site-2022.obligations.creditFileEntry", "obligation.creditFileEntry",
        "红色工地荣誉记入企业信用档案", "The honour entered in the enterprises' credit files",
        quoted("seed-004", "§三(二)", "对获得“红色工地”荣誉的,各地应将其作为良好信息记录企业信用档案"), ["creditFileRoles"])
    ]
  }
}

/** The clause a policy without obligation data is cited by in its gap. */
export const NO_OBLIGATIONS_CITATION = cite("redsite-assumption", "compliance", "a policy outside the catalogue carries no obligation rules until its data lists them")
