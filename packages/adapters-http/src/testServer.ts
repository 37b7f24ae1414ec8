/**
 * Test support (not exported by the package): a server on a loopback port with one token per role, and a
 * small fetch wrapper that returns status, headers and the parsed body.
 *
 * @module
 */
import { Principal } from "@redsite/client"
import { hashToken } from "./auth.js"
import type { Role } from "@redsite/client"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { startServer } from "./server.js"
import type { RunningServer, ServerOptions } from "./server.js"
import type { Layer } from "effect"
import { StoreMemory } from "./memoryStore.js"
import { StoreSqlite } from "./sqliteStore.js"
import type { Store } from "./store.js"

/** Every role, in the order tests iterate them. */
export const ROLES: ReadonlyArray<Role> = ["administrator", "secretary", "viewer", "analyst"]

/** Every role including the reviewer (who uses the compliance endpoints only; {@link ROLES} leaves it out for the older suites). */
export const ALL_ROLES: ReadonlyArray<Role> = [...ROLES, "reviewer"]

/** The clear-text token of a role's test principal. */
export const tokenOf = (role: Role) => `token-${role}`

/** The organization whose subtree the test secretary may write. */
export const SECRETARY_ORG = "org-1"

/**
 * Which store test servers use when a test gives none: set `current` to `"sqlite"` (before the servers
 * start) to run a test file's suite on a fresh SQLite file. `layers` names the store layer of each choice
 * (another store's suite adds its own, e.g. PostgreSQL).
 */
export const testStore: { current: string; layers: Record<string, () => Layer.Layer<Store, unknown>> } = {
  current: "memory",
  layers: { memory: () => StoreMemory, sqlite: () => StoreSqlite(tempDatabase()) }
}

/** The store layer of {@link testStore}'s current choice. */
export const testStoreLayer = (): Layer.Layer<Store, unknown> => {
  const make = testStore.layers[testStore.current]
  if (make === undefined) throw new Error(`no test store named ${testStore.current}`)
  return make()
}

/** A fresh SQLite file in a temporary folder. */
export const tempDatabase = () => join(mkdtempSync(join(tmpdir(), "redsite-http-test-")), "test.db")

/** A server with one principal per role (the secretary scoped to {@link SECRETARY_ORG}). */
export const startTestServer = (options: Partial<ServerOptions> = {}): Promise<RunningServer> =>
  startServer({
    store: testStoreLayer(),
    port: 0,
    maxBodyBytes: 64 * 1024,
    tokens: ALL_ROLES.map((role) => ({
      sha256: hashToken(tokenOf(role)),
      principal: new Principal({ id: role, role, ...(role === "secretary" ? { organizationId: SECRETARY_ORG } : {}) })
    })),
    ...options
  })

/** A response as tests look at it. */
export interface Reply {
  readonly status: number
  readonly headers: Headers
  readonly json: any
}

/** Sends a request as a role (or anonymously) with an optional JSON body (a string is sent as is). */
export const caller = (server: () => RunningServer) =>
  async (method: string, path: string, role: Role | undefined, body?: unknown, extra: Record<string, string> = {}): Promise<Reply> => {
    const headers: Record<string, string> = { "content-type": "application/json", ...extra }
    if (role !== undefined) headers.authorization = `Bearer ${tokenOf(role)}`
    const res = await fetch(`${server().url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) })
    })
    const text = await res.text()
    return { status: res.status, headers: res.headers, json: text === "" ? undefined : JSON.parse(text) }
  }

/**
 * A project as JSON, organized by `organizationId` through its general contractor, with two named members (name
 * and contact: personal data) and a second, empty unit.
 */
export const projectJson = (id: string, organizationId: string = SECRETARY_ORG) => ({
  id,
  name: `项目 ${id}`,
  kind: "building",
  costYuan: 60_000_000,
  plannedStart: "2021-01-01",
  plannedEnd: "2023-06-30",
  major: false,
  phase: "construction",
  district: "福鼎市",
  units: [
    { id: "gc", name: "总包单位", role: "generalContractor", ownership: "stateOwned", hasOrganization: true, organizationId },
    { id: "sub", name: "分包单位", role: "subcontractor", ownership: "private", hasOrganization: false }
  ],
  members: [
    { id: "m1", name: "党员甲", contact: "13800000001", status: "full", unitId: "gc" },
    { id: "m2", name: "党员乙", contact: "13800000002", status: "full", unitId: "gc" }
  ]
})
