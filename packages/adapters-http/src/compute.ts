/**
 * Heavy computations off the request thread (issue 15, item 3): simulations run in a pool of worker
 * threads, so `/health` and every other request keep being answered while they run.
 *
 * - **Concurrency limit**: `workers` simulations at once (default: the cores but one, at least one), and at
 *   most `maxQueued` waiting (default: twice the workers); a request beyond that is answered at once with
 *   503 `compute.busy` and `Retry-After`.
 * - **Time budget**: a simulation not answered within `budgetMs` (default 30 s, queueing included) is
 *   stopped (its worker is replaced) and answered 503 `compute.timeout` with `Retry-After`.
 * - **Cancellation**: when the client goes away, the request's fiber is interrupted; a queued simulation is
 *   dropped and a running one stopped (its worker replaced), so nobody computes for no one.
 *
 * Node-only; not part of the API definition.
 *
 * @module
 */
import { Context, Effect, Layer } from "effect"
import { availableParallelism } from "node:os"
import { Worker } from "node:worker_threads"
import type { ComputeReply, ComputeTask } from "./computeWorker.js"
import { ServiceUnavailable } from "@redsite/client"

/** Settings of the compute pool. */
export interface ComputeOptions {
  /** Simulations running at once; default the cores but one (at least 1). */
  readonly workers?: number
  /** Simulations waiting for a worker; default twice the workers. */
  readonly maxQueued?: number
  /** Longest a simulation may take, waiting included, in milliseconds; default 30,000. */
  readonly budgetMs?: number
}

/** The compute pool: runs a task in a worker, or fails with a 503. */
export class ComputePool extends Context.Tag("@redsite/adapters-http/ComputePool")<
  ComputePool,
  { readonly run: (task: ComputeTask) => Effect.Effect<ComputeReply, ServiceUnavailable> }
>() {}

const RETRY_AFTER_SECONDS = 5

/** The 503 of a full pool or a spent budget. */
export const unavailable = (code: "compute.busy" | "compute.timeout" | "compute.failed", limit: string) =>
  new ServiceUnavailable({
    code,
    message: code === "compute.busy"
      ? `every simulation worker is busy and the queue is full (${limit}); try again shortly`
      : code === "compute.timeout"
      ? `the simulation did not finish within its time budget (${limit}) and was stopped; try a smaller portfolio or again later`
      : `the simulation's worker stopped (${limit}); try again`,
    messageZh: code === "compute.busy"
      ? `模拟计算资源已满(${limit}),请稍后重试`
      : code === "compute.timeout"
      ? `模拟计算超过时限(${limit})已停止,请缩小规模或稍后重试`
      : "模拟计算进程异常退出,请重试",
    retryAfterSeconds: RETRY_AFTER_SECONDS
  })

/** The worker's program next to this module: the TypeScript source under tsx/vitest, the built file in `dist`. */
const spawn = (): Worker => {
  const here = import.meta.url
  return here.endsWith(".ts")
    ? new Worker(new URL("./computeWorker.dev.mjs", here))
    : new Worker(new URL("./computeWorker.js", here))
}

interface Job {
  readonly task: ComputeTask
  readonly done: (r: ComputeReply | ServiceUnavailable) => void
  timer?: ReturnType<typeof setTimeout>
}

interface Slot {
  worker: Worker
  job: Job | undefined
}

/** A pool of compute workers, started lazily; `close` terminates them. */
export const makePool = (options: ComputeOptions = {}) => {
  const size = Math.max(1, options.workers ?? availableParallelism() - 1)
  const maxQueued = Math.max(0, options.maxQueued ?? 2 * size)
  const budgetMs = options.budgetMs ?? 30_000
  const slots: Array<Slot> = []
  const queue: Array<Job> = []
  let closed = false

  const finish = (job: Job, r: ComputeReply | ServiceUnavailable) => {
    if (job.timer !== undefined) clearTimeout(job.timer)
    job.done(r)
  }
  const attach = (slot: Slot) => {
    slot.worker.on("message", (reply: ComputeReply) => {
      const job = slot.job
      slot.job = undefined
      if (job !== undefined) finish(job, reply)
      next()
    })
    slot.worker.on("error", (e) => {
      const job = slot.job
      replace(slot)
      if (job !== undefined) finish(job, unavailable("compute.failed", e.message))
    })
    slot.worker.unref()
  }
  /** Stops a slot's worker (whatever it computes) and starts a fresh one in its place. */
  const replace = (slot: Slot) => {
    slot.job = undefined
    void slot.worker.terminate()
    if (closed) return
    slot.worker = spawn()
    attach(slot)
    next()
  }
  const next = () => {
    for (const slot of slots) {
      if (slot.job !== undefined) continue
      const job = queue.shift()
      if (job === undefined) return
      slot.job = job
      slot.worker.postMessage(job.task)
    }
    while (slots.length < size && queue.length > 0) {
      const slot: Slot = { worker: spawn(), job: undefined }
      attach(slot)
      slots.push(slot)
      const job = queue.shift()!
      slot.job = job
      slot.worker.postMessage(job.task)
    }
  }
  const cancel = (job: Job) => {
    const i = queue.indexOf(job)
    if (i >= 0) queue.splice(i, 1)
    const slot = slots.find((s) => s.job === job)
    if (slot !== undefined) replace(slot)
  }

  const run = (task: ComputeTask): Effect.Effect<ComputeReply, ServiceUnavailable> =>
    Effect.async<ComputeReply, ServiceUnavailable>((resume) => {
      const running = slots.filter((s) => s.job !== undefined).length
      if (closed || (running >= size && queue.length >= maxQueued)) {
        resume(Effect.fail(unavailable("compute.busy", `${size} running, ${maxQueued} waiting`)))
        return
      }
      const job: Job = {
        task,
        done: (r) => resume(r instanceof ServiceUnavailable ? Effect.fail(r) : Effect.succeed(r))
      }
      job.timer = setTimeout(() => {
        cancel(job)
        job.done(unavailable("compute.timeout", `${budgetMs} ms`))
      }, budgetMs)
      queue.push(job)
      next()
      // the client went away (or the server stops): drop the job, stopping its worker if it runs
      return Effect.sync(() => {
        if (job.timer !== undefined) clearTimeout(job.timer)
        cancel(job)
      })
    })

  const close = () => {
    closed = true
    for (const job of queue.splice(0)) finish(job, unavailable("compute.busy", "shutting down"))
    return Promise.all(slots.map((s) => s.worker.terminate())).then(() => undefined)
  }
  /** Workers started, and simulations running and waiting (for tests and monitoring). */
  const stats = () => ({ workers: slots.length, running: slots.filter((s) => s.job !== undefined).length, queued: queue.length })
  return { run, close, stats, size, maxQueued, budgetMs }
}

/** The compute pool as a layer: workers started on first use, terminated when the layer is released. */
export const ComputePoolLive = (options: ComputeOptions = {}) =>
  Layer.scoped(
    ComputePool,
    Effect.map(Effect.acquireRelease(Effect.sync(() => makePool(options)), (pool) => Effect.promise(pool.close)), (pool) => ({ run: pool.run }))
  )
