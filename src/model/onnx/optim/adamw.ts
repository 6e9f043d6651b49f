/**
 * AdamW inside the step graph.
 *
 * @module
 */
import type { Tensor } from "../graph.ts"
import { add, cast, div, mul, sqrt, square, sub } from "../ops/elementwise.ts"
import type { Optimizer } from "./optimizer.ts"

export interface AdamWOptions {
  /** Default 0.9. */
  readonly beta1?: number
  /** Default 0.999. */
  readonly beta2?: number
  /** Default 1e-8. */
  readonly epsilon?: number
  /** Decoupled weight decay, applied to variables marked `decay`. Default 0.01. */
  readonly weightDecay?: number
}

/**
 * Adam with decoupled weight decay, step for step as `torch.optim.AdamW`:
 * `p ← p·(1 − lr·wd)`, `m ← β₁m + (1 − β₁)g`, `v ← β₂v + (1 − β₂)g²`,
 * `p ← p − (lr/(1 − β₁ᵗ))·m / (√v/√(1 − β₂ᵗ) + ε)`.
 * Reference: Loshchilov & Hutter 2019, arXiv:1711.05101.
 */
export const adamW = (options: AdamWOptions = {}): Optimizer => {
  const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay = 0.01 } = options
  return {
    name: "adamw",
    slots: ["adam_m", "adam_v"],
    begin: ({ lr, step }) => {
      const g = lr.graph
      const correction = (beta: number): Tensor => sub(1, power(g.scalar(beta, lr.dtype), step))
      const stepSize = div(lr, correction(beta1))
      const rootCorrection = sqrt(correction(beta2))
      const shrink = sub(1, mul(lr, weightDecay))
      return ({ value, grad, slots: [m, v], decay }) => {
        const [size, root, keep] = [stepSize, rootCorrection, shrink].map((t) => cast(t, value.dtype)) as [
          Tensor,
          Tensor,
          Tensor,
        ]
        const m2 = add(mul(m!, beta1), mul(grad, 1 - beta1))
        const v2 = add(mul(v!, beta2), mul(square(grad), 1 - beta2))
        const decayed = decay && weightDecay !== 0 ? mul(value, keep) : value
        const denom = add(div(sqrt(v2), root), epsilon)
        return { value: sub(decayed, mul(div(m2, denom), size)), slots: [m2, v2] }
      }
    },
  }
}

/** `base^exponent` for a tensor exponent (the step count). */
const power = (base: Tensor, exponent: Tensor): Tensor =>
  base.graph.emit({ op: "Pow", inputs: [base, exponent], outputs: [{ dtype: base.dtype, shape: [] }] })[0]!
