/**
 * Coverage and simulation benchmark: a synthetic portfolio of 1,000,000 projects (scale 1) in columns.
 *
 * Measured in the same run:
 *   - baseline (a): a hand-written single loop computing only the required flag under Fuding's policy: Fuding's
 *     scope (cost ≥ 50 million, period ≥ 24 months, key project), and outside it the national rule (6 months
 *     and a full member), as the layers answer (issue 14 item 4) — the full coverage report should stay within 3×;
 *   - baseline (b): the same flag with json-rules-engine, the common JavaScript rule engine, on a sample
 *     (it is far too slow for the whole portfolio) extrapolated per project — we should be ≥ 20× faster;
 *   - our coverage report (every requirement rule of the policy, the cover of every site, totals and rates,
 *     groups by district) and a 20-value sweep of the cost threshold (with organizations, instructors and
 *     liaisons needed).
 *
 * Run: pnpm exec tsx bench/coverage.ts [--scale 1] [--repeat 9] [--sample 20000]
 * Times are printed, never asserted. The hand loop and the report are timed in alternation, round after
 * round, so that a burst of load from other work on the machine hits both alike: the ratio printed is the
 * median of the rounds' ratios, beside the best time of each.
 */
import { isoDate, policies, reportOf, runCoverage, sweepParameter, syntheticPortfolio } from "@redsite/core"
import { Either } from "effect"
import { Engine } from "json-rules-engine"
import { numberArg, peakMemory } from "./_args.js"

const scale = numberArg("scale", 1)
const repeat = Math.round(numberArg("repeat", 9))
const N = Math.max(100, Math.round(1_000_000 * scale))
const SAMPLE = Math.min(N, Math.round(numberArg("sample", 20_000)))
const date = isoDate("2021-06-30")
const memory = peakMemory()
const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 })
const ms = (t: number) => `${t.toFixed(1)} ms`

console.log(`coverage benchmark, scale ${scale}: ${fmt(N)} synthetic projects (${repeat} rounds)`)
let t = performance.now()
const tty = process.stdout.isTTY === true
const cols = syntheticPortfolio({ size: N, seed: 2020, onProgress: (d, n) => { if (tty) process.stdout.write(`\r  generating ${fmt(d)} / ${fmt(n)}`) } })
if (tty && N >= 100_000) process.stdout.write("\n")
console.log(`  generate columns            ${ms(performance.now() - t)}`)
memory.sample()

// (a) the hand-written loop: the required flag under Fuding's policy only — Fuding's scope (seed-002 §一), else
// the national rule beneath it (Branch Work Regulations Art. 5: six months, and a full member to qualify)
const FUDING_COST = 50_000_000
const FUDING_MONTHS = 24
const NATIONAL_MONTHS = 6
const NATIONAL_FULL = 1 // national.projectMinFullMembers (符合条件, flagged: a full member; fewer than 3 form a joint branch)
let handCount = 0
const handLoop = () => {
  let c = 0
  const { costYuan, plannedMonths, major, fullMembers } = cols
  for (let i = 0; i < N; i++) {
    if ((costYuan[i]! >= FUDING_COST && plannedMonths[i]! >= FUDING_MONTHS && major[i] === 1) || (plannedMonths[i]! >= NATIONAL_MONTHS && fullMembers[i]! >= NATIONAL_FULL)) c++
  }
  handCount = c
}

// ours: the whole report under the Fuding policy (resolution of the policy included)
let ourRequired = 0
const report = () => {
  const run = Either.getOrThrow(runCoverage(cols, policies.fudingSite2020, date))
  const r = reportOf(cols, run, { groupBy: ["district"] })
  ourRequired = r.totals.required
}

/** Times `a` and `b` in alternation: the best of each, and the median of the rounds' ratios b / a. */
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
  const median = ratios.length % 2 === 1 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2
  return { bestA, bestB, median }
}
const { bestA: hand, bestB: ours, median: ratio } = alternate(repeat, handLoop, report)
memory.sample()
if (ourRequired !== handCount) throw new Error(`the report requires ${ourRequired} projects, the hand-written loop ${handCount}`)
console.log(`  (a) hand-written loop, required flag only   ${ms(hand)}  (${fmt(N / (hand / 1000))} projects/s)`)
console.log(`      redsite coverage report (rules, cover, totals, rates, groups by district)   ${ms(ours)}  (${fmt(N / (ours / 1000))} projects/s)`)
console.log(`      ratio report / hand loop: ${ratio.toFixed(2)}× (median of ${repeat} alternating rounds; ${(ours / hand).toFixed(2)}× best to best; target ≤ 3×); both find ${fmt(handCount)} required projects`)

// (b) json-rules-engine on a sample, per project
const engine = new Engine([{
  conditions: {
    any: [
      {
        all: [
          { fact: "costYuan", operator: "greaterThanInclusive", value: FUDING_COST },
          { fact: "plannedMonths", operator: "greaterThanInclusive", value: FUDING_MONTHS },
          { fact: "major", operator: "equal", value: true }
        ]
      },
      {
        all: [
          { fact: "plannedMonths", operator: "greaterThanInclusive", value: NATIONAL_MONTHS },
          { fact: "fullMembers", operator: "greaterThanInclusive", value: NATIONAL_FULL }
        ]
      }
    ]
  },
  event: { type: "required" }
}])
let engineCount = 0
let sampleHand = 0
t = performance.now()
for (let i = 0; i < SAMPLE; i++) {
  const r = await engine.run({ costYuan: cols.costYuan[i], plannedMonths: cols.plannedMonths[i], major: cols.major[i] === 1, fullMembers: cols.fullMembers[i] })
  if (r.events.length > 0) engineCount++
  const fuding = cols.costYuan[i]! >= FUDING_COST && cols.plannedMonths[i]! >= FUDING_MONTHS && cols.major[i] === 1
  if (fuding || (cols.plannedMonths[i]! >= NATIONAL_MONTHS && cols.fullMembers[i]! >= NATIONAL_FULL)) sampleHand++
}
const engineMs = performance.now() - t
if (engineCount !== sampleHand) throw new Error(`json-rules-engine found ${engineCount} required in the sample, the loop ${sampleHand}`)
const enginePerProject = engineMs / SAMPLE
const oursPerProject = ours / N
console.log(`  (b) json-rules-engine, required flag only, on ${fmt(SAMPLE)} projects   ${ms(engineMs)}  (${fmt(1000 / enginePerProject)} projects/s; ≈ ${ms(enginePerProject * N)} for the portfolio, extrapolated)`)
console.log(`      speed-up of the redsite report over json-rules-engine: ${(enginePerProject / oursPerProject).toFixed(0)}× (target ≥ 20×)`)

// a 20-value sweep of the cost threshold, 10 to 200 million yuan
const values = Array.from({ length: 20 }, (_, k) => 10_000_000 * (k + 1))
t = performance.now()
const rows = Either.getOrThrow(sweepParameter(cols, policies.fudingSite2020, "costThresholdYuan", values, date))
const sweepMs = performance.now() - t
memory.sample()
console.log(`  sweep of costThresholdYuan over 20 values (totals, organizations, instructors, liaisons)   ${ms(sweepMs)}  (${ms(sweepMs / 20)} per value, ${fmt((N * 20) / (sweepMs / 1000))} project-evaluations/s)`)
console.log(`      required at 10 / 50 / 200 million: ${fmt(rows[0]!.required)} / ${fmt(rows[4]!.required)} / ${fmt(rows[19]!.required)}`)
console.log(`  peak memory: ${memory.mib().toFixed(0)} MiB resident`)
