/**
 * A process that imports a JSON Lines file of projects into PostgreSQL and prints `committed N` after each
 * batch (the kill -9 test in `jsonl.test.ts` kills it in the middle). Args: url file batchSize
 */
import pg from "pg"
import { importJsonl } from "../jsonl.js"

const [url, file, batch] = process.argv.slice(2)
const pool = new pg.Pool({ connectionString: url!, max: 2 })
const r = await importJsonl(pool, "projects", file!, { batchSize: Number(batch), onProgress: (p) => console.log(`committed ${p.rows}`) })
console.log(`done ${JSON.stringify({ ok: r.ok, rows: r.committedRows })}`)
await pool.end()
