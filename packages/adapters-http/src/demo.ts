/**
 * The demo: a portfolio built from the source documents' scenarios, seeded into a store on first run, and
 * a server with one demo token per role. Used by `pnpm start` and the dashboard example.
 *
 * @module
 */
import { structureReplayPolicy } from "@redsite/adapters-sqlite"
import { Appoint, CoverageFacts, Establish, Register, Relate, StartAttendance, isoDate, seedScenarios } from "@redsite/core"
import type { Project, StructureEvent, WorkCoverageForm } from "@redsite/core"
import { MilestoneRecorded, ReportReviewed, ReportSubmitted, StepRecorded, YearMonth, makeProject } from "@redsite/core"
import type { RecordEvent } from "@redsite/core"
import { Schema } from "effect"
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

/**
 * Two more Wenzhou sites in 鹿城区 beside the seeds' `wz-site`, so that the compliance panel of the dashboard
 * has a district with an on-time, a late and a silent site. Made-up projects (demo data, not from a source).
 */
export const demoComplianceProjects = (): ReadonlyArray<Project> => [
  makeProject({
    id: "wz-bridge", name: "温州某大桥工程(演示)", kind: "bridgeTunnel", costYuan: 400_000_000, major: true,
    plannedStart: "2022-04-01", plannedEnd: "2024-06-30", district: "鹿城区",
    units: [{ id: "gc", name: "某路桥集团", role: "generalContractor", ownership: "stateOwned", hasOrganization: true, members: { full: 8 } }]
  }),
  makeProject({
    id: "wz-school", name: "温州某学校工地(演示)", kind: "building", costYuan: 90_000_000, major: false,
    plannedStart: "2022-05-15", plannedEnd: "2023-08-31", district: "鹿城区",
    units: [{ id: "gc", name: "某建工公司", role: "generalContractor", ownership: "private", members: { full: 2 } }]
  })
]

/**
 * Demo compliance records (工地党建台账) of the Wenzhou sites, as of late 2022: `wz-site` creates from April,
 * records its creation items and reports every month on time (reviewed); `wz-bridge` reports May and June on
 * time, July late, August returned and not resubmitted, September not at all; `wz-school` (covered by a joint
 * organization) creates from June and has reported nothing. Made-up records, said so.
 */
export const demoRecords = (): ReadonlyArray<RecordEvent> => {
  const d = isoDate
  const month = Schema.decodeSync(YearMonth)
  const out: Array<RecordEvent> = []
  const report = (projectId: string, m: string, submitted: string, organizationId: string, review?: { date: string; outcome: "reviewed" | "returned" }) => {
    const id = `${projectId}-report-${m}`
    out.push(new ReportSubmitted({ id, projectId, date: d(submitted), month: month(m), organizationId }))
    if (review !== undefined) {
      out.push(new ReportReviewed({ id: `${id}-review`, projectId, date: d(review.date), reportId: id, outcome: review.outcome, reviewerId: "demo-reviewer" }))
    }
  }
  // wz-site: on time, every month reviewed
  out.push(
    new StepRecorded({ id: "wz-site-org", projectId: "wz-site", date: d("2022-03-15"), step: "organizationEstablished", organizationId: "wz-site-branch" }),
    new MilestoneRecorded({ id: "wz-site-creation", projectId: "wz-site", date: d("2022-04-01"), milestone: "redSiteCreationStarted" }),
    ...(["venue", "rules", "signage", "members"] as const).map((step) =>
      new StepRecorded({ id: `wz-site-${step}`, projectId: "wz-site", date: d("2022-04-08"), step }))
  )
  for (const m of ["04", "05", "06", "07", "08", "09"]) {
    const next = String(Number(m) + 1).padStart(2, "0")
    report("wz-site", `2022-${m}`, `2022-${next}-06`, "wz-site-branch", { date: `2022-${next}-12`, outcome: "reviewed" })
  }
  // wz-bridge: late in July, returned in August, silent in September
  out.push(
    new StepRecorded({ id: "wz-bridge-org", projectId: "wz-bridge", date: d("2022-04-20"), step: "organizationEstablished", organizationId: "wz-bridge-branch" }),
    new MilestoneRecorded({ id: "wz-bridge-creation", projectId: "wz-bridge", date: d("2022-05-01"), milestone: "redSiteCreationStarted" }),
    ...(["venue", "rules", "signage"] as const).map((step) =>
      new StepRecorded({ id: `wz-bridge-${step}`, projectId: "wz-bridge", date: d("2022-05-10"), step }))
  )
  report("wz-bridge", "2022-05", "2022-06-08", "wz-bridge-branch", { date: "2022-06-15", outcome: "reviewed" })
  report("wz-bridge", "2022-06", "2022-07-09", "wz-bridge-branch", { date: "2022-07-14", outcome: "reviewed" })
  report("wz-bridge", "2022-07", "2022-08-25", "wz-bridge-branch", { date: "2022-08-30", outcome: "reviewed" })
  report("wz-bridge", "2022-08", "2022-09-09", "wz-bridge-branch", { date: "2022-09-15", outcome: "returned" })
  // wz-school: a joint organization, creating from June, nothing reported
  out.push(
    new StepRecorded({ id: "wz-school-joint", projectId: "wz-school", date: d("2022-05-20"), step: "jointOrganizationJoined", organizationId: "wz-joint-branch" }),
    new MilestoneRecorded({ id: "wz-school-creation", projectId: "wz-school", date: d("2022-06-01"), milestone: "redSiteCreationStarted" })
  )
  return out
}

/** Appends the given records when the store's compliance log is empty (a restart over a kept database adds nothing). */
export const seedRecords = (events: ReadonlyArray<RecordEvent> = demoRecords()): Effect.Effect<void, never, Store> =>
  Effect.gen(function*() {
    const store = yield* Store
    if (events.length === 0 || (yield* store.records.log()).version > 0) return
    yield* Effect.orDie(store.records.append(events, 0, SEEDER))
  })
