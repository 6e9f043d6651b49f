/**
 * The model's costs: a training step of the default architecture, inference per window and per
 * 30 s clip, and `mirflow classify`'s own processing of a 30 s MP3 (decode + analysis + inference,
 * without process start; the classifier adds only the top-3 formatting to `predictClips`). Uses the
 * bundled `models/default/model.onnx` when present, else the same architecture with random weights.
 *
 * Run: `npx tsx bench/model.bench.ts` (or `npm run bench -- model`).
 */
import { existsSync } from "node:fs"
import { loadavg } from "node:os"
import { join } from "node:path"
import { NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import * as ort from "onnxruntime-node"
import { defaultArchitecture, inferenceGraph } from "../src/model/architecture.ts"
import { batchContext } from "../src/model/batch-context.ts"
import { type AugmentOptions, batchFeeds, defaultAugment } from "../src/model/batches.ts"
import { classifierInput } from "../src/model/classifier.ts"
import { predictClips } from "../src/model/clip-prediction.ts"
import type { Example } from "../src/model/dataset.ts"
import { defaultModelDirectory } from "../src/model/default-model.ts"
import { targetsOf } from "../src/model/heads.ts"
import { ModelFiles } from "../src/model/model-files.ts"
import { inputStatistics } from "../src/model/normalization.ts"
import { exportInference } from "../src/model/onnx/export.ts"
import { adamW } from "../src/model/onnx/optim/adamw.ts"
import { type Feeds, openSession } from "../src/model/onnx/session.ts"
import { runTrainStep, TrainState } from "../src/model/onnx/train-state.ts"
import { buildTrainStep } from "../src/model/onnx/train-step.ts"
import { VariableStore } from "../src/model/onnx/variables.ts"
import { trainingGraph } from "../src/model/train-graph.ts"
import { defaultTrainOptions } from "../src/model/train-network.ts"
import { windowStarts } from "../src/model/windows.ts"
import { analyzeInput } from "../src/stream/analyze.ts"
import { figure, formatSpread, machine, noise, table, timeSpread } from "./support.ts"

const demo = new URL("../examples/audio/demo.mp3", import.meta.url).pathname
const layout = {
  genre: ["classical", "electronic", "pop", "rock"],
  mood: ["a", "b", "c", "d", "e", "f", "g", "h", "i"],
  bpm: false,
} as const
const config = defaultArchitecture(layout)
const { batchSize: BATCH, cropFrames: FRAMES } = defaultTrainOptions

/** Synthetic examples with the shapes of 30 s clips. */
const examples: Example[] = Array.from({ length: 8 }, (_, i) => ({
  filename: `clip${i}`,
  features: noise(103, i + 1),
  mel: Float32Array.from(noise(128 * 1292, i + 7), (v) => Math.abs(v) + 1e-4),
  melBands: 128,
  frames: 1292,
  labels: { genre: layout.genre[i % 4]!, mood: layout.mood[i % 9]! },
}))

const program = Effect.gen(function* () {
  const stats = inputStatistics(examples)
  const store = new VariableStore(1)
  const step = buildTrainStep({
    variables: store,
    model: trainingGraph(config, stats, FRAMES),
    optimizer: adamW(),
    clipGradNorm: 5,
  })
  const session = yield* openSession(step.bytes, { intraOpThreads: 0, spinning: false })
  const state = TrainState.init(step, store)
  const augment: AugmentOptions = defaultAugment
  const crops = Array.from({ length: BATCH }, (_, i) => ({
    example: i % examples.length,
    start: (i * 37) % (1292 - FRAMES),
    gainDb: 0,
    bandMask: [0, 0] as const,
    timeMask: [0, 0] as const,
    seed: i,
  }))
  const context = batchContext(
    examples,
    targetsOf(examples, layout),
    config,
    examples.map((_, i) => i),
    stats,
    { cropFrames: FRAMES, augment, classWeightPower: 0.5 },
  )
  const stepTime = yield* Effect.promise(() =>
    timeSpread(
      () => Effect.runPromise(runTrainStep(session, state, batchFeeds(crops, context), 1e-3)),
      10,
      3,
    ),
  )

  // Inference: the bundled model, or the same architecture with random weights (the same cost).
  const bundled = existsSync(join(defaultModelDirectory, ModelFiles.onnx))
  const onnx = bundled
    ? join(defaultModelDirectory, ModelFiles.onnx)
    : exportInference({ variables: store, model: (g) => inferenceGraph(g, config, stats) })
  const model = yield* openSession(onnx, { intraOpThreads: 0, spinning: false })
  const run = (feeds: Feeds) => model.run(feeds)
  const layoutOfWindows = { windowFrames: FRAMES, hopFrames: FRAMES >> 1, maxBatch: 64 }
  const window = {
    spectrogram: new ort.Tensor("float32", examples[0]!.mel.subarray(0, 128 * FRAMES), [1, 128, FRAMES]),
    features: new ort.Tensor("float32", examples[0]!.features, [1, 103]),
  }
  const perWindow = yield* Effect.promise(() =>
    timeSpread(() => Effect.runPromise(model.run(window)), 50, 10),
  )
  const clip = { mel: examples[0]!, features: examples[0]!.features }
  const windows = windowStarts(1292, FRAMES, FRAMES >> 1).length
  const perClip = yield* Effect.promise(() =>
    timeSpread(() => Effect.runPromise(predictClips(run, [clip], layoutOfWindows)), 30, 5),
  )
  const endToEnd = yield* Effect.promise(() =>
    timeSpread(
      () =>
        Effect.runPromise(
          analyzeInput(demo).pipe(
            Effect.flatMap((a) => predictClips(run, [classifierInput(a)], layoutOfWindows)),
            Effect.provide(NodeServices.layer),
          ),
        ),
      8,
      2,
    ),
  )
  const which = bundled ? "models/default" : "random weights (models/default absent; same cost)"
  console.log(`${machine()}, onnxruntime-node ${ort.env.versions.common}, CPU, model: ${which}`)
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(", ")}: other processes share the cores, so wall times vary (min–max).\n`,
  )
  figure({
    area: "model",
    name: `inference, one ${FRAMES}-frame window, median`,
    value: perWindow.median,
    unit: "ms",
    target: { atMost: 3 },
  })
  figure({
    area: "model",
    name: "classify a 30 s MP3: decode + analysis + inference, median",
    value: endToEnd.median,
    unit: "ms",
    target: { atMost: 100 },
  })
  table(
    ["figure", "wall median (min–max) ms", "CPU ms per call", "target ms"],
    [
      [
        `training step, batch ${BATCH} × 128 × ${FRAMES}, default architecture, AdamW`,
        formatSpread(stepTime, 0),
        stepTime.cpu.toFixed(0),
        "–",
      ],
      [
        `inference, one ${FRAMES}-frame window (batch 1)`,
        formatSpread(perWindow, 2),
        perWindow.cpu.toFixed(2),
        "≤ 3",
      ],
      [
        `inference, one 30 s clip (${windows} windows of ${FRAMES} frames, one run)`,
        formatSpread(perClip, 1),
        perClip.cpu.toFixed(1),
        "–",
      ],
      [
        "classify a 30 s MP3 (demo.mp3): decode + analysis + inference",
        formatSpread(endToEnd, 0),
        endToEnd.cpu.toFixed(0),
        "≤ 100",
      ],
    ],
  )
})

Effect.runPromise(Effect.scoped(program).pipe(Effect.provide(NodeServices.layer))).catch((e) => {
  console.error(e)
  process.exit(1)
})
