/**
 * Matrix products: MatMul (batched, broadcasting), Gemm and the `linear` layer built on them.
 *
 * @module
 */
import { attr, type Tensor } from "../graph.ts"
import { broadcastShapes, type Dim, fail, formatShape } from "../shape.ts"
import { add, mul } from "./elementwise.ts"
import { transpose } from "./layout.ts"
import { sumToShape } from "./reduce.ts"

/** Swaps the last two axes. */
const swapLast = (x: Tensor): Tensor => {
  const r = x.shape.length
  return transpose(x, [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2])
}

const sameDim = (a: Dim, b: Dim): boolean => a === b

/**
 * Matrix product of the last two axes, broadcasting the leading ones: `[..., M, K] @ [..., K, N]`.
 * Gradients: `dA = dY·Bᵀ`, `dB = Aᵀ·dY`, summed over broadcast axes. numpy: `np.matmul` (rank ≥ 2).
 */
export const matmul = (a: Tensor, b: Tensor): Tensor => {
  const op = "MatMul"
  if (a.shape.length < 2 || b.shape.length < 2)
    fail(op, `needs rank ≥ 2, got ${formatShape(a.shape)} @ ${formatShape(b.shape)}`)
  if (a.dtype !== b.dtype) fail(op, `operands are ${a.dtype} and ${b.dtype}`)
  const [m, k] = a.shape.slice(-2) as [Dim, Dim]
  const [k2, n] = b.shape.slice(-2) as [Dim, Dim]
  if (!sameDim(k, k2)) fail(op, `inner dimensions differ: ${formatShape(a.shape)} @ ${formatShape(b.shape)}`)
  const batch = broadcastShapes(op, a.shape.slice(0, -2), b.shape.slice(0, -2))
  return a.graph.emit({
    op,
    inputs: [a, b],
    outputs: [{ dtype: a.dtype, shape: [...batch, m, n] }],
    backward: ({ grads: [dy], needs }) => [
      needs[0] ? sumToShape(matmul(dy!, swapLast(b)), a.shape) : undefined,
      needs[1] ? sumToShape(matmul(swapLast(a), dy!), b.shape) : undefined,
    ],
  })[0]!
}

export interface GemmOptions {
  /** Use Aᵀ. Default false. */
  readonly transA?: boolean
  /** Use Bᵀ. Default false. */
  readonly transB?: boolean
  /** Default 1. */
  readonly alpha?: number
  /** Default 1. */
  readonly beta?: number
}

/**
 * `alpha·op(A)·op(B) + beta·C` for 2-D `A`, `B` and a `C` broadcastable to `[M, N]` (ONNX Gemm).
 * Each gradient is itself one Gemm with the transposes chosen so that nothing is transposed in memory.
 */
export const gemm = (a: Tensor, b: Tensor, c?: Tensor, options: GemmOptions = {}): Tensor => {
  const op = "Gemm"
  const { transA = false, transB = false, alpha = 1, beta = 1 } = options
  if (a.shape.length !== 2 || b.shape.length !== 2)
    fail(op, `needs 2-D operands, got ${formatShape(a.shape)}, ${formatShape(b.shape)}`)
  const [m, k] = transA ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!]
  const [k2, n] = transB ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!]
  if (!sameDim(k, k2)) fail(op, `inner dimensions differ: op(A) is [${m}, ${k}], op(B) is [${k2}, ${n}]`)
  if (c !== undefined) broadcastShapes(op, [m, n], c.shape)
  return a.graph.emit({
    op,
    inputs: c === undefined ? [a, b] : [a, b, c],
    outputs: [{ dtype: a.dtype, shape: [m, n] }],
    attributes: {
      transA: attr.int(transA ? 1 : 0),
      transB: attr.int(transB ? 1 : 0),
      alpha: attr.float(alpha),
      beta: attr.float(beta),
    },
    backward: ({ grads: [dy], needs }) => [
      // Y = α·op(A)·op(B): dop(A) = α·dY·op(B)ᵀ, dop(B) = α·op(A)ᵀ·dY, then undo op().
      needs[0]
        ? transA
          ? gemm(b, dy!, undefined, { transA: transB, transB: true, alpha })
          : gemm(dy!, b, undefined, { transB: !transB, alpha })
        : undefined,
      needs[1]
        ? transB
          ? gemm(dy!, a, undefined, { transA: true, transB: transA, alpha })
          : gemm(a, dy!, undefined, { transA: !transA, alpha })
        : undefined,
      // ONNX stores alpha and beta as float32: scale by the value the forward pass used.
      needs[2] ? sumToShape(beta === 1 ? dy! : mul(dy!, Math.fround(beta)), c!.shape) : undefined,
    ],
  })[0]!
}

/**
 * A fully connected layer `x·Wᵀ + b` with PyTorch's weight layout `W: [out, in]`.
 * 2-D inputs use one Gemm; higher ranks a MatMul over the last axis. torch: `F.linear(x, W, b)`.
 */
export const linear = (x: Tensor, weight: Tensor, bias?: Tensor): Tensor => {
  if (x.shape.length === 2) return gemm(x, weight, bias, { transB: true })
  const y = matmul(x, transpose(weight, [1, 0]))
  return bias === undefined ? y : add(y, bias)
}
