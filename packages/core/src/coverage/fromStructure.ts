/**
 * Coverage facts derived from the structure of organizations (组织架构) at a date, instead of being recorded
 * by hand: whether a site has a live Party organization of its own or is served by a joint one (联合组建), and
 * which forms of Party work reach it (an instructor, an attachment, a work group, a joint-building office).
 *
 * The structure does not know everything a coverage report reads: unions and youth-league bridges
 * (`massOrganization`), members who join a joint organization of another unit (`jointBranchElsewhere`), and
 * Wenzhou's red-site creation and quality plan are not in it. Those come from the recorded facts passed
 * alongside, if any; what the structure does know (its organizations, appointments and relations) is taken
 * from the structure alone.
 *
 * @module
 */
import { Schema } from "effect"
import { EXPLANATION_FORMAT, FactUsed, Reason } from "../explain/explanation.js"
import { trusted } from "../internal/trusted.js"
import { Label } from "../model/primitives.js"
import type { IsoDate } from "../model/primitives.js"
import { WorkCoverageForms } from "../model/vocabulary.js"
import type { OrganizationKind, WorkCoverageForm } from "../model/vocabulary.js"
import type { Policy } from "../policy/policy.js"
import { holdsOn } from "../structure/model.js"
import type { Structure, StructureOrganization } from "../structure/model.js"
import { CoverageFacts } from "./columns.js"
import { COVERAGE_CITATION } from "./coverage.js"

/**
 * What an organization serving a site counts as: an organization of the site's own (党组织 set up on its
 * own, 单独组建: committee, general branch, branch, combined branch, temporary or not), a joint organization
 * (联合组建: a joint branch serving the site; organizational coverage as well, seed-003 §三 3, seed-000 §二(二)),
 * a form of Party work, or neither (a Party group is a part of a branch, and a working committee is a
 * superior: neither is the site's own).
 */
export const SITE_COVER_OF_KIND: Readonly<Record<OrganizationKind, "own" | "joint" | WorkCoverageForm | "neither">> = {
  committee: "own",
  generalBranch: "own",
  branch: "own",
  jointBranch: "joint",
  combinedBranch: "own",
  workGroup: "workGroup",
  jointOffice: "jointOffice",
  jointMeeting: "jointOffice",
  group: "neither",
  workingCommittee: "neither"
}

/** Coverage facts of one project as the structure gives them at a date, with the reason that explains them. */
export class StructureCoverage extends Schema.Class<StructureCoverage>("StructureCoverage")({
  facts: CoverageFacts,
  /** Rule `coverage.fromStructure`: which organizations, appointments and relations were read. */
  reason: Reason
}) {}

const serves = (o: StructureOrganization, projectId: string, date: string) =>
  o.projectIds.includes(projectId) && holdsOn({ from: o.establishedOn, to: o.dissolvedOn }, date) &&
  (o.converted === undefined || o.converted.on > date)

/**
 * Derives the {@link CoverageFacts} of each project from a structure at a date.
 *
 * A project is served by the organizations alive on the date that list it in their `projectIds` and have
 * not been converted into neighbourhood Party building by then. It has an organization of its own when one
 * of them is of a kind {@link SITE_COVER_OF_KIND} counts as `own`, and a joint organization
 * (`jointOrganization`) when one is a joint branch (`joint`): both are organizational coverage. Its Party work is the union of: the work
 * forms of the serving organizations' kinds; `instructor` when a serving organization has an instructor
 * appointed on the date or receives an `instructorDispatch` relation in force; `attachment` when a serving
 * organization is attached (`attachment` relation in force) to another; and the forms the structure cannot
 * know (`massOrganization`, `jointBranchElsewhere`) from `recorded`. `redSiteCreation` and `qualityPlan` come
 * from `recorded` only (absent: false).
 *
 * The result has one entry per id of `projectIds`, in that order; a project nothing serves is a blank spot
 * (no organization, no work). Each reason cites the classification clause and lists what it read.
 *
 * @example
 * ```ts
 * const derived = coverageFactsFromStructure(structure, policies.fudingSite2020, isoDate("2021-06-30"), projects.map((p) => p.id))
 * const cols = portfolioColumns(projects, derived.map((d) => d.facts))
 * ```
 */
export const coverageFactsFromStructure = (
  structure: Structure,
  policy: Policy,
  date: IsoDate,
  projectIds: ReadonlyArray<string>,
  recorded: ReadonlyArray<CoverageFacts> = []
): ReadonlyArray<StructureCoverage> => {
  const wanted = new Set(projectIds)
  const serving = new Map<string, Array<StructureOrganization>>()
  for (const o of structure.organizations) {
    for (const p of o.projectIds) {
      if (!wanted.has(p) || !serves(o, p, date)) continue
      const list = serving.get(p)
      if (list === undefined) serving.set(p, [o])
      else list.push(o)
    }
  }
  const dispatchedTo = new Set<string>()
  const attached = new Set<string>()
  for (const r of structure.relations) {
    if (!holdsOn({ from: r.validFrom, to: r.validTo }, date)) continue
    if (r.kind === "instructorDispatch") dispatchedTo.add(r.from)
    else if (r.kind === "attachment") attached.add(r.from)
  }
  const recordedOf = new Map(recorded.map((f) => [f.projectId, f]))
  return projectIds.map((projectId) => {
    const orgs = serving.get(projectId) ?? []
    const own = orgs.filter((o) => SITE_COVER_OF_KIND[o.kind] === "own").map((o) => o.id)
    const joint = orgs.filter((o) => SITE_COVER_OF_KIND[o.kind] === "joint").map((o) => o.id)
    const forms = new Set<WorkCoverageForm>()
    const instructors: Array<string> = []
    const attachments: Array<string> = []
    for (const o of orgs) {
      const cover = SITE_COVER_OF_KIND[o.kind]
      if (cover !== "own" && cover !== "joint" && cover !== "neither") forms.add(cover)
      const appointed = o.appointments.filter((a) => a.role === "instructor" && holdsOn(a, date))
      if (appointed.length > 0 || dispatchedTo.has(o.id)) {
        forms.add("instructor")
        instructors.push(o.id)
      }
      if (attached.has(o.id)) {
        forms.add("attachment")
        attachments.push(o.id)
      }
    }
    const extra = recordedOf.get(projectId)
    for (const w of extra?.work ?? []) if (w === "massOrganization" || w === "jointBranchElsewhere") forms.add(w)
    const work = WorkCoverageForms.values.filter((w) => forms.has(w))
    const facts = new CoverageFacts({
      projectId,
      ownOrganization: own.length > 0,
      jointOrganization: joint.length > 0,
      work,
      redSiteCreation: extra?.redSiteCreation ?? false,
      qualityPlan: extra?.qualityPlan ?? false
    }, trusted)
    const reason = new Reason({
      format: EXPLANATION_FORMAT,
      policyId: policy.id,
      ruleId: "coverage.fromStructure",
      citation: COVERAGE_CITATION,
      facts: [
        new FactUsed({ name: "servingOrganizations", value: orgs.map((o) => `${o.id}:${o.kind}`) }, trusted),
        new FactUsed({ name: "ownOrganizations", value: own }, trusted),
        new FactUsed({ name: "jointOrganizations", value: joint }, trusted),
        new FactUsed({ name: "instructorAt", value: instructors }, trusted),
        new FactUsed({ name: "attachedOrganizations", value: attachments }, trusted),
        new FactUsed({ name: "recordedWork", value: [...(extra?.work ?? [])] }, trusted)
      ],
      parameters: [],
      text: new Label(own.length > 0
        ? { zh: `工地有自己的党组织:${own.join("、")}`, en: `the site has an organization of its own: ${own.join(", ")}` }
        : joint.length > 0
        ? { zh: `工地由联合组建的党组织覆盖:${joint.join("、")}`, en: `a joint organization serving the site covers it: ${joint.join(", ")}` }
        : work.length > 0
        ? { zh: `工地没有自己的党组织;党的工作覆盖:${work.map((w) => WorkCoverageForms.label(w, "zh")).join("、")}`, en: `no organization of its own; Party work: ${work.join(", ")}` }
        : { zh: "架构中没有服务该工地的党组织或党的工作", en: "nothing in the structure serves the site" }, trusted)
    }, trusted)
    return new StructureCoverage({ facts, reason }, trusted)
  })
}
