/**
 * Metrics of a model's whole-clip predictions against a dataset's labels, per head, and of the
 * tempo and key estimators on the same clips (which one answers a head is decided on these).
 *
 * @module
 */
import { type ClipOutput, clipTempo } from "./clip-prediction.ts"
import type { Example } from "./dataset.ts"
import type { HeadLayout } from "./heads.ts"
import {
  argmax,
  type ClassificationMetrics,
  classificationMetrics,
  keyMetrics,
  type TempoMetrics,
  tempoMetrics,
} from "./metrics.ts"

/** Key measures: the classification measures plus the MIREX weighted score. */
export interface KeyHeadMetrics extends ClassificationMetrics {
  readonly mirex: number
}

/** Every measure of a model on a set of clips (heads without labels in the set are absent). */
export interface HeadMetrics {
  readonly clips: number
  readonly genre?: ClassificationMetrics
  readonly mood?: ClassificationMetrics
  readonly key?: KeyHeadMetrics
  readonly bpm?: TempoMetrics
}

/** The estimators' measures on the same clips (absent where the clips have no such label or estimate). */
export interface EstimatorMetrics {
  readonly bpm?: TempoMetrics
  readonly key?: { readonly count: number; readonly mirex: number; readonly accuracy: number }
}

const labelIndex = (classes: ReadonlyArray<string>, label: string | undefined): number =>
  label === undefined ? -1 : classes.indexOf(label)

const hasLabel = (examples: ReadonlyArray<Example>, label: "genre" | "mood" | "key" | "bpm"): boolean =>
  examples.some((e) => e.labels[label] !== undefined)

/**
 * Measures `outputs` (one per example, in order) against the examples' labels: accuracy, macro-F1,
 * top-3 and confusion for genre and mood; those and the MIREX score for key; MAE, Acc1 and Acc2 for BPM.
 */
export const headMetrics = (
  outputs: ReadonlyArray<ClipOutput>,
  examples: ReadonlyArray<Example>,
  layout: HeadLayout,
): HeadMetrics => {
  const classMetrics = (head: "genre" | "mood" | "key") => {
    const classes = layout[head]
    if (classes === undefined || !hasLabel(examples, head)) return undefined
    return classificationMetrics(
      outputs.map((o) => o.probabilities[head]!),
      examples.map((e) => labelIndex(classes, e.labels[head])),
      classes,
    )
  }
  const genre = classMetrics("genre")
  const mood = classMetrics("mood")
  const keyClassification = classMetrics("key")
  const key =
    keyClassification === undefined
      ? undefined
      : {
          ...keyClassification,
          mirex: keyMetrics(
            outputs.map((o) => layout.key![argmax(o.probabilities.key!)]!),
            examples.map((e) => e.labels.key),
          ).mirex,
        }
  const bpm =
    layout.bpm && hasLabel(examples, "bpm")
      ? tempoMetrics(
          outputs.map((o) => clipTempo(o.bpm!).value),
          examples.map((e) => e.labels.bpm ?? Number.NaN),
        )
      : undefined
  return {
    clips: examples.length,
    ...(genre !== undefined && { genre }),
    ...(mood !== undefined && { mood }),
    ...(key !== undefined && { key }),
    ...(bpm !== undefined && { bpm }),
  }
}

/** The tempo and key estimators' measures on clips with those labels. */
export const estimatorMetrics = (examples: ReadonlyArray<Example>): EstimatorMetrics => {
  const withEstimates = examples.filter((e) => e.estimates !== undefined)
  const bpm = hasLabel(withEstimates, "bpm")
    ? tempoMetrics(
        withEstimates.map((e) => e.estimates!.bpm),
        withEstimates.map((e) => e.labels.bpm ?? Number.NaN),
      )
    : undefined
  const key = hasLabel(withEstimates, "key")
    ? keyMetrics(
        withEstimates.map((e) => e.estimates!.key),
        withEstimates.map((e) => e.labels.key),
      )
    : undefined
  return { ...(bpm !== undefined && { bpm }), ...(key !== undefined && { key }) }
}

/** Which part answers each head: the model where it has the head and measured at least as well as the estimator. */
export const headSources = (
  layout: HeadLayout,
  model: HeadMetrics,
  estimators: EstimatorMetrics,
): { genre?: "model"; mood?: "model"; bpm: "model" | "estimator"; key: "model" | "estimator" } => ({
  ...(layout.genre !== undefined && { genre: "model" as const }),
  ...(layout.mood !== undefined && { mood: "model" as const }),
  bpm:
    layout.bpm &&
    model.bpm !== undefined &&
    !(model.bpm.acc1 < (estimators.bpm?.acc1 ?? Number.NEGATIVE_INFINITY))
      ? "model"
      : "estimator",
  key:
    layout.key !== undefined &&
    model.key !== undefined &&
    !(model.key.mirex < (estimators.key?.mirex ?? Number.NEGATIVE_INFINITY))
      ? "model"
      : "estimator",
})
