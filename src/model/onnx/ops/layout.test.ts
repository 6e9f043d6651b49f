import { describe, expect, it } from "vitest"
import { expectGradients, gradCheck } from "../../../../test/support/gradcheck.ts"
import { Graph } from "../graph.ts"
import { mul } from "./elementwise.ts"
import { concat, flatten, reshape, slice, transpose } from "./layout.ts"
import { expandAs, reduceMax, reduceMean, reduceSum, squeeze, unsqueeze } from "./reduce.ts"

describe("layout and reduction gradients (float64, central differences)", () => {
  it("reshape, flatten, transpose", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: { x: { shape: [2, 3, 4] } },
      // [2,3,4] → [2,4,3] → [3,2,4] → [3,8], times x as [6,4] → [3,8]
      build: ({ x }) =>
        mul(flatten(transpose(reshape(x!, [0, 4, -1]), [2, 0, 1])), reshape(flatten(x!, 2), [3, 8])),
    })
    expectGradients(r, 1e-6)
  })

  it("concat of three parts, slice", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: { a: { shape: [2, 3] }, b: { shape: [2, 1] }, c: { shape: [2, 4] } },
      build: ({ a, b, c }) => slice(concat([a!, b!, c!], 1), [1, 0], [7, 1], [1, 0]),
    })
    expectGradients(r, 1e-6)
  })

  it("reduce sum / mean / max, squeeze, unsqueeze, expand", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: { x: { shape: [3, 4, 2] }, y: { shape: [4, 1] } },
      // every factor is [4, 2] or broadcasts to it
      build: ({ x, y }) =>
        mul(
          mul(reduceSum(x!, [0]), unsqueeze(reduceMean(x!, [0, 2]), [1])),
          mul(unsqueeze(squeeze(reduceMax(x!, [0], true), [0]), [0]), expandAs(y!, reduceSum(x!, [0]))),
        ),
    })
    expectGradients(r, 1e-6)
  })
})

describe("layout shape rules", () => {
  it("infers -1 with symbolic dimensions and rejects impossible shapes", () => {
    const g = new Graph()
    const x = g.input("x", "float", ["batch", 32, 4, 4])
    expect(reshape(x, [0, -1]).shape).toEqual(["batch", 512])
    expect(flatten(x).shape).toEqual(["batch", 512])
    expect(() => reshape(x, [0, 500])).toThrow(
      /Reshape: cannot reshape \[batch, 32, 4, 4\] to \[batch, 500\]/,
    )
    expect(() => concat([x, g.input("y", "float", ["batch", 32, 4, 5])], 1)).toThrow(
      /Concat: .* differ off axis 1/,
    )
    expect(concat([x, g.input("z", "float", ["batch", 8, 4, 4])], 1).shape).toEqual(["batch", 40, 4, 4])
    expect(() => transpose(x, [0, 1, 2])).toThrow(/not a permutation/)
  })
})
