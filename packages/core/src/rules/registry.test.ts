/**
 * Contract tests of the rule registry: what every rule module promises, checked for every kind at once.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Citation, settled } from "../explain/explanation.js"
import { SetupForms, UnitRoles } from "../model/vocabulary.js"
import type { SetupForm, UnitRole } from "../model/vocabulary.js"
import type { CommitteeShape } from "../organization/decision.js"
import { FormOption } from "../organization/decision.js"
import { makeReason } from "../scoring/reasons.js"
import { Label } from "../model/primitives.js"
import type { Project } from "../model/project.js"
import { catalogue } from "../policy/catalogue/index.js"
import type { ParameterUnit, RuleKind } from "../policy/policy.js"
import { Parameter, RuleKinds } from "../policy/policy.js"
import type { ParameterType, RuleDefinition, SetupContext } from "./define.js"
import { ParameterProblem, compileValues, makeReader } from "./read.js"
import { obligationRegistry, registeredKinds, requirementKernels, ruleRegistry } from "./registry.js"
import { VerdictCode } from "./requirement/facts.js"
import { appliedElsewhere, descriptiveKinds } from "./status.js"

import type { RequirementColumns } from "./requirement/facts.js"

interface Row {
  readonly months: number
  readonly major: number
  readonly cost: number
  readonly units: ReadonlyArray<number>
}

/** What later questions also read: probationary members, sections, the forms and committee decided before. */
interface Setting {
  readonly probationary: number
  readonly sections: ReadonlyArray<string>
  /** The section of each full member in turn (cycled), none, or one the project does not list. */
  readonly memberSections: ReadonlyArray<string | null>
  readonly form: SetupForm | null
  readonly committee: boolean | null
  /** Which members a member-count parameter counts (absent: full members). */
  readonly counts: "full" | "all" | undefined
  readonly locality: string | null
  readonly competentDepartment: string | null
  /** Role and whether it has an organization, for each unit in turn (cycled). */
  readonly unitRoles: ReadonlyArray<{ readonly role: UnitRole; readonly hasOrganization: boolean }>
}

// rows as unchecked columns may hold them: any byte in `major`, negative months, NaN and infinite costs
const arbRow: fc.Arbitrary<Row> = fc.record({
  months: fc.integer({ min: -3, max: 80 }),
  major: fc.oneof(fc.constantFrom(0, 1), fc.integer({ min: 0, max: 255 })),
  cost: fc.oneof(fc.integer({ min: 0, max: 200_000_000 }), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, -0, 49_999_999.5)),
  units: fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 5 })
})

const arbSetting: fc.Arbitrary<Setting> = fc.record({
  probationary: fc.integer({ min: 0, max: 4 }),
  sections: fc.subarray(["s1", "s2", "s3"]),
  memberSections: fc.array(fc.option(fc.constantFrom("s1", "s2", "s3", "s4")), { minLength: 1, maxLength: 6 }),
  form: fc.option(fc.constantFrom(...SetupForms.values)),
  committee: fc.option(fc.boolean()),
  counts: fc.constantFrom(undefined, "full" as const, "all" as const),
  locality: fc.option(fc.constantFrom("X街道", "Y镇")),
  competentDepartment: fc.option(fc.constantFrom("交通局", "住建局")),
  unitRoles: fc.array(fc.record({ role: fc.constantFrom(...UnitRoles.values), hasOrganization: fc.boolean() }), { minLength: 1, maxLength: 4 })
})

const NO_SETTING: Setting = {
  probationary: 0, sections: [], memberSections: [null], form: null, committee: null, counts: undefined,
  locality: null, competentDepartment: null, unitRoles: [{ role: "generalContractor", hasOrganization: false }]
}

/** A value of a declared type: numbers in the range the rows reach (money as is), odd ones too (fractions, negatives, NaN). */
const arbValue = (key: string, type: ParameterType): fc.Arbitrary<number | boolean | string | ReadonlyArray<string>> => {
  if (type === "flag") return fc.boolean()
  if (type === "list") return fc.array(key === "leadRolePreference" ? fc.constantFrom(...UnitRoles.values) : fc.string(), { maxLength: 3 })
  if (type === "code") return fc.string()
  return fc.oneof(
    key.endsWith("Yuan") ? fc.integer({ min: 0, max: 100_000_000 }) : fc.integer({ min: 0, max: 40 }),
    fc.integer({ min: -2, max: 40 }),
    fc.double({ min: -5, max: 100, noNaN: false })
  )
}

const UNIT_OF: Record<ParameterType, ReadonlyArray<ParameterUnit>> = {
  // a number of members that is not compared with a count (a committee's size) is a `number` in members
  number: ["yuan", "months", "years", "units", "share", "members"],
  code: ["code"],
  members: ["members"],
  flag: ["flag"],
  list: ["list"]
}

const arbValues = (d: RuleDefinition) =>
  fc.record(Object.fromEntries(Object.entries(d.parameters).map(([k, t]) => [k, arbValue(k, t)])))

const CITE = new Citation({ document: "test", section: "contract" })
const parametersOf = (d: RuleDefinition, values: Readonly<Record<string, unknown>>, counts?: "full" | "all") =>
  Object.entries(d.parameters).map(([key, type]) => new Parameter({
    key, value: values[key] as number, unit: UNIT_OF[type][0]!, label: new Label({ zh: key, en: key }), citation: CITE, assumption: false,
    ...(type === "members" && counts !== undefined ? { counts } : {})
  }))

const REASON = makeReason({ policyId: "test", ruleId: "test.earlier", citation: new Citation({ document: "test", section: "earlier" }), zh: "此前", en: "earlier" })

/**
 * One project as a setup rule sees it (only what the rules read): units `u0`, `u1`, … with their full members,
 * each in a section of `memberSections` in turn; probationary members without a unit; the forms and committee
 * decided before, where the setting gives them.
 */
const contextOf = (row: Row, setting: Setting = NO_SETTING): SetupContext => {
  const units = row.units.map((_, k) => ({ id: `u${k}`, name: `unit ${k}`, ...setting.unitRoles[k % setting.unitRoles.length]! }))
  const full = row.units.reduce((s, x) => s + x, 0)
  let n = 0
  const members = row.units.flatMap((x, k) => Array.from({ length: x }, () => {
    const section = setting.memberSections[n++ % setting.memberSections.length]
    return { status: "full", unitId: `u${k}`, ...(section === null ? {} : { section }) }
  }))
  for (let j = 0; j < setting.probationary; j++) members.push({ status: "probationary", unitId: "none", section: "s1" })
  const committee: CommitteeShape = setting.committee === true
    ? { _tag: "Committee", sizeMin: 3, sizeMax: 5, sizeCeiling: 7 }
    : { _tag: "SecretaryOnly", deputyIfNeeded: true }
  return {
    project: {
      major: row.major === 1, costYuan: row.cost, units, members, sections: setting.sections,
      ...(setting.locality === null ? {} : { locality: setting.locality }),
      ...(setting.competentDepartment === null ? {} : { competentDepartment: setting.competentDepartment })
    } as unknown as Project,
    date: "2024-01-01",
    plannedMonths: row.months,
    counts: { full, probationary: setting.probationary, pipeline: 0 },
    unitCounts: new Map(row.units.map((x, k) => [`u${k}`, { full: x, probationary: 0, pipeline: 0 }])),
    decided: {
      ...(setting.form === null ? {} : { forms: settled([new FormOption({ form: setting.form, temporary: false, variants: [] })], REASON) }),
      ...(setting.committee === null ? {} : { committee: settled(committee, REASON) })
    }
  }
}

const columnsOf = (rows: ReadonlyArray<Row>): RequirementColumns => {
  const unitStart = new Int32Array(rows.length + 1)
  const unitFull: Array<number> = []
  rows.forEach((r, i) => {
    unitStart[i] = unitFull.length
    unitFull.push(...r.units)
  })
  unitStart[rows.length] = unitFull.length
  return {
    size: rows.length,
    plannedMonths: Int32Array.from(rows.map((r) => r.months)),
    major: Uint8Array.from(rows.map((r) => r.major)),
    costYuan: Float64Array.from(rows.map((r) => r.cost)),
    fullMembers: Int32Array.from(rows.map((r) => r.units.reduce((s, x) => s + x, 0))),
    unitStart,
    unitFullMembers: Int32Array.from(unitFull)
  }
}

const codeOfOutcome = (o: ReturnType<RuleDefinition["decide"]>) =>
  o._tag === "Silent" ? VerdictCode.silent : VerdictCode[o.value as "required" | "notRequired"]

const definitions = [...ruleRegistry.values()]
const withKernel = definitions.filter((d) => d.kernel !== undefined)

describe("rule registry: kernels agree with the one-project decision", () => {
  it.each(withKernel.map((d) => [d.kind, d] as const))("%s: column form = verdict = decision, on every row (unchecked columns, odd parameters)", (_kind, d) => {
    fc.assert(fc.property(fc.array(arbRow, { maxLength: 40 }), arbValues(d), (rows, values) => {
      const cols = columnsOf(rows)
      const out = new Uint8Array(rows.length).fill(7)
      d.kernel!.columns(cols, values, out)
      rows.forEach((row, i) => {
        // a flag column is read as `=== 1`, as the column forms read it
        const v = d.kernel!.verdict({
          months: row.months, major: row.major === 1, costYuan: row.cost, fullMembers: cols.fullMembers[i]!,
          unitsWithAtLeast: (min) => row.units.filter((x) => x >= min).length
        }, values)
        expect(out[i]).toBe(VerdictCode[v])
        const { read } = makeReader(parametersOf(d, values))
        expect(codeOfOutcome(d.decide(contextOf(row), read))).toBe(out[i])
      })
    }), { numRuns: 200 })
  })
})

describe("rule registry: reasons list the parameters and facts their kind declares", () => {
  it.each(definitions.map((d) => [d.kind, d] as const))("%s: every parameter and fact recorded is declared, and every declared one is recorded for some project", (_kind, d) => {
    const seenParams = new Set<string>()
    const seenFacts = new Set<string>()
    fc.assert(fc.property(arbRow, arbSetting, arbValues(d), (row, setting, values) => {
      const { read, params, facts } = makeReader(parametersOf(d, values, setting.counts))
      d.decide(contextOf(row, setting), read)
      for (const p of params) {
        expect(Object.keys(d.parameters)).toContain(p.key)
        seenParams.add(p.key)
      }
      for (const f of facts) {
        expect(d.facts).toContain(f.name)
        seenFacts.add(f.name)
      }
    }), { numRuns: 400 })
    expect([...seenParams].sort()).toEqual(Object.keys(d.parameters).sort())
    expect([...seenFacts].sort()).toEqual([...d.facts].sort())
  })

  it.each(definitions.map((d) => [d.kind, d] as const))("%s: a missing or mistyped parameter is a typed problem, never a default", (_kind, d) => {
    for (const [key, type] of Object.entries(d.parameters)) {
      const values = Object.fromEntries(Object.entries(d.parameters).map(([k, t]) => [k, t === "flag" ? true : t === "list" ? [] : 3]))
      const without = parametersOf(d, values).filter((p) => p.key !== key)
      const missing = compileValues(without, d.parameters)
      expect(missing).toEqual(new ParameterProblem(key, type, "missing"))
      const wrong = parametersOf(d, { ...values, [key]: type === "flag" ? 1 : true })
      expect(compileValues(wrong, d.parameters)).toEqual(new ParameterProblem(key, type, "mistyped"))
    }
  })
})

describe("rule registry and the catalogue", () => {
  const used = new Map<RuleKind, Array<{ policy: string; parameters: ReadonlyArray<string> }>>()
  for (const p of catalogue) for (const r of p.rules) used.set(r.kind, [...(used.get(r.kind) ?? []), { policy: p.id, parameters: r.parameters }])

  it("every kind of the registry is a known rule kind, and is used by a policy of the catalogue", () => {
    for (const d of definitions) {
      expect(RuleKinds).toContain(d.kind)
      expect(used.get(d.kind)?.length ?? 0, d.kind).toBeGreaterThan(0)
    }
  })

  it("a catalogue rule of a registry kind names exactly the parameters its kind declares, and its policy holds them with a matching unit", () => {
    for (const p of catalogue) {
      for (const r of p.rules) {
        const d = ruleRegistry.get(r.kind)
        if (d === undefined) continue
        expect([...r.parameters].sort(), r.id).toEqual(Object.keys(d.parameters).sort())
      }
    }
    // the parameters themselves, once the policy is resolved (a local policy inherits national ones)
    for (const p of catalogue) {
      const kinds = p.rules.map((r) => ruleRegistry.get(r.kind)).filter((d) => d !== undefined)
      for (const d of kinds) {
        for (const [key, type] of Object.entries(d.parameters)) {
          const own = p.parameters.find((x) => x.key === key)
          if (own !== undefined) expect(UNIT_OF[type], `${p.id}.${key}`).toContain(own.unit)
        }
      }
    }
  })

  it("every obligation kind is a known rule kind, used by a catalogue policy's rule answering `obligations`; the registered kinds are the two registries'", () => {
    for (const kind of obligationRegistry.keys()) {
      expect(RuleKinds).toContain(kind)
      expect(used.get(kind)?.length ?? 0, kind).toBeGreaterThan(0)
    }
    for (const p of catalogue) for (const r of p.rules) if (obligationRegistry.has(r.kind as never)) expect(r.question, r.id).toBe("obligations")
    expect([...registeredKinds].sort()).toEqual([...ruleRegistry.keys(), ...obligationRegistry.keys()].sort())
  })

  it("the column kernels are the registry's", () => {
    expect(Object.keys(requirementKernels).sort()).toEqual(withKernel.map((d) => d.kind).sort())
  })
})

describe("rule kinds: applied or descriptive", () => {
  const used = new Set(catalogue.flatMap((p) => p.rules.map((r) => r.kind)))

  it.each([...RuleKinds])("%s: used by a catalogue policy, and applied (a rule module of a registry, or a module that names it) or descriptive with a reason — not both", (kind) => {
    expect(used.has(kind)).toBe(true)
    const elsewhere = appliedElsewhere[kind]
    // that the module named applies the kind (names it) is read from its source: testing/appliedElsewhere.test.ts
    const applied = registeredKinds.has(kind) || elsewhere !== undefined
    const descriptive = descriptiveKinds[kind]
    expect(applied !== (descriptive !== undefined)).toBe(true)
    if (descriptive !== undefined) expect(descriptive.zh.length * descriptive.en.length).toBeGreaterThan(0)
  })
})
