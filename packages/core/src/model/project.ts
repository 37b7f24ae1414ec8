/**
 * The facts of a construction project (工程项目 / 工地): its units (参建单位), members and sections.
 *
 * @module
 */
import { Either, Schema } from "effect"
import { DecodeError, decoderFor } from "./decode.js"
import { Id, IsoDate, Yuan, isCalendarDate, isId } from "./primitives.js"
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

// ------------------------------------------------------------------------------------------------------
// The fast path of the decoder: the same rules as the schemas above, checked directly on plain data.
// Effect's decoder interprets the schema's AST for every field (refinements, transformations, issue
// collection); a bulk import of a million members spends most of its time there. The checks below are the
// schema's, one for one; on anything they cannot vouch for they give up and the schema decides (it also
// writes the error messages).

const projectKinds: ReadonlySet<unknown> = new Set(ProjectKinds.values)
const phases: ReadonlySet<unknown> = new Set(Phases.values)
const unitRoles: ReadonlySet<unknown> = new Set(UnitRoles.values)
const ownerships: ReadonlySet<unknown> = new Set(Ownerships.values)
const memberStatuses: ReadonlySet<unknown> = new Set(MemberStatuses.values)

/** A plain object (as `JSON.parse` makes): its own keys are all its keys and there is no class behind it. */
const isPlainObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && Object.getPrototypeOf(u) === Object.prototype

/** The {@link Id} rule. */

/** The {@link IsoDate} rule. */
const isDate = (u: unknown): u is IsoDate => typeof u === "string" && isCalendarDate(u)

/**
 * A new, empty instance of a schema class, for its fields to be set in order — as the schema's decoder makes
 * it: the decoder calls `new C(fields, true)` with every default filled in, which copies the fields onto a
 * new instance (`Data.Class` assigns them) and checks nothing. Done here directly, as the constructor's
 * spread and default merging cost more than the checks of a member (and V8 keeps deoptimizing that
 * constructor in a hot loop). The property tests hold the result to the schema's: same prototype, same
 * fields in the same order.
 */
const blank = (C: { readonly prototype: object }): Record<string, unknown> => Object.create(C.prototype) as Record<string, unknown>

/** A valid unit, built as the schema builds it (fields in declaration order, absent optional ones left out), or `undefined`. */
const validUnit = (u: unknown): Unit | undefined => {
  if (!isPlainObject(u)) return undefined
  let id: unknown, name: unknown, role: unknown, ownership: unknown, hasOrganization: unknown, organizationId: unknown
  let seen = 0
  for (const k of Reflect.ownKeys(u)) {
    switch (k) {
      case "id": id = u[k]; seen |= 1; break
      case "name": name = u[k]; seen |= 2; break
      case "role": role = u[k]; seen |= 4; break
      case "ownership": ownership = u[k]; seen |= 8; break
      case "hasOrganization": hasOrganization = u[k]; seen |= 16; break
      case "organizationId": organizationId = u[k]; seen |= 32; break
      default: return undefined // an unknown field: the schema reports it
    }
  }
  if ((seen & 31) !== 31 || !isId(id) || typeof name !== "string" || !unitRoles.has(role) || !ownerships.has(ownership) || typeof hasOrganization !== "boolean") return undefined
  if ((seen & 32) !== 0 && !isId(organizationId)) return undefined
  const out = blank(Unit)
  out["id"] = id
  out["name"] = name
  out["role"] = role
  out["ownership"] = ownership
  out["hasOrganization"] = hasOrganization
  if ((seen & 32) !== 0) out["organizationId"] = organizationId
  return out as unknown as Unit
}

/** A valid member, built as the schema builds it (`mobile` and `pocket` default to `false`), or `undefined`. */
const validMember = (u: unknown): Member | undefined => {
  if (!isPlainObject(u)) return undefined
  let id: unknown, name: unknown, contact: unknown, status: unknown, unitId: unknown, home: unknown, section: unknown
  let mobile: unknown = false
  let pocket: unknown = false
  let seen = 0
  for (const k of Reflect.ownKeys(u)) {
    switch (k) {
      case "id": id = u[k]; seen |= 1; break
      case "status": status = u[k]; seen |= 2; break
      case "name": name = u[k]; seen |= 4; break
      case "contact": contact = u[k]; seen |= 8; break
      case "unitId": unitId = u[k]; seen |= 16; break
      case "homeOrganizationId": home = u[k]; seen |= 32; break
      case "section": section = u[k]; seen |= 64; break
      case "mobile": mobile = u[k]; break
      case "pocket": pocket = u[k]; break
      default: return undefined
    }
  }
  if ((seen & 3) !== 3 || !isId(id) || !memberStatuses.has(status) || typeof mobile !== "boolean" || typeof pocket !== "boolean") return undefined
  if ((seen & 4) !== 0 && typeof name !== "string") return undefined
  if ((seen & 8) !== 0 && typeof contact !== "string") return undefined
  if ((seen & 16) !== 0 && !isId(unitId)) return undefined
  if ((seen & 32) !== 0 && !isId(home)) return undefined
  if ((seen & 64) !== 0 && typeof section !== "string") return undefined
  const out = blank(Member)
  out["id"] = id
  if ((seen & 4) !== 0) out["name"] = name
  if ((seen & 8) !== 0) out["contact"] = contact
  out["status"] = status
  if ((seen & 16) !== 0) out["unitId"] = unitId
  if ((seen & 32) !== 0) out["homeOrganizationId"] = home
  if ((seen & 64) !== 0) out["section"] = section
  out["mobile"] = mobile
  out["pocket"] = pocket
  return out as unknown as Member
}

/** A set of ids: a plain list while it is small (most projects have a few units and a dozen members), a `Set` beyond. */
class IdSet {
  private readonly list: Array<string> = []
  private readonly set: Set<string> | undefined
  constructor(size: number) {
    this.set = size > 8 ? new Set() : undefined
  }
  /** Adds an id; false when it was already there. */
  add(id: string): boolean {
    if (this.has(id)) return false
    if (this.set !== undefined) this.set.add(id)
    else this.list.push(id)
    return true
  }
  has(id: string): boolean {
    return this.set !== undefined ? this.set.has(id) : this.list.includes(id)
  }
}

/**
 * The fast path of {@link decodeProject}: the project that the schema decodes from `input`, when `input` is
 * plain data (as `JSON.parse` makes) that the schema accepts, and `undefined` on anything else — invalid
 * input, but also input it cannot vouch for (objects with a prototype other than `Object.prototype`, fields
 * whose value is `undefined`). It applies the schema's rules one for one ({@link Id}, {@link IsoDate},
 * {@link Yuan}, the vocabularies, no unknown fields, the end not before the start, unique unit and member ids,
 * members' units on the project) and builds the same value: the same classes, fields in the same order,
 * defaults filled in. A property test holds it to the schema on valid and mutated inputs.
 *
 * `undefined` says nothing about why: decode through the schema ({@link decodeProject} does) for the issues.
 *
 * @example
 * ```ts
 * import { decodeValidProject } from "@redsite/core"
 * decodeValidProject({ id: "p1", name: "滨海大道二期", kind: "road", costYuan: 8e7, plannedStart: "2020-01-01",
 *   plannedEnd: "2022-06-30", major: true, phase: "construction", units: [], members: [] }) // a Project
 * decodeValidProject({ id: "p1" }) // undefined
 * ```
 */
export const decodeValidProject = (input: unknown): Project | undefined => {
  if (!isPlainObject(input)) return undefined
  let id: unknown, name: unknown, district: unknown, locality: unknown, kind: unknown, costYuan: unknown, plannedStart: unknown
  let plannedEnd: unknown, major: unknown, phase: unknown, competentDepartment: unknown, units: unknown, members: unknown, sections: unknown
  let seen = 0
  for (const k of Reflect.ownKeys(input)) {
    switch (k) {
      case "id": id = input[k]; seen |= 1; break
      case "name": name = input[k]; seen |= 2; break
      case "kind": kind = input[k]; seen |= 4; break
      case "costYuan": costYuan = input[k]; seen |= 8; break
      case "plannedStart": plannedStart = input[k]; seen |= 16; break
      case "plannedEnd": plannedEnd = input[k]; seen |= 32; break
      case "major": major = input[k]; seen |= 64; break
      case "phase": phase = input[k]; seen |= 128; break
      case "units": units = input[k]; seen |= 256; break
      case "members": members = input[k]; seen |= 512; break
      case "district": district = input[k]; seen |= 1024; break
      case "locality": locality = input[k]; seen |= 2048; break
      case "competentDepartment": competentDepartment = input[k]; seen |= 4096; break
      case "sections": sections = input[k]; seen |= 8192; break
      default: return undefined
    }
  }
  if ((seen & 1023) !== 1023) return undefined
  if (!isId(id) || typeof name !== "string" || !projectKinds.has(kind) || typeof major !== "boolean" || !phases.has(phase)) return undefined
  if (typeof costYuan !== "number" || !Number.isFinite(costYuan) || !(costYuan >= 0)) return undefined
  if (!isDate(plannedStart) || !isDate(plannedEnd) || plannedEnd < plannedStart) return undefined
  if ((seen & 1024) !== 0 && typeof district !== "string") return undefined
  if ((seen & 2048) !== 0 && typeof locality !== "string") return undefined
  if ((seen & 4096) !== 0 && typeof competentDepartment !== "string") return undefined
  if (!Array.isArray(units) || !Array.isArray(members)) return undefined
  const unitsOut: Array<Unit> = new Array(units.length)
  const unitIds = new IdSet(units.length)
  for (let i = 0; i < units.length; i++) {
    const u = validUnit(units[i])
    if (u === undefined || !unitIds.add(u.id)) return undefined
    unitsOut[i] = u
  }
  const membersOut: Array<Member> = new Array(members.length)
  const memberIds = new IdSet(members.length)
  for (let i = 0; i < members.length; i++) {
    const m = validMember(members[i])
    if (m === undefined || !memberIds.add(m.id) || (m.unitId !== undefined && !unitIds.has(m.unitId))) return undefined
    membersOut[i] = m
  }
  let sectionsOut: Array<string> = []
  if ((seen & 8192) !== 0) {
    if (!Array.isArray(sections)) return undefined
    sectionsOut = new Array(sections.length)
    for (let i = 0; i < sections.length; i++) {
      const s: unknown = sections[i]
      if (typeof s !== "string") return undefined
      sectionsOut[i] = s
    }
  }
  // the fields in the schema's order, absent optional ones left out
  const out = blank(Project)
  out["id"] = id
  out["name"] = name
  if ((seen & 1024) !== 0) out["district"] = district
  if ((seen & 2048) !== 0) out["locality"] = locality
  out["kind"] = kind
  out["costYuan"] = costYuan
  out["plannedStart"] = plannedStart
  out["plannedEnd"] = plannedEnd
  out["major"] = major
  out["phase"] = phase
  if ((seen & 4096) !== 0) out["competentDepartment"] = competentDepartment
  out["units"] = unitsOut
  out["members"] = membersOut
  out["sections"] = sectionsOut
  return out as unknown as Project
}

const decodeProjectSchema = decoderFor("project", Project)

/**
 * Decodes unknown input (e.g. JSON) into a {@link Project}, listing every bad field with its path. Valid plain
 * data takes the fast path ({@link decodeValidProject}, the same value); anything else goes through the schema.
 */
export const decodeProject = (input: unknown): Either.Either<Project, DecodeError> => {
  const fast = decodeValidProject(input)
  return fast === undefined ? decodeProjectSchema(input) : Either.right(fast)
}

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
