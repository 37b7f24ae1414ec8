/**
 * A combined branch of the builders, the department and the locality (组建工地兼合党支部).
 *
 * Applied by `fuding-site-2020.forms` (seed-002 §三 建立四级组织体系).
 *
 * @module
 */
import { answer, defineRule } from "../define.js"
import { opt, countFacts } from "./byCount.js"

/** A combined branch of the builders, the department and the locality. */
export const combinedBranch = defineRule({
  kind: "forms.combinedBranch",
  question: "forms",
  summary: { zh: "组建工地兼合党支部", en: "a combined branch of the builders, the department and the locality" },
  parameters: { projectOrganizationsTemporary: "flag" },
  facts: ["members", "fullMembers"],
  decide: (ctx, r) => {
    countFacts(ctx, r)
    return answer([opt("combinedBranch", r.flag("projectOrganizationsTemporary"))],
      "聚合建设、设计、施工、监理和主管部门、驻地乡镇(村)党员组建工地兼合党支部",
      "members of the builders, the competent department and the local town or village form a combined branch",
      [{ question: "memberThreshold", text: { zh: "福鼎模式未规定兼合党支部所需的正式党员人数", en: "the policy says nothing about how many full members a combined branch needs" } }])
  }
})
