import * as ort from "onnxruntime-node"
import { describe, expect, it } from "vitest"
import { expectGradients, gradCheck } from "../../../../test/support/gradcheck.ts"
import { Graph, SEED_INPUT } from "../graph.ts"
import { relu } from "./activation.ts"
import { dropout } from "./dropout.ts"

const seedTensor = (s: number) => new ort.Tensor("int64", BigInt64Array.from([BigInt(s)]), [])

describe("dropout", () => {
  const build = async () => {
    const g = new Graph({ training: true })
    const x = g.input("x", "float", ["batch", 1000])
    g.output("a", dropout(x, 0.3))
    g.output("b", dropout(relu(x), 0.3))
    return ort.InferenceSession.create(g.toModel(), { logSeverityLevel: 3 })
  }
  const ones = new ort.Tensor("float32", new Float32Array(2000).fill(1), [2, 1000])

  it("drops about `rate` of the elements, scales the rest, and draws its mask from the seed input", async () => {
    const session = await build()
    expect(session.inputNames).toContain(SEED_INPUT)
    const first = await session.run({ x: ones, [SEED_INPUT]: seedTensor(7) })
    const again = await session.run({ x: ones, [SEED_INPUT]: seedTensor(7) })
    const other = await session.run({ x: ones, [SEED_INPUT]: seedTensor(8) })
    const a = Array.from(first.a!.data as Float32Array)
    const kept = a.filter((v) => v !== 0)
    expect(kept.every((v) => Math.abs(v - 1 / 0.7) < 1e-6)).toBe(true)
    expect(kept.length / a.length).toBeGreaterThan(0.65)
    expect(kept.length / a.length).toBeLessThan(0.75)
    expect(Array.from(again.a!.data as Float32Array)).toEqual(a)
    // Another seed, or another layer under the same seed, draws another mask.
    const differ = (u: ArrayLike<number>, v: ArrayLike<number>) =>
      Array.from(u).filter((x, i) => (x === 0) !== (v[i] === 0)).length
    expect(differ(other.a!.data as Float32Array, a)).toBeGreaterThan(400)
    expect(differ(first.b!.data as Float32Array, a)).toBeGreaterThan(400)
    await session.release()
  })

  it("passes the gradient through the kept elements only (float64, fixed seed)", async () => {
    const r = await gradCheck({
      dtype: "double",
      training: true,
      inputs: { x: { shape: [4, 6] }, seed: { shape: [], dtype: "int64", values: [11] } },
      build: ({ x, seed }) => dropout(x!, 0.5, { seed: seed! }),
    })
    expectGradients(r, 1e-6)
  })

  it("is the identity in an inference graph", () => {
    const g = new Graph({ training: false })
    const x = g.input("x", "float", [2])
    expect(dropout(x, 0.5)).toBe(x)
    expect(() => dropout(x, 1)).toThrow(/rate must be in \[0, 1\)/)
  })
})
