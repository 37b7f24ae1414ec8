/**
 * The structure over time: organizations, the relations between them and the members, each with the
 * periods they hold over, as Schema classes; and the events that change it.
 *
 * A period is `from` (inclusive) to `to` (inclusive; absent while it lasts). Nothing is deleted: ending a
 * relation, dissolving an organization or moving a member closes a period, so the structure at any earlier
 * date can still be asked for.
 *
 * @module
 */
import { Schema } from "effect"
import { Id, IsoDate } from "../model/primitives.js"
import { MemberStatuses, OrganizationKinds } from "../model/vocabulary.js"

/** A period: from a date (inclusive) until another (inclusive), or open. */
export class StructurePeriod extends Schema.Class<StructurePeriod>("StructurePeriod")({
  from: IsoDate,
  to: Schema.optional(IsoDate)
}) {}

/** Whether a period holds on a date. */
export const holdsOn = (p: { readonly from: string; readonly to?: string | undefined }, date: string): boolean =>
  p.from <= date && (p.to === undefined || date <= p.to)

/**
 * Roles appointed in an organization: its secretary and deputy, the committee members (`committeeMember`, 支部委员;
 * `massWorkMember` is the committee member dedicated to mass work, seed-000 §二(二)), the instructor and the liaison.
 */
export const AppointmentRoles = ["secretary", "deputy", "massWorkMember", "instructor", "liaison", "committeeMember"] as const
/** @see {@link AppointmentRoles} */
export type AppointmentRole = (typeof AppointmentRoles)[number]

/** A person appointed to a role in an organization over a period. */
export class Appointment extends Schema.Class<Appointment>("Appointment")({
  role: Schema.Literal(...AppointmentRoles),
  personId: Id,
  from: IsoDate,
  to: Schema.optional(IsoDate)
}) {}

/** An organization over its life. */
export class StructureOrganization extends Schema.Class<StructureOrganization>("StructureOrganization")({
  id: Id,
  name: Schema.String,
  kind: OrganizationKinds.schema,
  /** Formed for a time-limited task (临时): must end with it. */
  temporary: Schema.Boolean,
  /** Projects it serves (an organization serving one is a site organization). */
  projectIds: Schema.Array(Id),
  /** Units (参建单位) it serves; absent in older data, read as none. */
  unitIds: Schema.optionalWith(Schema.Array(Id), { default: () => [] }),
  establishedOn: IsoDate,
  dissolvedOn: Schema.optional(IsoDate),
  /** The organization that approved its setting-up (required for a temporary one). */
  approvedBy: Schema.optional(Id),
  /** Whether it has an elected committee (支部委员会), from when. */
  committeeSince: Schema.optional(IsoDate),
  /** Converted into neighbourhood Party building after its project (Langshan): when, and into what. */
  converted: Schema.optional(Schema.Struct({ on: IsoDate, target: Schema.String })),
  appointments: Schema.Array(Appointment)
}) {}

/** Kinds of relation between organizations. */
export const RelationKinds = ["reportsTo", "secondSuperior", "guidance", "pairing", "attachment", "instructorDispatch"] as const
/** @see {@link RelationKinds} */
export type RelationKind = (typeof RelationKinds)[number]

/** Forms of joint building with a community or neighbouring organization (seed-000 §二(一)). */
export const PairingForms = ["jointMeeting", "signedPairing", "temporaryJointBranch"] as const

/** A relation from one organization to another over a period. */
export class Relation extends Schema.Class<Relation>("Relation")({
  kind: Schema.Literal(...RelationKinds),
  /** The subordinate, the guided, the paired or attached organization, or the receiving site. */
  from: Id,
  /** The superior, the guide, the partner, the host, or the dispatching organization. */
  to: Id,
  validFrom: IsoDate,
  validTo: Schema.optional(IsoDate),
  /** For a pairing: its form and the tasks agreed (e.g. Fuding's 7 joint tasks). */
  pairingForm: Schema.optional(Schema.Literal(...PairingForms)),
  tasks: Schema.optionalWith(Schema.Array(Schema.String), { default: () => [] })
}) {}

/** A member's home organization (组织关系) over a period; it may be outside the modelled graph. */
export class HomePeriod extends Schema.Class<HomePeriod>("HomePeriod")({
  organizationId: Id,
  from: IsoDate,
  to: Schema.optional(IsoDate)
}) {}

/** A member's attendance at a site organization over a period (membership stays at home). */
export class AttendancePeriod extends Schema.Class<AttendancePeriod>("AttendancePeriod")({
  organizationId: Id,
  from: IsoDate,
  to: Schema.optional(IsoDate)
}) {}

/** A member's status from a date, and the organization that decided it (e.g. the admitting branch). */
export class StatusChange extends Schema.Class<StatusChange>("StatusChange")({
  status: MemberStatuses.schema,
  from: IsoDate,
  decidedBy: Schema.optional(Id)
}) {}

/** A member (or a person on the way to membership) over time. */
export class StructureMember extends Schema.Class<StructureMember>("StructureMember")({
  id: Id,
  homes: Schema.Array(HomePeriod),
  attendance: Schema.Array(AttendancePeriod),
  /** Mobile member (流动党员). */
  mobile: Schema.Boolean,
  /** Pocket member (口袋党员): carries a transfer letter without registering. */
  pocket: Schema.Boolean,
  statuses: Schema.Array(StatusChange)
}) {}

/** A project as the structure knows it: served by organizations, completed on a date. */
export class StructureProject extends Schema.Class<StructureProject>("StructureProject")({
  id: Id,
  completedOn: Schema.optional(IsoDate)
}) {}

/**
 * What an organization does to a member that only some organizations may do: discipline them (处分处置) or
 * collect their dues (收缴党费) — a temporary organization does neither (Branch Work Regulations Art. 6).
 */
export const OrganizationActionKinds = ["discipline", "duesCollection"] as const
/** @see {@link OrganizationActionKinds} */
export type OrganizationActionKind = (typeof OrganizationActionKinds)[number]

/** A recorded act of an organization towards a member on a date (see {@link OrganizationActionKinds}). */
export class OrganizationAction extends Schema.Class<OrganizationAction>("OrganizationAction")({
  action: Schema.Literal(...OrganizationActionKinds),
  organizationId: Id,
  memberId: Id,
  date: IsoDate
}) {}

/** The whole structure with its history. */
export class Structure extends Schema.Class<Structure>("Structure")({
  organizations: Schema.Array(StructureOrganization),
  relations: Schema.Array(Relation),
  members: Schema.Array(StructureMember),
  projects: Schema.Array(StructureProject),
  /** Disciplinary acts and dues collections, in the order recorded; absent in older data, read as none. */
  actions: Schema.optionalWith(Schema.Array(OrganizationAction), { default: () => [] })
}) {}

/** The structure with nothing in it. */
export const emptyStructure = new Structure({ organizations: [], relations: [], members: [], projects: [], actions: [] })

// ------------------------------------------------------------------------------------------------ events

/** Sets up an organization (成立), approved by a superior. */
export class Establish extends Schema.TaggedClass<Establish>()("Establish", {
  date: IsoDate,
  organization: Schema.Struct({
    id: Id,
    name: Schema.String,
    kind: OrganizationKinds.schema,
    temporary: Schema.Boolean,
    projectIds: Schema.optionalWith(Schema.Array(Id), { default: () => [] }),
    /** The units it serves (none when absent). */
    unitIds: Schema.optional(Schema.Array(Id)),
    approvedBy: Schema.optional(Id)
  }),
  /** Its leadership line from the start (reportsTo the approving organization when absent). */
  reportsTo: Schema.optional(Id)
}) {}

/** Appoints a person to a role (or ends an appointment with `end: true`). */
export class Appoint extends Schema.TaggedClass<Appoint>()("Appoint", {
  date: IsoDate,
  organizationId: Id,
  role: Schema.Literal(...AppointmentRoles),
  personId: Id,
  end: Schema.optionalWith(Schema.Boolean, { default: () => false })
}) {}

/** Records that an organization elected its committee. */
export class ElectCommittee extends Schema.TaggedClass<ElectCommittee>()("ElectCommittee", {
  date: IsoDate,
  organizationId: Id
}) {}

/** Starts a relation between organizations (a second superior, a pairing, an attachment…). */
export class Relate extends Schema.TaggedClass<Relate>()("Relate", {
  date: IsoDate,
  kind: Schema.Literal(...RelationKinds),
  from: Id,
  to: Id,
  pairingForm: Schema.optional(Schema.Literal(...PairingForms)),
  tasks: Schema.optionalWith(Schema.Array(Schema.String), { default: () => [] })
}) {}

/** Ends a relation on a date. */
export class EndRelation extends Schema.TaggedClass<EndRelation>()("EndRelation", {
  date: IsoDate,
  kind: Schema.Literal(...RelationKinds),
  from: Id,
  to: Id
}) {}

/** Registers a member with their home organization. */
export class Register extends Schema.TaggedClass<Register>()("Register", {
  date: IsoDate,
  memberId: Id,
  homeOrganizationId: Id,
  status: MemberStatuses.schema,
  mobile: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  pocket: Schema.optionalWith(Schema.Boolean, { default: () => false })
}) {}

/** Moves a member's formal membership (组织关系转接) to another organization. */
export class TransferHome extends Schema.TaggedClass<TransferHome>()("TransferHome", {
  date: IsoDate,
  memberId: Id,
  organizationId: Id
}) {}

/** A member starts attending a site organization's life, membership unchanged. */
export class StartAttendance extends Schema.TaggedClass<StartAttendance>()("StartAttendance", {
  date: IsoDate,
  memberId: Id,
  organizationId: Id
}) {}

/** A member stops attending a site organization. */
export class EndAttendance extends Schema.TaggedClass<EndAttendance>()("EndAttendance", {
  date: IsoDate,
  memberId: Id,
  organizationId: Id
}) {}

/** A member's status changes (e.g. admitted as probationary by a branch, converted to full). */
export class ChangeStatus extends Schema.TaggedClass<ChangeStatus>()("ChangeStatus", {
  date: IsoDate,
  memberId: Id,
  status: MemberStatuses.schema,
  decidedBy: Schema.optional(Id)
}) {}

/** Dissolves an organization (撤销); its relations end and its members stop attending. */
export class Dissolve extends Schema.TaggedClass<Dissolve>()("Dissolve", {
  date: IsoDate,
  organizationId: Id
}) {}

/** Records a project's completion (竣工). */
export class CompleteProject extends Schema.TaggedClass<CompleteProject>()("CompleteProject", {
  date: IsoDate,
  projectId: Id
}) {}

/** Converts a project's organization into neighbourhood Party building after completion (Langshan). */
export class Convert extends Schema.TaggedClass<Convert>()("Convert", {
  date: IsoDate,
  organizationId: Id,
  /** One of the policy's conversion targets (e.g. `businessDistrict`, `building`, `community`). */
  target: Schema.String
}) {}

/**
 * Records that an organization disciplined a member or collected their dues; refused for an organization that
 * may not (a temporary one: Branch Work Regulations Art. 6).
 */
export class RecordAction extends Schema.TaggedClass<RecordAction>()("RecordAction", {
  date: IsoDate,
  organizationId: Id,
  memberId: Id,
  action: Schema.Literal(...OrganizationActionKinds)
}) {}

/** Every change of the structure. */
export const StructureEvent = Schema.Union(
  Establish, Appoint, ElectCommittee, Relate, EndRelation, Register, TransferHome, StartAttendance, EndAttendance,
  ChangeStatus, Dissolve, CompleteProject, Convert, RecordAction
)
/** @see {@link StructureEvent} */
export type StructureEvent = typeof StructureEvent.Type
