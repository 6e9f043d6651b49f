import { describe, expect, it } from "vitest"
import { expectGradients, gradCheck, spaced } from "../../../../test/support/gradcheck.ts"
import { Graph } from "../graph.ts"
import { avgPool, globalAvgPool, globalMaxPool, maxPool } from "./pool.ts"

describe("pooling gradients (central differences)", () => {
  it("max pool, tiling windows (mask rule), float64 and float32 (their upsampling differs)", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: { x: { shape: [2, 2, 4, 6], values: spaced(96, 3) } },
      build: ({ x }) => maxPool(x!, [2, 2]),
    })
    expectGradients(r, 1e-6)
    const f = await gradCheck({
      dtype: "float",
      inputs: { x: { shape: [2, 3, 6], values: spaced(36, 4) } },
      build: ({ x }) => maxPool(x!, [3]),
    })
    expectGradients(f, 1e-3)
  })

  it("max pool, overlapping padded windows (argmax scatter rule), float64, 1-D and 2-D", async () => {
    const r2 = await gradCheck({
      dtype: "double",
      inputs: { x: { shape: [2, 2, 5, 5], values: spaced(100, 4) } },
      build: ({ x }) => maxPool(x!, [3, 3], { strides: [2, 2], pads: 1 }),
    })
    expectGradients(r2, 1e-6)
    const r1 = await gradCheck({
      dtype: "double",
      inputs: { x: { shape: [2, 3, 7], values: spaced(42, 5) } },
      build: ({ x }) => maxPool(x!, [3], { strides: 1 }),
    })
    expectGradients(r1, 1e-6)
  })

  // ORT implements AveragePool for float32 only.
  it("average pool, tiling and overlapping windows, float32", async () => {
    const tiling = await gradCheck({
      dtype: "float",
      inputs: { x: { shape: [2, 3, 4, 6] } },
      build: ({ x }) => avgPool(x!, [2, 3]),
    })
    expectGradients(tiling, 1e-3)
    const overlapping = await gradCheck({
      dtype: "float",
      inputs: { x: { shape: [2, 2, 7, 6] } },
      build: ({ x }) => avgPool(x!, [3, 2], { strides: [2, 1], pads: 1, countIncludePad: true }),
    })
    expectGradients(overlapping, 1e-3)
  })

  it("global average and max pooling, float64", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: { x: { shape: [2, 3, 4, 5], values: spaced(120, 6) } },
      build: ({ x }) => globalMaxPool(x!),
    })
    expectGradients(r, 1e-6)
    const a = await gradCheck({
      dtype: "double",
      inputs: { x: { shape: [2, 3, 7] } },
      build: ({ x }) => globalAvgPool(x!),
    })
    expectGradients(a, 1e-6)
  })
})

describe("pooling shape rules", () => {
  it("defaults strides to the kernel and keeps global pools 4-D", () => {
    const g = new Graph()
    const x = g.input("x", "float", ["batch", 16, 128, 256])
    expect(maxPool(x, [2, 2]).shape).toEqual(["batch", 16, 64, 128])
    expect(globalAvgPool(x).shape).toEqual(["batch", 16, 1, 1])
    expect(() => maxPool(x, [2])).toThrow(/MaxPool: a 1-D kernel does not fit/)
  })
})
