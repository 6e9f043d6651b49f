/**
 * `mirflow train` as a library call: read a dataset, train with progress and a JSON-lines log,
 * export the model folder, and write the HTML report beside it.
 *
 * Output folder: `model.onnx`, `model.json`, `training-log.jsonl`, `report.html`, and while the
 * training runs `checkpoints/` (removed once the model is written). Run the same command again after
 * an interruption and it resumes from the checkpoints.
 *
 * @module
 */
import { Effect, FileSystem, Path } from "effect"
import { ModelFileError } from "../schema/errors/model.ts"
import { type Dataset, loadDataset } from "./dataset.ts"
import { exportModel, type ModelInfo } from "./export-model.ts"
import { bothObservers, jsonLinesObserver, progressObserver } from "./progress.ts"
import { renderReport } from "./report.ts"
import {
  defaultTrainModelOptions,
  type TrainingOutcome,
  type TrainModelOptions,
  trainModel,
} from "./train.ts"

/** Files a training writes into its output folder besides the model. */
export const TrainingFiles = {
  log: "training-log.jsonl",
  report: "report.html",
  checkpoints: "checkpoints",
} as const

export interface TrainingRunOptions {
  readonly training?: Partial<TrainModelOptions>
  /** Card fields training does not know. Default: the dataset's name, and terms left to the data's owner. */
  readonly info?: Partial<Omit<ModelInfo, "extraMetrics">>
  /** Draw a progress bar (a terminal) or write one line per epoch. Default: whether stderr is a TTY. */
  readonly tty?: boolean
  /** Keep `checkpoints/` after the model is written. Default false. */
  readonly keepCheckpoints?: boolean
  /** Measures to add to the card's metrics, computed from the evaluation (e.g. with labels the manifest lacks). */
  readonly extraMetrics?: (outcome: TrainingOutcome, dataset: Dataset) => Readonly<Record<string, unknown>>
}

/**
 * Trains a model on the dataset of `manifestPath` and writes it to `outDirectory`.
 *
 * @example
 * ```ts
 * const { card } = yield* trainToDirectory("data/music_dataset_manifest.json", "models/mine", {
 *   training: { folds: 5, epochs: 30, seed: 1 },
 * })
 * ```
 */
export const trainToDirectory = Effect.fn("trainToDirectory")(function* (
  manifestPath: string,
  outDirectory: string,
  options: TrainingRunOptions = {},
) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const training = { ...defaultTrainModelOptions, ...options.training }
  const dataset = yield* loadDataset(manifestPath)
  const fail = (file: string) => (e: { readonly message: string }) =>
    new ModelFileError({ path: file, message: `cannot write ${file}: ${e.message}` })
  yield* fs.makeDirectory(outDirectory, { recursive: true }).pipe(Effect.mapError(fail(outDirectory)))
  const logPath = path.join(outDirectory, TrainingFiles.log)
  const checkpoints = path.join(outDirectory, TrainingFiles.checkpoints)
  const resuming = (yield* fs.readDirectory(checkpoints).pipe(Effect.orElseSucceed(() => []))).length > 0
  if (resuming) yield* Effect.logInfo(`resuming from the checkpoints in ${checkpoints}`)
  else yield* fs.writeFileString(logPath, "").pipe(Effect.mapError(fail(logPath)))
  const tty = options.tty ?? process.stderr.isTTY === true
  const outcome = yield* trainModel(dataset.examples, training, outDirectory, (run) =>
    bothObservers(progressObserver(run, { tty, epochs: training.epochs }), jsonLinesObserver(run, logPath)),
  )
  const card = yield* exportModel(
    outDirectory,
    outcome,
    {
      data:
        options.info?.data ??
        `dataset "${dataset.manifest.dataset_name}": ${dataset.examples.length} clips (${path.basename(manifestPath)})`,
      terms: options.info?.terms ?? "the terms of the training data apply; see the data's source",
      ...(options.info?.name !== undefined && { name: options.info.name }),
      ...(options.info?.version !== undefined && { version: options.info.version }),
      ...(options.extraMetrics !== undefined && { extraMetrics: options.extraMetrics(outcome, dataset) }),
    },
    { seed: training.seed, device: training.device },
  )
  const reportPath = path.join(outDirectory, TrainingFiles.report)
  yield* fs.writeFileString(reportPath, renderReport(outcome, card)).pipe(Effect.mapError(fail(reportPath)))
  if (options.keepCheckpoints !== true)
    yield* fs.remove(checkpoints, { recursive: true }).pipe(Effect.mapError(fail(checkpoints)))
  return { outcome, card, dataset }
})
