/**
 * Records at creation (创建之初录入信息).
 *
 * Applied by `wenzhou-red-site-2022.atStart` (seed-004 §二(三) 提升党建数字赋能).
 *
 * @module
 */
import { defineRule } from "../define.js"
import { startImpl } from "./actions.js"

/** Records at creation. */
export const creationRecords = defineRule({
  kind: "atStart.creationRecords",
  question: "atStart",
  summary: { zh: "创建之初录入信息", en: "records at creation" },
  parameters: {},
  facts: [],
  decide: startImpl(["creationRecords"], "创建之初录入党支部活动场地、制度、标识、党员等信息", "record venue, rules, signage and members at creation")
})
