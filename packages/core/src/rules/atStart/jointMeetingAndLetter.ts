/**
 * A joint meeting, a responsibility letter and a pairing agreement (联席会议、双达标责任书和联创协议).
 *
 * Applied by `fuding-site-2020.atStart` (seed-002 §三 建立党建协调共商机制).
 *
 * @module
 */
import { defineRule } from "../define.js"
import { startImpl } from "./actions.js"

/** A joint meeting, a responsibility letter and a pairing agreement. */
export const jointMeetingAndLetter = defineRule({
  kind: "atStart.jointMeetingAndLetter",
  question: "atStart",
  summary: { zh: "联席会议、双达标责任书和联创协议", en: "a joint meeting, a responsibility letter and a pairing agreement" },
  parameters: {},
  facts: [],
  decide: startImpl(
    ["jointMeeting", "dualStandardLetter", "pairingAgreement"],
    "建立工地党建联席会议,签订\"双达标\"责任书和党建联创协议",
    "a joint meeting, a dual-standard responsibility letter and a pairing agreement with the locality")
})
