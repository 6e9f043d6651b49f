/**
 * Stochastic gradient descent with momentum inside the step graph.
 *
 * @module
 */
import type { Tensor } from "../graph.ts"
import { add, cast, mul, sub } from "../ops/elementwise.ts"
import type { Optimizer } from "./optimizer.ts"

export interface SgdOptions {
  /** Default 0.9 (0 disables the momentum buffer). */
  readonly momentum?: number
  /** Nesterov momentum. Default false. */
  readonly nesterov?: boolean
  /** L2 penalty added to the gradient of variables marked `decay`. Default 0. */
  readonly weightDecay?: number
}

/**
 * SGD step for step as `torch.optim.SGD` (dampening 0): `g ← g + wd·p`, `b ← μ·b + g`,
 * `p ← p − lr·(nesterov ? g + μ·b : b)`. Reference: Sutskever et al. 2013 (ICML).
 */
export const sgd = (options: SgdOptions = {}): Optimizer => {
  const { momentum = 0.9, nesterov = false, weightDecay = 0 } = options
  return {
    name: "sgd",
    slots: momentum === 0 ? [] : ["sgd_momentum"],
    begin:
      ({ lr }) =>
      ({ value, grad, slots: [buffer], decay }) => {
        const rate = cast(lr, value.dtype)
        const g = decay && weightDecay !== 0 ? add(grad, mul(value, weightDecay)) : grad
        if (momentum === 0) return { value: sub(value, mul(g, rate)), slots: [] }
        const b: Tensor = add(mul(buffer!, momentum), g)
        const direction = nesterov ? add(g, mul(b, momentum)) : b
        return { value: sub(value, mul(direction, rate)), slots: [b] }
      },
  }
}
