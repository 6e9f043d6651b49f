/** Small helpers shared by the benchmarks. */
import { cpus } from "node:os"

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
