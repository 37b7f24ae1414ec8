/**
 * What is due when a project starts: a fixed list of actions with its wording (internal to the atStart rules).
 *
 * @module
 */
import type { StartAction } from "../../model/vocabulary.js"
import type { Outcome } from "../define.js"
import { answer } from "../define.js"

/** A decision that always answers with the given actions. */
export const startImpl = (actions: ReadonlyArray<StartAction>, zh: string, en: string) =>
  (): Outcome<ReadonlyArray<StartAction>> => answer(actions, zh, en)
