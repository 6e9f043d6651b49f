import { Effect } from "effect"
import * as ort from "onnxruntime-node"
import { describe, expect, it } from "vitest"
import type { Graph } from "./graph.ts"
import { batchNormLayer, linearLayer } from "./layers.ts"
import { dropout, mse } from "./ops/index.ts"
import { adamW } from "./optim/adamw.ts"
import { openSession } from "./session.ts"
import { runTrainStep, TrainState } from "./train-state.ts"
import { buildTrainStep, StepNames } from "./train-step.ts"
import { VariableStore } from "./variables.ts"

const model = (g: Graph) => {
  const x = g.input("x", "float", ["batch", 3])
  const h = dropout(batchNormLayer(linearLayer(x, "fc", { outFeatures: 4 }), "bn"), 0.25)
  return { loss: mse(linearLayer(h, "out", { outFeatures: 1 }), g.input("t", "float", ["batch", 1])) }
}

const batch = (i: number) => ({
  x: new ort.Tensor(
    "float32",
    Float32Array.from({ length: 12 }, (_, k) => Math.sin(k + i)),
    [4, 3],
  ),
  t: new ort.Tensor(
    "float32",
    Float32Array.from({ length: 4 }, (_, k) => Math.cos(k * i)),
    [4, 1],
  ),
})

describe("TrainState", () => {
  it("maps every *.next output back to its input, and a checkpoint resumes the run exactly", async () => {
    const step = buildTrainStep({ variables: new VariableStore(5), model, optimizer: adamW() })
    const kinds = step.carried.map(
      (c) => `${c.input}${c.output === undefined ? "" : ` ← ${c.output}`} (${c.kind})`,
    )
    expect(kinds).toContain("fc.weight ← fc.weight.next (variable)")
    expect(kinds).toContain("fc.weight.adam_m ← fc.weight.adam_m.next (slot)")
    expect(kinds).toContain("bn.running_mean ← bn.running_mean.next (variable)")
    expect(step.dataInputs.map((d) => d.name)).toEqual(["x", "t"])
    expect(step.outputs).toEqual([StepNames.loss, StepNames.gradNorm])

    const program = Effect.scoped(
      Effect.gen(function* () {
        const session = yield* openSession(step.bytes)
        const store = new VariableStore(5)
        buildTrainStep({ variables: store, model, optimizer: adamW() })
        const straight = TrainState.init(step, store, { seed: 9 })
        for (let i = 0; i < 3; i++) yield* runTrainStep(session, straight, batch(i), 0.01)
        const saved = straight.checkpoint()
        const resumed = TrainState.restore(step, saved, { seed: 9 })
        expect(resumed.step).toBe(3)
        const losses: number[][] = [[], []]
        for (let i = 3; i < 6; i++) {
          losses[0]!.push((yield* runTrainStep(session, straight, batch(i), 0.01)).loss)
          losses[1]!.push((yield* runTrainStep(session, resumed, batch(i), 0.01)).loss)
        }
        return { losses, a: straight.checkpoint(), b: resumed.checkpoint() }
      }),
    )
    const { losses, a, b } = await Effect.runPromise(program)
    expect(losses[1]).toEqual(losses[0])
    expect(b.step).toBe(6)
    for (const name of Object.keys(a.values))
      expect(Array.from(b.values[name]!)).toEqual(Array.from(a.values[name]!))
    // Running statistics moved; weights moved.
    expect(Array.from(a.values["bn.running_var"]!)).not.toEqual([1, 1, 1, 1])
  })
})
