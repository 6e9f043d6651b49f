/**
 * Normalisation layers: batch normalisation (training and inference forms) and layer normalisation.
 *
 * @module
 */
import { attr, type Tensor } from "../graph.ts"
import { fail, formatShape, normalizeAxis } from "../shape.ts"
import { add, div, mul, sqrt, square, sub } from "./elementwise.ts"
import { reshape } from "./layout.ts"
import { countOver, reduceMean, reduceSum, shapeOf, sumToShape } from "./reduce.ts"

/** `[C]` → `[1, C, 1, ...]`, to broadcast per channel over `[N, C, ...]`. */
const perChannel = (v: Tensor, rank: number): Tensor =>
  reshape(v, [1, -1, ...new Array<number>(rank - 2).fill(1)])

const checkChannels = (op: string, x: Tensor, ...vs: Tensor[]): void => {
  if (x.shape.length < 2) fail(op, `expects [N, C, ...], got ${formatShape(x.shape)}`)
  for (const v of vs)
    if (v.shape.length !== 1 || v.shape[0] !== x.shape[1])
      fail(op, `${formatShape(v.shape)} does not match the ${x.shape[1]} channels of ${formatShape(x.shape)}`)
}

/** The batch statistics a training-mode batch norm produced, besides its output. */
export interface BatchStats {
  readonly y: Tensor
  /** Per-channel batch mean `[C]` (no gradient flows through it). */
  readonly mean: Tensor
  /** Per-channel biased batch variance `[C]` (no gradient flows through it). */
  readonly variance: Tensor
  /** Number of values each statistic was taken over (`N·H·W`), as a scalar of x's type. */
  readonly count: Tensor
}

/**
 * Batch normalisation with batch statistics (training mode) over all axes but 1:
 * `y = (x − μ)/√(σ² + ε)·γ + β`. One fused backward rule (three passes over `x`):
 * `dx = γ̂·dy − γ̂·Σdy/M − γ̂·(Σ dy·(x−μ))·(x−μ)/(M·(σ²+ε))` with `γ̂ = γ/√(σ²+ε)`.
 * torch: `F.batch_norm(x, None, None, γ, β, training=True, eps=ε)`.
 * Reference: Ioffe & Szegedy 2015, arXiv:1502.03167.
 */
export const batchNormTraining = (x: Tensor, scale: Tensor, bias: Tensor, epsilon = 1e-5): BatchStats => {
  checkChannels("BatchNormalization", x, scale, bias)
  const g = x.graph
  const rank = x.shape.length
  const axes = [0, ...x.shape.slice(2).map((_, i) => i + 2)]
  let centred: Tensor | undefined
  let count: Tensor | undefined
  const [y, mean, variance] = g.composite(
    [x, scale, bias],
    () => {
      const mu = reduceMean(x, axes, true)
      // x − μ is kept for the backward pass; the variance is taken from it (no E[x²] − μ² cancellation).
      centred = sub(x, mu)
      count = countOver(x, axes)
      // ReduceSum of a Mul: faster here than ReduceSumSquare, and ReduceSumSquare over [0, 2, 3]
      // accumulates less accurately (1e-4 relative error on a 32 × 16 × 128 × 256 activation, 3e-7 here).
      const sumSq = reduceSum(square(centred), axes, true)
      const [m, v] = [reshape(mu, [-1]), reshape(div(sumSq, count), [-1])]
      // ONNX's inference-form BatchNormalization with the batch statistics: one pass over x.
      return [batchNormNode(x, scale, bias, m, v, epsilon), m, v]
    },
    ({ grads: [dy], outputs: [, , v], needs }) => {
      const inv = perChannel(div(1, sqrt(add(v!, Math.fround(epsilon)))), rank)
      const gain = mul(perChannel(scale, rank), inv)
      const dBias = reduceSum(dy!, axes, true)
      const proj = reduceSum(mul(dy!, centred!), axes, true)
      // dx = dy·γ̂ + (x − μ)·a + b, the second term as one fused per-channel affine pass.
      const a = div(mul(mul(gain, mul(inv, inv)), proj), neg(count!))
      const b = div(mul(gain, dBias), neg(count!))
      const dx = needs[0]
        ? add(mul(dy!, gain), affine(centred!, reshape(a, [-1]), reshape(b, [-1])))
        : undefined
      return [
        dx,
        needs[1] ? reshape(mul(proj, inv), [-1]) : undefined,
        needs[2] ? reshape(dBias, [-1]) : undefined,
      ]
    },
  )
  return { y: y!, mean: mean!, variance: variance!, count: count! }
}

const neg = (t: Tensor): Tensor => mul(t, -1)

/** ONNX BatchNormalization (inference form): `(x − mean)/√(var + ε)·scale + bias`, per channel. */
const batchNormSpec = (
  x: Tensor,
  scale: Tensor,
  bias: Tensor,
  mean: Tensor,
  variance: Tensor,
  epsilon: number,
) => ({
  op: "BatchNormalization",
  inputs: [x, scale, bias, mean, variance],
  outputs: [{ dtype: x.dtype, shape: x.shape }],
  attributes: { epsilon: attr.float(epsilon) },
})

const batchNormNode = (...args: Parameters<typeof batchNormSpec>): Tensor =>
  args[0].graph.emit(batchNormSpec(...args))[0]!

/**
 * `x·a + b` per channel (`a`, `b`: `[C]`) in one pass: BatchNormalization with mean 0, variance 1
 * and ε = 0, which ORT runs faster than a Mul and an Add (and than a three-input Sum).
 */
const affine = (x: Tensor, a: Tensor, b: Tensor): Tensor => {
  const g = x.graph
  const filled = (v: number): Tensor =>
    g.emit({
      op: "Expand",
      inputs: [g.scalar(v, x.dtype), shapeOf(a)],
      outputs: [{ dtype: x.dtype, shape: a.shape }],
    })[0]!
  return batchNormNode(x, a, b, filled(0), filled(1), 0)
}

/**
 * Batch normalisation with fixed statistics (inference form, ONNX BatchNormalization):
 * `y = (x − mean)/√(var + ε)·γ + β`. Differentiable in x, γ and β (for fine-tuning with frozen
 * statistics). torch: `F.batch_norm(x, mean, var, γ, β, training=False, eps=ε)`.
 */
export const batchNormInference = (
  x: Tensor,
  scale: Tensor,
  bias: Tensor,
  mean: Tensor,
  variance: Tensor,
  epsilon = 1e-5,
): Tensor => {
  checkChannels("BatchNormalization", x, scale, bias, mean, variance)
  const rank = x.shape.length
  const axes = [0, ...x.shape.slice(2).map((_, i) => i + 2)]
  return x.graph.emit({
    ...batchNormSpec(x, scale, bias, mean, variance, epsilon),
    backward: ({ grads: [dy], needs }) => {
      const inv = div(1, sqrt(add(perChannel(variance, rank), Math.fround(epsilon))))
      const xhat = () => mul(sub(x, perChannel(mean, rank)), inv)
      return [
        needs[0] ? mul(dy!, mul(perChannel(scale, rank), inv)) : undefined,
        needs[1] ? reduceSum(mul(dy!, xhat()), axes) : undefined,
        needs[2] ? reduceSum(dy!, axes) : undefined,
        undefined,
        undefined,
      ]
    },
  })[0]!
}

export interface BatchNormVariables {
  readonly scale: Tensor
  readonly bias: Tensor
  /** A variable: a training graph assigns its updated value. */
  readonly runningMean: Tensor
  /** A variable: a training graph assigns its updated value. */
  readonly runningVar: Tensor
}

export interface BatchNormOptions {
  /** Weight of the old running statistic (ONNX convention; torch's momentum is 1 − this). Default 0.9. */
  readonly momentum?: number
  /** Default 1e-5. */
  readonly epsilon?: number
}

/**
 * Batch normalisation that follows the graph's mode, as `torch.nn.BatchNorm*d` does: a training
 * graph normalises with batch statistics and assigns the running statistics
 * `r ← momentum·r + (1 − momentum)·s` (the variance unbiased, `·M/(M−1)`, as torch); an inference
 * graph uses the running statistics.
 */
export const batchNorm = (x: Tensor, v: BatchNormVariables, options: BatchNormOptions = {}): Tensor => {
  const { momentum = 0.9, epsilon = 1e-5 } = options
  const g = x.graph
  if (!g.training) return batchNormInference(x, v.scale, v.bias, v.runningMean, v.runningVar, epsilon)
  const stats = batchNormTraining(x, v.scale, v.bias, epsilon)
  g.untaped(() => {
    const blend = (old: Tensor, batch: Tensor) => add(mul(old, momentum), mul(batch, 1 - momentum))
    const unbiased = div(mul(stats.variance, stats.count), sub(stats.count, 1))
    g.assign(v.runningMean, blend(v.runningMean, stats.mean))
    g.assign(v.runningVar, blend(v.runningVar, unbiased))
  })
  return stats.y
}

/**
 * Layer normalisation over the axes from `axis` (default −1) on:
 * `y = (x − μ)/√(σ² + ε)·γ + β`, with `γ`, `β` shaped like those axes (ONNX LayerNormalization).
 * Gradient: `dx = (ĝ − mean(ĝ) − x̂·mean(ĝ·x̂))/√(σ² + ε)` with `ĝ = dy·γ`.
 * torch: `F.layer_norm(x, x.shape[axis:], γ, β, ε)`. Reference: Ba et al. 2016, arXiv:1607.06450.
 */
export const layerNorm = (
  x: Tensor,
  scale: Tensor,
  bias: Tensor,
  options: { axis?: number; epsilon?: number } = {},
): Tensor => {
  const op = "LayerNormalization"
  const rank = x.shape.length
  const axis = normalizeAxis(op, options.axis ?? -1, rank)
  const epsilon = options.epsilon ?? 1e-5
  const normalised = x.shape.slice(axis)
  for (const v of [scale, bias])
    if (formatShape(v.shape) !== formatShape(normalised))
      fail(
        op,
        `${formatShape(v.shape)} must be ${formatShape(normalised)} (the axes from ${axis} of ${formatShape(x.shape)})`,
      )
  const axes = normalised.map((_, i) => axis + i)
  return x.graph.emit({
    op,
    inputs: [x, scale, bias],
    outputs: [{ dtype: x.dtype, shape: x.shape }],
    attributes: { axis: attr.int(axis), epsilon: attr.float(epsilon) },
    backward: ({ grads: [dy], needs }) => {
      // The statistics are recomputed: ONNX's optional Mean/InvStdDev outputs are float32 even for double inputs.
      const centred = sub(x, reduceMean(x, axes, true))
      const invStd = div(1, sqrt(add(reduceMean(mul(centred, centred), axes, true), Math.fround(epsilon))))
      const xhat = mul(centred, invStd)
      const gHat = mul(dy!, scale)
      const dx = needs[0]
        ? mul(
            invStd,
            sub(sub(gHat, reduceMean(gHat, axes, true)), mul(xhat, reduceMean(mul(gHat, xhat), axes, true))),
          )
        : undefined
      return [
        dx,
        needs[1] ? sumToShape(mul(dy!, xhat), scale.shape) : undefined,
        needs[2] ? sumToShape(dy!, bias.shape) : undefined,
      ]
    },
  })[0]!
}
