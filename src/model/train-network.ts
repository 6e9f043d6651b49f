/**
 * Trains one network on one split of a dataset: epochs of shuffled, augmented crops through the
 * ONNX training step, validation on whole clips after each epoch, early stopping on the validation
 * loss, a warmup + cosine learning rate, and a checkpoint after every epoch that an interrupted run
 * resumes from (ending bit for bit where an uninterrupted run ends).
 *
 * @module
 */
import { Effect, Option } from "effect"
import * as ort from "onnxruntime-node"
import { type ArchitectureConfig, inferenceGraph } from "./architecture.ts"
import { batchContext } from "./batch-context.ts"
import { type AugmentOptions, batchesOf, batchFeeds, defaultAugment, epochCrops } from "./batches.ts"
import { readCheckpoint, writeCheckpoint } from "./checkpoint.ts"
import { type ClipOutput, predictClips } from "./clip-prediction.ts"
import type { Example } from "./dataset.ts"
import type { Targets } from "./heads.ts"
import { type InputStatistics, inputStatistics } from "./normalization.ts"
import { adamW } from "./onnx/optim/adamw.ts"
import { type ExecutionProvider, type Feeds, openSession } from "./onnx/session.ts"
import { runTrainStep, TrainState } from "./onnx/train-state.ts"
import { buildEvalStep, buildTrainStep } from "./onnx/train-step.ts"
import { VariableStore } from "./onnx/variables.ts"
import { createRng, mixSeed } from "./random.ts"
import { learningRateAt } from "./schedule.ts"
import { trainingGraph } from "./train-graph.ts"
import { type ValidationSummary, validationSummary } from "./validation.ts"

/** How to train. Every field has a default ({@link defaultTrainOptions}). */
export interface TrainOptions {
  /** Passes over the training clips. Default 40. */
  readonly epochs: number
  /** Crops per training step. Default 32. */
  readonly batchSize: number
  /** Frames per training crop and per inference window (128 ≈ 3 s at hop 512). Default 128. */
  readonly cropFrames: number
  /** Random crops of each clip per epoch. Default 4. */
  readonly cropsPerClip: number
  /** Peak learning rate of AdamW. Default 3e-3. */
  readonly learningRate: number
  /** AdamW's decoupled weight decay. Default 0.01. */
  readonly weightDecay: number
  /** Epochs of linear warmup. Default 2. */
  readonly warmupEpochs: number
  /** Stop after this many epochs without a better validation loss. Default 15. */
  readonly patience: number
  /** Seed of the initial weights, the crops, the shuffles and the dropout masks. Default 0. */
  readonly seed: number
  /** Where the training step runs. Default `"cpu"`. */
  readonly device: ExecutionProvider
  /** ONNX Runtime intra-op threads (0: one per core). Default 0. */
  readonly threads: number
  readonly augment: AugmentOptions
  /** Frames between validation windows. Default: `cropFrames` (windows side by side). */
  readonly validationHopFrames?: number
  /** Exponent of the balanced class weights (1 balanced, 0 none; see `balancedClassWeights`). Default 0.5. */
  readonly classWeightPower: number
}

export const defaultTrainOptions: TrainOptions = {
  epochs: 40,
  batchSize: 32,
  cropFrames: 128,
  cropsPerClip: 4,
  learningRate: 3e-3,
  weightDecay: 0.01,
  warmupEpochs: 2,
  patience: 15,
  seed: 0,
  device: "cpu",
  threads: 0,
  augment: defaultAugment,
  classWeightPower: 0.5,
}

/** One line of the training history. */
export interface EpochRecord {
  readonly epoch: number
  readonly learningRate: number
  /** Mean training loss over the epoch's steps, in total and per head. */
  readonly trainLoss: number
  readonly trainHeads: Readonly<Record<string, number>>
  readonly validation?: ValidationSummary
  readonly improved: boolean
  readonly seconds: number
}

/** Progress of a training, for progress bars and logs. */
export interface TrainingObserver {
  /** After every step. */
  readonly step?: (p: {
    readonly epoch: number
    readonly epochs: number
    readonly step: number
    readonly steps: number
    readonly loss: number
  }) => Effect.Effect<void>
  /** After every epoch. */
  readonly epoch?: (record: EpochRecord) => Effect.Effect<void>
}

const mean = (values: ReadonlyArray<number>): number =>
  values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1)

/** A trained network and how it got there. */
export interface TrainedNetwork {
  readonly config: ArchitectureConfig
  readonly stats: InputStatistics
  /** Variables at the best epoch (the last one without validation). */
  readonly variables: VariableStore
  readonly history: ReadonlyArray<EpochRecord>
  readonly bestEpoch: number
  /** Whole-clip predictions for the validation clips at the best epoch, in `validation` order. */
  readonly validationOutputs: ReadonlyArray<ClipOutput>
  readonly stepsPerEpoch: number
  /** Frames per training crop: the window length inference should use. */
  readonly windowFrames: number
}

/** What to train on. */
export interface TrainingSplit {
  readonly train: ReadonlyArray<number>
  /** May be empty: then every epoch counts as an improvement and the last one is kept. */
  readonly validation: ReadonlyArray<number>
}

interface Meta {
  readonly history: EpochRecord[]
  readonly bestEpoch: number
  readonly bestScore: number
  readonly stale: number
}

/**
 * Trains a network on `split.train` and validates on `split.validation` after every epoch, keeping
 * the variables of the epoch with the lowest validation loss and stopping after `patience` epochs
 * without improvement.
 *
 * @param checkpointPath - where to save a checkpoint after every epoch and resume from, if given
 * @param fingerprint - identifies the run; a checkpoint with another fingerprint is refused
 */
export const trainNetwork = Effect.fn("trainNetwork")(function* (
  examples: ReadonlyArray<Example>,
  targets: Targets,
  config: ArchitectureConfig,
  split: TrainingSplit,
  options: TrainOptions,
  run: {
    readonly checkpointPath?: string
    readonly fingerprint?: string
    readonly observer?: TrainingObserver
  } = {},
) {
  const trainExamples = split.train.map((i) => examples[i]!)
  const stats = inputStatistics(trainExamples)
  const layout = config.heads
  const store = new VariableStore(options.seed)
  const step = buildTrainStep({
    variables: store,
    model: trainingGraph(config, stats, options.cropFrames),
    optimizer: adamW({ weightDecay: options.weightDecay }),
    clipGradNorm: 5,
  })
  const evalModel = buildEvalStep({ variables: store, model: (g) => inferenceGraph(g, config, stats) })
  const sessionOptions = { provider: options.device, intraOpThreads: options.threads, spinning: false }
  const session = yield* openSession(step.bytes, sessionOptions)
  const evaluator = yield* openSession(evalModel, { ...sessionOptions, provider: "cpu" as const })

  const stepsPerEpoch = batchesOf(
    new Array<number>(split.train.length * options.cropsPerClip).fill(0),
    options.batchSize,
  ).length
  const schedule = {
    peak: options.learningRate,
    warmupSteps: options.warmupEpochs * stepsPerEpoch,
    totalSteps: options.epochs * stepsPerEpoch,
  }
  const fingerprint = run.fingerprint ?? ""
  const resumed =
    run.checkpointPath === undefined
      ? Option.none()
      : yield* readCheckpoint<Meta>(run.checkpointPath, fingerprint)
  const state = Option.match(resumed, {
    onNone: () => TrainState.init(step, store, { seed: options.seed }),
    onSome: (c) => TrainState.restore(step, c.state, { seed: options.seed }),
  })
  let best: Record<string, Float32Array | Float64Array> = Option.match(resumed, {
    onNone: () => ({}),
    onSome: (c) => ({ ...c.best }),
  })
  const meta: Meta = Option.match(resumed, {
    onNone: () => ({ history: [], bestEpoch: 0, bestScore: Number.POSITIVE_INFINITY, stale: 0 }),
    onSome: (c) => c.meta,
  })
  let { bestEpoch, bestScore, stale } = meta
  const history = [...meta.history]
  const context = batchContext(examples, targets, config, split.train, stats, options)
  const validationClips = split.validation.map((i) => ({
    mel: examples[i]!,
    features: examples[i]!.features,
  }))
  const layoutOfWindows = {
    windowFrames: options.cropFrames,
    hopFrames: options.validationHopFrames ?? options.cropFrames,
    maxBatch: 64,
  }
  const validate = () =>
    predictClips(
      (feeds) => evaluator.run({ ...state.variableFeeds(), ...feeds }),
      validationClips,
      layoutOfWindows,
    )

  for (let epoch = history.length + 1; epoch <= options.epochs && stale < options.patience; epoch++) {
    const started = performance.now()
    const rng = createRng(mixSeed(options.seed, epoch))
    const crops = epochCrops(examples, split.train, rng, options)
    const batches = batchesOf(crops, options.batchSize)
    const losses: number[] = []
    const headLosses: Record<string, number[]> = {}
    let learningRate = 0
    for (const [b, batch] of batches.entries()) {
      learningRate = learningRateAt(state.step + 1, schedule)
      const result = yield* runTrainStep(session, state, batchFeeds(batch, context), learningRate)
      losses.push(result.loss)
      for (const [name, t] of Object.entries(result.outputs))
        if (name.startsWith("loss.")) (headLosses[name.slice(5)] ??= []).push(Number(t.data[0]))
      if (run.observer?.step !== undefined)
        yield* run.observer.step({
          epoch,
          epochs: options.epochs,
          step: b + 1,
          steps: batches.length,
          loss: result.loss,
        })
    }
    const validation =
      validationClips.length === 0
        ? undefined
        : validationSummary(yield* validate(), targets, split.validation, layout)
    const score = validation?.loss ?? -epoch
    const improved = score < bestScore
    if (improved) {
      bestScore = score
      bestEpoch = epoch
      stale = 0
      best = Object.fromEntries(
        Object.entries(state.variableFeeds()).map(([name, t]) => [name, (t.data as Float32Array).slice()]),
      )
    } else stale++
    const record: EpochRecord = {
      epoch,
      learningRate,
      trainLoss: mean(losses),
      trainHeads: Object.fromEntries(Object.entries(headLosses).map(([k, v]) => [k, mean(v)])),
      ...(validation !== undefined && { validation }),
      improved,
      seconds: (performance.now() - started) / 1000,
    }
    history.push(record)
    if (run.checkpointPath !== undefined)
      yield* writeCheckpoint(run.checkpointPath, {
        fingerprint,
        epoch,
        state: state.checkpoint(),
        best,
        meta: { history, bestEpoch, bestScore, stale } satisfies Meta,
      })
    if (run.observer?.epoch !== undefined) yield* run.observer.epoch(record)
  }

  for (const [name, values] of Object.entries(best)) store.set(name, values)
  // Predictions of the kept variables, for the caller's metrics (cross-validation collects them).
  const bestFeeds = state.variableFeeds()
  const validationOutputs =
    validationClips.length === 0
      ? []
      : yield* predictClips(
          (feeds) => evaluator.run({ ...variableFeedsOf(store, bestFeeds), ...feeds }),
          validationClips,
          { ...layoutOfWindows, hopFrames: Math.max(1, options.cropFrames >> 1) },
        )
  return {
    config,
    stats,
    variables: store,
    history,
    bestEpoch,
    validationOutputs,
    stepsPerEpoch,
    windowFrames: options.cropFrames,
  } satisfies TrainedNetwork
})

/** Feeds of `store`'s current values under the names and shapes of `like` (the evaluation graph's variable inputs). */
const variableFeedsOf = (store: VariableStore, like: Feeds): Feeds =>
  Object.fromEntries(
    Object.entries(like).map(([name, t]) => [
      name,
      new ort.Tensor("float32", Float32Array.from(store.get(name)!.value), t.dims),
    ]),
  )
