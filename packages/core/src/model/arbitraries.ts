/**
 * fast-check arbitraries of valid domain values, for property tests (not part of the public API).
 *
 * @module
 */
import fc from "fast-check"
import { addMonths, isoDate } from "./primitives.js"
import { Member, Project, Unit } from "./project.js"
import { MemberStatuses, Ownerships, Phases, ProjectKinds, UnitRoles } from "./vocabulary.js"

/** An ISO date between 2000 and 2040. */
export const arbIsoDate = fc
  .record({ y: fc.integer({ min: 2000, max: 2040 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => isoDate(`${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`))

/** Options for {@link arbProject}. */
export interface ProjectArbOptions {
  readonly maxUnits?: number
  readonly maxMembersPerUnit?: number
}

/** A valid project: units with unique ids, members referencing them, end not before start. */
export const arbProject = (opts: ProjectArbOptions = {}) =>
  fc
    .record({
      id: fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/),
      name: fc.string({ maxLength: 12 }),
      kind: fc.constantFrom(...ProjectKinds.values),
      costYuan: fc.integer({ min: 0, max: 5_000_000_000 }),
      start: arbIsoDate,
      months: fc.integer({ min: 0, max: 72 }),
      major: fc.boolean(),
      phase: fc.constantFrom(...Phases.values),
      district: fc.option(fc.constantFrom("浦东新区", "福鼎市", "鹿城区", "崇川区"), { nil: undefined }),
      sections: fc.uniqueArray(fc.constantFrom("A1标段", "A2标段", "隧道班组", "桥梁班组", "机电安装"), { maxLength: 4 }),
      units: fc.array(
        fc.record({
          role: fc.constantFrom(...UnitRoles.values),
          ownership: fc.constantFrom(...Ownerships.values),
          hasOrganization: fc.boolean(),
          members: fc.array(
            fc.record({
              status: fc.constantFrom(...MemberStatuses.values),
              mobile: fc.boolean(),
              pocket: fc.boolean(),
              sectionIndex: fc.option(fc.nat(4), { nil: undefined })
            }),
            { maxLength: opts.maxMembersPerUnit ?? 12 }
          )
        }),
        { minLength: 0, maxLength: opts.maxUnits ?? 5 }
      )
    })
    .map((p) => {
      const sections = p.sections
      return new Project({
        id: p.id,
        name: p.name,
        kind: p.kind,
        costYuan: p.costYuan,
        plannedStart: p.start,
        plannedEnd: addMonths(p.start, p.months),
        major: p.major,
        phase: p.phase,
        ...(p.district === undefined ? {} : { district: p.district }),
        sections,
        units: p.units.map((u, i) => new Unit({ id: `u${i}`, name: `unit ${i}`, role: u.role, ownership: u.ownership, hasOrganization: u.hasOrganization })),
        members: p.units.flatMap((u, i) =>
          u.members.map((m, j) => {
            const section = m.sectionIndex === undefined || sections.length === 0 ? undefined : sections[m.sectionIndex % sections.length]
            return new Member({
              id: `u${i}-m${j}`,
              status: m.status,
              unitId: `u${i}`,
              mobile: m.mobile,
              pocket: m.pocket,
              ...(section === undefined ? {} : { section })
            })
          })
        )
      })
    })

/** Adds members of a status to a unit of a project (or to the project without a unit). */
export const withExtraMembers = (project: Project, status: Member["status"], n: number, unitId?: string): Project =>
  new Project({
    ...project,
    members: [
      ...project.members,
      ...Array.from({ length: n }, (_, i) => new Member({
        id: `extra-${status}-${i}`,
        status,
        mobile: false,
        pocket: false,
        ...(unitId === undefined ? {} : { unitId })
      }))
    ]
  })
