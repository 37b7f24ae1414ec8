/**
 * The facts of a construction project (工程项目 / 工地): its units (参建单位), members and sections.
 *
 * @module
 */
import { Either, Schema } from "effect"
import { DecodeError, decoderFor } from "./decode.js"
import { Id, IsoDate, Yuan } from "./primitives.js"
import { MemberStatuses, Ownerships, Phases, ProjectKinds, UnitRoles } from "./vocabulary.js"

/** An employer on the project (参建单位). */
export class Unit extends Schema.Class<Unit>("Unit")({
  id: Id,
  name: Schema.String,
  role: UnitRoles.schema,
  ownership: Ownerships.schema,
  /** Whether the unit has a Party organization of its own among its staff on this project. */
  hasOrganization: Schema.Boolean,
  /** Id of that organization, where it is known. */
  organizationId: Schema.optional(Id)
}) {}

/** A person on the project who is a Party member or on the way to membership. */
export class Member extends Schema.Class<Member>("Member")({
  id: Id,
  /** Personal: the person's name. Hidden by adapters from principals that may not see personal data. */
  name: Schema.optional(Schema.String),
  /** Personal: how to reach the person (phone, WeChat). Hidden like `name`. */
  contact: Schema.optional(Schema.String),
  status: MemberStatuses.schema,
  /** The unit on this project that employs the person, if any. */
  unitId: Schema.optional(Id),
  /** The organization holding the formal membership (组织关系), inside or outside the project. */
  homeOrganizationId: Schema.optional(Id),
  /** Work section or crew (工段 / 班组) the person works in. */
  section: Schema.optional(Schema.String),
  /** Mobile member (流动党员): works away from the home organization. */
  mobile: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  /** Pocket member (口袋党员): carries a transfer letter without registering anywhere. */
  pocket: Schema.optionalWith(Schema.Boolean, { default: () => false })
}) {}

const duplicates = (ids: ReadonlyArray<string>): Array<number> => {
  const seen = new Set<string>()
  const out: Array<number> = []
  ids.forEach((id, i) => {
    if (seen.has(id)) out.push(i)
    seen.add(id)
  })
  return out
}

const ProjectFields = Schema.Struct({
  id: Id,
  name: Schema.String,
  /** District (区/县) for grouping reports. */
  district: Schema.optional(Schema.String),
  /** Locality (街道 / 乡镇 / 社区 / 村) around the site. */
  locality: Schema.optional(Schema.String),
  kind: ProjectKinds.schema,
  /** Total cost (造价) in yuan. */
  costYuan: Yuan,
  /** Planned start of construction. */
  plannedStart: IsoDate,
  /** Planned end of construction; not before the start. */
  plannedEnd: IsoDate,
  /** Major or key project (重大工程 / 重点项目, e.g. "双百"). */
  major: Schema.Boolean,
  phase: Phases.schema,
  /** The government department in charge (项目主管部门), if known. */
  competentDepartment: Schema.optional(Schema.String),
  units: Schema.Array(Unit),
  members: Schema.Array(Member),
  /** Work sections, crews or workstreams (工段 / 班组 / 工作小组) of the project. */
  sections: Schema.optionalWith(Schema.Array(Schema.String), { default: () => [] })
}).pipe(
  Schema.filter((p) => {
    const issues: Array<Schema.FilterIssue> = []
    if (p.plannedEnd < p.plannedStart) {
      issues.push({ path: ["plannedEnd"], message: `plannedEnd ${p.plannedEnd} is before plannedStart ${p.plannedStart}` })
    }
    for (const i of duplicates(p.units.map((u) => u.id))) {
      issues.push({ path: ["units", i, "id"], message: `duplicate unit id ${JSON.stringify(p.units[i]!.id)}` })
    }
    for (const i of duplicates(p.members.map((m) => m.id))) {
      issues.push({ path: ["members", i, "id"], message: `duplicate member id ${JSON.stringify(p.members[i]!.id)}` })
    }
    const unitIds = new Set(p.units.map((u) => u.id))
    p.members.forEach((m, i) => {
      if (m.unitId !== undefined && !unitIds.has(m.unitId)) {
        issues.push({ path: ["members", i, "unitId"], message: `unknown unit ${JSON.stringify(m.unitId)}` })
      }
    })
    return issues
  })
)

/**
 * One construction project with its site: cost, planned period, phase, major flag, units, members.
 *
 * @example
 * ```ts
 * import { decodeProject } from "@redsite/core"
 * const result = decodeProject({ id: "p1", name: "滨海大道二期", kind: "road", costYuan: 8e7,
 *   plannedStart: "2020-01-01", plannedEnd: "2022-06-30", major: true, phase: "construction",
 *   units: [], members: [] })
 * ```
 */
export class Project extends Schema.Class<Project>("Project")(ProjectFields) {}

/** Decodes unknown input (e.g. JSON) into a {@link Project}, listing every bad field with its path. */
export const decodeProject: (input: unknown) => Either.Either<Project, DecodeError> = decoderFor("project", Project)

/** Counts of members by status: the facts most rules read. */
export interface MemberCounts {
  readonly full: number
  readonly probationary: number
  readonly pipeline: number
}

/** Counts a list of members by status (probationary members are counted apart from full members). */
export const countMembers = (members: ReadonlyArray<{ readonly status: string }>): MemberCounts => {
  let full = 0
  let probationary = 0
  let pipeline = 0
  for (const m of members) {
    if (m.status === "full") full++
    else if (m.status === "probationary") probationary++
    else pipeline++
  }
  return { full, probationary, pipeline }
}

/** The fields of a {@link Member} that are personal data (个人信息): shown only to those entitled to them. */
export const PersonalMemberFields = ["name", "contact"] as const

/** A member without its personal fields ({@link PersonalMemberFields}). */
export const redactMember = (m: Member): Member => {
  if (m.name === undefined && m.contact === undefined) return m
  const { name: _name, contact: _contact, ...rest } = m
  return new Member(rest)
}

/** A project whose members carry no personal fields; everything else unchanged. */
export const redactProject = (p: Project): Project =>
  p.members.every((m) => m.name === undefined && m.contact === undefined)
    ? p
    : new Project({ ...p, members: p.members.map(redactMember) }, { disableValidation: true })
