/**
 * Gradient clipping by global norm.
 *
 * @module
 */
import type { Tensor } from "../graph.ts"
import { attr } from "../graph.ts"
import { add, cast, div, mul, sqrt, sum } from "../ops/elementwise.ts"

/** `√(Σ‖gᵢ‖²)` over all gradients, as a float scalar. torch: the value `clip_grad_norm_` returns. */
export const globalNorm = (grads: ReadonlyArray<Tensor>): Tensor => {
  const squares = grads.map((grad) => {
    const ss = grad.graph.emit({
      op: "ReduceSumSquare",
      inputs: [grad],
      outputs: [{ dtype: grad.dtype, shape: [] }],
      attributes: { keepdims: attr.int(0) },
    })[0]!
    return cast(ss, "float")
  })
  return sqrt(sum(squares))
}

/**
 * Scales every gradient by `min(1, maxNorm / (norm + 1e-6))`, as `torch.nn.utils.clip_grad_norm_`.
 * Returns the clipped gradients.
 */
export const clipByGlobalNorm = (grads: ReadonlyArray<Tensor>, norm: Tensor, maxNorm: number): Tensor[] => {
  const g = norm.graph
  const ratio = div(maxNorm, add(norm, 1e-6))
  const coef = g.emit({
    op: "Min",
    inputs: [ratio, g.scalar(1, "float")],
    outputs: [{ dtype: "float", shape: [] }],
  })[0]!
  return grads.map((grad) => mul(grad, cast(coef, grad.dtype)))
}
