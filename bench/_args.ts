/**
 * Shared by the benchmarks: reading `--name value` numeric arguments and tracking peak resident memory.
 */

/** A positive number given as `--name value`, or the fallback; throws with a clear message otherwise. */
export const numberArg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`)
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} expects a positive number`)
  return v
}

/** Peak resident memory seen by `sample()` (call it at phase ends), or sampled every `everyMs` when started. */
export const peakMemory = () => {
  let peak = process.memoryUsage().rss
  let timer: ReturnType<typeof setInterval> | undefined
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }
  return {
    sample,
    start: (everyMs = 50) => {
      timer ??= setInterval(sample, everyMs)
    },
    stop: () => {
      if (timer !== undefined) clearInterval(timer)
      timer = undefined
      sample()
    },
    /** Peak so far in MiB. */
    mib: () => peak / 2 ** 20
  }
}

/** The best (least) time in milliseconds of `runs` runs of `f` (the machine is noisy: the minimum is the most repeatable). */
export const bestOf = (runs: number, f: () => void): number => {
  let min = Number.POSITIVE_INFINITY
  for (let r = 0; r < runs; r++) {
    const t = performance.now()
    f()
    min = Math.min(min, performance.now() - t)
  }
  return min
}
