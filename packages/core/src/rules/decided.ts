/**
 * What the rules of later questions read of the findings decided before them (forms, committee), and the
 * project's sections with members: helpers shared by several rule modules (internal).
 *
 * @module
 */
import { valueOf } from "../explain/explanation.js"
import type { SetupForm } from "../model/vocabulary.js"
import type { ParameterTypes, Read, SetupContext } from "./define.js"

/** The first form of the decided forms, if any. */
export const primaryForm = (ctx: SetupContext): SetupForm | undefined => {
  const forms = ctx.decided.forms
  return forms === undefined ? undefined : valueOf(forms)?.[0]?.form
}

/** Whether the decided forms include `form`. */
export const hasForm = (ctx: SetupContext, form: SetupForm): boolean => {
  const forms = ctx.decided.forms
  return forms !== undefined && (valueOf(forms) ?? []).some((f) => f.form === form)
}

/** Records the project's full members (正式党员). */
export const fullFact = <P extends ParameterTypes>(ctx: SetupContext, r: Read<P, "fullMembers">): number => r.fact("fullMembers", ctx.counts.full)

/**
 * The sections (工段/班组/工作小组) a Party group can be formed in: those where at least one member (full or
 * probationary) works, in the project's order of sections; a section without members gets no group.
 */
export const sectionsWithMembers = <P extends ParameterTypes>(
  ctx: SetupContext,
  r: Read<P, "sections" | "sectionsWithoutMembers">
): ReadonlyArray<string> => {
  const staffed = new Set<string>()
  for (const m of ctx.project.members) {
    if (m.section !== undefined && (m.status === "full" || m.status === "probationary")) staffed.add(m.section)
  }
  const ordered = [...ctx.project.sections.filter((x) => staffed.has(x)), ...[...staffed].filter((x) => !ctx.project.sections.includes(x))]
  r.fact("sections", ordered)
  const empty = ctx.project.sections.filter((x) => !staffed.has(x))
  if (empty.length > 0) r.fact("sectionsWithoutMembers", empty)
  return ordered
}
