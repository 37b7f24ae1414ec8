/**
 * The demo: a portfolio built from the source documents' scenarios, seeded into a store on first run, and
 * a server with one demo token per role. Used by `pnpm start` and the dashboard example.
 *
 * @module
 */
import { structureReplayPolicy } from "@redsite/adapters-sqlite"
import { Appoint, CoverageFacts, Establish, Register, Relate, StartAttendance, isoDate, seedScenarios } from "@redsite/core"
import type { Project, StructureEvent, WorkCoverageForm } from "@redsite/core"
import { Effect, Layer } from "effect"
import { randomBytes } from "node:crypto"
import { Principal } from "@redsite/client"
import { hashToken } from "./auth.js"
import type { Role } from "@redsite/client"
import { startServer } from "./server.js"
import type { RunningServer, ServerOptions } from "./server.js"
import type { Actor } from "@redsite/core"
import { Store } from "./store.js"

/** The seed scenarios' projects, once each (several scenarios share a project). */
export const demoProjects = (): ReadonlyArray<Project> => {
  const byId = new Map<string, Project>()
  for (const s of seedScenarios) if (!byId.has(s.project.id)) byId.set(s.project.id, s.project)
  return [...byId.values()]
}

/**
 * What covers the demo projects: made-up facts, in the spirit of each source's story, so that a demo
 * report has organizations, Party work and blank spots to show. They are demo data, not findings.
 */
export const demoCoverageFacts = (): ReadonlyArray<CoverageFacts> => {
  const facts = (projectId: string, ownOrganization: boolean, work: ReadonlyArray<WorkCoverageForm> = [], red = false) =>
    new CoverageFacts({ projectId, ownOrganization, work: [...work], redSiteCreation: red, qualityPlan: red })
  return [
    facts("expo-park", true), // the Expo units' temporary organizations (seed-000 Expo §二(三))
    facts("sh-major", true), // a temporary general branch of the general contractor
    facts("sh-year", false, ["instructor"]), // too few members: an instructor is dispatched (seed-000 §二(二))
    facts("langshan-xgy", true), // the project branch formed with the project department (seed-001)
    facts("fuding-edge", true), // a combined branch (seed-002)
    facts("wz-site", true, [], true), // a red site with a quality plan (seed-004)
    facts("deco", false, ["massOrganization"]) // a union as the bridge (seed-003)
  ].filter((f) => demoProjects().some((p) => p.id === f.projectId))
}

/**
 * A demo structure after the sources: the Expo park's units under dual leadership (seed-000), Fuding's four
 * levels with a combined branch, its instructor and liaison (seed-002), and members attending the site
 * while their membership stays at home. Demo data, said so.
 */
export const demoStructureEvents = (): ReadonlyArray<StructureEvent> => {
  const d = isoDate
  const org = (date: string, id: string, name: string, kind: "committee" | "workingCommittee" | "branch" | "combinedBranch" | "group", extra: { approvedBy?: string; temporary?: boolean; projectIds?: Array<string> } = {}) =>
    new Establish({ date: d(date), organization: { id, name, kind, temporary: extra.temporary ?? false, projectIds: extra.projectIds ?? [], ...(extra.approvedBy === undefined ? {} : { approvedBy: extra.approvedBy }) } })
  return [
    org("2010-01-01", "expo-bureau", "世博局党委", "committee"),
    org("2010-01-01", "dispatcher-a", "派出单位甲党委", "committee"),
    org("2010-04-01", "pavilion-a", "办展单位甲临时党支部", "branch", { approvedBy: "dispatcher-a", temporary: true, projectIds: ["expo-park"] }),
    new Relate({ date: d("2010-04-01"), kind: "secondSuperior", from: "pavilion-a", to: "expo-bureau", tasks: [] }),
    new Appoint({ date: d("2010-04-01"), organizationId: "pavilion-a", role: "secretary", personId: "head-a", end: false }),
    org("2020-01-01", "fd-two-new", "福鼎市两新工委", "workingCommittee"),
    org("2020-01-01", "fd-transport", "交通局党委(主管部门)", "committee", { approvedBy: "fd-two-new" }),
    org("2020-01-01", "fd-town", "驻地镇党委", "committee", { approvedBy: "fd-two-new" }),
    org("2020-09-03", "fd-site", "福鼎某重点项目工地兼合党支部", "combinedBranch", { approvedBy: "fd-transport", temporary: true, projectIds: ["fuding-edge"] }),
    new Relate({ date: d("2020-09-03"), kind: "pairing", from: "fd-site", to: "fd-town", pairingForm: "signedPairing", tasks: ["安全生产", "矛盾调处", "就业帮扶", "道路保通", "环境整治", "文明施工", "结对慰问"] }),
    org("2020-09-03", "fd-crew", "隧道班组党小组", "group", { approvedBy: "fd-site" }),
    new Appoint({ date: d("2020-09-03"), organizationId: "fd-site", role: "secretary", personId: "pm-chen", end: false }),
    new Appoint({ date: d("2020-09-03"), organizationId: "fd-site", role: "instructor", personId: "cadre-lin", end: false }),
    new Appoint({ date: d("2020-09-03"), organizationId: "fd-site", role: "liaison", personId: "village-wu", end: false }),
    ...["wang", "zhang", "liu"].flatMap((m) => [
      new Register({ date: d("2020-09-03"), memberId: `fd-${m}`, homeOrganizationId: `${m}-home-branch`, status: "full", mobile: true, pocket: false }),
      new StartAttendance({ date: d("2020-09-05"), memberId: `fd-${m}`, organizationId: "fd-site" })
    ])
  ]
}

const SEEDER: Actor = { principalId: "seed", role: "administrator" }

/**
 * Creates the projects (and their coverage facts) the store does not hold yet, and the structure's events
 * when its log is empty, so that a restart over a kept database adds nothing. Returns how many projects it
 * created.
 */
export const seedProjects = (
  projects: ReadonlyArray<Project>,
  facts: ReadonlyArray<CoverageFacts> = [],
  structure: ReadonlyArray<StructureEvent> = []
): Effect.Effect<number, never, Store> =>
  Effect.gen(function*() {
    const store = yield* Store
    let created = 0
    for (const p of projects) {
      if ((yield* store.projects.get(p.id)) !== undefined) continue
      yield* Effect.orDie(store.projects.create(p, SEEDER))
      created++
    }
    for (const f of facts) {
      if ((yield* store.coverage.get(f.projectId)) !== undefined) continue
      yield* Effect.orDie(store.coverage.create(f, SEEDER))
    }
    if (structure.length > 0 && (yield* store.structure.current).version === 0) yield* Effect.orDie(store.structure.append(structure, 0, structureReplayPolicy, SEEDER))
    return created
  })

/** A store layer seeded with the given projects, coverage facts and structure (default: the demo's) when it is built. */
export const seededStore = <E>(
  store: Layer.Layer<Store, E>,
  projects: ReadonlyArray<Project> = demoProjects(),
  facts: ReadonlyArray<CoverageFacts> = demoCoverageFacts().filter((f) => projects.some((p) => p.id === f.projectId)),
  structure: ReadonlyArray<StructureEvent> = demoStructureEvents()
): Layer.Layer<Store, E> =>
  Layer.effectDiscard(seedProjects(projects, facts, structure)).pipe(Layer.provideMerge(store))

/**
 * A store layer seeded like {@link seededStore}, but only when the store is new: no audit entry, no
 * project, no structure event (a database that holds data, or held data later deleted, is never seeded).
 * Works on any port; `seeded` tells afterwards whether it seeded.
 */
export const seededWhenNew = <E>(
  store: Layer.Layer<Store, E>,
  projects: ReadonlyArray<Project> = demoProjects(),
  seeded: { value: boolean } = { value: false }
): Layer.Layer<Store, E> =>
  Layer.effectDiscard(Effect.gen(function*() {
    const port = yield* Store
    const used = (yield* port.audit(0, 1)).length > 0 || (yield* port.projects.list({ limit: 1 })).items.length > 0 ||
      (yield* port.structure.current).version > 0
    if (used) return
    seeded.value = true
    yield* seedProjects(projects, demoCoverageFacts().filter((f) => projects.some((p) => p.id === f.projectId)), demoStructureEvents())
  })).pipe(Layer.provideMerge(store))

/** A demo token of each role, in clear (print them; only their hashes reach the server). */
export type DemoTokens = Readonly<Record<Role, string>>

/** Fresh random demo tokens, one per role; a given token (e.g. from an environment variable) is kept. */
export const demoTokens = (given: Partial<Record<Role, string>> = {}): DemoTokens => {
  const make = (role: Role) => given[role] ?? `${role}-${randomBytes(12).toString("base64url")}`
  return { administrator: make("administrator"), secretary: make("secretary"), viewer: make("viewer"), analyst: make("analyst"), reviewer: make("reviewer") }
}

/** The organization the demo secretary is scoped to. */
export const DEMO_SECRETARY_ORG = "demo-org"

/** Starts a server with the demo tokens over the given options (store, port, CORS…). */
export const startDemoServer = (
  tokens: DemoTokens,
  options: Omit<ServerOptions, "tokens"> = {}
): Promise<RunningServer> =>
  startServer({
    ...options,
    tokens: (Object.keys(tokens) as Array<Role>).map((role) => ({
      sha256: hashToken(tokens[role]),
      principal: new Principal({
        id: `demo-${role}`,
        role,
        ...(role === "secretary" ? { organizationId: DEMO_SECRETARY_ORG } : {})
      })
    }))
  })
