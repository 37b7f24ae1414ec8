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
  incidentTriggers,
  ledgerTriggers,
  obligationReport,
  pipelineCounts,
  policies,
  schemesOf,
  talkRulesOf
} from "@redsite/core"
import { AttendanceInterval } from "@redsite/core"
import type { MemberScore, Policy, PointEvent, ScoringScheme, Structure, TalkRule } from "@redsite/core"
import { Effect } from "effect"
import { forbidden, LedgerRejected, MAX_PAGE, rangeProblem, RedsiteApi } from "@redsite/client"
import { requireRole } from "./auth.js"
import type { ScoreRequest } from "@redsite/client"
import { decodeCursor, encodeCursor, invalid, loadPolicy } from "./support.js"
import { PolicyStore } from "./policyStore.js"
import { actorOf } from "./projectHandlers.js"
import { Store } from "./store.js"
import { currentStructure, scopeOf } from "./structureHandlers.js"

/**
 * The policy whose data gives the points scheme and the talks when a request brings none and names no policy
 * (`policyId`): Fuding's, the one source with a points practice. The scheme and the talk rules are read from
 * its data (`scoring`, `talks`), never written here.
 */
const DEFAULT_POLICY = policies.fudingSite2020
const defaultSchemes = () => schemesOf(DEFAULT_POLICY)
const defaultTalkRules = () => talkRulesOf(DEFAULT_POLICY)

/**
 * What a scoring request's policy gives: the points schemes and the talk rules of the policy it names (a
 * catalogue policy or a stored reform, resolved with every stored policy; 404 when unknown), or of the
 * default policy when it names none.
 */
interface NamedPolicy {
  readonly id: string
  readonly schemes: ReadonlyArray<ScoringScheme>
  readonly talkRules: () => ReadonlyArray<TalkRule>
}

const namedPolicy = (policyId: string | undefined) =>
  policyId === undefined
    ? Effect.succeed<NamedPolicy>({ id: DEFAULT_POLICY.id, schemes: defaultSchemes(), talkRules: defaultTalkRules })
    : Effect.gen(function*() {
      const policy: Policy = yield* loadPolicy(policyId)
      const all = yield* Effect.flatMap(PolicyStore, (s) => s.list)
      return { id: policy.id, schemes: schemesOf(policy, all), talkRules: () => talkRulesOf(policy, all) } satisfies NamedPolicy
    })

/** The schemes to score with: the request's own, else its policy's; a 400 naming `policyId` when that policy sets none. */
const schemesFor = (given: ReadonlyArray<ScoringScheme> | undefined, named: NamedPolicy) => {
  if (given !== undefined) return Effect.succeed(given)
  if (named.schemes.length > 0) return Effect.succeed(named.schemes)
  const message = `policy ${named.id} sets no points scheme (积分方案) in any layer: give \`schemes\`, or name a policy that sets one (e.g. fuding-site-2020)`
  return Effect.fail(invalid(message, [{ path: "policyId", message }]))
}

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

/** The structure's attendance periods, as the scoring roster. */
const rosterOf = (s: Structure): ReadonlyArray<AttendanceInterval> =>
  s.members.flatMap((m) => m.attendance.map((a) => new AttendanceInterval({ memberId: m.id, organizationId: a.organizationId, from: a.from, ...(a.to === undefined ? {} : { to: a.to }) })))

/** The key that orders member scores across pages: period, scheme, organization, member. */
const scoreKey = (s: MemberScore) => [s.periodStart, s.schemeId, String(s.schemeVersion).padStart(6, "0"), s.organizationId, s.memberId].join("\u0000")

/**
 * The range a score request covers — `from` and `to` as given, else from its first event or attendance to its
 * last event, as the core defaults them — checked against {@link MAX_RANGE_DAYS}: a range left to default
 * is bounded like one given.
 */
const effectiveRange = (r: ScoreRequest) => {
  let first: string | undefined = r.from
  let last: string | undefined = r.to
  if (first === undefined || last === undefined) {
    const starts = [...r.events.map((e) => e.date), ...r.roster.map((a) => a.from)]
    const ends = r.events.map((e) => e.date)
    first ??= starts.reduce<string | undefined>((m, d) => (m === undefined || d < m ? d : m), undefined)
    last ??= ends.reduce<string | undefined>((m, d) => (m === undefined || d > m ? d : m), undefined)
  }
  const problem = first === undefined || last === undefined ? undefined : rangeProblem(first, last)
  return problem === undefined
    ? Effect.void
    : Effect.fail(invalid(`the range scored is too long: ${problem}`, [{ path: r.to === undefined ? "events" : r.from === undefined ? "from" : "to", message: problem }]))
}

/** Handlers of the `scoring` group. */
export const ScoringLive = HttpApiBuilder.group(RedsiteApi, "scoring", (handlers) =>
  handlers
    .handle("results", ({ payload }) =>
      Effect.gen(function*() {
        yield* mayScore
        yield* effectiveRange(payload)
        const schemes = yield* schemesFor(payload.schemes, yield* namedPolicy(payload.policyId))
        const ledger = yield* ledgerOf(payload.events, schemes, payload.roster)
        const report = aggregateLedger(ledger, {
          schemes,
          roster: payload.roster,
          ...(payload.from === undefined ? {} : { from: payload.from }),
          ...(payload.to === undefined ? {} : { to: payload.to })
        })
        return { scores: report.scores, organizations: report.organizations }
      }))
    .handle("record", ({ payload }) =>
      Effect.gen(function*() {
        const principal = yield* requireRole(["administrator", "secretary"], "record points", "记录积分")
        const scope = yield* scopeOf(principal)
        if (scope !== undefined) {
          const outside = [...new Set(payload.events.map((e) => e.organizationId).filter((o) => !scope.has(o)))]
          if (outside.length > 0) return yield* Effect.fail(forbidden(`events of ${outside.join(", ")}, outside your organization's subtree`, `超出本组织范围的积分记录:${outside.join("、")}`))
        }
        const store = yield* Store
        const stored = yield* store.ledger.events
        const schemes = payload.schemes ?? defaultSchemes()
        // the stored events were accepted when recorded: rebuild the ledger from them as they are
        const base = appendEvents(Ledger.empty, stored, { schemes, attendance: () => true }).ledger
        const { structure } = yield* currentStructure
        const r = appendEvents(base, payload.events, { schemes, attendance: rosterOf(structure) })
        if (r.rejected.length > 0) {
          return yield* Effect.fail(new LedgerRejected({
            code: "ledger.rejected",
            message: `${r.rejected.length} of ${payload.events.length} event(s) rejected; nothing was recorded`,
            messageZh: `${payload.events.length} 条记录中有 ${r.rejected.length} 条被拒绝,未记录任何积分`,
            rejections: r.rejected
          }))
        }
        // the port answers how many it appended: the total is what was stored before plus those
        const total = stored.length + (yield* store.ledger.append(payload.events, actorOf(principal)))
        return { accepted: payload.events.length, total }
      }))
    .handle("ledgerResults", ({ urlParams }) =>
      Effect.gen(function*() {
        yield* mayScore
        const store = yield* Store
        const schemes = defaultSchemes()
        const ledger = appendEvents(Ledger.empty, yield* store.ledger.events, { schemes, attendance: () => true }).ledger
        const { structure } = yield* currentStructure
        const report = aggregateLedger(ledger, { schemes, roster: rosterOf(structure), from: urlParams.from, to: urlParams.to })
        const after = yield* decodeCursor(urlParams.cursor)
        const limit = urlParams.limit ?? MAX_PAGE
        const rows = report.scores.map((row) => [scoreKey(row), row] as const).filter(([k]) => after === undefined || k > after).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        const page = rows.slice(0, limit)
        return {
          scores: page.map(([, row]) => row),
          organizations: report.organizations,
          ...(rows.length > limit ? { nextCursor: encodeCursor(page[page.length - 1]![0]) } : {})
        }
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
        const named = yield* namedPolicy(payload.policyId)
        // a scheme is needed only to read the events' items (a violation makes a talk due)
        const schemes = payload.events.length === 0 ? payload.schemes ?? named.schemes : yield* schemesFor(payload.schemes, named)
        const ledger = yield* ledgerOf(payload.events, schemes, payload.roster)
        const report = obligationReport({
          rules: payload.rules ?? named.talkRules(),
          triggers: [
            ...arrivalTriggers(payload.roster), ...ledgerTriggers(ledger, schemes), ...incidentTriggers(payload.incidents ?? []), ...(payload.triggers ?? [])
          ],
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
      }))
    .handle("pipelineCounts", ({ payload }) =>
      Effect.gen(function*() {
        yield* mayScore
        return pipelineCounts({ records: payload.records, ...(payload.talent === undefined ? {} : { talent: payload.talent }), from: payload.from, to: payload.to })
      })))
