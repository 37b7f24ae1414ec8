/**
 * The enumerations of the domain (DOMAIN.md §2), each value with a zh-CN and an English label.
 *
 * @module
 */
import { Schema } from "effect"
import type { Lang } from "./primitives.js"

/** A closed vocabulary: its values, a schema accepting exactly them, and their labels. */
export interface Vocabulary<K extends string> {
  readonly name: string
  readonly values: ReadonlyArray<K>
  readonly schema: Schema.Schema<K>
  readonly labels: { readonly [k in K]: { readonly zh: string; readonly en: string } }
  /** The label of a value in the given language. */
  readonly label: (value: K, lang?: Lang) => string
}

const vocabulary = <const L extends Record<string, { readonly zh: string; readonly en: string }>>(
  name: string,
  labels: L
): Vocabulary<Extract<keyof L, string>> => {
  type K = Extract<keyof L, string>
  const values = Object.keys(labels) as Array<K>
  const schema = Schema.Literal(...(values as [K, ...Array<K>])).annotations({
    identifier: name,
    message: () => `expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}`
  }) as unknown as Schema.Schema<K>
  return {
    name,
    values,
    schema,
    labels: labels as unknown as Vocabulary<K>["labels"],
    label: (value, lang = "zh") => labels[value]![lang]
  }
}

/** Role of a unit (参建单位) on a project. */
export const UnitRoles = vocabulary("UnitRole", {
  owner: { zh: "业主/建设单位", en: "Owner / developer" },
  generalContractor: { zh: "施工总承包", en: "General contractor" },
  designer: { zh: "设计", en: "Designer" },
  contractor: { zh: "施工", en: "Contractor" },
  supervisor: { zh: "监理", en: "Supervisor" },
  subcontractor: { zh: "分包", en: "Subcontractor" },
  labour: { zh: "劳务", en: "Labour crew" }
})
/** @see {@link UnitRoles} */
export type UnitRole = (typeof UnitRoles.values)[number]

/** Ownership of a unit. */
export const Ownerships = vocabulary("Ownership", {
  stateOwned: { zh: "国有", en: "State-owned" },
  private: { zh: "民营", en: "Private" },
  foreign: { zh: "外资", en: "Foreign-invested" }
})
/** @see {@link Ownerships} */
export type Ownership = (typeof Ownerships.values)[number]

/** Kind of a Party organization (党组织). Whether it is temporary is a separate flag. */
export const OrganizationKinds = vocabulary("OrganizationKind", {
  committee: { zh: "基层党委", en: "Primary-level committee" },
  workingCommittee: { zh: "党工委", en: "Working committee (street / two-new)" },
  generalBranch: { zh: "党总支", en: "General branch" },
  branch: { zh: "党支部", en: "Branch" },
  jointBranch: { zh: "联合党支部", en: "Joint branch" },
  combinedBranch: { zh: "兼合式党支部", en: "Combined branch" },
  group: { zh: "党小组", en: "Party group" },
  workGroup: { zh: "党的工作小组", en: "Party work group" },
  jointOffice: { zh: "党建联建办公室", en: "Joint-building office" },
  jointMeeting: { zh: "联席会议", en: "Joint meeting" }
})
/** @see {@link OrganizationKinds} */
export type OrganizationKind = (typeof OrganizationKinds.values)[number]

/** Membership status along the pipeline (入党申请人 → 积极分子 → 发展对象 → 预备党员 → 正式党员). */
export const MemberStatuses = vocabulary("MemberStatus", {
  applicant: { zh: "入党申请人", en: "Applicant" },
  activist: { zh: "入党积极分子", en: "Activist" },
  candidate: { zh: "发展对象", en: "Candidate" },
  probationary: { zh: "预备党员", en: "Probationary member" },
  full: { zh: "正式党员", en: "Full member" }
})
/** @see {@link MemberStatuses} */
export type MemberStatus = (typeof MemberStatuses.values)[number]

/** Phase of a project, from approval to operation (审批 → 前期 → 施工 → 竣工 → 运营). */
export const Phases = vocabulary("Phase", {
  approval: { zh: "立项审批", en: "Approval" },
  preparation: { zh: "前期准备", en: "Preparation" },
  construction: { zh: "在建施工", en: "Construction" },
  completed: { zh: "竣工验收", en: "Completed" },
  operation: { zh: "招商运营", en: "In operation" }
})
/** @see {@link Phases} */
export type Phase = (typeof Phases.values)[number]

/** Kind of construction project, for grouping reports. */
export const ProjectKinds = vocabulary("ProjectKind", {
  building: { zh: "房屋建筑", en: "Building" },
  municipal: { zh: "市政工程", en: "Municipal works" },
  road: { zh: "道路交通", en: "Road" },
  bridgeTunnel: { zh: "桥梁隧道", en: "Bridge / tunnel" },
  rail: { zh: "轨道交通", en: "Rail transit" },
  energy: { zh: "能源电力", en: "Energy / power" },
  water: { zh: "水利水务", en: "Water works" },
  industrial: { zh: "工业项目", en: "Industrial plant" },
  event: { zh: "大型活动场馆", en: "Event venue / park" },
  other: { zh: "其他", en: "Other" }
})
/** @see {@link ProjectKinds} */
export type ProjectKind = (typeof ProjectKinds.values)[number]

/**
 * A form of Party organization or Party-work arrangement that a setup decision can recommend
 * (DOMAIN.md §3: build, join, attach, dispatch — 建、联、挂、派).
 */
export const SetupForms = vocabulary("SetupForm", {
  committee: { zh: "党委", en: "Committee" },
  generalBranch: { zh: "党总支", en: "General branch" },
  branch: { zh: "党支部", en: "Branch" },
  jointBranch: { zh: "联合党支部", en: "Joint branch" },
  combinedBranch: { zh: "兼合式党支部", en: "Combined branch" },
  workGroup: { zh: "党的工作小组", en: "Party work group" },
  jointOffice: { zh: "党建联建办公室", en: "Joint-building office" },
  attachment: { zh: "挂靠", en: "Attachment to another organization" },
  instructorOnly: { zh: "派驻党建指导员", en: "Instructor only" },
  departmentManaged: { zh: "纳入主管部门党组织管理", en: "Managed by the competent department's organization" },
  massOrganization: { zh: "建立工会/共青团组织", en: "Union or youth league as a bridge" }
})
/** @see {@link SetupForms} */
export type SetupForm = (typeof SetupForms.values)[number]

/** Who an organization's leadership line goes to. */
export const SuperiorKinds = vocabulary("SuperiorKind", {
  unitOrganization: { zh: "参建单位党组织", en: "A participating unit's organization" },
  dispatchingUnitOrganization: { zh: "派出单位党组织", en: "The dispatching unit's organization" },
  streetWorkingCommittee: { zh: "街道党工委", en: "Street working committee" },
  projectCommittee: { zh: "项目党委", en: "Project Party committee" },
  twoNewWorkingCommittee: { zh: "两新工委", en: "\"Two new\" working committee" },
  competentDepartment: { zh: "项目主管部门党组织", en: "Competent department's organization" },
  bureauCommittee: { zh: "世博局党委", en: "Bureau's Party committee" },
  communityOrganization: { zh: "社区党组织", en: "Community organization" }
})
/** @see {@link SuperiorKinds} */
export type SuperiorKind = (typeof SuperiorKinds.values)[number]

/** Who is to be secretary (书记) of the site organization. */
export const SecretarySources = vocabulary("SecretarySource", {
  appointedByApprover: { zh: "由批准成立的党组织指定", en: "Appointed by the approving organization" },
  electedByMembers: { zh: "党员大会选举", en: "Elected by the members" },
  streetLiaisonLeader: { zh: "街道挂钩领导", en: "The street's liaison leader" },
  projectManager: { zh: "项目经理\"一肩挑\"", en: "The project manager (\"one shoulder\")" },
  dispatchedCadre: { zh: "选派的党务干部", en: "A dispatched Party-affairs cadre" },
  administrativeHead: { zh: "党员行政负责人兼任", en: "The administrative head who is a member" },
  leadUnitAppointee: { zh: "牵头单位党组织同步配备", en: "Appointed by the lead unit's organization with the project" }
})
/** @see {@link SecretarySources} */
export type SecretarySource = (typeof SecretarySources.values)[number]

/** Actions due when a project starts (synchronizations and start-up mechanisms). */
export const StartActions = vocabulary("StartAction", {
  establishWithProject: { zh: "同步建立党组织", en: "Set up the organization with the project" },
  appointSecretaryWithProject: { zh: "同步配备党组织书记", en: "Appoint the secretary with the project" },
  defineDutiesWithProject: { zh: "同步明确职责任务", en: "Define its duties with the project" },
  startWorkWithProject: { zh: "同步开展党建工作", en: "Start Party work with the project" },
  workBeforeConstruction: { zh: "开工前党建工作先期进入", en: "Party work enters before construction starts" },
  secretaryWithProjectManager: { zh: "书记与项目经理同步配备", en: "Secretary appointed together with the project manager" },
  bundledAssessment: { zh: "同部署、同检查、同考核", en: "Deployed, inspected and assessed with the project" },
  jointMeeting: { zh: "建立联席会议", en: "Set up a joint meeting" },
  dualStandardLetter: { zh: "签订\"双达标\"责任书", en: "Sign the dual-standard responsibility letter" },
  pairingAgreement: { zh: "与驻地村(社区)签订共建协议", en: "Sign a pairing agreement with the locality" },
  recordFiling: { zh: "报上级党委备案", en: "File the organization with the superior committee" },
  creationRecords: { zh: "录入阵地、制度、标识、党员信息", en: "Record venue, rules, signage and members" },
  reportToSiteOrganization: { zh: "进场时向工地党组织报告组织和党员情况", en: "Report organization and members to the site organization on entry" }
})
/** @see {@link StartActions} */
export type StartAction = (typeof StartActions.values)[number]

/** How a participating unit's members take part in the site's Party life. */
export const UnitArrangements = vocabulary("UnitArrangement", {
  ownOrganization: { zh: "单独建立党组织", en: "Sets up its own organization" },
  attendSiteOrganization: { zh: "隶属关系不变,参加工地组织生活", en: "Attends the site organization, membership unchanged" },
  departmentManaged: { zh: "按业务关系纳入主管部门党组织管理", en: "Managed by the competent department by business line" },
  jointWithOthers: { zh: "与其他单位联合组建", en: "Joins with other units" }
})
/** @see {@link UnitArrangements} */
export type UnitArrangement = (typeof UnitArrangements.values)[number]

/** Whether something is due: required, optional (may be done), or not due. */
export const Dues = vocabulary("Due", {
  required: { zh: "应当配备", en: "Required" },
  optional: { zh: "可以配备", en: "Optional" },
  notDue: { zh: "不需要", en: "Not due" }
})
/** @see {@link Dues} */
export type Due = (typeof Dues.values)[number]

/** Whether a Party organization is required at a project. */
export const RequirementLevels = vocabulary("RequirementLevel", {
  required: { zh: "应当建立", en: "Required" },
  notRequired: { zh: "不要求", en: "Not required" }
})
/** @see {@link RequirementLevels} */
export type RequirementLevel = (typeof RequirementLevels.values)[number]

/** Who are to be deputy secretaries or committee members beside the secretary. */
export const DeputySources = vocabulary("DeputySource", {
  ifNeeded: { zh: "必要时设副书记", en: "A deputy if needed" },
  fullTimeDeputy: { zh: "配备专职副书记", en: "A full-time deputy" },
  communityHead: { zh: "所在社区党组织负责人", en: "The community organization's head" },
  partnerOrganizationHeads: { zh: "投资主体、承建单位党组织负责人或骨干党员", en: "Heads (or backbone members) of the investor's and builders' organizations" }
})
/** @see {@link DeputySources} */
export type DeputySource = (typeof DeputySources.values)[number]

/** How a project is covered (覆盖): by an organization of its own, only by Party work, or not at all. */
export const CoverageStatuses = vocabulary("CoverageStatus", {
  organizational: { zh: "组织覆盖", en: "Organizational coverage" },
  work: { zh: "工作覆盖", en: "Work coverage only" },
  none: { zh: "空白", en: "Not covered" }
})
/** @see {@link CoverageStatuses} */
export type CoverageStatus = (typeof CoverageStatuses.values)[number]

/** Forms of Party work that cover a site without an organization of its own (工作覆盖). */
export const WorkCoverageForms = vocabulary("WorkCoverageForm", {
  instructor: { zh: "派驻党建指导员", en: "A dispatched instructor" },
  jointBranchElsewhere: { zh: "纳入其他单位联合党组织", en: "Members in a joint organization elsewhere" },
  attachment: { zh: "挂靠其他党组织", en: "Attached to another organization" },
  workGroup: { zh: "党的工作小组", en: "A Party work group" },
  jointOffice: { zh: "党建联建办公室", en: "A joint-building office" },
  massOrganization: { zh: "工会、共青团组织", en: "A union or youth-league bridge" }
})
/** @see {@link WorkCoverageForms} */
export type WorkCoverageForm = (typeof WorkCoverageForms.values)[number]

