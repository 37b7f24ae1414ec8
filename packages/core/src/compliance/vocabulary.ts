/**
 * The closed lists of the compliance records (创建台账、月报、考核、责任书、联席会议…), each value with a zh-CN and
 * an English label: what a record can say happened at a site.
 *
 * @module
 */
import { Schema } from "effect"

/** A closed list with its labels and a schema accepting exactly its values. */
export interface RecordVocabulary<K extends string> {
  readonly values: ReadonlyArray<K>
  readonly schema: Schema.Schema<K>
  readonly labels: { readonly [k in K]: { readonly zh: string; readonly en: string } }
}

const list = <const L extends Record<string, { readonly zh: string; readonly en: string }>>(
  name: string,
  labels: L
): RecordVocabulary<Extract<keyof L, string>> => {
  type K = Extract<keyof L, string>
  const values = Object.keys(labels) as Array<K>
  const schema = Schema.Literal(...(values as [K, ...Array<K>])).annotations({
    identifier: name,
    message: () => `expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}`
  }) as unknown as Schema.Schema<K>
  return { values, schema, labels: labels as unknown as RecordVocabulary<K>["labels"] }
}

/**
 * Dates in a project's life that obligations count from (not evidence of anything done: recording one may make
 * an obligation due, never met).
 *
 * @example
 * ```ts
 * import { Milestones } from "@redsite/core"
 * Milestones.labels.constructionStart.zh // "开工"
 * ```
 */
export const Milestones = list("Milestone", {
  projectSetUp: { zh: "建立项目工地(项目立项)", en: "Project set up" },
  constructionStart: { zh: "开工", en: "Construction start" },
  completed: { zh: "竣工", en: "Completion" },
  projectDepartmentFormed: { zh: "项目部组建", en: "Project department formed" },
  projectManagerAppointed: { zh: "项目经理到位", en: "Project manager appointed" },
  redSiteCreationStarted: { zh: "开展红色工地创建", en: "Red-site creation started" }
})
/** @see {@link Milestones} */
export type Milestone = (typeof Milestones.values)[number]

/**
 * Things a site does once, as evidence: the four synchronizations' steps (同步建立、配备书记、明确职责、开展工作),
 * Party work entering before construction, the organization's cover (own 单独组建 / joint 联合组建), appointments,
 * the creation records' four items (阵地、制度、标识、党员), the external joint mechanism's temporary joint branch
 * with the community.
 *
 * @example
 * ```ts
 * import { Steps } from "@redsite/core"
 * Steps.labels.venue.zh // "党员活动场地"
 * ```
 */
export const Steps = list("Step", {
  organizationEstablished: { zh: "建立工地党组织(单独组建)", en: "Site organization established (own)" },
  jointOrganizationJoined: { zh: "纳入联合党组织(联合组建)", en: "Covered by a joint organization serving the site" },
  secretaryAppointed: { zh: "配备党组织书记", en: "Secretary appointed" },
  dutiesDefined: { zh: "明确党组织职责任务", en: "Duties defined" },
  partyWorkStarted: { zh: "党建工作进入工地", en: "Party work started on site" },
  instructorAppointed: { zh: "配备党建指导员", en: "Instructor appointed" },
  liaisonAppointed: { zh: "配备联络员", en: "Liaison appointed" },
  temporaryJointBranchWithCommunity: { zh: "与社区组建临时联合党支部", en: "Temporary joint branch with the community" },
  twoStriveActivity: { zh: "开展党员\"双争当\"活动", en: "Members' two-strive activity" },
  venue: { zh: "党员活动场地", en: "Activity venue recorded" },
  rules: { zh: "制度", en: "Rules recorded" },
  signage: { zh: "标识", en: "Signage recorded" },
  members: { zh: "党员信息", en: "Members recorded" },
  educationActivity: { zh: "日常教育、活动内容更新", en: "Education or activity update" }
})
/** @see {@link Steps} */
export type Step = (typeof Steps.values)[number]

/**
 * Signed documents: Fuding's dual-standard responsibility letter (双达标责任书) and a pairing agreement
 * (结对签约 / 党建联创协议).
 *
 * @example
 * ```ts
 * import { Letters } from "@redsite/core"
 * Letters.labels.dualStandard.en // "Dual-standard responsibility letter"
 * ```
 */
export const Letters = list("Letter", {
  dualStandard: { zh: "\"双达标\"责任书", en: "Dual-standard responsibility letter" },
  pairing: { zh: "结对共建协议", en: "Pairing agreement" }
})
/** @see {@link Letters} */
export type Letter = (typeof Letters.values)[number]

/**
 * The construction goals a dual-standard letter binds to Party work (seed-002 §三: 工程质量、安全、进度、文明工地创建).
 *
 * @example
 * ```ts
 * import { LetterGoals } from "@redsite/core"
 * LetterGoals.values // ["quality", "safety", "schedule", "civilizedSite"]
 * ```
 */
export const LetterGoals = list("LetterGoal", {
  quality: { zh: "工程质量", en: "Quality" },
  safety: { zh: "安全", en: "Safety" },
  schedule: { zh: "进度", en: "Schedule" },
  civilizedSite: { zh: "文明工地创建", en: "Civilized site" }
})
/** @see {@link LetterGoals} */
export type LetterGoal = (typeof LetterGoals.values)[number]

/**
 * Meetings: the joint meeting (联席会议) of a site with its owner, department, locality and builders.
 *
 * @example
 * ```ts
 * import { Meetings } from "@redsite/core"
 * Meetings.labels.jointMeeting.zh // "联席会议"
 * ```
 */
export const Meetings = list("Meeting", {
  jointMeeting: { zh: "联席会议", en: "Joint meeting" }
})
/** @see {@link Meetings} */
export type Meeting = (typeof Meetings.values)[number]

/**
 * Assessments: Langshan's bundled assessment (捆绑式考评: Party building assessed with construction) and the
 * Expo's five-good assessment of an organization (五好).
 *
 * @example
 * ```ts
 * import { Assessments } from "@redsite/core"
 * Assessments.labels.bundled.zh // "捆绑式考评"
 * ```
 */
export const Assessments = list("Assessment", {
  bundled: { zh: "捆绑式考评", en: "Bundled assessment" },
  fiveGood: { zh: "\"五好\"党组织考评", en: "Five-good assessment" }
})
/** @see {@link Assessments} */
export type Assessment = (typeof Assessments.values)[number]

/**
 * The states of a monthly report (月报): submitted (已上报), reviewed and accepted by the local authority (已审核),
 * returned for correction (退回).
 *
 * @example
 * ```ts
 * import { ReportStates } from "@redsite/core"
 * ReportStates.labels.returned.zh // "退回"
 * ```
 */
export const ReportStates = list("ReportState", {
  submitted: { zh: "已上报", en: "Submitted" },
  reviewed: { zh: "已审核", en: "Reviewed" },
  returned: { zh: "退回", en: "Returned" }
})
/** @see {@link ReportStates} */
export type ReportState = (typeof ReportStates.values)[number]

/**
 * Honours an evaluation awards: a (city-level) red site (红色工地) and an excellent red site of a year (优秀红色工地).
 *
 * @example
 * ```ts
 * import { Honours } from "@redsite/core"
 * Honours.labels.excellentRedSite.zh // "市级优秀\"红色工地\""
 * ```
 */
export const Honours = list("Honour", {
  redSite: { zh: "市级\"红色工地\"", en: "City-level red site" },
  excellentRedSite: { zh: "市级优秀\"红色工地\"", en: "Excellent red site (city level)" }
})
/** @see {@link Honours} */
export type Honour = (typeof Honours.values)[number]
