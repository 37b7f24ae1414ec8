/**
 * Structure benchmark. Scale 1: 100,000 organizations and 1,000,000 members with five years of history
 * (registrations, home transfers, attendance starting and ending), built by replaying the events.
 *
 * Measured in the same run: one plain pass over the same arrays (each member's homes and attendance tested
 * against a date) as the baseline; the full invariant check at a date and the "as of" reconstruction at a
 * date against it (target: within 5×); point queries (superiors, chain to the root) in µs (target: under
 * 1 ms). Prints the figures and peak memory; times are never asserted.
 *
 * Run: pnpm exec tsx bench/structure.ts [--scale 1]
 */
import { Either } from "effect"
import {
  EndAttendance, Establish, Register, StartAttendance, TransferHome, asOf, chainToRoot, checkInvariants, isoDate, policies, replay,
  seededRandom, superiorsOf
} from "@redsite/core"
import type { StructureEvent } from "@redsite/core"
import { bestOf, numberArg, peakMemory } from "./_args.js"

const scale = numberArg("scale", 1)
const ORGS = Math.max(20, Math.round(100_000 * scale))
const MEMBERS = Math.max(100, Math.round(1_000_000 * scale))
const memory = peakMemory()
memory.start()
const rnd = seededRandom(5)
const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 1 })
const day = (k: number) => isoDate(new Date(Date.UTC(2019, 0, 1) + k * 86_400_000).toISOString().slice(0, 10))

console.log(`structure benchmark, scale ${scale}: ${fmt(ORGS)} organizations, ${fmt(MEMBERS)} members, five years of history`)
let t = performance.now()
const events: Array<StructureEvent> = []
// organizations: a tree, each under an earlier one; one in ten temporary, serving a project
const permanentIds: Array<string> = []
for (let i = 0; i < ORGS; i++) {
  const parent = i === 0 ? undefined : `o${Math.floor(rnd() * i)}`
  const temporary = i > 0 && rnd() < 0.1
  if (!temporary) permanentIds.push(`o${i}`)
  events.push(new Establish({
    date: day(0),
    organization: { id: `o${i}`, name: `o${i}`, kind: i === 0 ? "committee" : temporary ? "branch" : "branch", temporary, projectIds: temporary ? [`p${i}`] : [], ...(parent === undefined ? {} : { approvedBy: parent }) }
  }))
}
const permanent = (k: number) => permanentIds[Math.floor(k) % permanentIds.length]!
const homeOf: Array<string> = []
for (let m = 0; m < MEMBERS; m++) {
  homeOf.push(permanent(rnd() * ORGS))
  events.push(new Register({ date: day(Math.floor(rnd() * 60)), memberId: `m${m}`, homeOrganizationId: homeOf[m]!, status: "full", mobile: rnd() < 0.3, pocket: false }))
}
// five years of moves, in date order: a fifth of members transfer home once; half attend a site for a while
const later: Array<StructureEvent> = []
for (let m = 0; m < MEMBERS; m++) {
  const to = permanent(rnd() * ORGS)
  if (rnd() < 0.2 && to !== homeOf[m]) later.push(new TransferHome({ date: day(90 + Math.floor(rnd() * 1700)), memberId: `m${m}`, organizationId: to }))
  if (rnd() < 0.5) {
    const start = 90 + Math.floor(rnd() * 1500)
    const site = `o${Math.floor(rnd() * ORGS)}`
    later.push(new StartAttendance({ date: day(start), memberId: `m${m}`, organizationId: site }))
    if (rnd() < 0.7) later.push(new EndAttendance({ date: day(start + 30 + Math.floor(rnd() * 300)), memberId: `m${m}`, organizationId: site }))
  }
}
later.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
for (const e of later) events.push(e)
console.log(`  generate ${fmt(events.length)} events   ${fmt(performance.now() - t)} ms`)

t = performance.now()
const replayed = replay(events, policies.national)
if (Either.isLeft(replayed)) throw new Error(`event ${replayed.left.index} refused: ${replayed.left.rejection.text.en}`)
const s = replayed.right
console.log(`  replay into the structure   ${fmt(performance.now() - t)} ms  (${fmt(events.length / ((performance.now() - t) / 1000))} events/s)`)
memory.sample()

const date = day(900)
const best = (f: () => void, n = 3) => bestOf(n, f)
// baseline: one plain pass over the same arrays
let plainCount = 0
const plain = best(() => {
  let c = 0
  for (const m of s.members) {
    for (const h of m.homes) if (h.from <= date && (h.to === undefined || date <= h.to)) c++
    for (const a of m.attendance) if (a.from <= date && (a.to === undefined || date <= a.to)) c++
  }
  for (const o of s.organizations) if (o.establishedOn <= date && (o.dissolvedOn === undefined || date <= o.dissolvedOn)) c++
  for (const r of s.relations) if (r.validFrom <= date && (r.validTo === undefined || date <= r.validTo)) c++
  plainCount = c
})
let violations = 0
const check = best(() => {
  violations = checkInvariants(s, policies.national, date).length
})
memory.sample()
let orgsThen = 0
const past = best(() => {
  orgsThen = asOf(s, date).organizations.length
}, 2)
memory.sample()
console.log(`  baseline: one plain pass over the same arrays   ${fmt(plain)} ms  (${fmt(plainCount)} periods holding on ${date})`)
console.log(`  full invariant check on ${date}   ${fmt(check)} ms  (${fmt(violations)} violations)   ratio ${(check / plain).toFixed(1)}× (target ≤ 5×)`)
console.log(`  structure as of ${date}   ${fmt(past)} ms  (${fmt(orgsThen)} organizations)   ratio ${(past / plain).toFixed(1)}× (target ≤ 5×)`)

// point queries on random organizations
const ids = Array.from({ length: 200 }, () => `o${Math.floor(rnd() * ORGS)}`)
let a = performance.now()
for (const id of ids) superiorsOf(s, id, date)
const sup = ((performance.now() - a) * 1000) / ids.length
a = performance.now()
let depth = 0
for (const id of ids) depth += chainToRoot(s, id, date).length
const chain = ((performance.now() - a) * 1000) / ids.length
console.log(`  superiors of one organization   ${fmt(sup)} µs   chain to the root   ${fmt(chain)} µs (mean depth ${(depth / ids.length).toFixed(1)})   (target < 1,000 µs)`)
memory.stop()
console.log(`  peak memory: ${memory.mib().toFixed(0)} MiB resident`)
