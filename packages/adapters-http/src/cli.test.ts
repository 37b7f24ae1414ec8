import { spawn } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { demoProjects, demoTokens, seedProjects } from "./demo.js"
import { StoreMemory } from "./memoryStore.js"
import { Store } from "./store.js"
import { tempDatabase } from "./testServer.js"

const here = dirname(fileURLToPath(import.meta.url))

describe("demo seeding", () => {
  it("creates each demo project once; seeding again adds nothing", async () => {
    const projects = demoProjects()
    expect(new Set(projects.map((p) => p.id)).size).toBe(projects.length)
    const [first, second, stored] = await Effect.runPromise(Effect.gen(function*() {
      const a = yield* seedProjects(projects)
      const b = yield* seedProjects(projects)
      const page = yield* Effect.flatMap(Store, (s) => s.projects.list({ limit: 500 }))
      return [a, b, page.items.length] as const
    }).pipe(Effect.provide(Layer.fresh(StoreMemory))))
    expect([first, second, stored]).toEqual([projects.length, 0, projects.length])
  })

  it("keeps a token given for a role and makes distinct random ones for the others", () => {
    const t = demoTokens({ viewer: "fixed" })
    expect(t.viewer).toBe("fixed")
    expect(new Set(Object.values(t)).size).toBe(Object.keys(t).length)
  })
})

describe("pnpm start (the one-command server)", () => {
  it("prints the docs URL and demo tokens, serves the seeded projects, and stops cleanly on SIGTERM", async () => {
    const db = tempDatabase()
    const child = spawn(process.execPath, ["--import", "tsx", join(here, "cli.ts"), "--port", "0", "--db", db], {
      cwd: join(here, "..", "..", ".."),
      env: { ...process.env, REDSITE_VIEWER_TOKEN: "viewer-test-token" },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let out = ""
    child.stdout.on("data", (d) => (out += String(d)))
    child.stderr.on("data", (d) => (out += String(d)))
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
    try {
      const deadline = Date.now() + 30_000
      while (!out.includes("Ctrl-C") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
      const url = /listening at (http:\/\/\S+)/.exec(out)?.[1]
      expect(url, out).toBeDefined()
      expect(out).toContain(`${url}/docs`)
      expect(out).toMatch(/administrator\s+administrator-/)
      expect(out).toContain(`store: ${db} (new: seeded`)
      const res = await fetch(`${url}/projects?limit=500`, { headers: { authorization: "Bearer viewer-test-token" } })
      expect(res.status).toBe(200)
      const body = (await res.json()) as { items: Array<unknown> }
      expect(body.items).toHaveLength(demoProjects().length)
      expect((await fetch(`${url}/docs`)).status).toBe(200)
    } finally {
      child.kill("SIGTERM")
    }
    expect(await exited).toBe(0)
  })
})

describe("the server never outlives its launcher (issue 15)", () => {
  it("stops when the process that launched it is gone without passing a signal on (as pnpm does on SIGTERM)", async () => {
    // sh stands for pnpm: it runs the server as a child (not exec: a command follows) and dies on SIGKILL
    const launcher = spawn("sh", ["-c", `"${process.execPath}" --import tsx "${join(here, "cli.ts")}" --memory --port 0; echo after`], {
      cwd: join(here, "..", "..", ".."),
      env: { ...process.env, REDSITE_VIEWER_TOKEN: "viewer-test-token" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true
    })
    let out = ""
    launcher.stdout.on("data", (d) => (out += String(d)))
    launcher.stderr.on("data", (d) => (out += String(d)))
    const deadline = Date.now() + 30_000
    while (!out.includes("Ctrl-C") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    const url = /listening at (http:\/\/\S+)/.exec(out)?.[1]
    expect(url, out).toBeDefined()
    expect((await fetch(`${url}/health`)).status).toBe(200)
    launcher.kill("SIGKILL")
    let serving = true
    while (serving && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200))
      serving = await fetch(`${url}/health`).then(() => true, () => false)
    }
    expect(serving, out).toBe(false)
    expect(out).toContain("launcher gone: stopping")
  })
})
