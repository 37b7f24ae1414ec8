/**
 * Obligations as rule modules: {@link defineObligation} declares, like `defineRule`, a kind with its parameters
 * and facts by name (read through the one reader, `makeReader`, which records them for the reason), plus what
 * it checks against a site's records at a date, and its schedule (a due date or a recurrence, and whether the
 * source states it, redsite assumes it, or leaves it open).
 *
 * The kinds are rule kinds (listed in `RuleKinds`) with their own registry (`obligationRegistry`, beside the setup
 * rules' `ruleRegistry`: they assess records, not decide setup). The policies' data files carry the obligation
 * rules, their parameters and citations (see docs/compliance.md).
 *
 * @module
 */
import type { Project } from "../../model/project.js"
import type { SetupDecision } from "../../organization/decision.js"
import type { CoverageFacts } from "../../coverage/columns.js"
import type { Assessment, Honour, Letter, LetterGoal, Meeting, Milestone, ReportState, Step } from "../../compliance/vocabulary.js"
import { RuleKinds } from "../../policy/policy.js"
import type { RuleKind } from "../../policy/policy.js"
import type { ParameterTypes, Read, Text } from "../define.js"

/** An obligation kind: a rule kind named `obligation.*` (asked under the question `obligations`). */
export type ObligationKind = Extract<RuleKind, `obligation.${string}`>
/** The obligation kinds, one module each under `rules/obligation/`: a view of `RuleKinds`, where they are listed once. */
export const ObligationKinds: ReadonlyArray<ObligationKind> = RuleKinds.filter((k): k is ObligationKind => k.startsWith("obligation."))

/** A record as an obligation reads it: its id (cited as evidence) and date. */
export interface Dated {
  readonly id: string
  readonly date: string
}

/** A month's report as it stands: the latest submission (one not returned first) with its latest review. */
export interface ReportView extends Dated {
  readonly month: string
  readonly state: ReportState
  readonly reviewerId?: string
  readonly reviewedOn?: string
  readonly organizationId?: string
}

/** One project's records on a date, indexed for the obligation rules (built by `indexProjectRecords`). */
export interface ProjectRecords {
  /** The earliest record of each milestone. */
  readonly milestones: ReadonlyMap<Milestone, Dated>
  /** The earliest record of each step. */
  readonly steps: ReadonlyMap<Step, Dated & { readonly organizationId?: string }>
  readonly letters: ReadonlyArray<Dated & { readonly letter: Letter; readonly covers: ReadonlyArray<LetterGoal> }>
  readonly meetings: ReadonlyArray<Dated & { readonly meeting: Meeting; readonly participants: ReadonlyArray<string> }>
  readonly assessments: ReadonlyArray<Dated & { readonly assessment: Assessment; readonly criteriaMet: ReadonlyArray<string> }>
  /** The report standing for each month (`YYYY-MM`). */
  readonly reports: ReadonlyMap<string, ReportView>
  readonly honours: ReadonlyArray<Dated & { readonly honour: Honour; readonly year: number }>
  readonly creditEntries: ReadonlyArray<Dated & { readonly honourId: string; readonly enterpriseId: string }>
}

/** What an obligation sees: the project, the date, the setup decision, how the site is covered, its records. */
export interface ObligationContext {
  readonly project: Project
  readonly date: string
  /** The setup decision of the project under the same policy at the same date. */
  readonly decision: SetupDecision
  /** How the site is covered on the date (the coverage report's facts). */
  readonly coverage: CoverageFacts
  readonly records: ProjectRecords
  /**
   * Whether the policy the obligation comes from applies to the project: its requirement rule answered for it
   * (a local layer's scope; the last layer always applies). Outside, the obligation is not applicable.
   */
  readonly inScope: boolean
}

/** How an obligation stands: met, met by a permitted alternative, due, overdue, not applicable, or undetermined (a gap). */
export type ObligationStatus = "met" | "metThroughAlternative" | "due" | "overdue" | "notApplicable" | "undetermined"

/** What an obligation concluded, with its wording. */
export type ObligationOutcome =
  | {
    readonly status: "met" | "metThroughAlternative"
    readonly text: Text
    /** Ids of the records that show it. */
    readonly evidence: ReadonlyArray<string>
    /** The permitted alternative taken (for `metThroughAlternative`). */
    readonly alternative?: string
    /** When it was due, if it has a due date. */
    readonly dueOn?: string
    /** Days it was done after its due date (0 or absent: on time). */
    readonly daysLate?: number
    /** For a recurring obligation: the next due date. */
    readonly nextDue?: string
  }
  | {
    readonly status: "due"
    readonly text: Text
    /** The due date; absent when the source states none (then `openDeadline` says so, a typed gap). */
    readonly dueOn?: string
    readonly openDeadline?: Text
    readonly evidence?: ReadonlyArray<string>
  }
  | {
    readonly status: "overdue"
    readonly text: Text
    readonly dueOn: string
    readonly daysLate: number
    /** For a recurring obligation: the periods outstanding (e.g. months `YYYY-MM`). */
    readonly periods?: ReadonlyArray<string>
    readonly evidence?: ReadonlyArray<string>
  }
  | { readonly status: "notApplicable"; readonly text: Text }
  | { readonly status: "undetermined"; readonly text: Text }

/**
 * When an obligation falls due: once (at a dated event of the project) or again and again (monthly, yearly), and
 * where that comes from — `stated` by the clause, `assumed` (a flagged parameter), or `open` (a typed gap:
 * the obligation is due, never overdue).
 */
export interface Schedule {
  readonly recurrence: "once" | "monthly" | "yearly" | "onEvent"
  readonly deadline: "stated" | "assumed" | "open"
  readonly text: Text
}

/** An obligation kind: one module's declaration. */
export interface ObligationDefinition<P extends ParameterTypes = ParameterTypes, F extends string = string> {
  readonly kind: ObligationKind
  readonly question: "obligations"
  readonly summary: Text
  /** Whether it is a site's duty shown on a scorecard (false: an authority's act answered by a query). */
  readonly site: boolean
  readonly parameters: P
  readonly facts: ReadonlyArray<F>
  readonly schedule: Schedule
  /** The assessment of one site at a date. */
  readonly assess: (ctx: ObligationContext, read: Read<P, F>) => ObligationOutcome
}

/**
 * Declares an obligation kind; the parameter and fact names are inferred, so `assess` reads only those, each
 * with its type.
 *
 * @example
 * ```ts
 * import { defineObligation } from "@redsite/core"
 * const letter = defineObligation({
 *   kind: "obligation.dualStandardLetter", question: "obligations", site: true,
 *   summary: { zh: "双达标责任书", en: "dual-standard letter" },
 *   parameters: { letterGoals: "list" }, facts: ["letterSignedOn"],
 *   schedule: { recurrence: "once", deadline: "open", text: { zh: "未规定期限", en: "no deadline stated" } },
 *   assess: (ctx, r) => ({ status: "notApplicable", text: { zh: "示例", en: "example" } })
 * })
 * ```
 */
export const defineObligation = <const P extends ParameterTypes, const F extends string>(
  definition: ObligationDefinition<P, F>
): ObligationDefinition<P, F> => definition

// ------------------------------------------------------------------------------------------------ dates

const utc = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)))

/** Days from `a` to `b` (negative when `b` is earlier). */
export const daysBetween = (a: string, b: string): number => Math.round((utc(b) - utc(a)) / 86_400_000)

/** The date `n` days after `d` (before, for a negative `n`). */
export const plusDays = (d: string, n: number): string => new Date(utc(d) + n * 86_400_000).toISOString().slice(0, 10)

/** The month (`YYYY-MM`) of a date. */
export const monthOf = (d: string): string => d.slice(0, 7)

/** The month after a month (`YYYY-MM`). */
export const nextMonth = (m: string): string => {
  const y = Number(m.slice(0, 4))
  const mo = Number(m.slice(5, 7))
  return mo === 12 ? `${String(y + 1).padStart(4, "0")}-01` : `${m.slice(0, 4)}-${String(mo + 1).padStart(2, "0")}`
}

/**
 * The due date of a month's report: day `dueDay` of the following month, or that month's last day when it
 * is shorter (day 31 of a 30-day month).
 */
export const reportDueOn = (month: string, dueDay: number): string => {
  const n = nextMonth(month)
  const y = Number(n.slice(0, 4))
  const mo = Number(n.slice(5, 7))
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate()
  const d = Math.max(1, Math.min(Math.floor(dueDay), last))
  return `${n}-${String(d).padStart(2, "0")}`
}

// ------------------------------------------------------------------------------------------------ wording helpers

/** Not applicable: outside the scope of the obligation's policy. */
export const outOfScope = (): ObligationOutcome => ({
  status: "notApplicable",
  text: { zh: "项目不在该政策的适用范围内", en: "the project is outside the scope of the obligation's policy" }
})

/** Whether the setup decision requires an organization at the project. */
export const organizationRequired = (ctx: ObligationContext): boolean =>
  ctx.decision.requirement._tag === "Settled" && ctx.decision.requirement.value === "required"

/** Not applicable: the setup decision does not require an organization. */
export const notRequired = (): ObligationOutcome => ({
  status: "notApplicable",
  text: { zh: "设置决定不要求建立党组织", en: "the setup decision does not require an organization" }
})

/**
 * A one-off obligation with a due date: met (with days late, if any) when the evidence is dated, else due up
 * to and including the due date and overdue after it.
 */
export const onceBy = (
  done: Dated | undefined,
  dueOn: string,
  date: string,
  what: Text
): ObligationOutcome => {
  if (done !== undefined) {
    const late = Math.max(0, daysBetween(dueOn, done.date))
    return {
      status: "met", evidence: [done.id], dueOn, daysLate: late,
      text: late === 0
        ? { zh: `${what.zh}:已于${done.date}完成(应于${dueOn}前)`, en: `${what.en}: done on ${done.date} (due by ${dueOn})` }
        : { zh: `${what.zh}:于${done.date}完成,迟${late}天(应于${dueOn}前)`, en: `${what.en}: done on ${done.date}, ${late} days late (due by ${dueOn})` }
    }
  }
  const late = daysBetween(dueOn, date)
  return late > 0
    ? { status: "overdue", dueOn, daysLate: late, text: { zh: `${what.zh}:应于${dueOn}前完成,已逾期${late}天`, en: `${what.en}: due by ${dueOn}, ${late} days overdue` } }
    : { status: "due", dueOn, text: { zh: `${what.zh}:应于${dueOn}前完成`, en: `${what.en}: due by ${dueOn}` } }
}

/** A one-off obligation whose source gives no deadline: met when recorded, else due with the open deadline named. */
export const onceOpen = (done: ReadonlyArray<Dated>, what: Text, open: Text): ObligationOutcome =>
  done.length > 0
    ? { status: "met", evidence: done.map((d) => d.id), text: { zh: `${what.zh}:已记录(${done[0]!.date})`, en: `${what.en}: recorded (${done[0]!.date})` } }
    : { status: "due", openDeadline: open, text: { zh: `${what.zh}:尚未记录;${open.zh}`, en: `${what.en}: not recorded yet; ${open.en}` } }
