/**
 * Shared by the storage benchmarks (bench/sqlite.ts, bench/postgres.ts): the generated portfolio both import,
 * so that they read the same JSON Lines file, byte for byte. Made-up projects (not from a source): each
 * with {@link MEMBERS_PER_PROJECT} members in 2 units, dates, districts and costs cycling with the index.
 */
import { createWriteStream } from "node:fs"

/** Members of every generated project (6 full members, then one of each other status). */
export const MEMBERS_PER_PROJECT = 10

const STATUSES = ["full", "full", "full", "full", "full", "full", "probationary", "candidate", "activist", "applicant"] as const
const DISTRICTS = ["鹿城区", "龙湾区", "瓯海区", "洞头区", "福鼎市", "崇川区", "浦东新区", "徐汇区"]

/** The `i`-th generated project, as the JSON the importers read (`id` is `p` and `i` on 7 digits). */
export const projectJson = (i: number) => {
  const id = `p${String(i).padStart(7, "0")}`
  const start = `20${String(18 + (i % 6)).padStart(2, "0")}-${String(1 + (i % 12)).padStart(2, "0")}-01`
  const end = `20${String(20 + (i % 6)).padStart(2, "0")}-${String(1 + ((i * 7) % 12)).padStart(2, "0")}-01`
  return {
    id, name: `项目${i}`, district: DISTRICTS[i % DISTRICTS.length], kind: "building", costYuan: 1_000_000 * (1 + (i % 500)),
    plannedStart: start, plannedEnd: end, major: i % 9 === 0, phase: "construction",
    units: [
      { id: "gc", name: "总承包", role: "generalContractor", ownership: "stateOwned", hasOrganization: true },
      { id: "sub", name: "分包", role: "subcontractor", ownership: "private", hasOrganization: false }
    ],
    members: Array.from({ length: MEMBERS_PER_PROJECT }, (_, k) => ({
      id: `m${k}`, status: STATUSES[k]!, unitId: k % 3 === 0 ? "sub" : "gc", mobile: k % 4 === 0, pocket: false
    })),
    sections: []
  }
}

/** Writes projects 0 … `count` − 1 to `file`, one JSON line each (streamed, honouring back-pressure). */
export const writeProjectsJsonl = (file: string, count: number): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file)
    out.on("error", reject)
    let i = 0
    const pump = () => {
      while (i < count) {
        if (!out.write(JSON.stringify(projectJson(i++)) + "\n")) return out.once("drain", pump)
      }
      out.end(resolve)
    }
    pump()
  })
