/**
 * End to end: a small CNN trains on a synthetic task through the step graph, and the exported
 * inference model reproduces the evaluation graph.
 */
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import * as ort from "onnxruntime-node"
import { describe, expect, it } from "vitest"
import { exportInference } from "./export.ts"
import type { Graph, Tensor } from "./graph.ts"
import { batchNormLayer, convLayer, linearLayer } from "./layers.ts"
import { dropout, flatten, globalAvgPool, maxPool, relu, softmaxCrossEntropy } from "./ops/index.ts"
import { adamW } from "./optim/adamw.ts"
import { seededRandom } from "./random.ts"
import { openSession } from "./session.ts"
import { runTrainStep, TrainState } from "./train-state.ts"
import { buildEvalStep, buildTrainStep } from "./train-step.ts"
import { VariableStore } from "./variables.ts"

const [H, W] = [16, 32]

/** conv3x3(8)+BN+ReLU+pool, conv3x3(8)+BN+ReLU, global average pool, dropout, linear(2). */
const net = (g: Graph, frames: number | string = W): Tensor => {
  const x = g.input("x", "float", ["batch", 1, H, frames])
  let h = relu(
    maxPool(
      batchNormLayer(convLayer(x, "conv1", { outChannels: 8, kernel: [3, 3], pads: 1, bias: false }), "bn1"),
      [2, 2],
    ),
  )
  h = relu(
    batchNormLayer(convLayer(h, "conv2", { outChannels: 8, kernel: [3, 3], pads: 1, bias: false }), "bn2"),
  )
  return linearLayer(dropout(flatten(globalAvgPool(h)), 0.1), "head", { outFeatures: 2 })
}

/**
 * Which of two frequency bands holds energy: class 0 lights rows 2-5, class 1 rows 9-12, for a
 * random stretch of time, over noise.
 */
const batch = (n: number, seed: number) => {
  const r = seededRandom(seed)
  const x = new Float32Array(n * H * W)
  const y = new BigInt64Array(n)
  for (let i = 0; i < n; i++) {
    const label = r.uniform() < 0.5 ? 0 : 1
    y[i] = BigInt(label)
    const band = label === 0 ? 2 : 9
    const start = Math.floor(r.uniform() * W * 0.5)
    for (let k = 0; k < H * W; k++) x[i * H * W + k] = 0.3 * r.normal()
    for (let f = band; f < band + 4; f++)
      for (let t = start; t < start + W / 2; t++) x[i * H * W + f * W + t] += 1 + 0.5 * r.uniform()
  }
  return { x: new ort.Tensor("float32", x, [n, 1, H, W]), y: new ort.Tensor("int64", y, [n]) }
}

describe("training a small CNN through ONNX Runtime", () => {
  it("the loss falls, and the exported model equals the evaluation graph", async () => {
    const store = new VariableStore(3)
    const step = buildTrainStep({
      variables: store,
      model: (g) => ({ loss: softmaxCrossEntropy(net(g), g.input("y", "int64", ["batch"])) }),
      optimizer: adamW({ weightDecay: 1e-4 }),
      clipGradNorm: 5,
    })
    expect(step.dataInputs.map((d) => d.name).sort()).toEqual(["x", "y"])
    expect(step.seeded).toBe(true)
    const evalModel = buildEvalStep({ variables: store, model: (g) => ({ logits: net(g) }) })

    const program = Effect.scoped(
      Effect.gen(function* () {
        const session = yield* openSession(step.bytes, { intraOpThreads: 1 })
        const state = TrainState.init(step, store, { seed: 1 })
        const losses: number[] = []
        for (let i = 0; i < 40; i++) {
          const { x, y } = batch(16, 100 + i)
          const out = yield* runTrainStep(session, state, { x, y }, 0.01)
          losses.push(out.loss)
        }
        const evaluator = yield* openSession(evalModel, { intraOpThreads: 1 })
        const test = batch(64, 9999)
        const evaluated = yield* evaluator.run({ ...state.variableFeeds(), x: test.x })
        state.writeBack(store)
        return { losses, test, logits: evaluated.logits!.data as Float32Array, steps: state.step }
      }),
    )
    const { losses, test, logits, steps } = await Effect.runPromise(program)
    expect(steps).toBe(40)
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length
    const [first, last] = [mean(losses.slice(0, 5)), mean(losses.slice(-5))]
    expect(first).toBeGreaterThan(0.5)
    // Here: 0.73 → 0.17 over 40 steps; the bound leaves room for other CPUs' rounding.
    expect(last).toBeLessThan(first * 0.5)

    // Export, write to disk, and load in a fresh plain ONNX Runtime session.
    const path = join(mkdtempSync(join(tmpdir(), "mirflow-onnx-")), "model.onnx")
    // Any clip length: the time axis is dynamic in the exported model.
    writeFileSync(path, exportInference({ variables: store, model: (g) => ({ logits: net(g, "time") }) }))
    const fresh = await ort.InferenceSession.create(path)
    expect(fresh.inputNames).toEqual(["x"])
    const exported = (await fresh.run({ x: test.x })).logits!.data as Float32Array
    const longer = new ort.Tensor("float32", new Float32Array(2 * H * 45), [2, 1, H, 45])
    expect((await fresh.run({ x: longer })).logits!.dims).toEqual([2, 2])
    await fresh.release()
    let worst = 0
    for (let i = 0; i < logits.length; i++) worst = Math.max(worst, Math.abs(exported[i]! - logits[i]!))
    expect(worst).toBeLessThan(1e-4)
    let correct = 0
    for (let i = 0; i < 64; i++)
      if ((exported[2 * i + 1]! > exported[2 * i]! ? 1n : 0n) === test.y.data[i]) correct++
    expect(correct / 64).toBeGreaterThan(0.9)
    if (process.env.GRADCHECK_REPORT === "1")
      console.log(
        `cnn: loss ${first.toFixed(3)} → ${last.toFixed(3)}, export vs eval max |Δ| ${worst.toExponential(1)}, accuracy ${correct}/64`,
      )
  })
})
