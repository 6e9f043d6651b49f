import { Effect } from "effect"
import * as ort from "onnxruntime-node"
import { describe, expect, it } from "vitest"
import type { Graph } from "../graph.ts"
import { mul, reduceSum, square, sub } from "../ops/index.ts"
import { openSession } from "../session.ts"
import { runTrainStep, TrainState } from "../train-state.ts"
import { buildTrainStep } from "../train-step.ts"
import { VariableStore } from "../variables.ts"
import { adamW } from "./adamw.ts"
import type { Optimizer } from "./optimizer.ts"
import { sgd } from "./sgd.ts"

const start = [0.5, -1.5, 2]
const target = [1, 2, -3]

/** loss = ½·Σ (scale·w − target)², gradient scale·(scale·w − target); w decays, b does not. */
const model = (scale: number) => (g: Graph) => {
  const w = g.variable("w", { shape: [3], init: () => start, decay: true })
  const t = g.input("target", "float", [3])
  return { loss: mul(reduceSum(square(sub(mul(w, scale), t))), 0.5) }
}

const train = (optimizer: Optimizer, lrs: number[], scale = 1, clipGradNorm?: number) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const store = new VariableStore()
        const step = buildTrainStep({
          variables: store,
          model: model(scale),
          optimizer,
          ...(clipGradNorm === undefined ? {} : { clipGradNorm }),
        })
        const session = yield* openSession(step.bytes)
        const state = TrainState.init(step, store)
        const norms: number[] = []
        for (const lr of lrs) {
          const out = yield* runTrainStep(
            session,
            state,
            { target: new ort.Tensor("float32", Float32Array.from(target), [3]) },
            lr,
          )
          norms.push(out.gradNorm)
        }
        state.writeBack(store)
        return { w: Array.from(store.get("w")!.value), norms }
      }),
    ),
  )

const grad = (w: number[], scale = 1) => w.map((v, i) => scale * (scale * v - target[i]!))

describe("optimizers in the step graph, against torch's update rules", () => {
  it("AdamW with a learning-rate schedule matches torch.optim.AdamW step for step", async () => {
    const lrs = [0.1, 0.05, 0.2, 0.1, 0.01]
    const [b1, b2, eps, wd] = [0.8, 0.95, 1e-8, 0.1]
    const { w } = await train(adamW({ beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd }), lrs)
    // torch.optim.AdamW, written out.
    let p = [...start]
    let m = [0, 0, 0]
    let v = [0, 0, 0]
    lrs.forEach((lr, k) => {
      const t = k + 1
      const g = grad(p)
      p = p.map((x) => x * (1 - lr * wd))
      m = m.map((x, i) => b1 * x + (1 - b1) * g[i]!)
      v = v.map((x, i) => b2 * x + (1 - b2) * g[i]! ** 2)
      const denom = v.map((x) => Math.sqrt(x) / Math.sqrt(1 - b2 ** t) + eps)
      p = p.map((x, i) => x - (lr / (1 - b1 ** t)) * (m[i]! / denom[i]!))
    })
    for (const [i, x] of w.entries()) expect(x).toBeCloseTo(p[i]!, 5)
  })

  it("SGD with Nesterov momentum and weight decay matches torch.optim.SGD", async () => {
    const lrs = [0.1, 0.1, 0.05, 0.05]
    const [mu, wd] = [0.9, 0.01]
    const { w } = await train(sgd({ momentum: mu, nesterov: true, weightDecay: wd }), lrs)
    let p = [...start]
    let b = [0, 0, 0]
    for (const lr of lrs) {
      const g = grad(p).map((x, i) => x + wd * p[i]!)
      b = b.map((x, i) => mu * x + g[i]!)
      p = p.map((x, i) => x - lr * (g[i]! + mu * b[i]!))
    }
    for (const [i, x] of w.entries()) expect(x).toBeCloseTo(p[i]!, 5)
  })

  it("clips by global norm and reports the norm before clipping", async () => {
    const scale = 10
    const { w, norms } = await train(sgd({ momentum: 0 }), [0.01], scale, 1)
    const g = grad(start, scale)
    const norm = Math.hypot(...g)
    expect(norms[0]).toBeCloseTo(norm, 3)
    const coef = 1 / (norm + 1e-6)
    for (const [i, x] of w.entries()) expect(x).toBeCloseTo(start[i]! - 0.01 * g[i]! * coef, 6)
  })
})
