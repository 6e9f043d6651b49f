/** Small helpers shared by the benchmarks. */
import { cpus, loadavg } from "node:os"

/** Median wall time in milliseconds of `fn` over `runs` runs, after `warmup` untimed runs. */
export const timeMs = (fn: () => unknown, runs = 20, warmup = 3): number => {
  for (let i = 0; i < warmup; i++) fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    fn()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}

/** One line describing the machine, for the head of a report. */
export const machine = (): string => {
  const cpu = cpus()
  return `${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, Node ${process.version}`
}

/** Prints a Markdown table. */
export const table = (
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): void => {
  console.log(`| ${header.join(" | ")} |`)
  console.log(`| ${header.map(() => "---").join(" | ")} |`)
  for (const row of rows) console.log(`| ${row.map(String).join(" | ")} |`)
}

/** A deterministic pseudo-random signal (xorshift), in [-1, 1). */
export const noise = (length: number, seed = 1): Float32Array => {
  const out = new Float32Array(length)
  let s = seed >>> 0 || 1
  for (let i = 0; i < length; i++) {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    out[i] = (s >>> 0) / 2 ** 31 - 1
  }
  return out
}

/** Figures of a repeated measurement, in milliseconds. */
export interface Timing {
  /** Fastest run: the figure least disturbed by other processes on a shared machine. */
  readonly best: number
  readonly median: number
  /**
   * Mean CPU time (user + system) of the main thread per run: what the work costs on one core, without
   * the waits for a core that a busy machine adds to wall time, and without the garbage collector's
   * and the compiler's helper threads (which {@link Timing.processCpu} counts). A mean over all runs,
   * because the kernel counts thread CPU time in ticks of a few milliseconds.
   */
  readonly cpu: number
  /** Mean CPU time of the whole process per run, helper threads included. */
  readonly processCpu: number
}

/**
 * Times `fn` (sync or async): best and median wall time and mean CPU time over `runs` runs, after
 * warming up for at least `warmupMs` milliseconds (and 3 runs), so that V8's optimising compiler, which
 * runs in the background and starves on a busy machine, has finished before the timed runs.
 */
export const timeRuns = async (fn: () => unknown, runs = 15, warmupMs = 2000): Promise<Timing> => {
  const warmupEnd = performance.now() + warmupMs
  for (let i = 0; i < 3 || performance.now() < warmupEnd; i++) await fn()
  const wall: number[] = []
  const ms = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000
  const thread0 = process.threadCpuUsage()
  const process0 = process.cpuUsage()
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await fn()
    wall.push(performance.now() - start)
  }
  const cpu = ms(process.threadCpuUsage(thread0)) / runs
  const processCpu = ms(process.cpuUsage(process0)) / runs
  wall.sort((a, b) => a - b)
  return { best: wall[0]!, median: wall[runs >> 1]!, cpu, processCpu }
}

/** Wall-time spread and CPU time of a repeated async call, in milliseconds. */
export interface Spread {
  readonly median: number
  readonly min: number
  readonly max: number
  /** The process's CPU time per call (all threads), which other processes on the machine disturb less. */
  readonly cpu: number
}

/** Times `fn` over `runs` calls after `warmup` untimed ones: median and spread of wall time, CPU per call. */
export const timeSpread = async (
  fn: () => Promise<unknown>,
  runs: number,
  warmup: number,
): Promise<Spread> => {
  for (let i = 0; i < warmup; i++) await fn()
  const times: number[] = []
  const cpu = process.cpuUsage()
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await fn()
    times.push(performance.now() - start)
  }
  const used = process.cpuUsage(cpu)
  times.sort((a, b) => a - b)
  return {
    median: times[Math.floor(times.length / 2)]!,
    min: times[0]!,
    max: times[times.length - 1]!,
    cpu: (used.user + used.system) / 1000 / runs,
  }
}

/** "median (min–max)" with `digits` decimals. */
export const formatSpread = (t: Spread, digits: number): string =>
  `${t.median.toFixed(digits)} (${t.min.toFixed(digits)}–${t.max.toFixed(digits)})`

/** The 1, 5 and 15 minute load averages, to print beside figures from a shared machine. */
export const loadAverage = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")

/** A bound a headline figure is held to. */
export type Target = { readonly atMost: number } | { readonly atLeast: number } | { readonly below: number }

/**
 * A headline figure of a benchmark, for the summary at the top of `docs/BENCHMARKS.md`: the benchmark
 * prints it as one marked line, which `bench/index.ts` takes out of the report and gathers.
 */
export interface Figure {
  /** What part of mirflow it measures, e.g. "DSP", "decode", "HTTP". */
  readonly area: string
  readonly name: string
  readonly value: number
  readonly unit: string
  readonly target?: Target
  /** The peer measured in the same run, in words with its figure, e.g. "fft.js 16.3 ms". */
  readonly peer?: string
}

/** The marker of a {@link Figure} line on a benchmark's standard output. */
export const FIGURE_MARK = "@mirflow-figure "

/** Reports a headline figure (see {@link Figure}). */
export const figure = (f: Figure): void => {
  console.log(`${FIGURE_MARK}${JSON.stringify(f)}`)
}

/** Whether `value` meets `target`. */
export const meets = (value: number, target: Target): boolean =>
  "atMost" in target
    ? value <= target.atMost
    : "atLeast" in target
      ? value >= target.atLeast
      : value < target.below

/** A target in words: "≤ 12", "≥ 30", "< 200". */
export const describeTarget = (target: Target): string =>
  "atMost" in target
    ? `≤ ${target.atMost}`
    : "atLeast" in target
      ? `≥ ${target.atLeast}`
      : `< ${target.below}`
