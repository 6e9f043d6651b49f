/**
 * Training-step and inference time of the reference CNN on ONNX Runtime (CPU):
 * batch 32 of 1 × 128 × 256 mel windows, two conv blocks, AdamW.
 *
 * Run: `npx tsx bench/train-step.bench.ts` (or `npm run bench -- train-step`).
 */
import { loadavg } from "node:os"
import { Effect } from "effect"
import * as ort from "onnxruntime-node"
import {
  adamW,
  batchNormLayer,
  buildTrainStep,
  convLayer,
  exportInference,
  flatten,
  type Graph,
  globalAvgPool,
  linearLayer,
  maxPool,
  openSession,
  relu,
  runTrainStep,
  softmaxCrossEntropy,
  type Tensor,
  TrainState,
  VariableStore,
} from "../src/model/index.ts"
import { figure, formatSpread, machine, noise, table, timeSpread } from "./support.ts"

const [BATCH, MELS, FRAMES, CLASSES] = [32, 128, 256, 10]

/**
 * The reference CNN: conv3x3(16)+BN+pool+ReLU, conv3x3(32)+BN+pool+ReLU, global average pool,
 * linear head. ReLU after a max pool equals ReLU before it (both are monotone) at a quarter of the cost.
 */
const net = (g: Graph, batch: number | string): Tensor => {
  let h = g.input("x", "float", [batch, 1, MELS, FRAMES])
  h = convLayer(h, "conv1", { outChannels: 16, kernel: [3, 3], pads: 1, bias: false })
  h = relu(maxPool(batchNormLayer(h, "bn1"), [2, 2]))
  h = convLayer(h, "conv2", { outChannels: 32, kernel: [3, 3], pads: 1, bias: false })
  h = relu(maxPool(batchNormLayer(h, "bn2"), [2, 2]))
  return linearLayer(flatten(globalAvgPool(h)), "head", { outFeatures: CLASSES })
}

/** Step and inference timings with `threads` intra-op threads. */
const run = (threads: number) =>
  Effect.scoped(
    Effect.gen(function* () {
      const options = { intraOpThreads: threads, spinning: false }
      const store = new VariableStore(1)
      const step = buildTrainStep({
        variables: store,
        model: (g) => ({ loss: softmaxCrossEntropy(net(g, "batch"), g.input("y", "int64", ["batch"])) }),
        optimizer: adamW({ weightDecay: 1e-4 }),
        clipGradNorm: 5,
      })
      const session = yield* openSession(step.bytes, options)
      const state = TrainState.init(step, store)
      const x = new ort.Tensor("float32", noise(BATCH * MELS * FRAMES, 7), [BATCH, 1, MELS, FRAMES])
      const y = new ort.Tensor(
        "int64",
        BigInt64Array.from({ length: BATCH }, (_, i) => BigInt(i % CLASSES)),
        [BATCH],
      )
      const stepTime = yield* Effect.promise(() =>
        timeSpread(() => Effect.runPromise(runTrainStep(session, state, { x, y }, 1e-3)), 8, 2),
      )
      state.writeBack(store)
      const model = exportInference({ variables: store, model: (g) => ({ logits: net(g, "batch") }) })
      const inference = yield* openSession(model, options)
      const clip = new ort.Tensor("float32", noise(MELS * FRAMES, 3), [1, 1, MELS, FRAMES])
      const inferTime = yield* Effect.promise(() =>
        timeSpread(() => Effect.runPromise(inference.run({ x: clip })), 50, 5),
      )
      return { threads, stepTime, inferTime }
    }),
  )

const program = Effect.gen(function* () {
  const results = [yield* run(1), yield* run(2)]
  console.log(`${machine()}, onnxruntime-node ${ort.env.versions.common}, CPU execution provider`)
  console.log(
    `load average after the runs: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(", ")} — other processes share the ` +
      "cores, so wall times vary (min–max); CPU time per call is the steadier figure.\n",
  )
  const oneThread = results[0]!
  figure({
    area: "training",
    name: `training step, batch ${BATCH} × 1 × ${MELS} × ${FRAMES}, AdamW, 1 thread, median`,
    value: oneThread.stepTime.median,
    unit: "ms",
    target: { atMost: 300 },
  })
  table(
    ["figure", "intra-op threads", "wall median (min–max) ms", "CPU ms per call", "target ms"],
    results.flatMap(({ threads, stepTime, inferTime }) => [
      [
        `training step, batch ${BATCH} × 1 × ${MELS} × ${FRAMES}, AdamW`,
        threads,
        formatSpread(stepTime, 0),
        stepTime.cpu.toFixed(0),
        "≤ 300",
      ],
      [
        `inference, one ${FRAMES}-frame window (batch 1)`,
        threads,
        formatSpread(inferTime, 2),
        inferTime.cpu.toFixed(2),
        "≤ 3",
      ],
    ]),
  )
})

Effect.runPromise(program).catch((e) => {
  console.error(e)
  process.exit(1)
})
