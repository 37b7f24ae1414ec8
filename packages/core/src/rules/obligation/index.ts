/**
 * The obligation registry: every obligation kind, one module each, and the obligations the sources name that
 * cannot be checked from recorded facts (cited, with the reason).
 *
 * @module
 */
import type { Citation } from "../../explain/explanation.js"
import { quoted } from "../../policy/sources.js"
import type { Text } from "../define.js"
import { annualEvaluation } from "./annualEvaluation.js"
import { bundledAssessment } from "./bundledAssessment.js"
import { creationRecords } from "./creationRecords.js"
import { creditFileEntry } from "./creditFileEntry.js"
import type { ObligationDefinition, ObligationKind } from "./define.js"
import { dualStandardLetter } from "./dualStandardLetter.js"
import { externalJointMechanism } from "./externalJointMechanism.js"
import { fiveGoodTwoStrive } from "./fiveGoodTwoStrive.js"
import { fourSynchronizations } from "./fourSynchronizations.js"
import { instructorAndLiaison } from "./instructorAndLiaison.js"
import { jointMeeting } from "./jointMeeting.js"
import { monthlyReport } from "./monthlyReport.js"
import { partyWorkBeforeConstruction } from "./partyWorkBeforeConstruction.js"
import { siteOrganization } from "./siteOrganization.js"
import { threeSynchronizations } from "./threeSynchronizations.js"

const erase = <D>(d: D): ObligationDefinition => d as unknown as ObligationDefinition

/**
 * Every obligation kind by its kind, as defined by its module.
 *
 * @example
 * ```ts
 * import { obligationRegistry } from "@redsite/core"
 * obligationRegistry.get("obligation.monthlyReport")?.schedule.deadline // "assumed"
 * ```
 */
export const obligationRegistry: ReadonlyMap<ObligationKind, ObligationDefinition> = new Map(
  [
    siteOrganization, fourSynchronizations, partyWorkBeforeConstruction, externalJointMechanism, threeSynchronizations,
    bundledAssessment, dualStandardLetter, jointMeeting, instructorAndLiaison, fiveGoodTwoStrive, creationRecords,
    monthlyReport, annualEvaluation, creditFileEntry
  ].map((d) => [d.kind, erase(d)] as const)
)

/** An obligation a source names that redsite cites but does not check, with why. */
export interface DescriptiveObligation {
  readonly citation: Citation
  readonly reason: Text
}

/**
 * Obligations named by the sources that cannot be checked from recorded facts: cited, with the reason.
 *
 * @example
 * ```ts
 * import { descriptiveObligations } from "@redsite/core"
 * descriptiveObligations["wenzhou.reviewPromptly"]?.reason.en
 * ```
 */
export const descriptiveObligations: Readonly<Record<string, DescriptiveObligation>> = {
  "shanghai-site.regularMeetings": {
    citation: quoted("seed-000-site", "§五(三)", "通过定期召开会议、开展多种形式活动等有效载体"),
    reason: {
      zh: "\"定期\"未规定频次:外部联建机制只检查是否已建立(obligation.externalJointMechanism)",
      en: "\"regularly\" has no frequency: the external joint mechanism is checked for existence only (obligation.externalJointMechanism)"
    }
  },
  "shanghai-site.assessmentMechanism": {
    citation: quoted("seed-000-site", "§五(三)", "要建立考核评估机制,通过市民评判、社会评价、科学评定"),
    reason: { zh: "考核评估由市民、社会评价,结果不是工地可记录的事实", en: "the assessment is by citizens and society: its outcome is not a fact a site records" }
  },
  "wenzhou.activityUpdates": {
    citation: quoted("seed-004", "§二(三) 提升党建数字赋能", "更新日常开展的教育、活动内容"),
    reason: { zh: "\"日常\"更新未规定频次:创建台账义务只列出更新次数", en: "\"daily\" updates have no frequency: the creation-records obligation shows their count only" }
  },
  "wenzhou.reviewPromptly": {
    citation: quoted("seed-004", "§三(一)", "及时对智建之家党建系统里企业上报的数据进行认真审核"),
    reason: {
      zh: "属地主管部门\"及时\"审核,未规定天数:月报记录审核状态和审核人,不计审核逾期",
      en: "the local authority reviews \"promptly\", with no number of days: reports carry their review state and reviewer; a review is never counted late"
    }
  },
  "shanghai-expo.twoStriveMembers": {
    citation: quoted("seed-000-expo", "§三(二)3", "党员“双争当”(争当平安和谐的先锋,争当优质服务的模范)活动", "the source's page number 4 falls inside 优质; joined here"),
    reason: {
      zh: "\"双争当\"是对党员个人的标准:redsite只记录组织开展了活动,不评定党员",
      en: "two-strive is a standard for each member: redsite records that the activity was held, and does not grade members"
    }
  }
}

export * from "./define.js"
export { setUpAnchor, combineSteps } from "./fourSynchronizations.js"
export { monthsOwed, reportMonths } from "./monthlyReport.js"
export type { MonthReport } from "./monthlyReport.js"
export { creating as runsRedSiteCreation } from "./creationRecords.js"
