/**
 * Which project each event of the compliance log belongs to, for stores that keep a project's records apart
 * (an index by project): a fact belongs to its `projectId`; a correction to the project of the record it
 * corrects.
 *
 * @module
 */
import type { RecordEvent } from "./records.js"

/**
 * The project id of each event, in order. `known` maps the record ids seen so far (facts, replacements and
 * corrections) to their projects; it is extended with the events' ids, so a store passes the same map for its
 * next append. A correction of an id `known` lacks belongs to `""` (the core refuses such a correction).
 *
 * @example
 * ```ts
 * import { Correct, ReportSubmitted, isoDate, recordProjectIds } from "@redsite/core"
 * recordProjectIds([
 *   new ReportSubmitted({ id: "r1", projectId: "p1", date: isoDate("2022-07-03"), month: "2022-06" as never }),
 *   new Correct({ id: "c1", date: isoDate("2022-07-04"), corrects: "r1" })
 * ]) // ["p1", "p1"]
 * ```
 */
export const recordProjectIds = (events: ReadonlyArray<RecordEvent>, known: Map<string, string> = new Map()): Array<string> =>
  events.map((e) => {
    if (e._tag !== "Correct") {
      known.set(e.id, e.projectId)
      return e.projectId
    }
    const project = known.get(e.corrects) ?? ""
    known.set(e.id, project)
    if (e.replacement !== undefined) known.set(e.replacement.id, e.replacement.projectId)
    return project
  })
