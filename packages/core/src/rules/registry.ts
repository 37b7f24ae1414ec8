/**
 * The rule registry, built from the rule modules (one file per kind, one folder per question). What the
 * engine applies, the column kernels and the catalogue's checks are views of it.
 *
 * @module
 */
import type { RuleKind } from "../policy/policy.js"
import type { RequirementKernel, RuleDefinition } from "./define.js"
import { costAndPeriod } from "./requirement/costAndPeriod.js"
import { eligibleSite } from "./requirement/eligibleSite.js"
import { keyProject } from "./requirement/keyProject.js"
import { majorOrPeriodRange } from "./requirement/majorOrPeriodRange.js"
import { projectPeriodAndMembers } from "./requirement/projectPeriodAndMembers.js"
import { unitsWithEnoughMembers } from "./requirement/unitsWithEnoughMembers.js"
import { administrativeHead } from "./secretary/administrativeHead.js"
import { leadUnitWithProject } from "./secretary/leadUnitWithProject.js"
import { projectManagerOrCadre } from "./secretary/projectManagerOrCadre.js"
import { streetLiaisonLeader } from "./secretary/streetLiaisonLeader.js"
import { temporaryAppointed } from "./secretary/temporaryAppointed.js"
import { byFullMembers } from "./committee/byFullMembers.js"
import { dedicatedMember } from "./massWork/dedicatedMember.js"
import { bySection } from "./groups/bySection.js"
import { largeOrScattered } from "./groups/largeOrScattered.js"
import * as instructor from "./instructor/everyCombinedBranch.js"
import { whenTooFewMembers } from "./instructor/whenTooFewMembers.js"
import { forUnitsWithoutOrganization } from "./instructor/forUnitsWithoutOrganization.js"
import * as liaison from "./liaison/everyCombinedBranch.js"

/**
 * A rule definition with its parameter types erased, as the registry holds it. Sound because the engine
 * reads a kernel's values with `compileValues` from the same declaration the kernel was typed by.
 */
const erase = <D>(definition: D): RuleDefinition => definition as unknown as RuleDefinition

/**
 * Every rule kind defined as a module, in the order of `RuleKinds`. (Kinds not yet moved to a module of their
 * own are still applied by `organization/rules.ts`, scoring, structure and membership.)
 *
 * @example
 * ```ts
 * import { ruleRegistry } from "@redsite/core"
 * const national = ruleRegistry.get("requirement.projectPeriodAndMembers")
 * Object.keys(national?.parameters ?? {}) // ["projectMinMonths", "projectMinFullMembers"]
 * ```
 */
export const ruleRegistry: ReadonlyMap<RuleKind, RuleDefinition> = new Map(
  [
    projectPeriodAndMembers, majorOrPeriodRange, unitsWithEnoughMembers, keyProject, costAndPeriod, eligibleSite,
    temporaryAppointed, leadUnitWithProject, streetLiaisonLeader, projectManagerOrCadre, administrativeHead,
    byFullMembers, dedicatedMember, bySection, largeOrScattered,
    instructor.everyCombinedBranch, whenTooFewMembers, forUnitsWithoutOrganization, liaison.everyCombinedBranch
  ].map((d) => [d.kind, erase(d)] as const)
)

/**
 * The column kernel of every requirement rule kind that has one (a view of {@link ruleRegistry}).
 *
 * @example
 * ```ts
 * import { requirementKernels } from "@redsite/core"
 * requirementKernels["requirement.eligibleSite"]?.verdict(
 *   { months: 12, major: false, costYuan: 0, fullMembers: 3, unitsWithAtLeast: () => 0 },
 *   { eligibleMinMonths: 6, eligibleMinFullMembers: 3 }) // "required"
 * ```
 */
export const requirementKernels: Partial<Record<RuleKind, RequirementKernel>> = Object.fromEntries(
  [...ruleRegistry].flatMap(([kind, d]) => (d.kernel === undefined ? [] : [[kind, d.kernel]]))
)
