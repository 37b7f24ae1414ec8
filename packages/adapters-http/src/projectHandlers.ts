/**
 * Handlers of projects, their units and members, and the audit log. They check access, load, let the core
 * decode and decide, and store; they hold no rules.
 *
 * @module
 */
import { HttpApiBuilder } from "@effect/platform"
import { Member, Project, Unit, decodeProject, redactMember, redactProject } from "@redsite/core"
import type { IsoDate } from "@redsite/core"
import { Effect, Either, Schema } from "effect"
import { AuditEntry, Conflict, forbidden, MAX_PAGE, notFound, RedsiteApi } from "@redsite/client"
import { CurrentPrincipal } from "@redsite/client"
import type { Principal } from "@redsite/client"
import { requireRole, seesPersonalData } from "./auth.js"
import { Store } from "./store.js"
import { scopeOf, subtreeIds } from "./structureHandlers.js"
import type { Actor, StoreConflict, StoreMissing, Versioned } from "@redsite/core"
import { decide, decodeCursor, encodeCursor, invalid, invalidFrom, loadPolicy, setEtag, versionFromIfMatch } from "./support.js"

const DEFAULT_PAGE = 50

/** The actor recorded in the audit log for a principal. */
export const actorOf = (p: Principal): Actor => ({ principalId: p.id, role: p.role })

const readers = requireRole(["administrator", "secretary", "viewer"], "read projects and members", "查看项目和党员信息")
const writers = requireRole(["administrator", "secretary"], "change projects", "修改项目")

/** The project as this principal may see it. */
const visible = (principal: Principal, p: Project): Project => (seesPersonalData(principal) ? p : redactProject(p))

const stored = (principal: Principal, row: Versioned<Project>) => ({ version: row.version, project: visible(principal, row.value) })

/** A secretary writes only projects organized by their organization's subtree; an administrator writes all. */
export const checkScope = (principal: Principal, ...projects: ReadonlyArray<Project>) =>
  Effect.gen(function*() {
    const scope = yield* scopeOf(principal)
    if (scope === undefined) return
    const root = principal.organizationId
    for (const p of projects) {
      if (!p.units.some((u) => u.organizationId !== undefined && scope.has(u.organizationId))) {
        return yield* Effect.fail(forbidden(
          `project ${p.id} is not organized by a unit of organization ${root ?? "(none)"} or below it`,
          `项目${p.id}不在本组织(${root ?? "无"})及下级组织的管理范围内`
        ))
      }
    }
  })

/** A stored project, or 404. */
export const load = (id: string) =>
  Effect.flatMap(Store, (s) => s.projects.get(id)).pipe(
    Effect.flatMap((row) => (row === undefined ? Effect.fail(notFound("project", id)) : Effect.succeed(row)))
  )

/** A store failure as an HTTP error: 404 for a missing row, 409 for an existing id or a stale version. */
export const storeError = (e: StoreConflict | StoreMissing) =>
  e._tag === "StoreMissing"
    ? notFound("project", e.id)
    : new Conflict({
      code: e.expectedVersion === undefined ? "project.exists" : "version.stale",
      message: e.expectedVersion === undefined
        ? `a project with id ${JSON.stringify(e.id)} already exists`
        : `project ${e.id} is at version ${e.currentVersion}, not ${e.expectedVersion}: read it again and reapply your change`,
      messageZh: e.expectedVersion === undefined
        ? `项目编号已存在:${e.id}`
        : `项目${e.id}已被修改(当前版本${e.currentVersion},提交所依据的版本${e.expectedVersion}),请重新读取后再提交`,
      ...(e.currentVersion === undefined ? {} : { currentVersion: String(e.currentVersion) })
    })

/** Decodes a changed project through the core, so that cross-field rules (dangling unit ids…) hold. */
const revalidate = (candidate: unknown) => {
  const r = decodeProject(candidate)
  return Either.isRight(r) ? Effect.succeed(r.right) : Effect.fail(invalidFrom(r.left))
}

const encodeProject = Schema.encodeSync(Project)
const encodeMember = Schema.encodeSync(Member)
const encodeUnit = Schema.encodeSync(Unit)

/** Applies a change to a stored project at the version named by If-Match, within the principal's scope. */
const modify = (id: string, ifMatch: string | undefined, change: (p: Project) => Effect.Effect<unknown, ReturnType<typeof invalid>>) =>
  Effect.gen(function*() {
    const principal = yield* writers
    const expected = yield* versionFromIfMatch(ifMatch)
    const row = yield* load(id)
    yield* checkScope(principal, row.value)
    const next = yield* Effect.flatMap(change(row.value), revalidate)
    yield* checkScope(principal, next)
    const saved = yield* Effect.flatMap(Store, (s) => s.projects.replace(next, expected, actorOf(principal))).pipe(Effect.mapError(storeError))
    yield* setEtag(saved.version)
    return stored(principal, saved)
  })

const samePathId = (what: string, path: string, body: string) =>
  path === body
    ? Effect.void
    : Effect.fail(invalid(`the ${what} id in the path (${path}) differs from the body's (${body})`, [{ path: "id", message: `expected ${JSON.stringify(path)}` }]))

export const ProjectsLive = HttpApiBuilder.group(RedsiteApi, "projects", (handlers) =>
  handlers
    .handle("list", ({ urlParams }) =>
      Effect.gen(function*() {
        const principal = yield* readers
        const after = yield* decodeCursor(urlParams.cursor)
        const store = yield* Store
        const organizationIds = urlParams.organizationId === undefined ? undefined : yield* subtreeIds(urlParams.organizationId)
        const page = yield* store.projects.list({
          district: urlParams.district,
          phase: urlParams.phase,
          organizationIds,
          after,
          limit: Math.min(urlParams.limit ?? DEFAULT_PAGE, MAX_PAGE)
        })
        return {
          items: page.items.map((row) => stored(principal, row)),
          ...(page.next === undefined ? {} : { nextCursor: encodeCursor(page.next) })
        }
      }))
    .handle("get", ({ path }) =>
      Effect.gen(function*() {
        const principal = yield* readers
        const row = yield* load(path.id)
        yield* setEtag(row.version)
        return stored(principal, row)
      }))
    .handle("create", ({ payload }) =>
      Effect.gen(function*() {
        const principal = yield* writers
        const project = yield* revalidate(encodeProject(payload))
        yield* checkScope(principal, project)
        const saved = yield* Effect.flatMap(Store, (s) => s.projects.create(project, actorOf(principal))).pipe(Effect.mapError(storeError))
        yield* setEtag(saved.version)
        return stored(principal, saved)
      }))
    .handle("replace", ({ headers, path, payload }) =>
      Effect.zipRight(samePathId("project", path.id, payload.id), modify(path.id, headers["if-match"], () => Effect.succeed(encodeProject(payload)))))
    .handle("remove", ({ headers, path }) =>
      Effect.gen(function*() {
        const principal = yield* writers
        const expected = yield* versionFromIfMatch(headers["if-match"])
        const row = yield* load(path.id)
        yield* checkScope(principal, row.value)
        yield* Effect.flatMap(Store, (s) => s.projects.remove(path.id, expected, actorOf(principal))).pipe(Effect.mapError(storeError))
      }))
    .handle("members", ({ path }) =>
      Effect.gen(function*() {
        const principal = yield* readers
        const row = yield* load(path.id)
        yield* setEtag(row.version)
        return seesPersonalData(principal) ? row.value.members : row.value.members.map(redactMember)
      }))
    .handle("putMember", ({ headers, path, payload }) =>
      Effect.zipRight(
        samePathId("member", path.memberId, payload.id),
        modify(path.id, headers["if-match"], (p) => {
          const encoded = encodeProject(p)
          const others = encoded.members.filter((m) => m.id !== payload.id)
          const at = encoded.members.findIndex((m) => m.id === payload.id)
          const members = at < 0 ? [...others, encodeMember(payload)] : encoded.members.map((m, i) => (i === at ? encodeMember(payload) : m))
          return Effect.succeed({ ...encoded, members })
        })
      ))
    .handle("removeMember", ({ headers, path }) =>
      modify(path.id, headers["if-match"], (p) =>
        p.members.some((m) => m.id === path.memberId)
          ? Effect.succeed({ ...encodeProject(p), members: encodeProject(p).members.filter((m) => m.id !== path.memberId) })
          : Effect.fail(invalid(`project ${p.id} has no member ${path.memberId}`, [{ path: "memberId", message: "no such member" }]))))
    .handle("units", ({ path }) =>
      Effect.gen(function*() {
        yield* readers
        const row = yield* load(path.id)
        yield* setEtag(row.version)
        return row.value.units
      }))
    .handle("putUnit", ({ headers, path, payload }) =>
      Effect.zipRight(
        samePathId("unit", path.unitId, payload.id),
        modify(path.id, headers["if-match"], (p) => {
          const encoded = encodeProject(p)
          const unit = encodeUnit(payload)
          const at = encoded.units.findIndex((u) => u.id === payload.id)
          const units = at < 0 ? [...encoded.units, unit] : encoded.units.map((u, i) => (i === at ? unit : u))
          return Effect.succeed({ ...encoded, units })
        })
      ))
    .handle("removeUnit", ({ headers, path }) =>
      modify(path.id, headers["if-match"], (p) =>
        p.units.some((u) => u.id === path.unitId)
          ? Effect.succeed({ ...encodeProject(p), units: encodeProject(p).units.filter((u) => u.id !== path.unitId) })
          : Effect.fail(invalid(`project ${p.id} has no unit ${path.unitId}`, [{ path: "unitId", message: "no such unit" }]))))
    .handle("setup", ({ path, urlParams }) =>
      Effect.gen(function*() {
        const principal = yield* CurrentPrincipal
        if (principal.role === "analyst") yield* readers
        const row = yield* load(path.id)
        const policy = yield* loadPolicy(urlParams.policyId)
        return yield* decide(row.value, policy, urlParams.date as IsoDate)
      })))

export const AuditLive = HttpApiBuilder.group(RedsiteApi, "audit", (handlers) =>
  handlers.handle("list", ({ urlParams }) =>
    Effect.gen(function*() {
      yield* requireRole(["administrator"], "read the audit log", "查看审计日志")
      const records = yield* Effect.flatMap(Store, (s) => s.audit(urlParams.after ?? 0, urlParams.limit ?? DEFAULT_PAGE))
      // the port's records as the API's entries (the same fields)
      return records.map((r) => new AuditEntry(r))
    })))
