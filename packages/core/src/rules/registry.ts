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
import { creationRecords as atStartCreationRecords } from "./atStart/creationRecords.js"
import { fourSynchronizations as atStartFourSynchronizations } from "./atStart/fourSynchronizations.js"
import { jointMeetingAndLetter as atStartJointMeetingAndLetter } from "./atStart/jointMeetingAndLetter.js"
import { recordFiling as atStartRecordFiling } from "./atStart/recordFiling.js"
import { reportOnEntry as atStartReportOnEntry } from "./atStart/reportOnEntry.js"
import { threeSynchronizations as atStartThreeSynchronizations } from "./atStart/threeSynchronizations.js"
import { byMemberCount as formsByMemberCount } from "./forms/byMemberCount.js"
import { combinedBranch as formsCombinedBranch } from "./forms/combinedBranch.js"
import { expoDepartments as formsExpoDepartments } from "./forms/expoDepartments.js"
import { jointAlternatives as formsJointAlternatives } from "./forms/jointAlternatives.js"
import { massOrganizationBridge as formsMassOrganizationBridge } from "./forms/massOrganizationBridge.js"
import { projectBranchPerDepartment as formsProjectBranchPerDepartment } from "./forms/projectBranchPerDepartment.js"
import { siteWithAlternatives as formsSiteWithAlternatives } from "./forms/siteWithAlternatives.js"
import { competentDepartment as leadCompetentDepartment } from "./lead/competentDepartment.js"
import { dispatchingUnit as leadDispatchingUnit } from "./lead/dispatchingUnit.js"
import { streetWorkingCommittee as leadStreetWorkingCommittee } from "./lead/streetWorkingCommittee.js"
import { unitRolePreference as leadUnitRolePreference } from "./lead/unitRolePreference.js"
import { bureauCommittee as secondSuperiorBureauCommittee } from "./secondSuperior/bureauCommittee.js"
import { attendWithMembershipUnchanged as unitsAttendWithMembershipUnchanged } from "./units/attendWithMembershipUnchanged.js"
import { expoThreshold as unitsExpoThreshold } from "./units/expoThreshold.js"
import { ownBranchIfEnough as unitsOwnBranchIfEnough } from "./units/ownBranchIfEnough.js"
import { obligationRegistry } from "./obligation/index.js"
// obligations (issue 19): rule kinds of the policies' data, assessed against records by their own registry
export { obligationRegistry, descriptiveObligations } from "./obligation/index.js"

/**
 * A rule definition with its parameter types erased, as the registry holds it. Sound because the engine
 * reads a kernel's values with `compileValues` from the same declaration the kernel was typed by.
 */
const erase = <D>(definition: D): RuleDefinition => definition as unknown as RuleDefinition

/**
 * Every setup rule kind, each defined as a module (one folder per question, one file per kind). (Kinds
 * applied by scoring, membership and coverage are listed in `appliedElsewhere` until they move here.)
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
    instructor.everyCombinedBranch, whenTooFewMembers, forUnitsWithoutOrganization, liaison.everyCombinedBranch,
    formsByMemberCount, formsCombinedBranch, formsExpoDepartments, formsJointAlternatives, formsMassOrganizationBridge, formsProjectBranchPerDepartment, formsSiteWithAlternatives,
    leadCompetentDepartment, leadDispatchingUnit, leadStreetWorkingCommittee, leadUnitRolePreference,
    secondSuperiorBureauCommittee,
    atStartCreationRecords, atStartFourSynchronizations, atStartJointMeetingAndLetter, atStartRecordFiling, atStartReportOnEntry, atStartThreeSynchronizations,
    unitsAttendWithMembershipUnchanged, unitsExpoThreshold, unitsOwnBranchIfEnough
  ].map((d) => [d.kind, erase(d)] as const)
)

/**
 * Every rule kind defined as a module: the setup rules of {@link ruleRegistry} and the obligation kinds of
 * `obligationRegistry` (the two registries of rule modules; `RuleKinds` lists their kinds and those applied
 * elsewhere or descriptive, kept so by the registry's contract test).
 *
 * @example
 * ```ts
 * import { registeredKinds } from "@redsite/core"
 * registeredKinds.has("obligation.monthlyReport") // true
 * ```
 */
export const registeredKinds: ReadonlySet<RuleKind> = new Set<RuleKind>([...ruleRegistry.keys(), ...obligationRegistry.keys()])

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
