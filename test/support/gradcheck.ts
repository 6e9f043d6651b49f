/**
 * Gradient checks: the gradients autodiff builds, run by ONNX Runtime, against central finite
 * differences of the same graph's loss.
 */
import * as ort from "onnxruntime-node"
import { expect } from "vitest"
import { gradients } from "../../src/model/onnx/autodiff.ts"
import { type FloatDType, ortType } from "../../src/model/onnx/dtype.ts"
import { Graph, type Tensor } from "../../src/model/onnx/graph.ts"
import { mul, reduceSum } from "../../src/model/onnx/ops/index.ts"
import { seededRandom } from "../../src/model/onnx/random.ts"
import { isStatic } from "../../src/model/onnx/shape.ts"

/** A graph input of a checked op. */
export interface CheckedInput {
  readonly shape: ReadonlyArray<number>
  /** Default: uniform in [-1, 1). */
  readonly values?: ArrayLike<number>
  /** Element type when not the case's float type (labels: `"int64"`, masks: `"bool"`). */
  readonly dtype?: "int64" | "bool"
  /** Fed but not differentiated (statistics, targets). Default false for float inputs. */
  readonly constant?: boolean
}

export interface GradCheckCase {
  readonly dtype: FloatDType
  readonly inputs: Readonly<Record<string, CheckedInput>>
  readonly build: (t: Readonly<Record<string, Tensor>>) => Tensor
  /** Build the graph in training mode. Default false. */
  readonly training?: boolean
  /** Finite-difference step. Default 1e-6 for double, 1e-2 for float. */
  readonly step?: number
  /** At most this many elements of each input are perturbed (chosen at random). Default 40. */
  readonly samples?: number
  readonly seed?: number
}

/** Worst relative error `‖fd − autodiff‖∞ / ‖autodiff‖∞` per input. */
export type GradCheckResult = Record<string, number>

/** Uniform values in [-1, 1). */
export const uniform = (n: number, seed = 1): number[] => {
  const r = seededRandom(seed)
  return Array.from({ length: n }, () => 2 * r.uniform() - 1)
}

/**
 * Distinct values at least `gap` apart and away from 0, shuffled: kinks (ReLU at 0, ties inside
 * a max-pool window) stay out of reach of a finite-difference step smaller than `gap / 2`.
 */
export const spaced = (n: number, seed = 1, gap = 0.1): number[] => {
  const r = seededRandom(seed)
  const values = Array.from({ length: n }, (_, i) => (i - Math.floor(n / 2) + 0.5) * gap)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r.uniform() * (i + 1))
    ;[values[i], values[j]] = [values[j]!, values[i]!]
  }
  return values
}

const tensorOf = (dtype: string, values: ArrayLike<number>, shape: ReadonlyArray<number>): ort.Tensor => {
  if (dtype === "int64")
    return new ort.Tensor("int64", BigInt64Array.from(Array.from(values, (v) => BigInt(v))), [...shape])
  if (dtype === "bool") return new ort.Tensor("bool", Uint8Array.from(values), [...shape])
  const data = dtype === "float64" ? Float64Array.from(values) : Float32Array.from(values)
  return new ort.Tensor(dtype as "float32", data, [...shape])
}

/**
 * Builds `loss = Σ out·R` (R fixed random weights, so that every output element matters
 * differently), differentiates it with {@link gradients}, and compares each input's gradient with
 * central differences `(L(x + h·eᵢ) − L(x − h·eᵢ)) / 2h` computed by running the same model.
 */
export const gradCheck = async (c: GradCheckCase): Promise<GradCheckResult> => {
  const g = new Graph({ training: c.training ?? false })
  const handles: Record<string, Tensor> = {}
  for (const [name, spec] of Object.entries(c.inputs))
    handles[name] = g.input(name, spec.dtype ?? c.dtype, spec.shape)
  const out = c.build(handles)
  if (!isStatic(out.shape)) throw new Error("gradCheck needs a static output shape")
  const size = out.shape.reduce((n, d) => n * d, 1)
  const weights = g.constant(uniform(size, 99), out.dtype, out.shape)
  const loss = out.shape.length === 0 ? mul(out, weights) : reduceSum(mul(out, weights))
  const wrt = Object.entries(c.inputs).filter(([, s]) => s.dtype === undefined && !s.constant)
  const grads = gradients(
    loss,
    wrt.map(([n]) => handles[n]!),
  )
  g.output("loss", loss)
  for (const [i, [n]] of wrt.entries()) g.output(`grad_${n}`, grads[i]!)

  const type = ortType[c.dtype]
  const values: Record<string, number[]> = {}
  let seed = c.seed ?? 1
  for (const [name, spec] of Object.entries(c.inputs)) {
    const n = spec.shape.reduce((a, d) => a * d, 1)
    values[name] = Array.from(spec.values ?? uniform(n, seed++))
  }
  const feeds = (): Record<string, ort.Tensor> =>
    Object.fromEntries(
      Object.entries(c.inputs).map(([name, spec]) => [
        name,
        tensorOf(spec.dtype === undefined ? type : spec.dtype, values[name]!, spec.shape),
      ]),
    )
  const analytic = await ort.InferenceSession.create(g.toModel(), { logSeverityLevel: 3 })
  const forward = await ort.InferenceSession.create(g.toModel({ outputs: ["loss"] }), { logSeverityLevel: 3 })
  try {
    const result = await analytic.run(feeds())
    const lossAt = async (): Promise<number> => Number((await forward.run(feeds())).loss!.data[0])
    const h = c.step ?? (c.dtype === "double" ? 1e-6 : 1e-2)
    const report: GradCheckResult = {}
    const pick = seededRandom(seed)
    for (const [name] of wrt) {
      const grad = result[`grad_${name}`]!.data as Float32Array | Float64Array
      const x = values[name]!
      const indices = x.map((_, i) => i)
      const limit = c.samples ?? 40
      while (indices.length > limit) indices.splice(Math.floor(pick.uniform() * indices.length), 1)
      let worst = 0
      let scale = 0
      for (const v of grad) scale = Math.max(scale, Math.abs(v))
      for (const i of indices) {
        const keep = x[i]!
        x[i] = keep + h
        const up = await lossAt()
        x[i] = keep - h
        const down = await lossAt()
        x[i] = keep
        worst = Math.max(worst, Math.abs((up - down) / (2 * h) - grad[i]!))
      }
      report[name] = worst / Math.max(scale, 1e-12)
    }
    return report
  } finally {
    await analytic.release()
    await forward.release()
  }
}

/**
 * Asserts every input's relative error is below `tolerance`. With `GRADCHECK_REPORT=1` it also
 * prints the errors reached, to record the tolerances the rules achieve.
 */
export const expectGradients = (result: GradCheckResult, tolerance: number): void => {
  if (process.env.GRADCHECK_REPORT === "1") {
    const name = expect.getState().currentTestName ?? "?"
    const worst = Math.max(...Object.values(result))
    console.log(`gradcheck ${worst.toExponential(1)} (tolerance ${tolerance.toExponential(0)}) ${name}`)
  }
  for (const [input, error] of Object.entries(result))
    expect(error, `gradient of ${input}`).toBeLessThan(tolerance)
}
