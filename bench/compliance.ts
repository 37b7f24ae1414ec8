/**
 * Compliance benchmark (issue 19): the overdue monthly reports of a 100,000-site portfolio (scale 1) with a
 * year of monthly reports (about 1.1 million, some returned or missing), on a date in the next January.
 *
 * Measured in the same run, in alternation round after round (a burst of load hits both alike):
 *   - baseline: a hand-written loop over the same columns (a bit mask of the months reported per site, the
 *     days late from a table per month) writing the same rows — the redsite pass should stay within 3×;
 *   - ours: `overdueColumns` (owed months from each site's start and last month, the policy's due day per
 *     site, returned reports not counted, rows site by site).
 * The ratio printed is the median of the rounds' ratios, beside the best time of each. Times are printed,
 * never asserted. Also printed once: building the columns from 10,000 projects' record log (the object path).
 *
 * Run: pnpm exec tsx bench/compliance.ts [--scale 1] [--repeat 31]
 */
import { Either, Schema } from "effect"
import {
  MilestoneRecorded, ReportCode, ReportReviewed, ReportSubmitted, YearMonth, isoDate, monthIndex, makeProject, overdueColumns,
  policies, replayRecords, reportingColumns, reportDueOn, monthOfIndex, daysBetween, seededRandom
} from "@redsite/core"
import type { RecordEvent, ReportingColumns } from "@redsite/core"
import { numberArg, peakMemory } from "./_args.js"

const scale = numberArg("scale", 1)
const repeat = Math.round(numberArg("repeat", 31))
const N = Math.max(100, Math.round(100_000 * scale))
const date = isoDate("2023-01-20")
const DUE_DAY = 10 // wenzhou-red-site-2022's monthlyReportDueDay (a flagged assumption)
const memory = peakMemory()
const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 })
const ms = (t: number) => `${t.toFixed(1)} ms`

console.log(`compliance benchmark, scale ${scale}: ${fmt(N)} sites with a year of monthly reports (${repeat} rounds)`)

// the columns: creation started in January to March 2022 (5 % never), 4 % completed in the year; each month's
// report submitted with probability 0.9, of those 5 % returned (and 40 % of the returned resubmitted)
let t = performance.now()
const rnd = seededRandom(2022)
const startMonth = new Int32Array(N)
const lastMonth = new Int32Array(N).fill(-1)
const dueDay = new Int32Array(N).fill(DUE_DAY)
const district = new Int32Array(N)
const organization = new Int32Array(N)
const reportStart = new Int32Array(N + 1)
const months: Array<number> = []
const states: Array<number> = []
const jan2022 = monthIndex("2022-01")
for (let i = 0; i < N; i++) {
  reportStart[i] = months.length
  district[i] = Math.floor(rnd() * 16)
  organization[i] = Math.floor(rnd() * 2000)
  if (rnd() < 0.05) { startMonth[i] = -1; continue }
  const s = jan2022 + Math.floor(rnd() * 3)
  startMonth[i] = s
  if (rnd() < 0.04) lastMonth[i] = s + 3 + Math.floor(rnd() * 6)
  for (let m = s; m < jan2022 + 12; m++) {
    if (rnd() >= 0.9) continue
    const returned = rnd() < 0.05
    months.push(m)
    states.push(returned ? ReportCode.returned : rnd() < 0.7 ? ReportCode.reviewed : ReportCode.submitted)
    if (returned && rnd() < 0.4) { months.push(m); states.push(ReportCode.submitted) }
  }
}
reportStart[N] = months.length
const cols: ReportingColumns = {
  size: N, ids: Array.from({ length: N }, (_, i) => `site-${i}`), districts: Array.from({ length: 16 }, (_, k) => `第${k + 1}区`), district,
  organizations: Array.from({ length: 2000 }, (_, k) => `org-${k}`), organization, startMonth, lastMonth, dueDay, reportStart,
  reportMonth: Int32Array.from(months), reportState: Uint8Array.from(states)
}
console.log(`  generate columns            ${ms(performance.now() - t)}  (${fmt(months.length)} reports)`)
memory.sample()

// the hand-written loop: a 32-bit mask of months reported per site, a table of days late per month
const current = monthIndex(date.slice(0, 7))
const lateOfMonth = new Int32Array(current - jan2022)
for (let m = jan2022; m < current; m++) lateOfMonth[m - jan2022] = daysBetween(reportDueOn(monthOfIndex(m), DUE_DAY), date)
const handSite = new Int32Array(N * 12)
const handMonth = new Int32Array(N * 12)
const handLate = new Int32Array(N * 12)
let handCount = 0
const handLoop = () => {
  let c = 0
  for (let i = 0; i < N; i++) {
    const s = startMonth[i]!
    if (s < 0) continue
    const l = lastMonth[i]!
    const end = l >= 0 && l < current - 1 ? l : current - 1
    let mask = 0
    for (let r = reportStart[i]!; r < reportStart[i + 1]!; r++) if (cols.reportState[r] !== ReportCode.returned) mask |= 1 << (cols.reportMonth[r]! - jan2022)
    for (let m = s; m <= end; m++) {
      if ((mask & (1 << (m - jan2022))) !== 0) continue
      const d = lateOfMonth[m - jan2022]!
      if (d <= 0) continue
      handSite[c] = i; handMonth[c] = m; handLate[c] = d
      c++
    }
  }
  handCount = c
}

let ourCount = 0
const ours = () => { ourCount = overdueColumns(cols, date).count }

const alternate = (rounds: number, a: () => void, b: () => void) => {
  let bestA = Number.POSITIVE_INFINITY
  let bestB = Number.POSITIVE_INFINITY
  const ratios: Array<number> = []
  for (let r = 0; r < rounds; r++) {
    let t0 = performance.now()
    a()
    const ta = performance.now() - t0
    t0 = performance.now()
    b()
    const tb = performance.now() - t0
    bestA = Math.min(bestA, ta)
    bestB = Math.min(bestB, tb)
    ratios.push(tb / ta)
  }
  ratios.sort((x, y) => x - y)
  const mid = ratios.length >> 1
  return { bestA, bestB, median: ratios.length % 2 === 1 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2 }
}
// one untimed run of each first, so that neither round one nor the ratio carries the compiler's warm-up
handLoop()
ours()
const { bestA: hand, bestB: our, median: ratio } = alternate(repeat, handLoop, ours)
memory.sample()
if (ourCount !== handCount) throw new Error(`overdueColumns lists ${ourCount} overdue reports, the hand-written loop ${handCount}`)
console.log(`  hand-written loop over the columns   ${ms(hand)}  (${fmt(N / (hand / 1000))} sites/s)`)
console.log(`  redsite overdueColumns               ${ms(our)}  (${fmt(N / (our / 1000))} sites/s)`)
console.log(`      ratio redsite / hand loop: ${ratio.toFixed(2)}× (median of ${repeat} alternating rounds; ${(our / hand).toFixed(2)}× best to best; target ≤ 3×); both list ${fmt(handCount)} overdue reports`)

// the object path once: 10,000 projects' log → columns (replay, as-of, per-site policy, records indexed)
const M = Math.min(N, Math.max(100, Math.round(10_000 * scale)))
const month = Schema.decodeSync(YearMonth)
const projects = Array.from({ length: M }, (_, i) => makeProject({
  id: `w${i}`, name: `w${i}`, kind: "building", costYuan: 2e8, plannedStart: "2022-01-01", plannedEnd: "2023-12-31", major: false, district: `第${(i % 16) + 1}区`,
  units: [{ id: "gc", name: "gc", role: "generalContractor", members: { full: 5 } }]
}))
const log: Array<RecordEvent> = []
for (let i = 0; i < M; i++) {
  log.push(new MilestoneRecorded({ id: `w${i}-s`, projectId: `w${i}`, date: isoDate("2022-01-15"), milestone: "redSiteCreationStarted" }))
  for (let m = 0; m < 12; m++) {
    if (rnd() >= 0.9) continue
    const mm = monthOfIndex(jan2022 + m)
    const id = `w${i}-${mm}`
    log.push(new ReportSubmitted({ id, projectId: `w${i}`, date: isoDate(reportDueOn(mm, 5)), month: month(mm) }))
    if (rnd() < 0.7) log.push(new ReportReviewed({ id: `${id}-rv`, projectId: `w${i}`, date: isoDate(reportDueOn(mm, 12)), reportId: id, outcome: "reviewed", reviewerId: "authority" }))
  }
}
t = performance.now()
const book = Either.getOrThrow(replayRecords(log))
const replayMs = performance.now() - t
t = performance.now()
const built = Either.getOrThrow(reportingColumns(projects, policies.wenzhouRedSite2022, book, date))
const buildMs = performance.now() - t
memory.sample()
console.log(`  object path, ${fmt(M)} sites: replay ${fmt(log.length)} events ${ms(replayMs)}; reportingColumns ${ms(buildMs)}; ${fmt(overdueColumns(built, date).count)} overdue`)
console.log(`  peak memory: ${memory.mib().toFixed(0)} MiB resident`)
