import { describe, expect, it } from "vitest"
import { expectGradients, gradCheck } from "../../../../test/support/gradcheck.ts"
import { Graph } from "../graph.ts"
import {
  abs,
  add,
  cast,
  clip,
  div,
  exp,
  greater,
  log,
  maximum,
  mul,
  neg,
  pow,
  sqrt,
  square,
  sub,
  sum,
  where,
} from "./elementwise.ts"

const TOL = 1e-6

describe("element-wise gradients (float64, central differences)", () => {
  it("add/sub/mul/div broadcast and sum gradients back over broadcast axes", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: { a: { shape: [2, 3, 4] }, b: { shape: [3, 1] }, c: { shape: [4] } },
      build: ({ a, b, c }) => div(mul(sub(add(a!, b!), c!), b!), add(mul(c!, c!), 1.5)),
    })
    expectGradients(r, TOL)
  })

  it("a value used twice gets both contributions; n-ary sum broadcasts", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: { a: { shape: [3, 4] }, b: { shape: [1, 4] } },
      build: ({ a, b }) => sum([mul(a!, a!), square(a!), mul(neg(a!), b!), b!]),
    })
    expectGradients(r, TOL)
  })

  it("exp, log, sqrt, pow, abs", async () => {
    const positive = Array.from({ length: 12 }, (_, i) => 0.3 + 0.1 * i)
    const r = await gradCheck({
      dtype: "double",
      inputs: { a: { shape: [3, 4], values: positive }, b: { shape: [3, 4] } },
      build: ({ a, b }) => add(add(exp(b!), log(a!)), add(sqrt(a!), add(pow(a!, 2.5), abs(b!)))),
    })
    expectGradients(r, TOL)
  })

  it("clip, maximum and where route the gradient to the chosen branch", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: { a: { shape: [4, 5] }, b: { shape: [5] } },
      build: ({ a, b }) =>
        add(clip(a!, -0.5, 0.5), add(maximum(a!, b!), where(greater(a!, b!), mul(a!, 2), b!))),
    })
    expectGradients(r, TOL)
  })

  it("cast float ↔ double passes the gradient through", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: { a: { shape: [3] } },
      build: ({ a }) => cast(mul(cast(a!, "float"), 3), "double"),
      step: 1e-2,
    })
    expectGradients(r, 1e-5)
  })
})

describe("element-wise shape rules", () => {
  it("rejects shapes that do not broadcast, naming the op and the shapes", () => {
    const g = new Graph()
    const a = g.input("a", "float", ["batch", 3])
    expect(() => add(a, g.input("b", "float", [4]))).toThrow(/Add: cannot broadcast \[batch, 3\] with \[4\]/)
    expect(() => add(a, g.input("c", "float", ["time", 3]))).toThrow(/dimension batch vs time/)
    expect(() => add(a, g.input("d", "double", [3]))).toThrow(/float and double/)
    expect(add(a, g.input("e", "float", [1, 3])).shape).toEqual(["batch", 3])
  })
})
