/**
 * Test helper run as a child process: imports a JSON Lines file of projects into a database, printing
 * `committed <rows>` after every batch (the parent kills it with SIGKILL part-way).
 *
 * Args: <database> <file.jsonl> <batchSize>
 */
import { RedsiteStore } from "../store.js"
import { openConnection } from "../database.js"
import { importJsonl } from "../jsonl.js"

const [path, file, batch] = process.argv.slice(2)
const store = new RedsiteStore(openConnection(path!))
const r = await importJsonl(store, "projects", file!, {
  batchSize: Number(batch),
  onProgress: (p) => process.stdout.write(`committed ${p.rows}\n`)
})
process.stdout.write(`done ${r.ok} ${r.committedRows}\n`)
