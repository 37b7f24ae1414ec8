/**
 * A rule kind as one module: {@link defineRule} declares, side by side, the kind, the question it answers, its
 * parameters by name with their types, the facts it reads, the decision for one project, the optional column
 * kernel for a portfolio, and its wording (zh/en, inside the decision). A typo in a parameter or fact name, or
 * reading a flag as a number, is a compile error; at run time {@link makeReader} records every parameter and
 * fact a decision reads, and a missing or mistyped parameter becomes a typed {@link ParameterProblem}.
 *
 * @module
 */
import type { Citation, Finding, Question, ScalarValue } from "../explain/explanation.js"
import type { MemberCounts, Project } from "../model/project.js"
import type { RequirementLevel } from "../model/vocabulary.js"
import type { MemberBasis, RuleKind } from "../policy/policy.js"
import type { CommitteeShape, FormOption } from "../organization/decision.js"
import type { RequirementColumns, RequirementFacts, RequirementVerdict } from "./requirement/facts.js"

/** A text in both languages. */
export interface Text {
  readonly zh: string
  readonly en: string
}

/** A related question a rule leaves open while answering its own (citing the rule's clause unless it names another). */
export interface Note {
  readonly question: Question
  readonly text: Text
  readonly citation?: Citation
}

/** What a rule concluded: an answer with its wording, or silence (the next layer's rule answers). */
export type Outcome<A> =
  | { readonly _tag: "Answer"; readonly value: A; readonly text: Text; readonly notes?: ReadonlyArray<Note> }
  | { readonly _tag: "Silent"; readonly text: Text }

/** An answer with its wording (and any question it leaves open). */
export const answer = <A>(value: A, zh: string, en: string, notes?: ReadonlyArray<Note>): Outcome<A> => ({
  _tag: "Answer",
  value,
  text: { zh, en },
  ...(notes === undefined ? {} : { notes })
})

/** Silence with its wording: the rule does not speak to this project. */
export const silent = (zh: string, en: string): Outcome<never> => ({ _tag: "Silent", text: { zh, en } })

/** A member-count threshold as read: the parameter's value, the count it is compared with, and which members it counts. */
export interface MemberThreshold {
  readonly min: number
  readonly have: number
  readonly counts: MemberBasis
}

/** The facts a setup rule sees: the project, derived counts, and the findings decided before it. */
export interface SetupContext {
  readonly project: Project
  readonly date: string
  /** Whole months of the planned period (the one period count, `monthsOfPeriod`). */
  readonly plannedMonths: number
  /** Counts over all the project's members. */
  readonly counts: MemberCounts
  /** Counts per unit id. */
  readonly unitCounts: ReadonlyMap<string, MemberCounts>
  /** Findings already decided (rules run in the order of DECISION_ELEMENTS). */
  readonly decided: {
    readonly requirement?: Finding<RequirementLevel>
    readonly forms?: Finding<ReadonlyArray<FormOption>>
    readonly committee?: Finding<CommitteeShape>
  }
}

/**
 * The type of a parameter as a rule declares it: `number` (yuan, months, a share…), `members` (a member count,
 * compared with the members its `counts` names), `flag` (a boolean), `code` (one code, e.g. a conversion
 * target) or `list` (of codes).
 */
export type ParameterType = "number" | "members" | "flag" | "code" | "list"

/** A rule's parameters: name → type. */
export type ParameterTypes = Readonly<Record<string, ParameterType>>

/** The value a parameter of a type holds. */
export type ValueOfType<T extends ParameterType> = T extends "flag" ? boolean
  : T extends "list" ? ReadonlyArray<string>
  : T extends "code" ? string
  : number

/** The values of a rule's parameters, by name, as its column kernel receives them (read once per policy). */
export type Values<P extends ParameterTypes> = { readonly [K in keyof P]: ValueOfType<P[K]> }

/** The names of `P` whose type is one of `T` (any string for an undeclared, legacy `P`). */
type NamesOf<P extends ParameterTypes, T extends ParameterType> = string extends keyof P ? string
  : { [K in keyof P]: P[K] extends T ? K : never }[keyof P] & string

/**
 * Reads a rule's parameters and facts, recording each for the explanation. Typed by the rule's declaration:
 * only declared names, each by the reader of its type.
 */
export interface Read<P extends ParameterTypes = ParameterTypes, F extends string = string> {
  /** A number (or member-count) parameter. */
  readonly num: (key: NamesOf<P, "number" | "members">) => number
  readonly flag: (key: NamesOf<P, "flag">) => boolean
  readonly list: (key: NamesOf<P, "list">) => ReadonlyArray<string>
  /** Records a fact of the project (once per name) and returns it. */
  readonly fact: <V extends ScalarValue>(name: F, value: V) => V
  /**
   * Reads a member-count parameter and the count it is compared with: full members where the parameter
   * counts `full` (正式党员, the default), full and probationary where it counts `all` (党员人数).
   */
  readonly members: (key: NamesOf<P, "members">, counts: MemberCounts) => MemberThreshold
}

/** A requirement rule's column kernel: the verdict for one project, and the same for every row of a portfolio. */
export interface RequirementKernel<V = Readonly<Record<string, ValueOfType<ParameterType>>>> {
  /** The verdict for one project's facts, with the parameters by name. */
  readonly verdict: (facts: RequirementFacts, p: V) => RequirementVerdict
  /**
   * The verdict of every row, written as `VerdictCode`s into `out`. Branch-free where the rule allows
   * (comparisons as 0 / 1 combined with `&`, `|` and arithmetic): a portfolio's facts are unpredictable row
   * to row, so a branch would be mispredicted on many rows (docs/coverage.md, "Speed").
   */
  readonly columns: (c: RequirementColumns, p: V, out: Uint8Array) => void
}

/** A rule kind: one module's declaration. */
export interface RuleDefinition<P extends ParameterTypes = ParameterTypes, F extends string = string, A = unknown> {
  readonly kind: RuleKind
  readonly question: Question
  /** What the kind decides, in a line (for docs and guides). */
  readonly summary: Text
  /** Its parameters by name, with their types: the only ones its decision and kernel may read. */
  readonly parameters: P
  /** The facts of a project it may read (and record). */
  readonly facts: ReadonlyArray<F>
  /** The decision for one project, with its wording. */
  readonly decide: (ctx: SetupContext, read: Read<P, F>) => Outcome<A>
  /** The column kernel for a portfolio (requirement rules). */
  readonly kernel?: RequirementKernel<Values<P>>
}

/**
 * Declares a rule kind. The parameter and fact names are inferred from the declaration, so the decision and
 * the kernel can read only those, each with its type.
 *
 * @example
 * ```ts
 * import { answer, defineRule, silent } from "@redsite/core"
 * const rule = defineRule({
 *   kind: "requirement.eligibleSite",
 *   question: "requirement",
 *   summary: { zh: "符合创建条件的工地", en: "eligible sites" },
 *   parameters: { eligibleMinMonths: "number" },
 *   facts: ["plannedMonths"],
 *   decide: (ctx, r) => r.fact("plannedMonths", ctx.plannedMonths) >= r.num("eligibleMinMonths")
 *     ? answer("required", "符合", "eligible")
 *     : silent("不符合", "not eligible")
 *   // r.num("eligibleMinMonth") or r.flag("eligibleMinMonths") would not compile
 * })
 * ```
 */
export const defineRule = <const P extends ParameterTypes, const F extends string, A>(
  definition: RuleDefinition<P, F, A>
): RuleDefinition<P, F, A> => definition
