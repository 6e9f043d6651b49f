/**
 * The validation score of an epoch: clip-level log-loss per class head (and the mean tempo error in
 * octaves for BPM), summed into the score early stopping minimises, with the accuracies for the log.
 *
 * @module
 */
import type { ClipOutput } from "./clip-prediction.ts"
import type { HeadLayout, Targets } from "./heads.ts"
import { argmax, meanLogLoss } from "./metrics.ts"

/** Validation of one epoch: clip-level log-loss per head and their sum (the early-stopping score). */
export interface ValidationSummary {
  readonly loss: number
  readonly heads: Readonly<Record<string, number>>
  readonly accuracy: Readonly<Record<string, number>>
}

const mean = (values: ReadonlyArray<number>): number =>
  values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1)

/** Scores `outputs` (one per clip of `indices`, in order) against the clips' targets. */
export const validationSummary = (
  outputs: ReadonlyArray<ClipOutput>,
  targets: Targets,
  indices: ReadonlyArray<number>,
  layout: HeadLayout,
): ValidationSummary => {
  const heads: Record<string, number> = {}
  const accuracy: Record<string, number> = {}
  for (const head of ["genre", "mood", "key"] as const) {
    if (layout[head] === undefined) continue
    const labels = indices.map((i) => targets[head][i]!)
    const probabilities = outputs.map((o) => o.probabilities[head]!)
    const loss = meanLogLoss(probabilities, labels)
    if (Number.isNaN(loss)) continue
    heads[head] = loss
    const labelled = labels.flatMap((y, k) => (y < 0 ? [] : [argmax(probabilities[k]!) === y ? 1 : 0]))
    accuracy[head] = mean(labelled)
  }
  if (layout.bpm) {
    // Mean absolute error in octaves (log2 units), the scale of the BPM head's loss.
    const errors = indices.flatMap((i, k) => {
      const target = targets.bpm[i]!
      const windows = outputs[k]!.bpm
      if (Number.isNaN(target) || windows === undefined) return []
      return [Math.abs(Math.log2(mean(Array.from(windows)) / 120) - target)]
    })
    if (errors.length > 0) heads.bpm = mean(errors)
  }
  return { loss: Object.values(heads).reduce((a, b) => a + b, 0), heads, accuracy }
}
