/**
 * The demo: a portfolio built from the source documents' scenarios, seeded into a store on first run, and
 * a server with one demo token per role. Used by `pnpm start` and the dashboard example.
 *
 * @module
 */
import { seedScenarios } from "@redsite/core"
import type { Project } from "@redsite/core"
import { Effect, Layer } from "effect"
import { randomBytes } from "node:crypto"
import { Principal, hashToken } from "./auth.js"
import type { Role } from "./auth.js"
import { startServer } from "./server.js"
import type { RunningServer, ServerOptions } from "./server.js"
import { Store } from "./store.js"
import type { Actor } from "./store.js"

/** The seed scenarios' projects, once each (several scenarios share a project). */
export const demoProjects = (): ReadonlyArray<Project> => {
  const byId = new Map<string, Project>()
  for (const s of seedScenarios) if (!byId.has(s.project.id)) byId.set(s.project.id, s.project)
  return [...byId.values()]
}

const SEEDER: Actor = { principalId: "seed", role: "administrator" }

/** Creates the projects the store does not hold yet (so a restart over a kept database adds nothing). */
export const seedProjects = (projects: ReadonlyArray<Project>): Effect.Effect<number, never, Store> =>
  Effect.gen(function*() {
    const store = yield* Store
    let created = 0
    for (const p of projects) {
      if ((yield* store.projects.get(p.id)) !== undefined) continue
      yield* Effect.orDie(store.projects.create(p, SEEDER))
      created++
    }
    return created
  })

/** A store layer seeded with the given projects when it is built. */
export const seededStore = (store: Layer.Layer<Store>, projects: ReadonlyArray<Project> = demoProjects()): Layer.Layer<Store> =>
  Layer.effectDiscard(seedProjects(projects)).pipe(Layer.provideMerge(store))

/** A demo token of each role, in clear (print them; only their hashes reach the server). */
export type DemoTokens = Readonly<Record<Role, string>>

/** Fresh random demo tokens, one per role; a given token (e.g. from an environment variable) is kept. */
export const demoTokens = (given: Partial<Record<Role, string>> = {}): DemoTokens => {
  const make = (role: Role) => given[role] ?? `${role}-${randomBytes(12).toString("base64url")}`
  return { administrator: make("administrator"), secretary: make("secretary"), viewer: make("viewer"), analyst: make("analyst") }
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
