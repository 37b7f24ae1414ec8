/**
 * Handlers of the scoring and pipeline endpoints: check the role, build the core's inputs from the request,
 * call the core, map its rejections to 422. No rule lives here.
 *
 * @module
 */
import { HttpApiBuilder } from "@effect/platform"
import {
  Ledger,
  aggregateLedger,
  appendEvents,
  appraise,
  arrivalTriggers,
  checkPipeline,
  fudingDefaultScheme,
  fudingTalkRules,
  ledgerTriggers,
  obligationReport
} from "@redsite/core"
import type { AttendanceInterval, PointEvent, ScoringScheme } from "@redsite/core"
import { Effect } from "effect"
import { RedsiteApi } from "./api.js"
import { requireRole } from "./auth.js"
import { LedgerRejected } from "./scoringApi.js"
import { loadPolicy } from "./support.js"

/** Scoring shows members' points: not for analysts, who get no personal data. */
const readers = ["administrator", "secretary", "viewer"] as const
const mayScore = requireRole(readers, "compute member points, appraisals or talks", "计算党员积分、评议或谈话")

/** Appends the events to an empty ledger; 422 with every rejection if any is refused. */
const ledgerOf = (events: ReadonlyArray<PointEvent>, schemes: ReadonlyArray<ScoringScheme>, roster: ReadonlyArray<AttendanceInterval>) => {
  const r = appendEvents(Ledger.empty, events, { schemes, attendance: roster })
  return r.rejected.length === 0
    ? Effect.succeed(r.ledger)
    : Effect.fail(new LedgerRejected({
      code: "ledger.rejected",
      message: `${r.rejected.length} of ${events.length} event(s) rejected; nothing was scored`,
      messageZh: `${events.length} 条记录中有 ${r.rejected.length} 条被拒绝,未计算积分`,
      rejections: r.rejected
    }))
}

/** Handlers of the `scoring` group. */
export const ScoringLive = HttpApiBuilder.group(RedsiteApi, "scoring", (handlers) =>
  handlers
    .handle("results", ({ payload }) =>
      Effect.gen(function*() {
        yield* mayScore
        const schemes = payload.schemes ?? [fudingDefaultScheme]
        const ledger = yield* ledgerOf(payload.events, schemes, payload.roster)
        const report = aggregateLedger(ledger, {
          schemes,
          roster: payload.roster,
          ...(payload.from === undefined ? {} : { from: payload.from }),
          ...(payload.to === undefined ? {} : { to: payload.to })
        })
        return { scores: report.scores, organizations: report.organizations }
      }))
    .handle("appraisal", ({ payload }) =>
      Effect.gen(function*() {
        yield* mayScore
        const policy = yield* loadPolicy(payload.policyId)
        return appraise({ policy, scores: payload.scores, ballots: payload.ballots })
      }))
    .handle("obligations", ({ payload }) =>
      Effect.gen(function*() {
        yield* mayScore
        const schemes = payload.schemes ?? [fudingDefaultScheme]
        const ledger = yield* ledgerOf(payload.events, schemes, payload.roster)
        const report = obligationReport({
          rules: payload.rules ?? fudingTalkRules,
          triggers: [...arrivalTriggers(payload.roster), ...ledgerTriggers(ledger, schemes), ...(payload.triggers ?? [])],
          talks: payload.talks,
          asOf: payload.asOf
        })
        return { asOf: report.asOf, due: report.due, overdue: report.overdue, uncovered: report.uncovered }
      }))
    .handle("pipeline", ({ payload }) =>
      Effect.gen(function*() {
        yield* mayScore
        const policy = yield* loadPolicy(payload.policyId)
        const byId = new Map(payload.organizations.map((o) => [o.id, o]))
        return checkPipeline({ policy, record: payload.record, organizations: (id) => byId.get(id), asOf: payload.asOf })
      })))
