/**
 * The classifier service: a trained model folder (`model.onnx` + `model.json`) behind an Effect
 * service that predicts genre, mood, BPM and key of whole clips. A clip's mel spectrogram is cut
 * into the model's fixed-length windows and the window probabilities are averaged; the windows of
 * every clip in a call go through ONNX Runtime together (one run per `maxBatch` windows), so a
 * server can batch concurrent requests by handing them to {@link Classifier.classifyBatch} at once.
 *
 * Heads the card says an estimator answers (BPM and key when the training data had no such labels)
 * take the tempo and key the analysis estimated for the clip.
 *
 * @module
 */
import { Context, Effect, type FileSystem, Layer, type Path } from "effect"
import {
  ClipInvalid,
  type ModelCardInvalid,
  type ModelFileError,
  type OnnxFeedError,
  type OnnxRunError,
  type OnnxSessionError,
} from "../schema/errors/model.ts"
import { featureVectorNames } from "../schema/features.ts"
import type { ModelCard } from "../schema/model-card.ts"
import type { ClipAnalysis } from "../stream/analyze.ts"
import { type ClipInput, type ClipOutput, clipTempo, predictClips } from "./clip-prediction.ts"
import { topK } from "./metrics.ts"
import { checkModelNames, readModel } from "./model-files.ts"
import { type ExecutionProvider, openSession } from "./onnx/session.ts"

/** One class and its probability. */
export interface ClassScore {
  readonly label: string
  readonly confidence: number
}

/** A class head's answer: the most probable class, and the three most probable. */
export interface ClassPrediction extends ClassScore {
  readonly top3: ReadonlyArray<ClassScore>
}

/** Who answered a head: the trained network or a signal-processing estimator. */
export type AnswerSource = "model" | "estimator"

export interface TempoPrediction {
  /** Beats per minute. */
  readonly value: number
  /** In [0, 1]: the estimator's confidence, or the share of the model's windows that agree within 4 %. */
  readonly confidence: number
  readonly source: AnswerSource
}

export interface KeyPrediction extends ClassPrediction {
  readonly source: AnswerSource
}

/** The classifier's answer for one clip; a head is absent when neither the model nor the analysis answers it. */
export interface Prediction {
  readonly genre?: ClassPrediction
  readonly mood?: ClassPrediction
  readonly bpm?: TempoPrediction
  readonly key?: KeyPrediction
  /** Windows averaged. */
  readonly windows: number
}

/**
 * What the classifier needs of a clip: the analysis' mel spectrogram and feature vector, and its
 * tempo and key estimates ({@link classifierInput} makes one from `analyzeInput`'s result).
 */
export interface ClassifierInput extends ClipInput {
  /** The tempo estimator's answer, used when the card says it answers BPM. */
  readonly tempo?: { readonly bpm: number; readonly confidence: number }
  /** The key estimator's answer (`"A minor"`), used when the card says it answers key. */
  readonly key?: { readonly label: string; readonly confidence: number }
}

export interface ClassifierOptions {
  /** Folder with `model.onnx` and `model.json`. */
  readonly modelDirectory: string
  /** Default `"cpu"` (falls back to the CPU, logged, when another provider cannot start). */
  readonly device?: ExecutionProvider
  /** ONNX Runtime intra-op threads; 0 = one per core. Default 0. */
  readonly threads?: number
  /** Most windows per ONNX Runtime run. Default 64. */
  readonly maxBatch?: number
  /** Frames between window starts. Default: the card's `window_hop_frames` (half a window). */
  readonly hopFrames?: number
  /**
   * Where the ONNX Runtime session runs. Default {@link openSession}: in this thread (onnxruntime-node
   * blocks the calling thread for the length of each run). The HTTP service passes a session that
   * runs in a worker thread, to keep its event loop free.
   */
  readonly openSession?: typeof openSession
}

export type ClassifyError = ClipInvalid | OnnxFeedError | OnnxRunError
export type ClassifierLoadError = ModelFileError | ModelCardInvalid | OnnxSessionError

/** The classifier's interface. */
export interface ClassifierService {
  readonly card: ModelCard
  /** The execution provider the session runs on. */
  readonly provider: ExecutionProvider
  /** Frames per window (a clip shorter than this is tiled to fill one window). */
  readonly windowFrames: number
  /** Predicts one clip. */
  readonly classify: (clip: ClassifierInput) => Effect.Effect<Prediction, ClassifyError>
  /**
   * Predicts many clips with their windows batched together (the entry point for dynamic
   * batching). To classify the windows of a stream one by one, pass each window as a clip.
   */
  readonly classifyBatch: (
    clips: ReadonlyArray<ClassifierInput>,
  ) => Effect.Effect<Prediction[], ClassifyError>
}

/** The classifier's input for an analysed clip (`analyzeInput` / `analyzeSamples` of `mirflow/stream`). */
export const classifierInput = (analysis: ClipAnalysis): ClassifierInput => ({
  mel: analysis.mel,
  features: Float32Array.from(featureVectorNames, (name) => analysis.features[name]),
  tempo: { bpm: analysis.tempo.bpm, confidence: analysis.tempo.confidence },
  key: analysis.key,
})

const classPrediction = (classes: ReadonlyArray<string>, probabilities: Float32Array): ClassPrediction => {
  const top3 = topK(probabilities, 3).map((k) => ({ label: classes[k]!, confidence: probabilities[k]! }))
  return { ...top3[0]!, top3 }
}

const checkClip = (clip: ClassifierInput, card: ModelCard): ClipInvalid | undefined => {
  const bands = "data" in clip.mel ? clip.mel.bins : clip.mel.melBands
  if (bands !== card.spectrogram_shape[0])
    return new ClipInvalid({
      message: `the mel spectrogram has ${bands} bands, the model takes ${card.spectrogram_shape[0]}`,
    })
  if (clip.features.length !== card.feature_size)
    return new ClipInvalid({
      message: `the feature vector has ${clip.features.length} values, the model takes ${card.feature_size}`,
    })
  if (clip.mel.frames === 0)
    return new ClipInvalid({ message: "the clip has no frames (empty or silent-length audio)" })
  return undefined
}

/**
 * Opens a model folder as a classifier, for as long as the scope lasts (the ONNX Runtime session
 * is released with it). Use {@link Classifier.layer} to provide it as a service instead.
 */
export const makeClassifier = Effect.fn("makeClassifier")(function* (options: ClassifierOptions) {
  const model = yield* readModel(options.modelDirectory)
  const { card } = model
  const session = yield* (options.openSession ?? openSession)(model.onnx, {
    provider: options.device ?? "cpu",
    intraOpThreads: options.threads ?? 0,
    spinning: false,
  })
  yield* checkModelNames(session, card, `${options.modelDirectory}/model.json`)
  const windowFrames = card.preprocessing_config.window_frames
  const layout = {
    windowFrames,
    hopFrames: options.hopFrames ?? card.preprocessing_config.window_hop_frames,
    maxBatch: options.maxBatch ?? 64,
  }
  const { genres, moods, keys } = card.class_mappings

  const answer = (clip: ClassifierInput, out: ClipOutput): Prediction => {
    const p = out.probabilities
    const fromModel = (head: "bpm" | "key") => card.heads[head] === "model"
    return {
      ...(genres !== undefined && p.genre !== undefined && { genre: classPrediction(genres, p.genre) }),
      ...(moods !== undefined && p.mood !== undefined && { mood: classPrediction(moods, p.mood) }),
      ...(fromModel("bpm") && out.bpm !== undefined
        ? { bpm: { ...clipTempo(out.bpm), source: "model" as const } }
        : clip.tempo !== undefined && {
            bpm: { value: clip.tempo.bpm, confidence: clip.tempo.confidence, source: "estimator" as const },
          }),
      ...(fromModel("key") && keys !== undefined && p.key !== undefined
        ? { key: { ...classPrediction(keys, p.key), source: "model" as const } }
        : clip.key !== undefined && {
            key: {
              label: clip.key.label,
              confidence: clip.key.confidence,
              top3: [{ label: clip.key.label, confidence: clip.key.confidence }],
              source: "estimator" as const,
            },
          }),
      windows: out.windows,
    }
  }
  const classifyBatch = (
    clips: ReadonlyArray<ClassifierInput>,
  ): Effect.Effect<Prediction[], ClassifyError> => {
    for (const clip of clips) {
      const invalid = checkClip(clip, card)
      if (invalid !== undefined) return Effect.fail(invalid)
    }
    if (clips.length === 0) return Effect.succeed([])
    return predictClips((feeds) => session.run(feeds), clips, layout).pipe(
      Effect.map((outputs) => outputs.map((out, i) => answer(clips[i]!, out))),
    )
  }
  return {
    card,
    provider: session.provider,
    windowFrames,
    classify: (clip) => Effect.map(classifyBatch([clip]), (p) => p[0]!),
    classifyBatch,
  } satisfies ClassifierService
})

/**
 * The classifier as an Effect service.
 *
 * @example
 * ```ts
 * const program = Effect.gen(function* () {
 *   const classifier = yield* Classifier
 *   const prediction = yield* classifier.classify({ mel, features, tempo, key })
 *   console.log(prediction.genre?.label, prediction.genre?.confidence)
 * }).pipe(Effect.provide(Classifier.layer({ modelDirectory: "models/default" })))
 * ```
 */
export class Classifier extends Context.Service<Classifier, ClassifierService>()("mirflow/model/Classifier") {
  /** Loads the model when the layer is built and releases its session when the layer is torn down. */
  static readonly layer = (
    options: ClassifierOptions,
  ): Layer.Layer<Classifier, ClassifierLoadError, FileSystem.FileSystem | Path.Path> =>
    Layer.effect(Classifier, makeClassifier(options))
}
