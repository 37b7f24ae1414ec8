/**
 * Expo (seed-000-expo §五(二)): the administrative head who is a member is secretary, with a full-time deputy.
 *
 * @module
 */
import { answer, defineRule } from "../define.js"
import { plan } from "./plan.js"

/** Expo: the administrative head who is a member is secretary, with a full-time deputy. */
export const administrativeHead = defineRule({
  kind: "secretary.administrativeHead",
  question: "secretary",
  summary: { zh: "书记由党员行政负责人兼任", en: "the administrative head is secretary" },
  parameters: {},
  facts: [],
  decide: () => answer(plan(["administrativeHead"], ["fullTimeDeputy"]), "书记由党员行政负责人兼任,配备专职副书记", "the administrative head who is a member is secretary, with a full-time deputy")
})
