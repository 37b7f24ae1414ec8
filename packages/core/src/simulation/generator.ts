/**
 * A synthetic portfolio for simulations, deterministic from a seed, built directly as columns (100 to
 * 1,000,000 projects and more). Its distributions are calibrated on the few figures the sources give and
 * are otherwise redsite's assumptions, each listed in {@link SYNTHETIC_ASSUMPTIONS} with its source or the
 * words "assumption".
 *
 * Figures used: Fuding — 82 key projects, 12,708 workers, 251 members (members ≈ 2 % of workers, ≈ 155
 * workers and ≈ 3 members per key project); workers rarely stay more than 2 years, migrant workers a few
 * months (seed-002). Langshan — 52 key projects, 10 of them over one billion yuan (≈ 19 %) (seed-001).
 *
 * @module
 */
import { workMask } from "../coverage/columns.js"
import type { PortfolioColumns } from "../coverage/columns.js"
import { Ownerships, Phases, ProjectKinds } from "../model/vocabulary.js"

/** One documented choice of the generator. */
export interface SyntheticAssumption {
  readonly key: string
  readonly value: string
  /** The source the value is calibrated on, or "assumption". */
  readonly basis: string
}

/** Every distribution the generator uses, with what it rests on. */
export const SYNTHETIC_ASSUMPTIONS: ReadonlyArray<SyntheticAssumption> = [
  { key: "majorShare", value: "12 % of projects are major or key projects", basis: "assumption" },
  { key: "costKey", value: "key projects: log-normal cost, median 300 million yuan, σ = 1.5 (≈ 21 % over one billion)", basis: "seed-001: 10 of 52 key projects over one billion yuan (19 %)" },
  { key: "costOther", value: "other projects: log-normal cost, median 15 million yuan, σ = 1.4", basis: "assumption" },
  { key: "months", value: "planned period log-normal, median 10 months (key projects 30), σ = 0.6, from 1 to 72 months", basis: "seed-002: stays of a few months to two years; assumption for the shape" },
  { key: "workers", value: "workers log-normal, median 60 (key projects 155), σ = 0.8", basis: "seed-002: 12,708 workers on 82 key projects (155 each)" },
  { key: "memberShare", value: "each worker is a full member with probability 2 %", basis: "seed-002: 251 members among 12,708 workers (≈ 2 %)" },
  { key: "units", value: "1 + Poisson(2) units, at most 8; members spread uniformly over them", basis: "assumption" },
  { key: "districts", value: "16 districts, uniform", basis: "assumption" },
  { key: "phase", value: "approval 5 %, preparation 10 %, construction 70 %, completed 10 %, operation 5 %", basis: "assumption" },
  { key: "ownership", value: "lead unit state-owned 45 %, private 50 %, foreign 5 %", basis: "assumption" },
  { key: "ownOrganization", value: "a site organization exists with probability 70 % where there are 3 full members or more, 8 % otherwise", basis: "assumption" },
  { key: "work", value: "without an organization: instructor 30 %, joint organization elsewhere 15 %, union bridge 10 % (independent)", basis: "assumption" },
  { key: "redSite", value: "sites with an organization run red-site creation with probability 65 %; 80 % of those have a quality plan", basis: "assumption" }
]

/** Options of {@link syntheticPortfolio}. */
export interface SyntheticOptions {
  readonly size: number
  /** Same seed, same portfolio. Default 1. */
  readonly seed?: number
  /** Called every 100,000 projects with (done, total). */
  readonly onProgress?: (done: number, total: number) => void
}

/** A small, fast, seedable generator (mulberry32). */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The district names of the synthetic portfolio. */
export const SYNTHETIC_DISTRICTS: ReadonlyArray<string> = Array.from({ length: 16 }, (_, i) => `第${i + 1}区`)

/** A synthetic portfolio as columns (see the module's documentation for its distributions). */
export const syntheticPortfolio = (options: SyntheticOptions): PortfolioColumns => {
  const n = Math.max(0, Math.floor(options.size))
  const rnd = seededRandom(options.seed ?? 1)
  const normal = () => {
    // Box–Muller, one value per call
    const u = 1 - rnd()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd())
  }
  const logNormal = (median: number, sigma: number) => median * Math.exp(sigma * normal())
  const poisson = (mean: number) => {
    // Knuth, fine for small means
    const limit = Math.exp(-mean)
    let k = 0
    let p = rnd()
    while (p > limit) {
      k++
      p *= rnd()
    }
    return k
  }
  const binomialApprox = (trials: number, p: number) => {
    const mean = trials * p
    return mean < 30 ? poisson(mean) : Math.max(0, Math.round(mean + Math.sqrt(mean * (1 - p)) * normal()))
  }
  const ids: Array<string> = new Array(n)
  const costYuan = new Float64Array(n)
  const plannedMonths = new Int32Array(n)
  const major = new Uint8Array(n)
  const fullMembers = new Int32Array(n)
  // the synthetic sites carry full members only (the seeds give no share of probationary members on sites)
  const probationaryMembers = new Int32Array(n)
  const unitStart = new Int32Array(n + 1)
  const unitCounts: Array<number> = []
  const district = new Int32Array(n)
  const phase = new Uint8Array(n)
  const kind = new Uint8Array(n)
  const leadOwnership = new Uint8Array(n)
  const ownOrganization = new Uint8Array(n)
  const workForms = new Uint8Array(n)
  const redSiteCreation = new Uint8Array(n)
  const qualityPlan = new Uint8Array(n)
  const phaseCut = [0.05, 0.15, 0.85, 0.95, 1]
  const kinds = ProjectKinds.values.filter((k) => k !== "event")
  const instructor = workMask(["instructor"])
  const jointElsewhere = workMask(["jointBranchElsewhere"])
  const union = workMask(["massOrganization"])
  const width = String(Math.max(1, n - 1)).length
  for (let i = 0; i < n; i++) {
    ids[i] = `syn-${String(i).padStart(width, "0")}`
    const isMajor = rnd() < 0.12
    major[i] = isMajor ? 1 : 0
    costYuan[i] = Math.round(isMajor ? logNormal(3e8, 1.5) : logNormal(1.5e7, 1.4))
    plannedMonths[i] = Math.min(72, Math.max(1, Math.round(logNormal(isMajor ? 30 : 10, 0.6))))
    const workers = Math.max(5, Math.round(logNormal(isMajor ? 155 : 60, 0.8)))
    const full = binomialApprox(workers, 0.02)
    fullMembers[i] = full
    const units = Math.min(8, 1 + poisson(2))
    unitStart[i] = unitCounts.length
    const base = unitCounts.length
    for (let u = 0; u < units; u++) unitCounts.push(0)
    for (let m = 0; m < full; m++) unitCounts[base + Math.floor(rnd() * units)]! += 1
    district[i] = Math.floor(rnd() * SYNTHETIC_DISTRICTS.length)
    const ph = rnd()
    phase[i] = phaseCut.findIndex((c) => ph < c)
    kind[i] = ProjectKinds.values.indexOf(kinds[Math.floor(rnd() * kinds.length)]!)
    const own = rnd()
    leadOwnership[i] = own < 0.45 ? 0 : own < 0.95 ? 1 : 2
    const hasOrg = rnd() < (full >= 3 ? 0.7 : 0.08)
    ownOrganization[i] = hasOrg ? 1 : 0
    if (!hasOrg) workForms[i] = (rnd() < 0.3 ? instructor : 0) | (rnd() < 0.15 ? jointElsewhere : 0) | (rnd() < 0.1 ? union : 0)
    const creating = hasOrg && rnd() < 0.65
    redSiteCreation[i] = creating ? 1 : 0
    qualityPlan[i] = creating && rnd() < 0.8 ? 1 : 0
    if (options.onProgress !== undefined && (i + 1) % 100_000 === 0) options.onProgress(i + 1, n)
  }
  unitStart[n] = unitCounts.length
  if (Phases.values.length !== phaseCut.length || Ownerships.values.length !== 3) throw new Error("vocabularies changed: update the generator")
  return {
    size: n, ids, costYuan, plannedMonths, major, fullMembers, probationaryMembers, unitStart, unitFullMembers: Int32Array.from(unitCounts),
    districts: SYNTHETIC_DISTRICTS, district, phase, kind, leadOwnership, ownOrganization, workForms, redSiteCreation, qualityPlan
  }
}
