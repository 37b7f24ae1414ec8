/**
 * Handlers of the structure: the stored event log is replayed by the core (and the result kept while the log
 * does not change); new events are checked by the core before anything is stored.
 *
 * @module
 */
import { HttpApiBuilder } from "@effect/platform"
import {
  applyEvent,
  asOf,
  attendingNothing,
  chainToRoot,
  checkInvariants,
  completionProposal,
  dualManaged,
  dueToDissolve,
  emptyStructure,
  holdsOn,
  instructorsAndLiaisons,
  mobileAndPocketBySite,
  policies,
  reform,
  replay,
  subtreeOf,
  superiorsOf
} from "@redsite/core"
import type { Policy, Structure, StructureEvent, StructureOrganization } from "@redsite/core"
import { Effect, Either } from "effect"
import { RedsiteApi } from "./api.js"
import { requireRole } from "./auth.js"
import type { Principal } from "./auth.js"
import { Conflict, RuleViolation, forbidden, notFound } from "./errors.js"
import { actorOf } from "./projectHandlers.js"
import { Store } from "./store.js"
import type { StoreService } from "./store.js"
import { decodeCursor, encodeCursor, loadPolicy, setEtag, versionFromIfMatch } from "./support.js"

const readers = requireRole(["administrator", "secretary", "viewer", "analyst"], "read the structure", "查看组织架构")
/**
 * Queries that list people one by one (who is under dual management, who attends nothing, who is mobile or
 * pocket where, who instructs a site, whose attendance a completion ends): personal data, so not for
 * analysts (issue 8: analysts get no personal data), as for scoring.
 */
const memberReaders = requireRole(["administrator", "secretary", "viewer"], "list members of the structure", "查看组织架构中的党员名单")
const writers = requireRole(["administrator", "secretary"], "change the structure", "修改组织架构")

/** The replayed structure of each store, kept while its log has the same length. */
const cache = new WeakMap<StoreService, { readonly length: number; readonly structure: Structure }>()

/** The current structure and its version (the number of events). */
export const currentStructure = Effect.gen(function*() {
  const store = yield* Store
  const events = yield* store.structure.events
  const hit = cache.get(store)
  if (hit !== undefined && hit.length === events.length) return { structure: hit.structure, version: events.length }
  // stored events were accepted by the core once; replaying them again cannot fail unless the log was edited
  const r = replay(events, LENIENT)
  const structure = Either.isRight(r) ? r.right : emptyStructure
  cache.set(store, { length: events.length, structure })
  return { structure, version: events.length }
})

/**
 * The policy stored events are replayed under. Each event was checked under the policy named when it was
 * appended; on replay only the rules every policy shares apply, and the policy-dependent ones (may a
 * temporary organization admit, where may an organization convert) let through what some catalogue policy
 * allowed.
 */
const LENIENT: Policy = Either.getOrThrow(reform(policies.langshanStreet, { id: "redsite-replay", parameters: { temporaryMayAdmit: true } }))

const today = () => new Date().toISOString().slice(0, 10)

/** An organization and every one under it today: in the stored relations and in the structure. */
export const subtreeIds = (root: string) =>
  Effect.gen(function*() {
    const { structure } = yield* currentStructure
    const stored = yield* Effect.flatMap(Store, (s) => s.subtree(root))
    return new Set([...stored, ...subtreeOf(structure, root, today())])
  })

/** The organizations a principal may change: everything for an administrator, the subtree of their organization for a secretary. */
export const scopeOf = (principal: Principal) =>
  Effect.gen(function*() {
    if (principal.role === "administrator") return undefined
    const root = principal.organizationId
    if (root === undefined) return new Set<string>()
    return yield* subtreeIds(root)
  })

/** The organization ids an event touches (the ones a secretary's scope must hold). */
const touched = (e: StructureEvent): ReadonlyArray<string> => {
  switch (e._tag) {
    case "Establish": return [e.organization.approvedBy ?? e.reportsTo ?? e.organization.id]
    case "Relate": case "EndRelation": return [e.from]
    case "Register": return [e.homeOrganizationId]
    case "TransferHome": case "StartAttendance": case "EndAttendance": return [e.organizationId]
    case "ChangeStatus": return e.decidedBy === undefined ? [] : [e.decidedBy]
    case "Appoint": case "ElectCommittee": case "Dissolve": case "Convert": return [e.organizationId]
    case "CompleteProject": return []
  }
}

const DEFAULT_PAGE = 50

/** Whether an organization is alive on a date (established, not yet dissolved), as the coverage module reads it. */
const aliveOn = (o: StructureOrganization, date: string) => holdsOn({ from: o.establishedOn, to: o.dissolvedOn }, date)

/** Handlers of the `structure` group. */
export const StructureLive = HttpApiBuilder.group(RedsiteApi, "structure", (handlers) =>
  handlers
    .handle("get", ({ urlParams }) =>
      Effect.gen(function*() {
        yield* readers
        const { structure, version } = yield* currentStructure
        yield* setEtag(version)
        return urlParams.date === undefined ? structure : asOf(structure, urlParams.date)
      }))
    .handle("append", ({ headers, payload }) =>
      Effect.gen(function*() {
        const principal = yield* writers
        const expected = yield* versionFromIfMatch(headers["if-match"])
        const policy = yield* loadPolicy(payload.policyId)
        const { structure, version } = yield* currentStructure
        if (version !== expected) {
          return yield* Effect.fail(new Conflict({
            code: "version.stale",
            message: `the structure is at version ${version}, not ${expected}: read it again and reapply your change`,
            messageZh: `组织架构已被修改(当前版本${version}),请重新读取后再提交`,
            currentVersion: String(version)
          }))
        }
        const scope = yield* scopeOf(principal)
        let s = structure
        for (const [i, e] of payload.events.entries()) {
          if (scope !== undefined) {
            const outside = touched(e).filter((id) => !scope.has(id))
            if (outside.length > 0) {
              return yield* Effect.fail(forbidden(`event ${i + 1} touches ${outside.join(", ")}, outside organization ${principal.organizationId ?? "(none)"}'s subtree`, `第${i + 1}个事件涉及本组织范围以外的${outside.join("、")}`))
            }
          }
          const r = applyEvent(s, e, policy)
          if (Either.isLeft(r)) {
            const x = r.left
            return yield* Effect.fail(new RuleViolation({
              code: `structure.${x.code}`,
              message: `event ${i + 1} (${e._tag}) refused: ${x.text.en}; nothing was applied`,
              messageZh: `第${i + 1}个事件(${e._tag})被拒绝:${x.text.zh};未作任何修改`,
              ruleId: x.code,
              citation: x.citation
            }))
          }
          s = r.right
          if (scope !== undefined && e._tag === "Establish") scope.add(e.organization.id)
        }
        const next = yield* Effect.flatMap(Store, (st) => st.structure.append(payload.events, expected, actorOf(principal))).pipe(
          Effect.mapError((c) => new Conflict({
            code: "version.stale",
            message: `the structure is at version ${c.currentVersion}, not ${expected}`,
            messageZh: `组织架构已被修改(当前版本${c.currentVersion})`,
            ...(c.currentVersion === undefined ? {} : { currentVersion: String(c.currentVersion) })
          }))
        )
        yield* setEtag(next)
        return { version: next, accepted: payload.events.length }
      }))
    .handle("check", ({ urlParams }) =>
      Effect.gen(function*() {
        yield* readers
        const policy = yield* loadPolicy(urlParams.policyId)
        const { structure } = yield* currentStructure
        return checkInvariants(structure, policy, urlParams.date)
      }))
    .handle("organization", ({ path, urlParams }) =>
      Effect.gen(function*() {
        yield* readers
        const { structure } = yield* currentStructure
        const organization = structure.organizations.find((o) => o.id === path.id)
        if (organization === undefined || organization.establishedOn > urlParams.date) return yield* Effect.fail(notFound("organization", path.id))
        return {
          organization,
          superiors: superiorsOf(structure, path.id, urlParams.date),
          chainToRoot: chainToRoot(structure, path.id, urlParams.date),
          subtree: [...subtreeOf(structure, path.id, urlParams.date)]
        }
      }))
    .handle("organizations", ({ urlParams: q }) =>
      Effect.gen(function*() {
        yield* readers
        const after = yield* decodeCursor(q.cursor)
        const { structure } = yield* currentStructure
        const at = q.date === undefined ? structure : asOf(structure, q.date)
        const under = q.under === undefined ? undefined : subtreeOf(structure, q.under, q.date ?? today())
        const matches = (o: StructureOrganization) =>
          (q.date === undefined || aliveOn(o, q.date)) &&
          (q.kind === undefined || o.kind === q.kind) &&
          (q.temporary === undefined || o.temporary === q.temporary) &&
          (under === undefined || under.has(o.id)) &&
          (q.projectId === undefined || o.projectIds.includes(q.projectId))
        const limit = q.limit ?? DEFAULT_PAGE
        const all = at.organizations.filter((o) => (after === undefined || o.id > after) && matches(o)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        const items = all.slice(0, limit)
        return { items, ...(all.length > limit ? { nextCursor: encodeCursor(items[items.length - 1]!.id) } : {}) }
      }))
    .handle("dualManagement", ({ urlParams }) =>
      Effect.gen(function*() {
        yield* memberReaders
        const { structure } = yield* currentStructure
        return dualManaged(structure, urlParams.date)
      }))
    .handle("blankSpots", ({ urlParams }) =>
      Effect.gen(function*() {
        yield* memberReaders
        const { structure } = yield* currentStructure
        return {
          date: urlParams.date,
          memberIds: attendingNothing(structure, urlParams.date, urlParams.mobileOrPocketOnly === undefined ? {} : { mobileOrPocketOnly: urlParams.mobileOrPocketOnly })
        }
      }))
    .handle("mobilePocket", ({ urlParams }) =>
      Effect.gen(function*() {
        yield* memberReaders
        const { structure } = yield* currentStructure
        return [...mobileAndPocketBySite(structure, urlParams.date)]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([organizationId, e]) => ({ organizationId, mobile: e.mobile, pocket: e.pocket }))
      }))
    .handle("instructors", ({ path, urlParams }) =>
      Effect.gen(function*() {
        yield* memberReaders
        const { structure } = yield* currentStructure
        return instructorsAndLiaisons(structure, path.id, urlParams.date).map((a) =>
          "personId" in a
            ? { organizationId: a.organizationId, role: a.role, personId: a.personId }
            : { organizationId: (a as { organizationId: string }).organizationId, role: "instructor" as const, dispatchedBy: (a as { dispatchedBy: string }).dispatchedBy })
      }))
    .handle("dueToDissolve", ({ urlParams }) =>
      Effect.gen(function*() {
        yield* readers
        const { structure } = yield* currentStructure
        return { date: urlParams.date, organizationIds: dueToDissolve(structure, urlParams.date) }
      }))
    .handle("completion", ({ path, urlParams }) =>
      Effect.gen(function*() {
        yield* memberReaders
        const policy = yield* loadPolicy(urlParams.policyId)
        const { structure } = yield* currentStructure
        const proposal = completionProposal(structure, path.id, urlParams.date, policy)
        return { projectId: path.id, date: urlParams.date, events: proposal.events, blocked: proposal.blocked }
      })))
