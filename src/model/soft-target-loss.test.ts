import * as ort from "onnxruntime-node"
import { describe, expect, it } from "vitest"
import { expectGradients, gradCheck } from "../../test/support/gradcheck.ts"
import { Graph } from "./onnx/graph.ts"
import { softmaxCrossEntropy } from "./onnx/ops/loss.ts"
import { softTargetCrossEntropy } from "./soft-target-loss.ts"

// Rows: a smoothed label, a hard label with class weight 2, an unlabelled example, a 70/30 mix.
const targets = [0.9, 0.05, 0.05, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0.7, 0, 0.3, 0].slice(0, 16)

describe("softTargetCrossEntropy", () => {
  it("has the gradient of its finite differences (float64)", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: { logits: { shape: [4, 4] }, t: { shape: [4, 4], values: targets, constant: true } },
      build: ({ logits, t }) => softTargetCrossEntropy(logits!, t!),
    })
    expectGradients(r, 1e-6)
  })

  it("equals weighted hard-label cross-entropy for one-hot rows", async () => {
    const g = new Graph()
    const logits = g.input("logits", "float", [3, 3])
    const labels = g.input("labels", "int64", [3])
    const t = g.input("t", "float", [3, 3])
    g.output(
      "hard",
      softmaxCrossEntropy(logits, labels, { weights: g.constant([1, 3, 0.5], "float"), ignoreIndex: -1 }),
    )
    g.output("soft", softTargetCrossEntropy(logits, t))
    const session = await ort.InferenceSession.create(g.toModel())
    const out = await session.run({
      logits: new ort.Tensor("float32", Float32Array.of(0.1, 2, -1, 0.5, 0.5, 0.2, -2, 1, 3), [3, 3]),
      labels: new ort.Tensor("int64", BigInt64Array.of(1n, -1n, 2n), [3]),
      t: new ort.Tensor("float32", Float32Array.of(0, 3, 0, 0, 0, 0, 0, 0, 0.5), [3, 3]),
    })
    expect(out.soft!.data[0]).toBeCloseTo(out.hard!.data[0] as number, 5)
  })
})
