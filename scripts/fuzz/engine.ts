/**
 * A decoder fuzzing run: makes `count` inputs from the seed files (`mutate.ts`), decodes each on a
 * supervised worker under a time limit, classifies the outcomes (`outcome.ts`), samples the worker's
 * memory as it goes, and returns a summary. Used by `npm run fuzz` and, shortened, by the test suite.
 *
 * @module
 */
import { loadSeeds, type Seed } from "./corpus.ts"
import { type FuzzInput, makeInput } from "./mutate.ts"
import { classify, type Outcome } from "./outcome.ts"
import { DecodeSupervisor, type MemorySample, type SupervisedReport } from "./supervisor.ts"

export interface FuzzOptions {
  readonly seed: number
  readonly count: number
  /** Longest a decode may take, in ms. Default 2000. */
  readonly timeoutMs?: number
  /** Only these input indices (to reproduce findings). */
  readonly only?: ReadonlyArray<number>
  /** Inputs between memory samples. Default 500. */
  readonly memoryEvery?: number
  /** Called after each input. */
  readonly onInput?: (done: number, total: number) => void
  /** Called with each input's report (to show reproduced inputs in detail). */
  readonly onReport?: (input: FuzzInput, report: SupervisedReport, outcome: Outcome) => void
}

export interface Finding {
  readonly index: number
  readonly label: string
  readonly detail: string
  readonly recipe: string
  readonly input: FuzzInput
}

export interface FuzzSummary {
  readonly seed: number
  readonly inputs: number
  readonly counts: ReadonlyMap<string, number>
  readonly findings: ReadonlyArray<Finding>
  /** Inputs that took longer than the limit once but not when decoded again on a fresh worker. */
  readonly slowOnce: ReadonlyArray<{ readonly index: number; readonly ms: number }>
  readonly slowest: ReadonlyArray<{ readonly index: number; readonly ms: number; readonly recipe: string }>
  /** Worker memory after a full GC, every `memoryEvery` inputs; `worker` counts replacements. */
  readonly memory: ReadonlyArray<{
    readonly after: number
    readonly worker: number
    readonly sample: MemorySample
  }>
  readonly workersStarted: number
  /** Lines the codecs printed to the console (kept off it). */
  readonly codecLogLines: number
  readonly seconds: number
}

const outcomeOf = (report: SupervisedReport): Outcome => {
  if (report.kind === "timeout")
    return { kind: "finding", label: "timeout", detail: "no answer within the limit" }
  if (report.kind === "crash") return { kind: "finding", label: "crash", detail: report.message }
  return classify(report)
}

/** One valid file of each format, decoded by each new worker before it is timed. */
const warmUpInputs = (seeds: ReadonlyArray<Seed>): Uint8Array[] => {
  const byFormat = new Map<string, Uint8Array>()
  for (const s of seeds) if (!byFormat.has(s.format)) byFormat.set(s.format, s.bytes)
  return [...byFormat.values()]
}

export const runFuzz = async (options: FuzzOptions): Promise<FuzzSummary> => {
  const started = performance.now()
  const timeoutMs = options.timeoutMs ?? 2000
  const memoryEvery = options.memoryEvery ?? 500
  const seeds = loadSeeds()
  const supervisor = new DecodeSupervisor(warmUpInputs(seeds))
  const indices = options.only ?? Array.from({ length: options.count }, (_, i) => i)
  const counts = new Map<string, number>()
  const findings: Finding[] = []
  const slowOnce: { index: number; ms: number }[] = []
  const slowest: { index: number; ms: number; recipe: string }[] = []
  const memory: { after: number; worker: number; sample: MemorySample }[] = []
  const sampleMemory = async (after: number) => {
    const sample = await supervisor.memory()
    memory.push({ after, worker: supervisor.spawned, sample })
  }
  try {
    await sampleMemory(0)
    for (const [done, index] of indices.entries()) {
      const input = makeInput(seeds, options.seed, index)
      let report = await supervisor.decode(input.bytes, input.chunkSizes, timeoutMs)
      if (report.kind === "timeout") {
        // The machine may simply have been busy: a hang hangs again on a fresh worker.
        const again = await supervisor.decode(input.bytes, input.chunkSizes, timeoutMs)
        if (again.kind !== "timeout") slowOnce.push({ index, ms: report.ms })
        report = again
      }
      const outcome = outcomeOf(report)
      options.onReport?.(input, report, outcome)
      counts.set(outcome.label, (counts.get(outcome.label) ?? 0) + 1)
      if (outcome.kind === "finding") {
        findings.push({ index, label: outcome.label, detail: outcome.detail, recipe: input.recipe, input })
      }
      slowest.push({ index, ms: report.ms, recipe: input.recipe })
      slowest.sort((a, b) => b.ms - a.ms)
      slowest.length = Math.min(slowest.length, 5)
      if ((done + 1) % memoryEvery === 0) await sampleMemory(done + 1)
      options.onInput?.(done + 1, indices.length)
    }
    if (indices.length % memoryEvery !== 0) await sampleMemory(indices.length)
  } finally {
    await supervisor.close()
  }
  return {
    seed: options.seed,
    inputs: indices.length,
    counts,
    findings,
    slowOnce,
    slowest,
    memory,
    workersStarted: supervisor.spawned,
    codecLogLines: supervisor.codecLogLines,
    seconds: (performance.now() - started) / 1000,
  }
}
