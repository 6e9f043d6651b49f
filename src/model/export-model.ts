/**
 * Turns a finished training into a model folder: `model.onnx` (inference graph with the input
 * preprocessing inside) and `model.json` (the model card: classes, heads and who answers them,
 * preprocessing, feature names and normalisation, metrics, training data and its terms).
 *
 * @module
 */
import { Effect } from "effect"
import { featureVectorNames } from "../schema/features.ts"
import type { ModelCard } from "../schema/model-card.ts"
import { mirflowVersion } from "../version.ts"
import { describeArchitecture, InputNames, inferenceGraph } from "./architecture.ts"
import type { HeadMetrics } from "./evaluation.ts"
import { headSources } from "./evaluation.ts"
import type { ClassificationMetrics } from "./metrics.ts"
import { writeModel } from "./model-files.ts"
import { MEL_AMIN } from "./normalization.ts"
import { exportInference } from "./onnx/export.ts"
import type { TrainingOutcome } from "./train.ts"

/** What the card says that training does not know. */
export interface ModelInfo {
  /** Default `"mirflow-model"`. */
  readonly name?: string
  /** The model's own version. Default `"1"`. */
  readonly version?: string
  /** What the training data is (name, size, where it comes from). */
  readonly data: string
  /** The data's terms of use, which the model inherits. */
  readonly terms: string
  /** Extra measures to record beside the computed ones (for example annotator agreement). */
  readonly extraMetrics?: Readonly<Record<string, unknown>>
}

const round = (x: number, digits = 4): number => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x)

const classReport = (m: ClassificationMetrics) => ({
  clips: m.count,
  accuracy: round(m.accuracy),
  macro_f1: round(m.macroF1),
  top3_accuracy: round(m.top3Accuracy),
  classes: m.classes,
  confusion_matrix: m.confusion,
})

/** The card's `metrics` block: every head's measures, named in the card's snake_case. */
export const metricsReport = (metrics: HeadMetrics) => ({
  ...(metrics.genre !== undefined && { genre: classReport(metrics.genre) }),
  ...(metrics.mood !== undefined && { mood: classReport(metrics.mood) }),
  ...(metrics.key !== undefined && { key: { ...classReport(metrics.key), mirex: round(metrics.key.mirex) } }),
  ...(metrics.bpm !== undefined && {
    bpm: {
      clips: metrics.bpm.count,
      mae: round(metrics.bpm.mae, 2),
      acc1: round(metrics.bpm.acc1),
      acc2: round(metrics.bpm.acc2),
    },
  }),
})

const describeEvaluation = (outcome: TrainingOutcome): string =>
  outcome.evaluation.kind === "cross-validation"
    ? `${outcome.evaluation.folds}-fold stratified cross-validation on the training data (${outcome.examples} clips): ` +
      "each clip predicted by the fold model that did not train on it; not a held-out test set"
    : `a stratified validation split of ${outcome.evaluation.indices.length} of the ${outcome.examples} clips, ` +
      "also used for early stopping (slightly optimistic)"

/** Builds the model card of a training. */
export const modelCard = (
  outcome: TrainingOutcome,
  info: ModelInfo,
  options: { readonly seed: number; readonly device: string },
): ModelCard => {
  const { network, layout, config, evaluation } = outcome
  const sources = headSources(layout, evaluation.metrics, evaluation.estimators)
  const outputs: Record<string, string> = {}
  for (const [head, mapping] of [
    ["genre", "genres"],
    ["mood", "moods"],
    ["key", "keys"],
  ] as const)
    if (layout[head] !== undefined)
      outputs[head] =
        `softmax probabilities [batch, ${layout[head]!.length}] in the order of class_mappings.${mapping}`
  if (layout.bpm) outputs.bpm = "tempo in BPM [batch]"
  return {
    name: info.name ?? "mirflow-model",
    version: info.version ?? "1",
    mirflow_version: mirflowVersion,
    created_at: new Date().toISOString(),
    model_architecture: describeArchitecture(config),
    inputs: { spectrogram: InputNames.spectrogram, features: InputNames.features },
    outputs,
    feature_size: config.featureSize,
    spectrogram_shape: [config.melBands, null],
    class_mappings: {
      ...(layout.genre !== undefined && { genres: layout.genre }),
      ...(layout.mood !== undefined && { moods: layout.mood }),
      ...(layout.key !== undefined && { keys: layout.key }),
    },
    heads: sources,
    preprocessing_config: {
      sample_rate: 22050,
      n_fft: 2048,
      hop_length: 512,
      n_mels: config.melBands,
      feature_count: config.featureSize,
      spectrogram: "mel_power",
      window_frames: network.windowFrames,
      window_hop_frames: Math.max(1, network.windowFrames >> 1),
    },
    feature_names:
      config.featureSize === featureVectorNames.length
        ? [...featureVectorNames]
        : Array.from({ length: config.featureSize }, (_, i) => `feature_${i + 1}`),
    feature_normalization: {
      mean: Array.from(network.stats.features.mean),
      std: Array.from(network.stats.features.std),
    },
    spectrogram_normalization: {
      amin: MEL_AMIN,
      mean_db: Array.from(network.stats.spectrogram.mean),
      std_db: Array.from(network.stats.spectrogram.std),
    },
    metrics: {
      evaluation: describeEvaluation(outcome),
      ...metricsReport(evaluation.metrics),
      ...(Object.keys(evaluation.estimators).length > 0 && { estimators: evaluation.estimators }),
      ...(evaluation.perFold.length > 1 && {
        per_fold: evaluation.perFold.map((m) => ({
          ...(m.genre !== undefined && { genre_accuracy: round(m.genre.accuracy) }),
          ...(m.mood !== undefined && {
            mood_accuracy: round(m.mood.accuracy),
            mood_macro_f1: round(m.mood.macroF1),
          }),
        })),
      }),
      ...info.extraMetrics,
    },
    training: {
      data: info.data,
      terms: info.terms,
      examples: outcome.examples,
      epochs: network.history.length,
      seed: options.seed,
      device: options.device,
      duration_seconds: round(outcome.seconds.total, 1),
    },
  }
}

/** The inference model of a trained network, as ONNX bytes. */
export const inferenceModel = (outcome: TrainingOutcome): Uint8Array =>
  exportInference({
    variables: outcome.network.variables,
    model: (g) => inferenceGraph(g, outcome.config, outcome.network.stats),
    name: "mirflow",
    docString: describeArchitecture(outcome.config),
  })

/** Writes `model.onnx` and `model.json` of a training into `directory`; returns the card. */
export const exportModel = Effect.fn("exportModel")(function* (
  directory: string,
  outcome: TrainingOutcome,
  info: ModelInfo,
  options: { readonly seed: number; readonly device: string },
) {
  const card = modelCard(outcome, info, options)
  yield* writeModel(directory, inferenceModel(outcome), card)
  return card
})
