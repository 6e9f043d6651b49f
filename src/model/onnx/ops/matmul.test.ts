import { describe, expect, it } from "vitest"
import { expectGradients, gradCheck } from "../../../../test/support/gradcheck.ts"
import { Graph } from "../graph.ts"
import { gemm, linear, matmul } from "./matmul.ts"

describe("matrix product gradients (float64, central differences)", () => {
  it("batched MatMul with a broadcast operand", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: { a: { shape: [2, 3, 4] }, b: { shape: [4, 5] } },
      build: ({ a, b }) => matmul(a!, b!),
    })
    expectGradients(r, 1e-6)
  })

  it("Gemm with every transpose combination, alpha, beta and a broadcast C", async () => {
    for (const [transA, transB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const r = await gradCheck({
        dtype: "double",
        inputs: {
          a: { shape: transA ? [4, 3] : [3, 4] },
          b: { shape: transB ? [5, 4] : [4, 5] },
          c: { shape: [5] },
        },
        build: ({ a, b, c }) => gemm(a!, b!, c!, { transA, transB, alpha: 0.7, beta: 1.3 }),
      })
      expectGradients(r, 1e-6)
    }
  })

  it("linear on 2-D and 3-D inputs", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: { x: { shape: [2, 3, 4] }, w: { shape: [5, 4] }, b: { shape: [5] } },
      build: ({ x, w, b }) => linear(x!, w!, b!),
    })
    expectGradients(r, 1e-6)
  })
})

describe("matrix product shape rules", () => {
  it("rejects inner dimension mismatches", () => {
    const g = new Graph()
    const x = g.input("x", "float", ["batch", 8])
    expect(linear(x, g.input("w", "float", [4, 8])).shape).toEqual(["batch", 4])
    expect(() => linear(x, g.input("w2", "float", [4, 7]))).toThrow(/Gemm: inner dimensions differ/)
    expect(() => matmul(x, g.input("m", "float", [7, 2]))).toThrow(
      /MatMul: inner dimensions differ: \[batch, 8\] @ \[7, 2\]/,
    )
  })
})
