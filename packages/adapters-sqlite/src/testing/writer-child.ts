/**
 * Test helper run as a child process: `rounds` times, reads a project and writes it back renamed, based on
 * the version it read; prints one JSON line with how many writes succeeded, conflicted, or failed otherwise.
 *
 * Args: <database> <projectId> <rounds> <name>
 */
import { Either } from "effect"
import { Project } from "@redsite/core"
import { RedsiteStore } from "../store.js"
import { openConnection } from "../database.js"

const [path, id, rounds, name] = process.argv.slice(2)
const store = new RedsiteStore(openConnection(path!, { busyTimeoutMs: 10_000 }))
let ok = 0
let conflicts = 0
const errors: Array<string> = []
for (let i = 0; i < Number(rounds); i++) {
  try {
    const row = store.projects.get(id!)!
    const r = store.projects.replace(new Project({ ...row.value, name: `${name}-${i}` }), row.version, { principalId: name!, role: "administrator" })
    if (Either.isRight(r)) ok++
    else conflicts++
  } catch (e) {
    errors.push(e instanceof Error ? e.message : String(e))
  }
}
process.stdout.write(JSON.stringify({ ok, conflicts, errors }) + "\n")
