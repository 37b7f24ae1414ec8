/**
 * The program of a compute worker (see `compute.ts`): runs one simulation at a time off the request thread
 * — a comparison of policies or a parameter sweep — and answers with the JSON body of the endpoint, encoded
 * by the endpoint's success schema, or with the core's error. Node-only; not part of the API definition.
 *
 * @module
 */
import { Policy, PolicyComparison, SweepRow, comparePolicies, sweepParameter, syntheticPortfolio } from "@redsite/core"
import type { IsoDate, PortfolioColumns } from "@redsite/core"
import { Either, Schema } from "effect"
import { parentPort } from "node:worker_threads"

/** Where a simulation's portfolio comes from: generated in the worker, or given as columns. */
export type TaskPortfolio =
  | { readonly source: "synthetic"; readonly size: number; readonly seed: number }
  | { readonly source: "columns"; readonly cols: PortfolioColumns }

/** A simulation to run; policies as their schema encodes them. */
export type ComputeTask =
  | {
    readonly kind: "compare"
    readonly policies: ReadonlyArray<unknown>
    readonly extra: ReadonlyArray<unknown>
    readonly portfolio: TaskPortfolio
    readonly date: string
    readonly explainLimit: number
  }
  | {
    readonly kind: "sweep"
    readonly policy: unknown
    readonly extra: ReadonlyArray<unknown>
    readonly portfolio: TaskPortfolio
    readonly parameter: string
    readonly values: ReadonlyArray<number>
    readonly date: string
  }

/** A worker's answer: the body's JSON, or the core's refusal with its issues. */
export type ComputeReply =
  | { readonly ok: true; readonly json: string }
  | { readonly ok: false; readonly message: string; readonly issues: ReadonlyArray<{ readonly path: string; readonly message: string }> }

const decodePolicy = Schema.decodeUnknownSync(Policy)
const encodeComparison = Schema.encodeSync(PolicyComparison)
const encodeSweep = Schema.encodeSync(Schema.Array(SweepRow))

const columnsOf = (p: TaskPortfolio): PortfolioColumns => (p.source === "synthetic" ? syntheticPortfolio({ size: p.size, seed: p.seed }) : p.cols)

/** Runs one task (exported for tests: the worker's whole logic, without the thread). */
export const runTask = (task: ComputeTask): ComputeReply => {
  const extra = task.extra.map((p) => decodePolicy(p))
  const cols = columnsOf(task.portfolio)
  if (task.kind === "compare") {
    const r = comparePolicies(cols, task.policies.map((p) => decodePolicy(p)), task.date as IsoDate, { explainLimit: task.explainLimit, extra })
    return Either.isRight(r)
      ? { ok: true, json: JSON.stringify(encodeComparison(r.right)) }
      : { ok: false, message: r.left.message, issues: [{ path: "policyIds", message: r.left.message }] }
  }
  const r = sweepParameter(cols, decodePolicy(task.policy), task.parameter, task.values, task.date as IsoDate, { extra })
  if (Either.isRight(r)) return { ok: true, json: JSON.stringify(encodeSweep(r.right)) }
  const e = r.left
  return {
    ok: false,
    message: e.message,
    issues: "issues" in e ? e.issues.map((i) => ({ path: i.path.replace(/^parameters\./, "parameter:"), message: i.message })) : [{ path: "parameter", message: e.message }]
  }
}

parentPort?.on("message", (task: ComputeTask) => parentPort!.postMessage(runTask(task)))
