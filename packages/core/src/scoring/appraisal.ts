/**
 * Democratic appraisal of members (民主评议党员): the period's points combined with the members' ballots.
 *
 * The documented rule (`national.appraisal.combination`, parameters from the policy):
 *
 * 1. **Points grade**: the grade of the member's total under the scheme's thresholds.
 * 2. **Ballot grade**: the best grade G such that the ballots giving G *or a better grade* are more than
 *    `appraisalVoteMajorityShare` (default one half, 过半数) of the ballots cast for the member. With no
 *    ballots there is no ballot grade and the points grade stands (the record says so).
 * 3. **Combined grade**: the lower of the two — a member must earn a grade both by points and from peers.
 * 4. **Excellent cap** (`national.appraisal`, `excellentShareCap`, default one third — an assumption):
 *    at most ⌊cap × members appraised⌋ members of the organization are excellent. Candidates are ordered by
 *    their share of "excellent" ballots, then by points; those beyond the cap become *qualified*. When the
 *    cut falls inside a group of candidates equal on both keys, the whole group is moved down and listed in
 *    `tiedAtCap`, so the branch can decide between them (e.g. by a run-off vote) — the cap is never exceeded.
 *
 * The record keeps every input (total, points grade, ballots, ballot grade, combined and final grade).
 *
 * @module
 */
import { Schema } from "effect"
import type { Finding, Reason } from "../explain/explanation.js"
import { Reason as ReasonSchema, settled } from "../explain/explanation.js"
import { Id } from "../model/primitives.js"
import type { Policy } from "../policy/policy.js"
import type { MemberScore } from "./aggregate.js"
import { isGap, readerFor, resolved } from "./policyRead.js"
import { AppraisalGrades, gradeRank, worseGrade } from "./vocabulary.js"
import type { AppraisalGrade } from "./vocabulary.js"

const Count = Schema.Number.pipe(Schema.int(), Schema.nonNegative())

/** The ballots cast for one member in an organization's appraisal meeting. */
export class AppraisalBallots extends Schema.Class<AppraisalBallots>("AppraisalBallots")({
  memberId: Id,
  organizationId: Id,
  excellent: Count,
  qualified: Count,
  basicallyQualified: Count,
  unqualified: Count
}) {}

/** A member's appraisal: the inputs, the grades derived from them, and the final grade. */
export class AppraisalRecord extends Schema.Class<AppraisalRecord>("AppraisalRecord")({
  memberId: Id,
  organizationId: Id,
  period: Schema.String,
  pointsTotal: Schema.Number,
  pointsGrade: AppraisalGrades.schema,
  ballots: Schema.NullOr(AppraisalBallots),
  ballotGrade: Schema.NullOr(AppraisalGrades.schema),
  combinedGrade: AppraisalGrades.schema,
  finalGrade: AppraisalGrades.schema,
  /** Moved from excellent to qualified by the excellent cap. */
  cappedOut: Schema.Boolean,
  reasons: Schema.NonEmptyArray(ReasonSchema)
}) {}

/** The appraisal of one organization in one period. */
export class AppraisalOutcome extends Schema.Class<AppraisalOutcome>("AppraisalOutcome")({
  organizationId: Id,
  period: Schema.String,
  members: Schema.Number,
  excellentAllowed: Schema.Number,
  excellentAwarded: Schema.Number,
  /** Members moved down together because the cap fell inside their tie; the branch decides between them. */
  tiedAtCap: Schema.Array(Id),
  records: Schema.Array(AppraisalRecord)
}) {}

const cast = (b: AppraisalBallots) => b.excellent + b.qualified + b.basicallyQualified + b.unqualified

/** The ballot grade: best grade whose cumulative ballots exceed `share` of those cast; `null` without ballots. */
export const ballotGrade = (b: AppraisalBallots, share: number): AppraisalGrade | null => {
  const n = cast(b)
  if (n === 0) return null
  let cumulative = 0
  for (const g of AppraisalGrades.values) {
    cumulative += b[g]
    if (cumulative > share * n) return g
  }
  return "unqualified"
}

/**
 * Appraises the members scored in `scores` (grouped by organization and period) with their ballots.
 * A gap when the policy has no appraisal-combination rule.
 */
export const appraise = (input: {
  readonly policy: Policy
  readonly scores: ReadonlyArray<MemberScore>
  readonly ballots: ReadonlyArray<AppraisalBallots>
}): Finding<ReadonlyArray<AppraisalOutcome>> => {
  const policy = resolved(input.policy)
  const combination = readerFor(policy, "appraisal.combination", "scoring", { zh: "积分与民主评议的结合方式", en: "how points and appraisal ballots combine" })
  if (isGap(combination)) return combination
  const capRule = readerFor(policy, "appraisal.yearly", "scoring", { zh: "民主评议", en: "democratic appraisal" })
  if (isGap(capRule)) return capRule
  const majority = combination.num("appraisalVoteMajorityShare")
  const capShare = capRule.num("excellentShareCap")
  const ballotsOf = new Map(input.ballots.map((b) => [`${b.memberId}\u0000${b.organizationId}`, b]))
  const groups = new Map<string, Array<MemberScore>>()
  for (const s of input.scores) {
    const k = `${s.organizationId}\u0000${s.period}`
    const g = groups.get(k)
    if (g === undefined) groups.set(k, [s])
    else g.push(s)
  }
  const outcomes: Array<AppraisalOutcome> = []
  const summary: Array<Reason> = []
  for (const scores of [...groups.values()].sort((a, b) => (`${a[0]!.organizationId} ${a[0]!.period}` < `${b[0]!.organizationId} ${b[0]!.period}` ? -1 : 1))) {
    const { organizationId, period } = scores[0]!
    const rows = scores.map((s) => {
      const b = ballotsOf.get(`${s.memberId}\u0000${organizationId}`) ?? null
      const bg = b === null ? null : ballotGrade(b, majority)
      const combined = bg === null ? s.grade : worseGrade(s.grade, bg)
      return { s, b, bg, combined }
    })
    const n = rows.length
    const allowed = Math.floor(capShare * n + 1e-9)
    // Order the excellent candidates: share of "excellent" ballots (exact, by cross-multiplication), then points.
    const candidates = rows.filter((r) => r.combined === "excellent")
    const cmp = (x: (typeof rows)[number], y: (typeof rows)[number]) => {
      const xe = x.b?.excellent ?? 0
      const xn = x.b === null ? 1 : Math.max(1, cast(x.b))
      const ye = y.b?.excellent ?? 0
      const yn = y.b === null ? 1 : Math.max(1, cast(y.b))
      return ye * xn - xe * yn || y.s.total - x.s.total
    }
    candidates.sort((x, y) => cmp(x, y) || (x.s.memberId < y.s.memberId ? -1 : 1))
    let keep = Math.min(allowed, candidates.length)
    const tied: Array<string> = []
    if (candidates.length > allowed && allowed >= 0) {
      // Move down the whole tie group the cut falls into.
      const first = candidates[allowed]!
      let start = allowed
      while (start > 0 && cmp(candidates[start - 1]!, first) === 0) start--
      if (start < allowed) {
        for (let i = start; i < candidates.length && cmp(candidates[i]!, first) === 0; i++) tied.push(candidates[i]!.s.memberId)
      }
      keep = start
    }
    const kept = new Set(candidates.slice(0, keep).map((r) => r.s.memberId))
    const records = rows.map(({ s, b, bg, combined }) => {
      const cappedOut = combined === "excellent" && !kept.has(s.memberId)
      const finalGrade: AppraisalGrade = cappedOut ? "qualified" : combined
      const reasons: [Reason, ...Array<Reason>] = [
        s.reasons.find((r) => r.ruleId.endsWith(".grade")) ?? s.reasons[0],
        combination.reason(
          { memberId: s.memberId, pointsGrade: s.grade, ballotsCast: b === null ? 0 : cast(b), ballotGrade: bg, combinedGrade: combined },
          b === null || bg === null
            ? `无有效评议票,按积分等次${AppraisalGrades.label(s.grade, "zh")}`
            : `评议票:优秀${b.excellent}、合格${b.qualified}、基本合格${b.basicallyQualified}、不合格${b.unqualified};票决等次${AppraisalGrades.label(bg!, "zh")}(该等次及以上票数超过${majority * 100}%);取积分等次与票决等次中较低者:${AppraisalGrades.label(combined, "zh")}`,
          b === null || bg === null
            ? `no ballots: the points grade ${AppraisalGrades.label(s.grade, "en")} stands`
            : `ballots: excellent ${b.excellent}, qualified ${b.qualified}, basically qualified ${b.basicallyQualified}, unqualified ${b.unqualified}; ballot grade ${AppraisalGrades.label(bg!, "en")} (that grade or better from more than ${majority * 100}% of ballots); the lower of points grade and ballot grade: ${AppraisalGrades.label(combined, "en")}`
        )
      ]
      if (combined === "excellent") {
        reasons.push(capRule.reason(
          { members: n, excellentAllowed: allowed, candidates: candidates.length, kept: kept.has(s.memberId), tiedAtCap: tied.includes(s.memberId) },
          kept.has(s.memberId)
            ? `优秀比例上限${fmtShare(capShare)}:${n}人中至多${allowed}人优秀,本人在限额内`
            : `优秀比例上限${fmtShare(capShare)}:${n}人中至多${allowed}人优秀,本人${tied.includes(s.memberId) ? "与他人并列于限额边界,由支部另行决定(如再次投票)" : "超出限额"},评为合格`,
          kept.has(s.memberId)
            ? `excellent cap ${fmtShare(capShare)}: at most ${allowed} of ${n} members; within the cap`
            : `excellent cap ${fmtShare(capShare)}: at most ${allowed} of ${n} members; ${tied.includes(s.memberId) ? "tied at the cut, so the branch decides (e.g. a run-off)" : "beyond the cap"}: qualified`
        ))
      }
      return new AppraisalRecord({
        memberId: s.memberId, organizationId, period, pointsTotal: s.total, pointsGrade: s.grade,
        ballots: b, ballotGrade: bg, combinedGrade: combined, finalGrade, cappedOut, reasons
      })
    }).sort((a, b) => gradeRank(a.finalGrade) - gradeRank(b.finalGrade) || b.pointsTotal - a.pointsTotal || (a.memberId < b.memberId ? -1 : 1))
    const awarded = records.filter((r) => r.finalGrade === "excellent").length
    outcomes.push(new AppraisalOutcome({ organizationId, period, members: n, excellentAllowed: allowed, excellentAwarded: awarded, tiedAtCap: tied, records }))
    summary.push(capRule.reason(
      { organizationId, period, members: n, excellentAllowed: allowed, excellentAwarded: awarded, tiedAtCap: tied },
      `${organizationId} ${period}:${n}人参加评议,优秀至多${allowed}人,评出${awarded}人`,
      `${organizationId} ${period}: ${n} members appraised, at most ${allowed} excellent, ${awarded} awarded`
    ))
  }
  if (summary.length === 0) {
    summary.push(combination.reason({ members: 0 }, "没有需要评议的党员", "no members to appraise"))
  }
  return settled(outcomes, summary[0]!, ...summary.slice(1))
}

const fmtShare = (x: number) => (Math.abs(x - 1 / 3) < 1e-9 ? "1/3" : `${Math.round(x * 1000) / 10}%`)
