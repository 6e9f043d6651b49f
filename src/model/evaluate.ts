/**
 * `mirflow evaluate`: a model folder's answers on a labelled dataset, measured per head exactly as
 * a user receives them (the model's heads, or the estimators where the card says so).
 *
 * @module
 */
import { Effect } from "effect"
import type { ModelCard } from "../schema/model-card.ts"
import type { ClassifierInput, ClassifierService, Prediction } from "./classifier.ts"
import type { Example } from "./dataset.ts"
import type { HeadMetrics } from "./evaluation.ts"
import { keyClasses } from "./heads.ts"
import { keyMetrics, rankedClassificationMetrics, tempoMetrics } from "./metrics.ts"

/** The classifier's input for a dataset example (its estimates stand in for the analysis'). */
export const exampleInput = (e: Example): ClassifierInput => ({
  mel: e,
  features: e.features,
  ...(e.estimates !== undefined && {
    tempo: { bpm: e.estimates.bpm, confidence: e.estimates.bpmConfidence },
    key: { label: e.estimates.key, confidence: e.estimates.keyConfidence },
  }),
})

/** Measures predictions against the examples' labels (heads without labels in the data are absent). */
export const predictionMetrics = (
  predictions: ReadonlyArray<Prediction>,
  examples: ReadonlyArray<Example>,
  card: ModelCard,
): HeadMetrics => {
  const classMetrics = (head: "genre" | "mood" | "key", classes: ReadonlyArray<string> | undefined) => {
    if (classes === undefined || !examples.some((e) => e.labels[head] !== undefined)) return undefined
    if (!predictions.some((p) => p[head] !== undefined)) return undefined
    return rankedClassificationMetrics(
      predictions.map((p) => p[head]?.top3.map((s) => classes.indexOf(s.label)).filter((k) => k >= 0) ?? []),
      examples.map((e) => (e.labels[head] === undefined ? -1 : classes.indexOf(e.labels[head]!))),
      classes,
    )
  }
  const genre = classMetrics("genre", card.class_mappings.genres)
  const mood = classMetrics("mood", card.class_mappings.moods)
  const keyClassification = classMetrics("key", card.class_mappings.keys ?? keyClasses)
  const withBpm =
    examples.some((e) => e.labels.bpm !== undefined) && predictions.some((p) => p.bpm !== undefined)
  return {
    clips: examples.length,
    ...(genre !== undefined && { genre }),
    ...(mood !== undefined && { mood }),
    ...(keyClassification !== undefined && {
      key: {
        ...keyClassification,
        mirex: keyMetrics(
          predictions.map((p) => p.key?.label ?? ""),
          examples.map((e, i) => (predictions[i]!.key === undefined ? undefined : e.labels.key)),
        ).mirex,
      },
    }),
    ...(withBpm && {
      bpm: tempoMetrics(
        predictions.map((p) => p.bpm?.value ?? Number.NaN),
        examples.map((e, i) =>
          predictions[i]!.bpm === undefined ? Number.NaN : (e.labels.bpm ?? Number.NaN),
        ),
      ),
    }),
  }
}

/** Classifies every example (windows batched across clips) and measures the answers. */
export const evaluateModel = Effect.fn("evaluateModel")(function* (
  classifier: ClassifierService,
  examples: ReadonlyArray<Example>,
) {
  const predictions: Prediction[] = []
  // A few dozen clips per call: their windows fill the batches without holding every window's copy at once.
  for (let i = 0; i < examples.length; i += 32)
    predictions.push(...(yield* classifier.classifyBatch(examples.slice(i, i + 32).map(exampleInput))))
  return { predictions, metrics: predictionMetrics(predictions, examples, classifier.card) }
})
