/**
 * The department forms a temporary committee (主管部门建立临时党委).
 *
 * Applied by `shanghai-expo.forms` (seed-000-expo §二(三)).
 *
 * @module
 */
import { answer, silent, defineRule } from "../define.js"
import { opt } from "./byCount.js"

/** The department forms a temporary committee. */
export const expoDepartments = defineRule({
  kind: "forms.expoDepartments",
  question: "forms",
  summary: { zh: "主管部门建立临时党委", en: "the department forms a temporary committee" },
  parameters: { departmentFormsTemporaryCommittee: "flag" },
  facts: [],
  decide: (_ctx, r) =>
    r.flag("departmentFormsTemporaryCommittee")
      ? answer([opt("committee", true)], "世博局主管部门建立临时党委,各单位另按人数建立临时党组织",
        "the bureau's department forms a temporary committee; each unit forms its own by its members (see units)")
      : silent("未规定主管部门的组织形式", "no form is set for departments")
})
