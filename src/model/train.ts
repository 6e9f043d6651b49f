/**
 * The training program: decide the heads from the data, estimate the model's accuracy by k-fold
 * cross-validation (or on a held-out validation split), and train the model that gets exported.
 *
 * With `folds ≥ 2`, each fold trains on the other folds with early stopping on its own validation
 * fold; every clip is then predicted by the one fold model that never saw it, and the metrics are
 * computed over all clips. The exported model trains on every clip for the full schedule. With
 * `folds < 2`, a stratified `validationFraction` of the clips is held out and the exported model is
 * the best epoch on it.
 *
 * @module
 */
import { createHash } from "node:crypto"
import { Effect, FileSystem, Path } from "effect"
import { TrainingDataInvalid } from "../schema/errors/model.ts"
import { type ArchitectureConfig, defaultArchitecture } from "./architecture.ts"
import type { ClipOutput } from "./clip-prediction.ts"
import type { Example } from "./dataset.ts"
import { type EstimatorMetrics, estimatorMetrics, type HeadMetrics, headMetrics } from "./evaluation.ts"
import { type HeadLayout, headLayoutOf, targetsOf } from "./heads.ts"
import { foldIndices, stratifiedFolds, stratifiedSplit } from "./split.ts"
import {
  defaultTrainOptions,
  type EpochRecord,
  type TrainedNetwork,
  type TrainingObserver,
  type TrainOptions,
  trainNetwork,
} from "./train-network.ts"

/** The network sizes a caller may change (the heads follow from the data). */
export type ArchitectureOverrides = Partial<Omit<ArchitectureConfig, "heads" | "melBands" | "featureSize">>

export interface TrainModelOptions extends TrainOptions {
  /** Cross-validation folds; below 2, a single validation split. Default 0. */
  readonly folds: number
  /** Share of the clips held out when `folds < 2`. Default 0.2. */
  readonly validationFraction: number
  readonly architecture: ArchitectureOverrides
}

export const defaultTrainModelOptions: TrainModelOptions = {
  ...defaultTrainOptions,
  folds: 0,
  validationFraction: 0.2,
  architecture: {},
}

/** Which training a progress report is about: `"fold 2/5"`, `"validation split"`, `"final"`. */
export type RunLabel = string

/** How the exported model was evaluated. */
export interface ModelEvaluation {
  readonly kind: "cross-validation" | "validation-split"
  readonly folds: number
  /** Examples evaluated, in the order of `outputs`. */
  readonly indices: ReadonlyArray<number>
  readonly outputs: ReadonlyArray<ClipOutput>
  readonly metrics: HeadMetrics
  readonly perFold: ReadonlyArray<HeadMetrics>
  /** The tempo and key estimators on the same clips, where the data has those labels. */
  readonly estimators: EstimatorMetrics
}

/** A finished training. */
export interface TrainingOutcome {
  readonly layout: HeadLayout
  readonly config: ArchitectureConfig
  /** The model to export. */
  readonly network: TrainedNetwork
  readonly evaluation: ModelEvaluation
  readonly runs: ReadonlyArray<{
    readonly run: RunLabel
    readonly history: ReadonlyArray<EpochRecord>
    readonly bestEpoch: number
  }>
  readonly seconds: { readonly total: number; readonly final: number }
  readonly examples: number
}

/** The label clips are stratified by: the first class label the data has. */
const strataOf = (examples: ReadonlyArray<Example>, layout: HeadLayout): string[] => {
  const head = (["genre", "mood", "key"] as const).find((h) => layout[h] !== undefined)
  return examples.map((e) => (head === undefined ? "" : (e.labels[head] ?? "?")))
}

/** Identifies a run, so that a checkpoint is only resumed by the same training. */
const fingerprintOf = (
  examples: ReadonlyArray<Example>,
  config: ArchitectureConfig,
  options: TrainModelOptions,
  run: RunLabel,
): string => {
  const { device: _device, threads: _threads, ...rest } = options
  const hash = createHash("sha256")
  hash.update(JSON.stringify({ run, config, options: rest }))
  for (const e of examples)
    hash.update(`${e.filename}:${e.frames}:${e.features[0]}:${JSON.stringify(e.labels)}\n`)
  return hash.digest("hex").slice(0, 32)
}

/**
 * Trains and evaluates a model on `examples`.
 *
 * @param workDirectory - where checkpoints go (`checkpoints/<run>.ckpt`); an interrupted training
 *   run again with the same data and options resumes from them
 * @param observe - progress and log sinks for each run
 */
export const trainModel = Effect.fn("trainModel")(function* (
  examples: ReadonlyArray<Example>,
  options: TrainModelOptions,
  workDirectory: string,
  observe: (run: RunLabel) => TrainingObserver = () => ({}),
) {
  const started = performance.now()
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const layout = headLayoutOf(examples)
  if (layout.genre === undefined && layout.mood === undefined && layout.key === undefined && !layout.bpm)
    return yield* new TrainingDataInvalid({
      message:
        "no clip has a genre, mood, key or bpm label (or each label has a single class): nothing to learn",
    })
  const config: ArchitectureConfig = {
    ...defaultArchitecture(layout),
    melBands: examples[0]!.melBands,
    featureSize: examples[0]!.features.length,
    ...options.architecture,
  }
  const targets = targetsOf(examples, layout)
  const checkpoints = path.join(workDirectory, "checkpoints")
  yield* fs
    .makeDirectory(checkpoints, { recursive: true })
    .pipe(
      Effect.mapError(
        (e) => new TrainingDataInvalid({ message: `cannot create ${checkpoints}: ${e.message}` }),
      ),
    )
  const runs: Array<TrainingOutcome["runs"][number]> = []
  const train = (run: RunLabel, file: string, split: { train: number[]; validation: number[] }) =>
    Effect.scoped(
      trainNetwork(examples, targets, config, split, options, {
        checkpointPath: path.join(checkpoints, `${file}.ckpt`),
        fingerprint: fingerprintOf(examples, config, options, run),
        observer: observe(run),
      }),
    ).pipe(
      Effect.tap((n) => Effect.sync(() => runs.push({ run, history: n.history, bestEpoch: n.bestEpoch }))),
    )

  const strata = strataOf(examples, layout)
  let evaluation: ModelEvaluation
  let network: TrainedNetwork
  let finalSeconds: number
  if (options.folds >= 2) {
    const smallest = Math.min(...[...new Set(strata)].map((s) => strata.filter((x) => x === s).length))
    if (examples.length < 2 * options.folds)
      return yield* new TrainingDataInvalid({
        message: `${examples.length} clips cannot make ${options.folds} folds: use fewer folds`,
      })
    if (smallest < options.folds)
      yield* Effect.logWarning(
        `the smallest class has ${smallest} clips, fewer than the ${options.folds} folds: some folds will not see it`,
      )
    const assignment = stratifiedFolds(strata, options.folds, options.seed)
    const outputs = new Array<ClipOutput>(examples.length)
    const perFold: HeadMetrics[] = []
    for (let fold = 0; fold < options.folds; fold++) {
      const split = foldIndices(assignment, fold)
      const trained = yield* train(`fold ${fold + 1}/${options.folds}`, `fold-${fold + 1}`, split)
      split.validation.forEach((i, k) => {
        outputs[i] = trained.validationOutputs[k]!
      })
      perFold.push(
        headMetrics(
          trained.validationOutputs,
          split.validation.map((i) => examples[i]!),
          layout,
        ),
      )
    }
    const finalStarted = performance.now()
    network = yield* train("final", "final", { train: examples.map((_, i) => i), validation: [] })
    finalSeconds = (performance.now() - finalStarted) / 1000
    evaluation = {
      kind: "cross-validation",
      folds: options.folds,
      indices: examples.map((_, i) => i),
      outputs,
      metrics: headMetrics(outputs, examples, layout),
      perFold,
      estimators: estimatorMetrics(examples),
    }
  } else {
    const split = stratifiedSplit(strata, options.validationFraction, options.seed)
    const finalStarted = performance.now()
    network = yield* train("validation split", "split", split)
    finalSeconds = (performance.now() - finalStarted) / 1000
    const held = split.validation.map((i) => examples[i]!)
    const metrics = headMetrics(network.validationOutputs, held, layout)
    evaluation = {
      kind: "validation-split",
      folds: 0,
      indices: split.validation,
      outputs: network.validationOutputs,
      metrics,
      perFold: [metrics],
      estimators: estimatorMetrics(held),
    }
  }
  return {
    layout,
    config,
    network,
    evaluation,
    runs,
    seconds: { total: (performance.now() - started) / 1000, final: finalSeconds },
    examples: examples.length,
  } satisfies TrainingOutcome
})
