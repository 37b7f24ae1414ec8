/**
 * Where each rule kind is applied, for the kinds not (yet) defined as a module of the registry: the module
 * that looks the kind up in a policy, or — for a kind the catalogue cites but no code applies — why it is
 * descriptive (cited, not applied). A contract test checks that every kind of `RuleKinds` is in the
 * registry, listed here as applied by a module that names it, or descriptive.
 *
 * @module
 */
import type { RuleKind } from "../policy/policy.js"
import type { Text } from "./define.js"

/**
 * Kinds applied outside the setup decision, with the module (under `packages/core/src/`) that reads the
 * policy's rule of that kind. They move to rule modules in a later step of issue 16.
 */
export const appliedElsewhere: Readonly<Partial<Record<RuleKind, string>>> = {
  "temporary.restrictions": "membership/pipeline.ts",
  "probation.duration": "membership/pipeline.ts",
  "pipeline.minimumIntervals": "membership/pipeline.ts",
  "pipeline.admittingOrganization": "membership/pipeline.ts",
  "appraisal.yearly": "scoring/appraisal.ts",
  "appraisal.combination": "scoring/appraisal.ts",
  "target.yearlyShares": "coverage/report.ts",
  "target.majorProjectsByYearEnd": "coverage/report.ts"
}

/**
 * Kinds a policy cites but no code looks up by kind, each with the reason (what applies instead, or what is
 * not modelled).
 *
 * @example
 * ```ts
 * import { descriptiveKinds } from "@redsite/core"
 * descriptiveKinds["dues.rates"]?.en // why dues are cited and not applied
 * ```
 */
export const descriptiveKinds: Readonly<Partial<Record<RuleKind, Text>>> = {
  "temporary.dissolveWithTask": {
    zh: "临时党组织随任务结束撤销,由组织结构的撤销事件和到期检查(dueToDissolve)体现,无参数可适用",
    en: "a temporary organization ends with its task: the structure's Dissolve event and its due check (dueToDissolve) model it; there is no parameter to apply"
  },
  "conversion.afterCompletion": {
    zh: "其参数conversionTargets、conversionTarget由组织结构的竣工转化建议(completionProposal)读取,规则本身不按种类查找",
    en: "its parameters conversionTargets and conversionTarget are read by the structure's completionProposal; the rule itself is not looked up by kind"
  },
  "terms.committeeYears": {
    zh: "委员会任期只作引用,redsite尚未检查换届",
    en: "committee terms are cited; redsite does not yet check elections against them"
  },
  "dues.rates": {
    zh: "党费按收入分档只作引用,redsite不计算党费",
    en: "dues brackets are cited; redsite does not compute dues"
  },
  "mobile.transferAfterMonths": {
    zh: "外出六个月以上转移组织关系只作引用,尚未检查",
    en: "transferring membership after six months away is cited; it is not checked yet"
  },
  "scoring.categories": {
    zh: "福鼎的积分类别由此规则引用;适用的积分方案是政策数据的scoring部分(由schemesOf读取,fudingDefaultScheme是其视图),不按规则种类查找",
    en: "Fuding's point categories are cited by this rule; the scheme applied is the policy's data (its `scoring` section, read by schemesOf; fudingDefaultScheme is a view of it), not looked up by kind"
  },
  "obligations.talks": {
    zh: "\"三进三必谈\"由政策数据的talks部分适用(由talkRulesOf读取,每次谈话注明此规则;fudingTalkRules是其视图),规则本身不按种类查找",
    en: "the three talks are applied from the policy's data (its `talks` section, read by talkRulesOf, each talk naming this rule; fudingTalkRules is a view of it); the rule itself is not looked up by kind"
  }
}
