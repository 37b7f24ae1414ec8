/**
 * The first unit on the project in the policy's order of roles leads (按政策规定的单位顺序确定牵头单位).
 *
 * Applied by `wenzhou-red-site-2022.lead` (seed-004 §二(一)), `shanghai-site.lead` (seed-000-site §二(一); §四(一)-(二)).
 *
 * @module
 */
import type { UnitRole } from "../../model/vocabulary.js"
import { UnitRoles } from "../../model/vocabulary.js"
import { Leader } from "../../organization/decision.js"
import { answer, silent, defineRule } from "../define.js"

/** The first unit on the project in the policy's order of roles leads. */
export const unitRolePreference = defineRule({
  kind: "lead.unitRolePreference",
  question: "lead",
  summary: { zh: "按政策规定的单位顺序确定牵头单位", en: "the first unit on the project in the policy's order of roles leads" },
  parameters: { leadRolePreference: "list" },
  facts: ["unitRoles"],
  decide: (ctx, r) => {
    const roles = r.list("leadRolePreference") as ReadonlyArray<UnitRole>
    const units = ctx.project.units
    r.fact("unitRoles", units.map((u) => `${u.id}:${u.role}:${u.hasOrganization ? "org" : "no-org"}`))
    for (const role of roles) {
      const u = units.find((x) => x.role === role && x.hasOrganization)
      if (u) return answer(new Leader({ kind: "unitOrganization", unitId: u.id, name: u.name }),
        `${UnitRoles.label(role, "zh")}单位(${u.name})党组织牵头`, `the ${UnitRoles.label(role, "en").toLowerCase()}'s organization (${u.name}) leads`)
    }
    for (const role of roles) {
      const u = units.find((x) => x.role === role)
      if (u) return answer(new Leader({ kind: "unitOrganization", unitId: u.id, name: u.name }),
        `${UnitRoles.label(role, "zh")}单位(${u.name})牵头,但尚无党组织,需先行组建或由社区、上级党组织支持`,
        `the ${UnitRoles.label(role, "en").toLowerCase()} (${u.name}) leads but has no organization yet: it must form one or be supported by the community or a superior`)
    }
    return silent("项目中没有政策指定的牵头单位", "none of the units the policy names as lead is on the project")
  }
})
