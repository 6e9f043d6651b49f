import * as ort from "onnxruntime-node"
import { describe, expect, it } from "vitest"
import { expectGradients, gradCheck, uniform } from "../../../../test/support/gradcheck.ts"
import { gradients } from "../autodiff.ts"
import { Graph } from "../graph.ts"
import { huber, mse, sigmoidBinaryCrossEntropy, softmaxCrossEntropy, weightedSum } from "./loss.ts"

const labels = { shape: [5], dtype: "int64", values: [2, -1, 0, 3, 2] } as const

describe("loss gradients (float64, central differences)", () => {
  it("softmax cross-entropy with class weights, an ignored label and a mask", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: {
        logits: { shape: [5, 4] },
        labels,
        weights: { shape: [4], values: [1, 2, 0.5, 3], constant: true },
        mask: { shape: [5], dtype: "bool", values: [1, 1, 1, 0, 1] },
      },
      build: ({ logits, labels, weights, mask }) =>
        softmaxCrossEntropy(logits!, labels!, { weights: weights!, ignoreIndex: -1, mask: mask! }),
    })
    expectGradients(r, 1e-6)
  })

  it("MSE and Huber with a float mask", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: {
        p: { shape: [4, 3], values: uniform(12, 5).map((v) => 3 * v) },
        t: { shape: [4, 3], constant: true },
        mask: { shape: [4], values: [1, 0, 1, 1], constant: true },
      },
      build: ({ p, t, mask }) =>
        weightedSum([
          [mse(p!, t!, { mask: mask! }), 1],
          [huber(p!, t!, { mask: mask!, delta: 0.8 }), 0.5],
        ]),
    })
    expectGradients(r, 1e-6)
  })

  it("sigmoid binary cross-entropy, multi-label, with label weights and a mask", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: {
        x: { shape: [4, 3], values: uniform(12, 7).map((v) => 4 * v) },
        t: { shape: [4, 3], values: [1, 0, 1, 0, 0, 1, 1, 1, 0, 0.5, 0, 1], constant: true },
        w: { shape: [3], values: [1, 2, 0.5], constant: true },
        mask: { shape: [4], dtype: "bool", values: [1, 1, 0, 1] },
      },
      build: ({ x, t, w, mask }) =>
        weightedSum([
          [sigmoidBinaryCrossEntropy(x!, t!, { weights: w!, mask: mask! }), 1],
          [sigmoidBinaryCrossEntropy(x!, t!), 1],
        ]),
    })
    expectGradients(r, 1e-6)
  })
})

describe("loss values", () => {
  const run = async (g: Graph, feeds: Record<string, ort.Tensor>) => {
    const session = await ort.InferenceSession.create(g.toModel(), { logSeverityLevel: 3 })
    const out = await session.run(feeds)
    await session.release()
    return out
  }

  it("cross-entropy equals torch's weighted mean; an all-unlabelled batch gives 0 loss and 0 gradient", async () => {
    const g = new Graph()
    const logits = g.input("logits", "double", ["batch", 3])
    const y = g.input("y", "int64", ["batch"])
    const w = g.constant([1, 2, 4], "double")
    const loss = softmaxCrossEntropy(logits, y, { weights: w, ignoreIndex: -100 })
    g.output("loss", loss)
    g.output("grad", gradients(loss, [logits])[0]!)
    const x = [0.5, -1, 2, 1, 0, -0.5]
    const feeds = (labels: number[]) => ({
      logits: new ort.Tensor("float64", Float64Array.from(x), [2, 3]),
      y: new ort.Tensor("int64", BigInt64Array.from(labels.map(BigInt)), [2]),
    })
    const logSoftmax = (row: number[]) => {
      const m = Math.log(row.reduce((s, v) => s + Math.exp(v), 0))
      return row.map((v) => v - m)
    }
    // torch: F.cross_entropy(x, [2, 1], weight=[1, 2, 4]) = (4·−logp₀[2] + 2·−logp₁[1]) / 6
    const expected = -(4 * logSoftmax(x.slice(0, 3))[2]! + 2 * logSoftmax(x.slice(3))[1]!) / 6
    const out = await run(g, feeds([2, 1]))
    expect(Number(out.loss!.data[0])).toBeCloseTo(expected, 12)
    const none = await run(g, feeds([-100, -100]))
    expect(Number(none.loss!.data[0])).toBe(0)
    expect(Array.from(none.grad!.data as Float64Array)).toEqual([0, 0, 0, 0, 0, 0])
  })

  it("NaN targets of masked-out examples do not reach the loss or the gradient", async () => {
    const g = new Graph()
    const p = g.input("p", "float", [3, 2])
    const t = g.input("t", "float", [3, 2])
    const mask = g.input("mask", "bool", [3])
    const loss = weightedSum([
      [mse(p, t, { mask }), 1],
      [huber(p, t, { mask }), 1],
      [sigmoidBinaryCrossEntropy(p, t, { mask }), 1],
    ])
    g.output("loss", loss)
    g.output("grad", gradients(loss, [p])[0]!)
    const out = await run(g, {
      p: new ort.Tensor("float32", Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]), [3, 2]),
      t: new ort.Tensor("float32", Float32Array.from([0, 1, Number.NaN, Number.NaN, 1, 0]), [3, 2]),
      mask: new ort.Tensor("bool", Uint8Array.from([1, 0, 1]), [3]),
    })
    expect(Number.isFinite(Number(out.loss!.data[0]))).toBe(true)
    const grad = Array.from(out.grad!.data as Float32Array)
    expect(grad.every(Number.isFinite)).toBe(true)
    expect(grad.slice(2, 4)).toEqual([0, 0])
  })

  it("checks label and mask shapes when the graph is built", () => {
    const g = new Graph()
    const logits = g.input("logits", "float", ["batch", 4])
    expect(() => softmaxCrossEntropy(logits, g.input("y", "float", ["batch"]))).toThrow(
      /labels must be int64 \[batch\]/,
    )
    expect(() => mse(logits, g.input("t", "float", ["batch", 3]))).toThrow(
      /MSE: prediction float\[batch, 4\] and target/,
    )
    expect(() =>
      mse(logits, g.input("t2", "float", ["batch", 4]), { mask: g.input("m", "bool", [4]) }),
    ).toThrow(/mask \[4\] must be \[batch\]/)
  })
})
