import * as ort from "onnxruntime-node"
import { describe, expect, it } from "vitest"
import { GraphBuildError } from "../../schema/errors/model.ts"
import { gradients } from "./autodiff.ts"
import { Graph } from "./graph.ts"
import { add, mul, reduceSum } from "./ops/index.ts"
import { filled, VariableStore } from "./variables.ts"

describe("Graph", () => {
  it("writes a model ONNX Runtime loads, with named dynamic dimensions and renamed outputs", async () => {
    const g = new Graph({ name: "demo" })
    const x = g.input("x", "float", ["batch", 3])
    const k = g.input("k", "int64", [])
    const y = add(mul(x, 2), g.constant([1, 2, 3], "float"))
    g.output("y", y)
    g.output("x_again", x)
    g.output("k_again", k)
    const session = await ort.InferenceSession.create(g.toModel())
    expect(session.inputNames).toEqual(["x", "k"])
    expect(session.outputNames).toEqual(["y", "x_again", "k_again"])
    const meta = session.inputMetadata[0]!
    expect(meta.isTensor && meta.shape).toEqual(["batch", 3])
    const out = await session.run({
      x: new ort.Tensor("float32", Float32Array.from([1, 1, 1, 0, 0, 0]), [2, 3]),
      k: new ort.Tensor("int64", BigInt64Array.of(-7n), []),
    })
    expect(Array.from(out.y!.data as Float32Array)).toEqual([3, 4, 5, 1, 2, 3])
    expect(out.k_again!.data[0]).toBe(-7n)
  })

  it("writes only what the chosen outputs need", () => {
    const g = new Graph()
    const x = g.input("x", "float", [4])
    g.output("small", mul(x, 2))
    g.output("big", add(x, reduceSum(g.constant(new Array(100_000).fill(1), "float"))))
    expect(g.toModel({ outputs: ["small"] }).length).toBeLessThan(1000)
    expect(g.toModel().length).toBeGreaterThan(400_000)
  })

  it("shares variables by name; bakes them in as initializers for export", async () => {
    const store = new VariableStore()
    const spec = { shape: [2], init: filled(0.5) }
    const train = new Graph({ variables: store })
    const w = train.variable("w", spec)
    expect(train.variable("w", spec)).toBe(w)
    expect(() => train.variable("w", { shape: [3], init: filled(0) })).toThrow(GraphBuildError)
    store.set("w", [4, 5])
    const frozen = new Graph({ variables: store, variablesAs: "initializers" })
    const x = frozen.input("x", "float", [2])
    frozen.output("y", mul(x, frozen.variable("w", spec)))
    const session = await ort.InferenceSession.create(frozen.toModel())
    expect(session.inputNames).toEqual(["x"])
    const out = await session.run({ x: new ort.Tensor("float32", Float32Array.from([1, 2]), [2]) })
    expect(Array.from(out.y!.data as Float32Array)).toEqual([4, 10])
  })

  it("rejects duplicate names and foreign tensors when the graph is built", () => {
    const g = new Graph()
    const x = g.input("x", "float", [2])
    expect(() => g.input("x", "float", [2])).toThrow(/input: the name "x" is already used/)
    g.output("y", x)
    expect(() => g.output("y", x)).toThrow(/two outputs are called "y"/)
    const other = new Graph().input("z", "float", [2])
    expect(() => add(x, other)).toThrow(/belongs to another graph/)
    expect(() => gradients(x, [x])).toThrow(/the loss must be a scalar/)
  })

  it("gives a zero gradient to a tensor the loss does not depend on", async () => {
    const g = new Graph()
    const a = g.input("a", "double", ["n"])
    const b = g.input("b", "double", [2])
    const [da, db] = gradients(reduceSum(mul(b, b)), [a, b])
    g.output("da", da!)
    g.output("db", db!)
    const session = await ort.InferenceSession.create(g.toModel())
    const out = await session.run({
      a: new ort.Tensor("float64", Float64Array.from([1, 2, 3]), [3]),
      b: new ort.Tensor("float64", Float64Array.from([3, 4]), [2]),
    })
    expect(Array.from(out.da!.data as Float64Array)).toEqual([0, 0, 0])
    expect(Array.from(out.db!.data as Float64Array)).toEqual([6, 8])
  })
})
