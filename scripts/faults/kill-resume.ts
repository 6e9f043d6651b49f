/**
 * Kills a dataset build with SIGKILL at random moments, resuming it each time, then lets it finish
 * and compares its output with an uninterrupted build's.
 *
 * The moments are drawn from the reference build's timeline (start-up until its output folder
 * appears, worker start, then its resume records one by one), so that the kills step through the
 * whole build, one or two files at a time:
 * - even kills ("from the start"): uniform from the start of the run until the reference wrote its
 *   first file: loading mirflow, walking the input, removing leftovers, starting workers;
 * - odd kills ("while writing"): once the run has finished a new file, uniform over the time the
 *   reference took for two more, while the outputs of the next files are being written.
 * Once every file is done, a kill lands uniformly over the whole (short) run: skipping finished files
 * and writing the manifest.
 * On a loaded machine a run may end before its kill: it is counted and does not use up a kill.
 *
 * @module
 */
import { existsSync, readdirSync } from "node:fs"
import { join } from "node:path"
import { Rng } from "../fuzz/rng.ts"
import { afterMs, type KillTrigger, runMirflow } from "./cli.ts"
import { differences, snapshot, tempFiles } from "./snapshot.ts"

export interface KillResumeOptions {
  readonly input: string
  /** Folder of the uninterrupted build (built here). */
  readonly reference: string
  /** Folder of the interrupted build. */
  readonly output: string
  readonly kills: number
  readonly seed: number
  /** Worker threads of each build. Default 2. */
  readonly concurrency?: number
  readonly onKill?: (kill: Kill) => void
}

export interface Kill {
  readonly mode: "from the start" | "while writing" | "final phase"
  /** Milliseconds from the start of the run to the kill. */
  readonly atMs: number
  /** Files with a resume record before the run and when it was killed, of `total`. */
  readonly recordsBefore: number
  readonly recordsAfter: number
  readonly total: number
  /** Temporary files the kill left (removed by the next run). */
  readonly tempFilesLeft: number
}

export interface KillResumeResult {
  readonly kills: ReadonlyArray<Kill>
  /** Runs that finished before their kill landed. */
  readonly finishedBeforeKill: number
  readonly timeline: Timeline
  /** Differences between the final output and the reference's (empty when byte-identical). */
  readonly differences: ReadonlyArray<string>
  /** Temporary files left in the final output. */
  readonly tempFiles: ReadonlyArray<string>
  /** What the final run printed. */
  readonly finalSummary: string
}

/** Moments of the uninterrupted build, in milliseconds from its start. */
export interface Timeline {
  readonly totalMs: number
  /** When the output folder appeared: the start-up (loading mirflow, walking the input) is over. */
  readonly startupMs: number
  readonly firstRecordMs: number
  readonly lastRecordMs: number
  /** Resume records at the end: the files that were processed. */
  readonly records: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const records = (output: string): number => {
  const dir = join(output, ".mirflow", "files")
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith(".json")).length : 0
}

/** Runs the reference build, polling its output to time its phases. */
const timedReference = async (build: (output: string) => ReturnType<typeof runMirflow>, output: string) => {
  const started = performance.now()
  let exited = false
  const running = build(output).finally(() => {
    exited = true
  })
  let startupMs = Number.NaN
  let firstRecordMs = Number.NaN
  let lastRecordMs = Number.NaN
  let seen = 0
  while (!exited) {
    const now = performance.now() - started
    if (Number.isNaN(startupMs) && existsSync(output)) startupMs = now
    const count = records(output)
    if (count > seen) {
      if (seen === 0) firstRecordMs = now
      lastRecordMs = now
      seen = count
    }
    await sleep(5)
  }
  const run = await running
  if (run.code !== 0) throw new Error(`the reference build failed: ${run.stderr}`)
  const timeline = { totalMs: run.ms, startupMs, firstRecordMs, lastRecordMs, records: records(output) }
  if (Object.values(timeline).some(Number.isNaN)) throw new Error("the reference build was too fast to time")
  return timeline
}

/** The expected length of a run that resumes with `done` of the files processed. */
const expectedMs = (t: Timeline, done: number) =>
  t.totalMs - (done / t.records) * (t.lastRecordMs - t.startupMs)

/** Kills once the run has recorded a file beyond `done`, then after `ms` more. */
const afterNewRecord =
  (output: string, done: number, ms: number): KillTrigger =>
  async (exited) => {
    while (!exited() && records(output) <= done) await sleep(5)
    await sleep(ms)
  }

/**
 * Builds `input` uninterrupted into `reference`, then into `output` killed `kills` times (moments drawn
 * from `seed`) and resumed each time, and compares the two folders.
 *
 * @example
 * ```ts
 * const result = await killAndResume({ input: "music", reference: "ref", output: "out", kills: 20, seed: 1 })
 * if (result.differences.length > 0) console.log(result.differences)
 * ```
 */
export const killAndResume = async (options: KillResumeOptions): Promise<KillResumeResult> => {
  const rng = new Rng(options.seed)
  const build = (output: string, killWhen?: KillTrigger) =>
    runMirflow(
      [
        "preprocess-dataset",
        options.input,
        "--output",
        output,
        "--concurrency",
        String(options.concurrency ?? 2),
      ],
      { ...(killWhen && { killWhen }) },
    )
  const timeline = await timedReference(build, options.reference)
  const msPerFile = (timeline.lastRecordMs - timeline.firstRecordMs) / Math.max(timeline.records - 1, 1)

  const kills: Kill[] = []
  let finishedBeforeKill = 0
  for (let round = 0; kills.length < options.kills && round < options.kills * 3; round++) {
    const before = records(options.output)
    const mode =
      before === timeline.records
        ? "final phase"
        : kills.length % 2 === 0
          ? "from the start"
          : "while writing"
    const trigger =
      mode === "final phase"
        ? afterMs(rng.float() * expectedMs(timeline, before))
        : mode === "from the start"
          ? afterMs(rng.float() * timeline.firstRecordMs)
          : afterNewRecord(options.output, before, rng.float() * 2 * msPerFile)
    const run = await build(options.output, trigger)
    if (!run.killed) {
      if (run.code !== 0) throw new Error(`a resumed build failed: ${run.stderr}`)
      finishedBeforeKill++
      continue
    }
    const kill: Kill = {
      mode,
      atMs: run.ms,
      recordsBefore: before,
      recordsAfter: records(options.output),
      total: timeline.records,
      tempFilesLeft: existsSync(options.output) ? tempFiles(options.output).length : 0,
    }
    kills.push(kill)
    options.onKill?.(kill)
  }

  const final = await build(options.output)
  if (final.code !== 0) throw new Error(`the final resumed build failed: ${final.stderr}`)
  return {
    kills,
    finishedBeforeKill,
    timeline,
    differences: differences(snapshot(options.reference), snapshot(options.output)),
    tempFiles: tempFiles(options.output),
    finalSummary: final.stdout.trim().split("\n")[0] ?? "",
  }
}
