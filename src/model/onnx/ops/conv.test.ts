import { describe, expect, it } from "vitest"
import { expectGradients, gradCheck } from "../../../../test/support/gradcheck.ts"
import { Graph } from "../graph.ts"
import { conv } from "./conv.ts"

// ORT implements Conv and ConvTranspose for float32 only: float32 differences, looser tolerance.
const TOL = 5e-4

describe("conv gradients (float32, central differences)", () => {
  it("2-D, stride 1, same padding, with bias", async () => {
    const r = await gradCheck({
      dtype: "float",
      inputs: { x: { shape: [2, 3, 5, 6] }, w: { shape: [4, 3, 3, 3] }, b: { shape: [4] } },
      build: ({ x, w, b }) => conv(x!, w!, b!, { pads: 1 }),
    })
    expectGradients(r, TOL)
  })

  it("2-D, stride 2 with sizes striding rounds down, asymmetric padding, dilation 2", async () => {
    const r = await gradCheck({
      dtype: "float",
      inputs: { x: { shape: [2, 2, 8, 7] }, w: { shape: [3, 2, 3, 2] } },
      build: ({ x, w }) =>
        conv(x!, w!, undefined, { strides: [2, 2], pads: [1, 0, 2, 1], dilations: [2, 1] }),
    })
    expectGradients(r, TOL)
  })

  it("2-D, stride 1, dilation 2, padding smaller than the kernel's reach", async () => {
    const r = await gradCheck({
      dtype: "float",
      inputs: { x: { shape: [2, 2, 7, 6] }, w: { shape: [3, 2, 3, 2] } },
      build: ({ x, w }) => conv(x!, w!, undefined, { pads: [1, 0, 2, 1], dilations: 2 }),
    })
    expectGradients(r, TOL)
  })

  it("1-D, stride 3, dilation 2", async () => {
    const r = await gradCheck({
      dtype: "float",
      inputs: { x: { shape: [3, 2, 17] }, w: { shape: [4, 2, 3] }, b: { shape: [4] } },
      build: ({ x, w, b }) => conv(x!, w!, b!, { strides: 3, pads: 2, dilations: 2 }),
    })
    expectGradients(r, TOL)
  })
})

describe("conv shape rules", () => {
  it("computes output sizes, keeps a symbolic batch, and rejects channel mismatches", () => {
    const g = new Graph()
    const x = g.input("x", "float", ["batch", 1, 128, 256])
    const w = g.input("w", "float", [16, 1, 3, 3])
    expect(conv(x, w, undefined, { pads: 1 }).shape).toEqual(["batch", 16, 128, 256])
    expect(conv(x, w, undefined, { strides: 2 }).shape).toEqual(["batch", 16, 63, 127])
    expect(() => conv(x, g.input("w2", "float", [16, 2, 3, 3]))).toThrow(/Conv: input has 1 channels/)
    const t = g.input("t", "float", ["batch", 1, "time"])
    expect(conv(t, g.input("w3", "float", [4, 1, 5]), undefined, { pads: 2 }).shape).toEqual([
      "batch",
      4,
      "time",
    ])
    expect(conv(t, g.input("w4", "float", [4, 1, 5])).shape).toEqual(["batch", 4, "time-4"])
  })
})
