/**
 * Training progress for people: a progress bar redrawn in place on a terminal, one line per epoch
 * otherwise (CI logs, pipes), and the JSON-lines log for programs.
 *
 * @module
 */
import { appendFileSync } from "node:fs"
import { Effect } from "effect"
import type { EpochRecord, TrainingObserver } from "./train-network.ts"

const fmt = (x: number | undefined, digits = 3): string =>
  x === undefined || Number.isNaN(x) ? "–" : x.toFixed(digits)

const duration = (seconds: number): string =>
  seconds >= 90
    ? `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, "0")}s`
    : `${seconds.toFixed(0)}s`

/** One line describing a finished epoch. */
export const epochLine = (run: string, epochs: number, r: EpochRecord): string => {
  const v = r.validation
  const accuracy =
    v === undefined
      ? ""
      : Object.entries(v.accuracy)
          .map(([h, a]) => ` ${h} ${fmt(a, 2)}`)
          .join("")
  return (
    `${run} epoch ${r.epoch}/${epochs}: loss ${fmt(r.trainLoss)}` +
    (v === undefined ? "" : ` · validation loss ${fmt(v.loss)}${accuracy}`) +
    `${r.improved && v !== undefined ? " *" : ""} · lr ${r.learningRate.toExponential(1)} · ${r.seconds.toFixed(1)}s`
  )
}

/**
 * A progress observer writing to `write` (stderr by default). On a terminal, a bar with the step,
 * the running loss and the time left in the run redraws in place, and each epoch leaves one line;
 * elsewhere, only the epoch lines are written.
 */
export const progressObserver = (
  run: string,
  options: { readonly tty: boolean; readonly epochs: number; readonly write?: (text: string) => void },
): TrainingObserver => {
  const write = options.write ?? ((text: string) => process.stderr.write(text))
  const started = performance.now()
  let epochsDone = 0
  let lossSum = 0
  let lossCount = 0
  return {
    step: ({ epoch, epochs, step, steps, loss }) =>
      Effect.sync(() => {
        if (!options.tty) return
        lossSum += loss
        lossCount++
        const width = 24
        const filled = Math.round((width * step) / steps)
        const elapsed = (performance.now() - started) / 1000
        const done = epochsDone + step / steps
        const left = done > 0 ? (elapsed / done) * (epochs - (epoch - 1) - step / steps) : 0
        write(
          `\r\x1b[2K${run} epoch ${epoch}/${epochs} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ` +
            `${step}/${steps} loss ${fmt(lossSum / lossCount)} · ≤ ${duration(left)} left`,
        )
      }),
    epoch: (record) =>
      Effect.sync(() => {
        epochsDone++
        lossSum = 0
        lossCount = 0
        write(`${options.tty ? "\r\x1b[2K" : ""}${epochLine(run, options.epochs, record)}\n`)
      }),
  }
}

/** One JSON object per epoch, appended to `path` as it finishes (`{"run", "epoch", …}`). */
export const jsonLinesObserver = (run: string, path: string): TrainingObserver => ({
  epoch: (r) =>
    Effect.sync(() =>
      appendFileSync(
        path,
        `${JSON.stringify({
          time: new Date().toISOString(),
          run,
          epoch: r.epoch,
          learning_rate: r.learningRate,
          train_loss: r.trainLoss,
          train_heads: r.trainHeads,
          ...(r.validation !== undefined && {
            validation_loss: r.validation.loss,
            validation_heads: r.validation.heads,
            validation_accuracy: r.validation.accuracy,
          }),
          improved: r.improved,
          seconds: r.seconds,
        })}\n`,
      ),
    ),
})

/** Both observers' calls, in order. */
export const bothObservers = (a: TrainingObserver, b: TrainingObserver): TrainingObserver => ({
  step: (p) => Effect.andThen(a.step?.(p) ?? Effect.void, b.step?.(p) ?? Effect.void),
  epoch: (r) => Effect.andThen(a.epoch?.(r) ?? Effect.void, b.epoch?.(r) ?? Effect.void),
})
