/**
 * Benchmark of the scoring engine: a year of point events for many members, quarterly aggregation with caps,
 * grades and ranking within organizations, against a hand-written single-pass sum over the same columns.
 *
 * Run: pnpm exec tsx bench/scoring.ts [--scale 0.05] [--repeat 3] [--cpu-phases 1]
 * Full scale (1): 10,000,000 events, 200,000 members in 2,000 organizations. Prints events/s, the ratio of
 * engine time to the plain sum (wall clock, and process CPU time, which leaves out the time spent waiting for a
 * core on a shared machine), and peak memory (resident set). Times are printed, never asserted.
 */
import { fudingDefaultScheme, itemSign, planPeriods, runEngine, toUnits } from "@redsite/core"
import type { ScoreColumns } from "@redsite/core"
import { numberArg, peakMemory } from "./_args.js"

const scale = numberArg("scale", 1)
const repeat = Math.round(numberArg("repeat", 5))
const N = Math.round(10_000_000 * scale)
const S = Math.max(1, Math.round(200_000 * scale))
const MEMBERS_PER_ORG = 100
const O = Math.ceil(S / MEMBERS_PER_ORG)

const memory = peakMemory()
const sample = memory.sample

// ------------------------------------------------------------------------------------------- data
const scheme = fudingDefaultScheme
const plan = planPeriods([scheme], "2021-01-01", "2021-12-31")
const itemIndex = new Map(plan.itemIds.map((id, i) => [id, i]))
const itemUnits = scheme.items.map((it) => itemSign(scheme, it) * toUnits(it.points, scheme.resolution))
const itemGlobal = scheme.items.map((it) => itemIndex.get(it.id)!)

let seed = 0x9e3779b9
const rand = () => {
  // xorshift32
  seed ^= seed << 13
  seed ^= seed >>> 17
  seed ^= seed << 5
  return (seed >>> 0) / 4294967296
}

const t0 = performance.now()
const cols: ScoreColumns = {
  length: N,
  subject: new Int32Array(N),
  day: new Int32Array(N),
  item: new Uint8Array(N),
  units: new Int32Array(N)
}
{
  const subject = cols.subject
  const day = cols.day
  const item = cols.item as Uint8Array
  const units = cols.units
  // Events arrive in date order, as a ledger is recorded; members and items at random, merit items 4× as common.
  const merit = scheme.items.map((_, i) => i).filter((i) => itemUnits[i]! > 0)
  const deduction = scheme.items.map((_, i) => i).filter((i) => itemUnits[i]! < 0)
  for (let i = 0; i < N; i++) {
    subject[i] = Math.floor(rand() * S)
    day[i] = plan.firstDay + Math.floor((i * 365) / N)
    const local = rand() < 0.8 ? merit[Math.floor(rand() * merit.length)]! : deduction[Math.floor(rand() * deduction.length)]!
    item[i] = itemGlobal[local]!
    units[i] = itemUnits[local]!
  }
}
const subjectOrganization = new Int32Array(S)
for (let s = 0; s < S; s++) subjectOrganization[s] = Math.floor(s / MEMBERS_PER_ORG)
sample()
const genMs = performance.now() - t0

// ------------------------------------------------------------------------------------------- runs
/** The baseline: one pass, total points per member and quarter, nothing else. */
const plainSumOf = (cols: ScoreColumns): Float64Array => {
  const N = cols.length
  const P = plan.periods.length
  const tot = new Float64Array(P * S)
  const { dayToPeriod, firstDay } = plan
  const subject = cols.subject
  const day = cols.day
  const units = cols.units
  for (let i = 0; i < N; i++) {
    const p = dayToPeriod[day[i]! - firstDay]!
    const k = p * S + subject[i]!
    tot[k] = tot[k]! + units[i]!
  }
  return tot
}

const plainSum = () => plainSumOf(cols)

/** A second reference: the hand-written single pass that item caps need (one sum per member, quarter and item). */
const itemSumOf = (cols: ScoreColumns): Int32Array => {
  const N = cols.length
  const G = plan.itemIds.length
  const raw = new Int32Array(plan.periods.length * S * G)
  const { dayToPeriod, firstDay } = plan
  const subject = cols.subject
  const day = cols.day
  const item = cols.item
  const units = cols.units
  for (let i = 0; i < N; i++) {
    const k = (dayToPeriod[day[i]! - firstDay]! * S + subject[i]!) * G + item[i]!
    raw[k] = raw[k]! + units[i]!
  }
  return raw
}
/** Process CPU time (user + system) in milliseconds. */
const cpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

// `--cpu-phases 1`: the engine's phases in process CPU time instead of wall-clock time
const cpuPhases = process.argv.includes("--cpu-phases")
const phases: Record<string, number> = {}
const engine = () => runEngine(cols, {
  plan, nSubjects: S, subjectOrganization, nOrganizations: O, onPhase: (name, ms) => { phases[name] = ms },
  ...(cpuPhases ? { clock: cpuMs } : {})
})

const time = <A>(f: () => A): { ms: number; cpu: number; value: A } => {
  const cpu0 = cpuMs()
  const start = performance.now()
  const value = f()
  const ms = performance.now() - start
  const cpu = cpuMs() - cpu0
  sample()
  return { ms, cpu, value }
}

// Warm up both on a small slice, then at full size, so the JIT has optimized them before the timed runs (steady-state
// throughput).
{
  const n = Math.min(N, 200_000)
  const small: ScoreColumns = { length: n, subject: cols.subject, day: cols.day, item: cols.item, units: cols.units }
  for (let r = 0; r < 8; r++) {
    plainSumOf(small)
    itemSumOf(small)
    runEngine(small, { plan, nSubjects: S, subjectOrganization, nOrganizations: O })
  }
  // and twice at full size, untimed: the first full runs still pay for compiling the paths a small slice does not
  // take (several chunks, the 16-bit checks at scale)
  for (let r = 0; r < 2; r++) {
    plainSum()
    engine()
  }
}

let bestSum = Infinity
let bestEngine = Infinity
let bestSumCpu = Infinity
let bestEngineCpu = Infinity
let lastSum: Float64Array | undefined
let lastEngine: ReturnType<typeof engine> | undefined
for (let r = 0; r < repeat; r++) {
  const a = time(plainSum)
  bestSum = Math.min(bestSum, a.ms)
  bestSumCpu = Math.min(bestSumCpu, a.cpu)
  lastSum = a.value
  const b = time(engine)
  bestEngineCpu = Math.min(bestEngineCpu, b.cpu)
  if (b.ms < bestEngine) console.log(`    run ${r + 1}${cpuPhases ? " (CPU)" : ""}: ${Object.entries(phases).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(", ")}`)
  bestEngine = Math.min(bestEngine, b.ms)
  lastEngine = b.value
}

let bestItemSum = Infinity
for (let r = 0; r < Math.min(repeat, 2); r++) bestItemSum = Math.min(bestItemSum, time(() => itemSumOf(cols)).ms)

// ------------------------------------------------------------------------------------------- cross-check
// The engine's raw item sums must add up to the plain sum for every member and quarter.
{
  const e = lastEngine!
  const G = e.nItems
  for (let ps = 0; ps < e.nPeriods * S; ps++) {
    let raw = 0
    for (let g = 0; g < G; g++) raw += e.itemRaw[ps * G + g]!
    if (raw !== lastSum![ps]) throw new Error(`engine and plain sum disagree at ${ps}: ${raw} vs ${lastSum![ps]}`)
  }
}

const grades = [0, 0, 0, 0]
for (let i = 0; i < lastEngine!.grade.length; i++) if (lastEngine!.grade[i]! < 4) grades[lastEngine!.grade[i]!]!++
const maxRssKb = process.resourceUsage().maxRSS
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`

console.log(`scoring benchmark, scale ${scale}: ${N.toLocaleString("en")} events, ${S.toLocaleString("en")} members, ${O.toLocaleString("en")} organizations, ${plan.periods.length} quarters`)
console.log(`  generate columns      ${genMs.toFixed(0)} ms`)
console.log(`  plain single-pass sum ${bestSum.toFixed(1)} ms  (${((N / bestSum) * 1000 / 1e6).toFixed(1)} M events/s)`)
console.log(`  engine: caps, grades, ranks  ${bestEngine.toFixed(1)} ms  (${((N / bestEngine) * 1000 / 1e6).toFixed(1)} M events/s)`)
console.log(`  ratio engine / plain sum: ${(bestEngine / bestSum).toFixed(2)}× (target ≤ 3×; best of ${repeat})`)
console.log(`  CPU time (user + system; leaves out waiting for a core): plain sum ${bestSumCpu.toFixed(1)} ms, engine ${bestEngineCpu.toFixed(1)} ms, ratio ${(bestEngineCpu / bestSumCpu).toFixed(2)}×`)
console.log(`  reference: hand-written single pass into per-item sums (what item caps need, no caps or ranks) ${bestItemSum.toFixed(1)} ms, ratio engine / that ${(bestEngine / bestItemSum).toFixed(2)}×`)
console.log(`  grades over all member-quarters: excellent ${grades[0]}, qualified ${grades[1]}, basically qualified ${grades[2]}, unqualified ${grades[3]}`)
console.log(`  peak memory: ${mb(Math.max(memory.mib() * 2 ** 20, maxRssKb * 1024))} resident`)
