import * as ort from "onnxruntime-node"
import { describe, expect, it } from "vitest"
import { expectGradients, gradCheck, uniform } from "../../../../test/support/gradcheck.ts"
import { Graph } from "../graph.ts"
import { ones, zeros } from "../variables.ts"
import { add, mul } from "./elementwise.ts"
import { batchNorm, batchNormInference, batchNormTraining, layerNorm } from "./norm.ts"

describe("normalisation gradients (float64, central differences)", () => {
  it("batch norm with batch statistics, 2-D and 1-D inputs", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: { x: { shape: [3, 2, 3, 4] }, scale: { shape: [2] }, bias: { shape: [2] } },
      build: ({ x, scale, bias }) => batchNormTraining(add(mul(x!, 3), 5), scale!, bias!).y,
    })
    expectGradients(r, 1e-6)
    const r1 = await gradCheck({
      dtype: "double",
      inputs: { x: { shape: [4, 3, 5] }, scale: { shape: [3] }, bias: { shape: [3] } },
      build: ({ x, scale, bias }) => batchNormTraining(x!, scale!, bias!, 1e-3).y,
    })
    expectGradients(r1, 1e-6)
  })

  it("batch norm with running statistics (inference form)", async () => {
    const positive = uniform(3).map((v) => 1.5 + v)
    const r = await gradCheck({
      dtype: "double",
      inputs: {
        x: { shape: [2, 3, 2, 2] },
        scale: { shape: [3] },
        bias: { shape: [3] },
        mean: { shape: [3], constant: true },
        variance: { shape: [3], values: positive, constant: true },
      },
      build: ({ x, scale, bias, mean, variance }) => batchNormInference(x!, scale!, bias!, mean!, variance!),
    })
    expectGradients(r, 1e-6)
  })

  it("layer norm over the last one and two axes", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: { x: { shape: [3, 5] }, scale: { shape: [5] }, bias: { shape: [5] } },
      build: ({ x, scale, bias }) => layerNorm(x!, scale!, bias!),
    })
    expectGradients(r, 1e-6)
    const r2 = await gradCheck({
      dtype: "double",
      inputs: { x: { shape: [2, 3, 4] }, scale: { shape: [3, 4] }, bias: { shape: [3, 4] } },
      build: ({ x, scale, bias }) => layerNorm(x!, scale!, bias!, { axis: 1 }),
    })
    expectGradients(r2, 1e-6)
  })
})

describe("batch norm running statistics", () => {
  it("a training graph assigns momentum-blended mean and unbiased variance (torch's update)", async () => {
    const g = new Graph({ training: true })
    const x = g.input("x", "float", ["batch", 2, 3])
    const v = {
      scale: g.variable("bn.scale", { shape: [2], init: ones }),
      bias: g.variable("bn.bias", { shape: [2], init: zeros }),
      runningMean: g.variable("bn.mean", { shape: [2], init: zeros, trainable: false }),
      runningVar: g.variable("bn.var", { shape: [2], init: ones, trainable: false }),
    }
    g.output("y", batchNorm(x, v, { momentum: 0.9 }))
    for (const [name, t] of g.assignments()) g.output(`${name}.next`, t)
    const session = await ort.InferenceSession.create(g.toModel(), { logSeverityLevel: 3 })
    // Channel 0 holds 1..6, channel 1 holds 10 × that, over a batch of 2.
    const data = Float32Array.from([1, 2, 3, 10, 20, 30, 4, 5, 6, 40, 50, 60])
    const out = await session.run({
      x: new ort.Tensor("float32", data, [2, 2, 3]),
      "bn.scale": new ort.Tensor("float32", Float32Array.from([1, 1]), [2]),
      "bn.bias": new ort.Tensor("float32", Float32Array.from([0, 0]), [2]),
      "bn.mean": new ort.Tensor("float32", Float32Array.from([0, 0]), [2]),
      "bn.var": new ort.Tensor("float32", Float32Array.from([1, 1]), [2]),
    })
    // mean 3.5 and 35; unbiased variance 3.5 and 350.
    expect(Array.from(out["bn.mean.next"]!.data as Float32Array)).toEqual([
      expect.closeTo(0.35, 5),
      expect.closeTo(3.5, 5),
    ])
    expect(Array.from(out["bn.var.next"]!.data as Float32Array)).toEqual([
      expect.closeTo(0.9 + 0.35, 5),
      expect.closeTo(0.9 + 35, 4),
    ])
    const y = out.y!.data as Float32Array
    expect(y[0]).toBeCloseTo(-2.5 / Math.sqrt(35 / 12 + 1e-5), 4)
    await session.release()
  })

  it("an inference graph uses the running statistics", () => {
    const g = new Graph({ training: false })
    const x = g.input("x", "float", ["batch", 2])
    const v = {
      scale: g.input("s", "float", [2]),
      bias: g.input("b", "float", [2]),
      runningMean: g.input("m", "float", [2]),
      runningVar: g.input("v", "float", [2]),
    }
    batchNorm(x, v)
    expect(g.assignments().size).toBe(0)
    expect(() => batchNormInference(x, v.scale, v.bias, v.runningMean, g.input("v3", "float", [3]))).toThrow(
      /BatchNormalization: \[3\] does not match the 2 channels/,
    )
  })
})
