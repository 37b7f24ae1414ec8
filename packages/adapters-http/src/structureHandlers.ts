/**
 * Handlers of the structure: the store keeps the structure as the core makes it of its events (on SQLite,
 * the structure repository's tables); new events are checked by the core, under the request's policy, before
 * anything is stored.
 *
 * @module
 */
import { HttpApiBuilder } from "@effect/platform"
import {
  Structure,
  asOf,
  attendingNothing,
  chainToRoot,
  checkInvariants,
  completionProposal,
  dualManaged,
  dueToDissolve,
  holdsOn,
  instructorsAndLiaisons,
  mobileAndPocketBySite,
  subtreeOf,
  superiorsOf,
  touchedBy
} from "@redsite/core"
import type { Policy, StructureEvent, StructureOrganization } from "@redsite/core"
import { Effect, Either } from "effect"
import { Conflict, forbidden, InvalidInput, notFound, RedsiteApi, RuleViolation } from "@redsite/client"
import { requireRole } from "./auth.js"
import type { Principal } from "@redsite/client"
import type { Forbidden } from "@redsite/client"
import { actorOf } from "./projectHandlers.js"
import { Pseudonyms, analystStructure, pseudonymousOrganization, pseudonymousViolations } from "./pseudonyms.js"
import { Store } from "./store.js"
import { decodeCursor, encodeCursor, loadPolicy, setEtag, versionFromIfMatch } from "./support.js"

const readers = requireRole(["administrator", "secretary", "viewer", "analyst"], "read the structure", "查看组织架构")
/**
 * Queries that list people one by one (who is under dual management, who attends nothing, who is mobile or
 * pocket where, who instructs a site, whose attendance a completion ends): personal data, so not for
 * analysts (issue 8: analysts get no personal data), as for scoring.
 */
const memberReaders = requireRole(["administrator", "secretary", "viewer"], "list members of the structure", "查看组织架构中的党员名单")
const writers = requireRole(["administrator", "secretary"], "change the structure", "修改组织架构")

/** The current structure and its version (the number of events), as the store keeps it. */
export const currentStructure = Effect.flatMap(Store, (store) => store.structure.current)

const today = () => new Date().toISOString().slice(0, 10)

/** An organization and every one under it on a date (default today), along both leadership lines (the store's subtree). */
export const subtreeIds = (root: string, date: string = today()) => Effect.flatMap(Store, (s) => s.structure.subtree(root, date))

/** The organizations a principal may change: everything for an administrator, the subtree of their organization for a secretary. */
export const scopeOf = (principal: Principal) =>
  Effect.gen(function*() {
    if (principal.role === "administrator") return undefined
    const root = principal.organizationId
    if (root === undefined) return new Set<string>()
    return new Set(yield* subtreeIds(root))
  })

const outsideScope = (i: number, e: StructureEvent, root: string | undefined, outside: ReadonlyArray<string>) =>
  forbidden(
    `event ${i + 1} (${e._tag}) changes ${outside.join(", ")}, outside organization ${root ?? "(none)"}'s subtree`,
    `第${i + 1}个事件(${e._tag})涉及本组织范围以外的${outside.join("、")}`
  )

/** Every existing organization an event names in any of its fields (read for an event the core refuses, which changes nothing). */
const namedOrganizations = (s: Structure, e: StructureEvent): ReadonlySet<string> => {
  const ids = new Set(s.organizations.map((o) => o.id))
  const out = new Set<string>()
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      if (ids.has(v)) out.add(v)
    } else if (Array.isArray(v)) v.forEach(walk)
    else if (typeof v === "object" && v !== null) Object.values(v).forEach(walk)
  }
  walk(e)
  return out
}

/**
 * Why a secretary may not append these events, or undefined when every one stays in their scope. The core
 * says what each event changes ({@link touchedBy}: from its effect on the structure as it stands before it,
 * so a new kind of event is covered without a table here); every existing organization it changes must lie
 * in the subtree of the secretary's organization both on the event's date and today (a backdated event
 * cannot reach an organization that was theirs once, nor one that is theirs only now), and every
 * organization it sets up must be placed in that subtree. An event the core refuses changes nothing: it is
 * refused here when it names an organization outside the scope, and otherwise left to the store, which
 * refuses it with the rule (nothing is applied).
 */
export const scopeRefusal = (
  principal: Principal,
  structure: Structure,
  events: ReadonlyArray<StructureEvent>,
  policy: Policy
): Forbidden | undefined => {
  const root = principal.organizationId
  const mine = new Set<string>()
  let s = structure
  for (const [i, e] of events.entries()) {
    const subtree = (at: Structure, date: string): ReadonlySet<string> => (root === undefined ? new Set() : subtreeOf(at, root, date))
    const then = subtree(s, e.date)
    const now = subtree(s, today())
    const outsideOf = (ids: Iterable<string>) => [...ids].filter((id) => !mine.has(id) && !(then.has(id) && now.has(id)))
    const r = touchedBy(s, e, policy)
    if (Either.isLeft(r)) {
      const named = outsideOf(namedOrganizations(s, e))
      return named.length === 0 ? undefined : outsideScope(i, e, root, named)
    }
    const { structure: next, touched } = r.right
    const placed = subtree(next, e.date)
    const outside = [...outsideOf(touched.organizations), ...[...touched.created].filter((id) => !placed.has(id))]
    if (outside.length > 0) return outsideScope(i, e, root, outside)
    // an organization the secretary sets up in their subtree is theirs for the events after it
    for (const id of touched.created) mine.add(id)
    s = next
  }
  return undefined
}

const DEFAULT_PAGE = 50

/** Whether an organization is alive on a date (established, not yet dissolved), as the coverage module reads it. */
const aliveOn = (o: StructureOrganization, date: string) => holdsOn({ from: o.establishedOn, to: o.dissolvedOn }, date)

/** Handlers of the `structure` group. */
export const StructureLive = HttpApiBuilder.group(RedsiteApi, "structure", (handlers) =>
  handlers
    .handle("get", ({ urlParams }) =>
      Effect.gen(function*() {
        const principal = yield* readers
        const store = yield* Store
        const { structure, version } = yield* (urlParams.date === undefined ? store.structure.current : store.structure.asOf(urlParams.date))
        yield* setEtag(version)
        return principal.role === "analyst" ? analystStructure(structure, (yield* Pseudonyms).of) : structure
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
        if (principal.role !== "administrator") {
          const refusal = scopeRefusal(principal, structure, payload.events, policy)
          if (refusal !== undefined) return yield* Effect.fail(refusal)
        }
        // the store has the core apply the events (all or none) and keeps only what it accepts
        const next = yield* Effect.flatMap(Store, (st) => st.structure.append(payload.events, expected, policy, actorOf(principal))).pipe(
          Effect.map((r) => r.version),
          Effect.catchTags({
            StoreConflict: (c) => Effect.fail(new Conflict({
              code: "version.stale",
              message: `the structure is at version ${c.currentVersion}, not ${expected}`,
              messageZh: `组织架构已被修改(当前版本${c.currentVersion})`,
              ...(c.currentVersion === undefined ? {} : { currentVersion: String(c.currentVersion) })
            })),
            StructureRefused: ({ index, rejection: x, tag }) => Effect.fail(new RuleViolation({
              code: `structure.${x.code}`,
              message: `event ${index + 1} (${tag}) refused: ${x.text.en}; nothing was applied`,
              messageZh: `第${index + 1}个事件(${tag})被拒绝:${x.text.zh};未作任何修改`,
              ruleId: x.code,
              citation: x.citation
            })),
            StructureInvalid: ({ index, issues }) => Effect.fail(new InvalidInput({
              code: "request.invalid",
              message: `event ${index + 1} is not a valid structure event; nothing was applied`,
              messageZh: `第${index + 1}个事件不是有效的组织架构事件;未作任何修改`,
              issues: issues.map((i) => ({ path: i.path === "" ? `events[${index}]` : `events[${index}].${i.path}`, message: i.message }))
            }))
          })
        )
        yield* setEtag(next)
        return { version: next, accepted: payload.events.length }
      }))
    .handle("check", ({ urlParams }) =>
      Effect.gen(function*() {
        const principal = yield* readers
        const policy = yield* loadPolicy(urlParams.policyId)
        const { structure } = yield* currentStructure
        const violations = checkInvariants(structure, policy, urlParams.date)
        return principal.role === "analyst" ? pseudonymousViolations(violations, structure, (yield* Pseudonyms).of) : violations
      }))
    .handle("organization", ({ path, urlParams }) =>
      Effect.gen(function*() {
        const principal = yield* readers
        const { structure } = yield* currentStructure
        const organization = structure.organizations.find((o) => o.id === path.id)
        if (organization === undefined || organization.establishedOn > urlParams.date) return yield* Effect.fail(notFound("organization", path.id))
        return {
          organization: principal.role === "analyst" ? pseudonymousOrganization(organization, (yield* Pseudonyms).of) : organization,
          superiors: superiorsOf(structure, path.id, urlParams.date),
          chainToRoot: chainToRoot(structure, path.id, urlParams.date),
          subtree: [...subtreeOf(structure, path.id, urlParams.date)]
        }
      }))
    .handle("organizations", ({ urlParams: q }) =>
      Effect.gen(function*() {
        const principal = yield* readers
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
        const of = principal.role === "analyst" ? (yield* Pseudonyms).of : undefined
        return {
          items: of === undefined ? items : items.map((o) => pseudonymousOrganization(o, of)),
          ...(all.length > limit ? { nextCursor: encodeCursor(items[items.length - 1]!.id) } : {})
        }
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
