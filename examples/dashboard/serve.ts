/**
 * Serves the dashboard: bundles `app.ts` for the browser (with the typed client and the core), serves the
 * page on one loopback port and the demo API on another (CORS allows exactly the page's origin), and prints
 * the address to open. `startDashboard` is what the Playwright test uses.
 *
 * Run: pnpm dashboard   (or: pnpm exec tsx examples/dashboard/serve.ts [--port 8080] [--api-port 8787])
 */
import { StoreMemory, demoComplianceProjects, demoProjects, demoTokens, seedRecords, seededStore, startDemoServer } from "@redsite/adapters-http"
import type { DemoTokens } from "@redsite/adapters-http"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { Layer } from "effect"
import { build } from "tsup"

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, "..", "..")

/** Bundles the page script into a temporary folder and returns its bytes. */
export const bundle = async (): Promise<Buffer> => {
  const out = mkdtempSync(join(tmpdir(), "redsite-dashboard-"))
  try {
    await build({
      entry: { app: join(here, "app.ts") },
      outDir: out,
      format: ["esm"],
      platform: "browser",
      target: "es2022",
      noExternal: [/.*/],
      dts: false,
      sourcemap: false,
      minify: true,
      silent: true,
      splitting: false,
      clean: false,
      config: false,
      tsconfig: join(root, "tsconfig.json")
    })
    return readFileSync(join(out, "app.js"))
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

/** A running dashboard: the page's URL (with the API and a token), the API's URL, the tokens, and a stop. */
export interface Dashboard {
  readonly pageUrl: string
  readonly apiUrl: string
  readonly tokens: DemoTokens
  readonly close: () => Promise<void>
}

/** Starts the page server and the demo API; the page opens as the given role (default: viewer). */
export const startDashboard = async (opts: { port?: number; apiPort?: number; role?: keyof DemoTokens } = {}): Promise<Dashboard> => {
  const script = await bundle()
  const html = readFileSync(join(here, "index.html"))
  const page = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname
    if (path === "/" || path === "/index.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html)
    } else if (path === "/app.js") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(script)
    } else if (path === "/favicon.ico") {
      res.writeHead(204).end()
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found")
    }
  })
  await new Promise<void>((resolve, reject) => {
    page.once("error", reject)
    page.listen(opts.port ?? 0, "127.0.0.1", resolve)
  })
  const origin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`
  const tokens = demoTokens()
  // the demo portfolio, two more Wenzhou sites and the demo compliance records (late and on-time sites)
  const store = Layer.effectDiscard(seedRecords()).pipe(Layer.provideMerge(seededStore(StoreMemory, [...demoProjects(), ...demoComplianceProjects()])))
  const api = await startDemoServer(tokens, { port: opts.apiPort ?? 0, corsOrigins: [origin], store })
  const role = opts.role ?? "viewer"
  return {
    pageUrl: `${origin}/?api=${encodeURIComponent(api.url)}#token=${encodeURIComponent(tokens[role])}`,
    apiUrl: api.url,
    tokens,
    close: async () => {
      await api.close()
      await new Promise<void>((resolve) => page.close(() => resolve()))
    }
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"))
if (isMain) {
  const num = (flag: string, fallback: number) => {
    const i = process.argv.indexOf(flag)
    return i >= 0 ? Number(process.argv[i + 1]) : fallback
  }
  const d = await startDashboard({ port: num("--port", 8080), apiPort: num("--api-port", 8787) })
  console.log(`dashboard: ${d.pageUrl}`)
  console.log(`API:       ${d.apiUrl}/docs`)
  console.log("Ctrl-C stops both.")
  process.on("SIGINT", () => void d.close().then(() => process.exit(0)))
}
