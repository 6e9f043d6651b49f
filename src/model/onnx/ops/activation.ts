/**
 * Activation functions and (log-)softmax.
 *
 * @module
 */
import type { Tensor } from "../graph.ts"
import { normalizeAxis } from "../shape.ts"
import { add, div, exp, greater, mul, square, sub, where } from "./elementwise.ts"
import { keepWhere, reduceSum } from "./reduce.ts"

const unary = (
  op: string,
  x: Tensor,
  backward: (dy: Tensor, x: Tensor, y: Tensor) => Tensor,
  attributes = {},
): Tensor =>
  x.graph.emit({
    op,
    inputs: [x],
    outputs: [{ dtype: x.dtype, shape: x.shape }],
    attributes,
    backward: ({ grads: [dy], inputs: [v], outputs: [y] }) => [backward(dy!, v!, y!)],
  })[0]!

/** `max(x, 0)`. Gradient: `dy` where the output is positive, 0 elsewhere. torch: `F.relu`. */
export const relu = (x: Tensor): Tensor =>
  unary("Relu", x, (dy, _, y) => keepWhere(greater(y, 0), dy, y.shape))

/** `x` for positive x, `alpha·x` otherwise. torch: `F.leaky_relu(x, alpha)`. */
export const leakyRelu = (x: Tensor, alpha = 0.01): Tensor =>
  unary("LeakyRelu", x, (dy, v) => where(greater(v, 0), dy, mul(dy, alpha)), {
    alpha: { kind: "float", value: alpha },
  })

/** `1 / (1 + e⁻ˣ)`. Gradient `dy·y·(1 − y)`. torch: `torch.sigmoid`. */
export const sigmoid = (x: Tensor): Tensor => unary("Sigmoid", x, (dy, _, y) => mul(dy, mul(y, sub(1, y))))

/** Hyperbolic tangent. Gradient `dy·(1 − y²)`. torch: `torch.tanh`. */
export const tanh = (x: Tensor): Tensor => unary("Tanh", x, (dy, _, y) => mul(dy, sub(1, square(y))))

/** `log(1 + eˣ)`. Gradient `dy·sigmoid(x)`. torch: `F.softplus`. */
export const softplus = (x: Tensor): Tensor =>
  unary("Softplus", x, (dy, v) =>
    mul(dy, v.graph.emit({ op: "Sigmoid", inputs: [v], outputs: [{ dtype: v.dtype, shape: v.shape }] })[0]!),
  )

/**
 * GELU, exact form `x·Φ(x) = 0.5·x·(1 + erf(x/√2))`, written in the node pattern ONNX Runtime fuses
 * into one Gelu kernel. Gradient `dy·(Φ(x) + x·φ(x))`. torch: `F.gelu(x)` (approximate="none").
 * ORT implements Erf for float32 only. Reference: Hendrycks & Gimpel 2016, arXiv:1606.08415.
 */
export const gelu = (x: Tensor): Tensor => {
  const g = x.graph
  const erf = (v: Tensor): Tensor =>
    g.emit({ op: "Erf", inputs: [v], outputs: [{ dtype: v.dtype, shape: v.shape }] })[0]!
  return g.composite(
    [x],
    () => [mul(mul(x, add(erf(div(x, Math.SQRT2)), 1)), 0.5)],
    ({ grads: [dy] }) => {
      const cdf = mul(add(erf(div(x, Math.SQRT2)), 1), 0.5)
      const pdf = mul(exp(mul(square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI))
      return [mul(dy!, add(cdf, mul(x, pdf)))]
    },
  )[0]!
}

/** Softmax along `axis` (default last). Gradient `y·(dy − Σ dy·y)`. torch: `F.softmax(x, axis)`. */
export const softmax = (x: Tensor, axis = -1): Tensor => {
  const a = normalizeAxis("Softmax", axis, x.shape.length)
  return unary("Softmax", x, (dy, _, y) => mul(y, sub(dy, reduceSum(mul(dy, y), [a], true))), {
    axis: { kind: "int", value: a },
  })
}

/** Log-softmax along `axis` (default last). Gradient `dy − eʸ·Σ dy`. torch: `F.log_softmax(x, axis)`. */
export const logSoftmax = (x: Tensor, axis = -1): Tensor => {
  const a = normalizeAxis("LogSoftmax", axis, x.shape.length)
  return unary("LogSoftmax", x, (dy, _, y) => sub(dy, mul(exp(y), reduceSum(dy, [a], true))), {
    axis: { kind: "int", value: a },
  })
}
