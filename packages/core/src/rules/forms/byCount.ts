/**
 * Forms by the number of members, shared by the forms rules and Expo's units rule (internal): the national
 * thresholds, each compared with the count its parameter names.
 *
 * @module
 */
import { trusted } from "../../internal/trusted.js"
import type { MemberCounts } from "../../model/project.js"
import type { SetupForm } from "../../model/vocabulary.js"
import { FormOption } from "../../organization/decision.js"
import type { MemberThreshold, ParameterTypes, Read, SetupContext } from "../define.js"
import { fullFact } from "../decided.js"

/** No members (a unit without counts). */
export const NO_MEMBERS: MemberCounts = { full: 0, probationary: 0, pipeline: 0 }

/** A form option. */
export const opt = (form: SetupForm, temporary: boolean, variants: ReadonlyArray<string> = []): FormOption =>
  new FormOption({ form, temporary, variants }, trusted)

/** The national member thresholds the forms are read from. */
type ThresholdName = "committeeMinMembers" | "generalBranchMinMembers" | "branchMinFullMembers"

/**
 * Forms by the number of members (read through the rule's `members` reader): a committee from
 * `committeeMinMembers` and a general branch from `generalBranchMinMembers` members in all (党员人数,
 * probationary included), a branch from `branchMinFullMembers` full members; fewer, a joint branch.
 */
export const formsByCount = (
  counts: MemberCounts,
  temporary: boolean,
  members: (key: ThresholdName, counts: MemberCounts) => MemberThreshold
): ReadonlyArray<FormOption> => {
  const committee = members("committeeMinMembers", counts)
  if (committee.have >= committee.min) return [opt("committee", temporary), opt("generalBranch", temporary)]
  const general = members("generalBranchMinMembers", counts)
  if (general.have >= general.min) return [opt("generalBranch", temporary), opt("branch", temporary)]
  const branch = members("branchMinFullMembers", counts)
  if (branch.have >= branch.min) return [opt("branch", temporary)]
  return [opt("jointBranch", temporary)]
}

/** Records the project's members in all (full and probationary) and its full members; returns the full members. */
export const countFacts = <P extends ParameterTypes>(ctx: SetupContext, r: Read<P, "members" | "fullMembers">): number => {
  r.fact("members", ctx.counts.full + ctx.counts.probationary)
  return fullFact(ctx, r)
}

/** "temporary" in both languages, or nothing. */
export const temporaryWord = (temporary: boolean): { readonly zh: string; readonly en: string } =>
  temporary ? { zh: "临时", en: "temporary " } : { zh: "", en: "" }
