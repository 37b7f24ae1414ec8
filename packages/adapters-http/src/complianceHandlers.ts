/**
 * Handlers of compliance and the reporting cycle (issue 19): the store keeps the compliance records as one
 * log the core checks (`replayRecords`, all or none, at the log's version); the handlers check who may record
 * what, load, and let the core judge (scorecard, overdue reports, reporting rate, evaluation, credit files).
 * They hold no rules.
 *
 * Who may do what (docs/compliance-http.md):
 *
 * | | administrator | secretary | reviewer | viewer | analyst |
 * |---|---|---|---|---|---|
 * | record site facts (milestones, steps, letters, meetings, assessments, reports) | all | projects of their subtree | — | — | — |
 * | record reviews, honours, credit-file entries | all | — | projects of their subtree (all without an organization) | — | — |
 * | read a project's records, scorecard; evaluation, credit file; overdue list | ✓ | ✓ | ✓ | ✓ | — |
 * | overdue counts, reporting rate | ✓ | ✓ | ✓ | ✓ | ✓ (counts only) |
 *
 * A correction is recorded by whoever may record the kind of record it corrects (and of its replacement).
 *
 * @module
 */
import { HttpApiBuilder } from "@effect/platform"
import {
  catalogue,
  creditFileEntries,
  evaluationCandidates,
  groupOverdue,
  isoDate,
  jurisdictionPolicyOf,
  overdueReports,
  recordProjectIds,
  recordsAsOf,
  reportingRate,
  scorecard
} from "@redsite/core"
import type { Honour, Policy, PolicyResolutionError, Project, RecordBook, RecordEvent, StoragePort } from "@redsite/core"
import { Effect, Either } from "effect"
import { Conflict, forbidden, notFound, RedsiteApi, RuleViolation } from "@redsite/client"
import type { Principal } from "@redsite/client"
import { requireRole } from "./auth.js"
import { cachedAt, revisionCache } from "./derived.js"
import type { RevisionCache } from "./derived.js"
import { PolicyStore } from "./policyStore.js"
import { actorOf } from "./projectHandlers.js"
import { Store } from "./store.js"
import { subtreeIds } from "./structureHandlers.js"
import { invalid, loadPolicy, setEtag, versionFromIfMatch } from "./support.js"

const recorders = requireRole(["administrator", "secretary", "reviewer"], "record compliance records", "记录工地党建台账")
const readers = requireRole(["administrator", "secretary", "reviewer", "viewer"], "read compliance records and scorecards", "查看工地党建台账和考评卡")
/** Counts without personal data: analysts too (issue 8). */
const counters = requireRole(["administrator", "secretary", "reviewer", "viewer", "analyst"], "count compliance", "统计工地党建情况")

/** Records of the local authority (属地主管部门): its review of a report, an honour, a credit-file entry. */
const AUTHORITY: ReadonlySet<string> = new Set(["ReportReviewed", "HonourAwarded", "CreditFileEntered"])

const today = () => new Date().toISOString().slice(0, 10)

/** The projects a principal records for: every project (undefined) for an administrator or a reviewer without an organization, else those organized by their subtree. */
const projectScope = (principal: Principal) =>
  Effect.gen(function*() {
    if (principal.role === "administrator" || (principal.role === "reviewer" && principal.organizationId === undefined)) return undefined
    const root = principal.organizationId
    return root === undefined ? new Set<string>() : new Set(yield* subtreeIds(root))
  })

const inScope = (scope: ReadonlySet<string> | undefined, p: Project) =>
  scope === undefined || p.units.some((u) => u.organizationId !== undefined && scope.has(u.organizationId))

/** A stored project, or 404. */
const loadProject = (id: string) =>
  Effect.flatMap(Store, (s) => s.projects.get(id)).pipe(Effect.flatMap((row) => (row === undefined ? Effect.fail(notFound("project", id)) : Effect.succeed(row.value))))

/** The project lists read per store (a server's port) and revision: a dashboard asks several queries of one state. */
const projectLists = new WeakMap<StoragePort, RevisionCache<ReadonlyArray<Project>>>()

/** Every stored project (of a district), in id order; read once per store revision. */
const allProjects = (district: string | undefined) =>
  Effect.gen(function*() {
    const store = yield* Store
    let cache = projectLists.get(store)
    if (cache === undefined) projectLists.set(store, cache = revisionCache(4))
    const list = Effect.gen(function*() {
      const out: Array<Project> = []
      let after: string | undefined
      for (;;) {
        const page = yield* store.projects.list({ district, after, limit: 5_000 })
        out.push(...page.items.map((i) => i.value))
        if (page.next === undefined) return out as ReadonlyArray<Project>
        after = page.next
      }
    })
    return yield* cachedAt(store.revision, cache, district === undefined ? "*" : `=${district}`, list)
  })

const byId = new Map(catalogue.map((p) => [p.id, p]))

/** The policy judging each project: the one named, or each project's jurisdiction's catalogue policy (the core's `jurisdictionPolicyOf`). */
const policyFor = (policyId: string | undefined) =>
  policyId === undefined
    ? Effect.succeed((p: Project): Policy => byId.get(jurisdictionPolicyOf(p).policyId) ?? byId.get("national")!)
    : Effect.map(loadPolicy(policyId), (policy) => policy as Policy | ((p: Project) => Policy))

/** A policy the core cannot resolve (a reform of a reform not stored…) as a 400 on `policyId`. */
const unresolved = (e: PolicyResolutionError) => invalid(e.message, [{ path: "policyId", message: e.message }])

const settled = <A>(r: Either.Either<A, PolicyResolutionError>) => (Either.isRight(r) ? Effect.succeed(r.right) : Effect.fail(unresolved(r.left)))

/** What kind of record an event records, for the role check: its tag, or for a correction the corrected record's and its replacement's. */
const kindsOf = (e: RecordEvent, tagOf: ReadonlyMap<string, string>): ReadonlyArray<string> =>
  e._tag === "Correct" ? [tagOf.get(e.corrects) ?? "", ...(e.replacement === undefined ? [] : [e.replacement._tag])].filter((t) => t !== "") : [e._tag]

/**
 * Why a principal may not append these events, or undefined. Each event's kind must be the principal's to
 * record (site facts: secretaries; the authority's records: reviewers; everything: administrators), and its
 * project (a correction's: the corrected record's, and its replacement's) must be stored and in their scope.
 */
export const refusal = (principal: Principal, book: RecordBook, events: ReadonlyArray<RecordEvent>) =>
  Effect.gen(function*() {
    const known = new Map<string, string>()
    recordProjectIds(book.events, known)
    const tagOf = new Map<string, string>()
    const remember = (e: RecordEvent) => {
      tagOf.set(e.id, e._tag)
      if (e._tag === "Correct" && e.replacement !== undefined) tagOf.set(e.replacement.id, e.replacement._tag)
    }
    book.events.forEach(remember)
    const projectOf = recordProjectIds(events, known)
    const scope = yield* projectScope(principal)
    const checked = new Map<string, boolean>()
    for (const [i, e] of events.entries()) {
      for (const kind of kindsOf(e, tagOf)) {
        const authority = AUTHORITY.has(kind)
        if (principal.role === "secretary" && authority) {
          return forbidden(`event ${i + 1} (${kind}) is the local authority's to record (a reviewer or the administrator)`, `第${i + 1}个事件(${kind})应由属地主管部门(审核人员或管理员)记录`)
        }
        if (principal.role === "reviewer" && !authority) {
          return forbidden(`event ${i + 1} (${kind}) is the site's to record (its secretary or the administrator); a reviewer records reviews, honours and credit-file entries`, `第${i + 1}个事件(${kind})应由工地(党组织书记或管理员)记录;审核人员只记录审核、荣誉和信用档案`)
        }
      }
      remember(e)
      const projects = [projectOf[i]!, ...(e._tag === "Correct" && e.replacement !== undefined ? [e.replacement.projectId] : [])].filter((p) => p !== "")
      for (const id of projects) {
        if (!checked.has(id)) {
          const project = yield* loadProject(id)
          checked.set(id, inScope(scope, project))
        }
        if (!checked.get(id)) {
          return forbidden(
            `event ${i + 1} (${e._tag}) is for project ${id}, not organized by organization ${principal.organizationId ?? "(none)"} or below it`,
            `第${i + 1}个事件(${e._tag})所属项目${id}不在本组织(${principal.organizationId ?? "无"})及下级组织的管理范围内`
          )
        }
      }
    }
    return undefined
  })

/** The 409 of an append at a version the log has left. */
export const stale = (current: number | undefined, expected: number) =>
  new Conflict({
    code: "version.stale",
    message: `the compliance records are at version ${current}, not ${expected}: read them again and reapply your change`,
    messageZh: `工地党建台账已被修改(当前版本${current}),请重新读取后再提交`,
    ...(current === undefined ? {} : { currentVersion: String(current) })
  })

/** Handlers of the `compliance` group. */
export const ComplianceLive = HttpApiBuilder.group(RedsiteApi, "compliance", (handlers) =>
  handlers
    .handle("append", ({ headers, payload }) =>
      Effect.gen(function*() {
        const principal = yield* recorders
        const expected = yield* versionFromIfMatch(headers["if-match"])
        const store = yield* Store
        const { book, version } = yield* store.records.log()
        if (version !== expected) return yield* Effect.fail(stale(version, expected))
        const refused = yield* refusal(principal, book, payload.events)
        if (refused !== undefined) return yield* Effect.fail(refused)
        // the store has the core check the events against the whole log (all or none)
        const next = yield* store.records.append(payload.events, expected, actorOf(principal)).pipe(
          Effect.map((r) => r.version),
          Effect.catchTags({
            StoreConflict: (c) => Effect.fail(stale(c.currentVersion, expected)),
            RecordRefused: ({ index, rejection: x, tag }) =>
              Effect.fail(new RuleViolation({
                code: x.code,
                message: `event ${index + 1} (${tag}) refused: ${x.text.en}; nothing was recorded`,
                messageZh: `第${index + 1}个事件(${tag})被拒绝:${x.text.zh};未作任何记录`,
                ruleId: x.code,
                citation: x.citation
              }))
          })
        )
        yield* setEtag(next)
        return { version: next, accepted: payload.events.length }
      }))
    .handle("records", ({ path, urlParams }) =>
      Effect.gen(function*() {
        yield* readers
        yield* loadProject(path.id)
        const { book, version } = yield* Effect.flatMap(Store, (s) => s.records.log(path.id))
        const date = urlParams.date ?? isoDate(today())
        yield* setEtag(version)
        return { projectId: path.id, version, date, events: book.events, facts: recordsAsOf(book, date).filter((f) => f.projectId === path.id) }
      }))
    .handle("scorecard", ({ path, urlParams }) =>
      Effect.gen(function*() {
        yield* readers
        const project = yield* loadProject(path.id)
        const policy = urlParams.policyId === undefined ? byId.get(jurisdictionPolicyOf(project).policyId) ?? byId.get("national")! : yield* loadPolicy(urlParams.policyId)
        const { book } = yield* Effect.flatMap(Store, (s) => s.records.log(path.id))
        const extra = yield* Effect.flatMap(PolicyStore, (s) => s.list)
        return yield* settled(scorecard(project, policy, book, urlParams.date, { extra }))
      }))
    .handle("overdue", ({ urlParams: q }) =>
      Effect.gen(function*() {
        const principal = yield* counters
        const policy = yield* policyFor(q.policyId)
        const projects = yield* allProjects(q.district)
        const { book } = yield* Effect.flatMap(Store, (s) => s.records.log())
        const rows = (yield* settled(overdueReports(projects, policy, book, q.date)))
          .filter((r) => q.organizationId === undefined || r.organizationId === q.organizationId)
        const by = q.by ?? "district"
        const limit = q.limit ?? 100
        const listed = principal.role === "analyst" ? [] : [...rows].sort((a, b) => b.daysLate - a.daysLate || (a.projectId < b.projectId ? -1 : a.projectId > b.projectId ? 1 : 0)).slice(0, limit)
        return { date: q.date, by, groups: groupOverdue(rows, by), total: rows.length, reports: listed, truncated: principal.role !== "analyst" && rows.length > limit }
      }))
    .handle("reportingRate", ({ urlParams: q }) =>
      Effect.gen(function*() {
        yield* counters
        const policy = yield* policyFor(q.policyId)
        const projects = yield* allProjects(q.district)
        const { book } = yield* Effect.flatMap(Store, (s) => s.records.log())
        const date = q.date ?? isoDate(today())
        const months = yield* settled(reportingRate(projects, policy, book, { ...(q.district === undefined ? {} : { district: q.district }), from: q.from, to: q.to }, date))
        return { ...(q.district === undefined ? {} : { district: q.district }), date, months }
      }))
    .handle("evaluation", ({ urlParams: q }) =>
      Effect.gen(function*() {
        yield* readers
        const policy = yield* policyFor(q.policyId)
        const projects = yield* allProjects(q.district)
        const { book } = yield* Effect.flatMap(Store, (s) => s.records.log())
        const candidates = yield* settled(evaluationCandidates(projects, policy, book, q.year))
        return { year: q.year, candidates: q.qualifyingOnly === true ? candidates.filter((c) => c.qualifies) : candidates }
      }))
    .handle("creditFile", ({ urlParams: q }) =>
      Effect.gen(function*() {
        yield* readers
        const policy = yield* policyFor(q.policyId)
        const store = yield* Store
        const { book } = yield* store.records.log()
        const date = q.date ?? isoDate(today())
        const facts = recordsAsOf(book, date)
        const honours = new Map<string, { projectId: string; honour: Honour; year: number }>()
        for (const f of facts) if (f._tag === "HonourAwarded" && f.year === q.year) honours.set(f.id, { projectId: f.projectId, honour: f.honour, year: f.year })
        const recorded = new Set<string>()
        for (const f of facts) {
          const h = f._tag === "CreditFileEntered" ? honours.get(f.honourId) : undefined
          if (f._tag === "CreditFileEntered" && h !== undefined) recorded.add(JSON.stringify([h.projectId, h.honour, f.enterpriseId]))
        }
        const selected: Array<{ project: Project; honour: Honour; year: number }> = []
        const seen = new Set<string>()
        for (const h of honours.values()) {
          const key = JSON.stringify([h.projectId, h.honour])
          if (seen.has(key)) continue
          seen.add(key)
          const row = yield* store.projects.get(h.projectId)
          // an honour of a project no longer stored names no enterprise: it produces no entry
          if (row !== undefined) selected.push({ project: row.value, honour: h.honour, year: h.year })
        }
        const entries = yield* settled(creditFileEntries(selected, policy))
        return {
          year: q.year, date,
          entries: entries.map((entry) => ({ entry, recorded: recorded.has(JSON.stringify([entry.projectId, entry.honour, entry.enterpriseId])) }))
        }
      })))
