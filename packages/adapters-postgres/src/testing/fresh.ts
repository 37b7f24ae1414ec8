/**
 * Many empty, migrated databases on one test server: the server (embedded, or `REDSITE_PG_URL`'s) is
 * started once per test file, a template database is migrated once, and each `fresh()` is a copy of it
 * (`CREATE DATABASE … TEMPLATE`, a file copy: much cheaper than migrating again).
 *
 * @module
 */
import pg from "pg"
import { migrate } from "../migrate.js"
import { startTestDatabase } from "./server.js"

/** A test server handing out fresh migrated databases; `stop` drops them with the server's own. */
export interface FreshDatabases {
  /** The URL of a new, empty database at the latest schema version. */
  readonly fresh: () => Promise<string>
  readonly stop: () => Promise<void>
}

export const freshDatabases = async (): Promise<FreshDatabases> => {
  const server = await startTestDatabase()
  const template = new pg.Client({ connectionString: server.url })
  await template.connect()
  await migrate(template)
  await template.end()
  const base = new URL(server.url)
  const templateName = base.pathname.slice(1)
  const admin = new pg.Client({ connectionString: server.url.replace(/\/[^/]*$/, "/postgres") })
  await admin.connect()
  const created: Array<string> = []
  let n = 0
  return {
    fresh: async () => {
      const name = `${templateName}_${++n}`
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateName}`)
      created.push(name)
      const url = new URL(server.url)
      url.pathname = `/${name}`
      return url.toString()
    },
    stop: async () => {
      for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {})
      await admin.end()
      await server.stop()
    }
  }
}
