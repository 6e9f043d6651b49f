/**
 * Cross-entropy against soft targets: one loss for hard labels with class weights, missing labels,
 * label smoothing and mixup, all expressed by the target rows the batch assembler computes.
 *
 * @module
 */
import { attr, type Tensor } from "./onnx/graph.ts"
import { div, exp, maximum, mul, sub } from "./onnx/ops/elementwise.ts"
import { reduceSum } from "./onnx/ops/reduce.ts"
import { fail, formatShape } from "./onnx/shape.ts"

/**
 * `−Σᵢ Σ_c T_ic · log softmax(logits_i)_c / Σᵢ Σ_c T_ic` for `logits, targets: [N, C]`. A row of
 * `targets` holds the example's weight spread over classes: `w·onehot(y)` for a hard label with
 * class weight `w`, a smoothed or mixed distribution times its weight, zeros for an unlabelled
 * example. A batch without any target gives 0. One fused backward rule:
 * `dlogits = (softmax · Σ_c T_ic − T) / Σ T`.
 * torch: `F.cross_entropy(logits, probs)` (soft targets) generalised to weighted rows.
 */
export const softTargetCrossEntropy = (logits: Tensor, targets: Tensor): Tensor => {
  const op = "SoftTargetCrossEntropy"
  if (logits.shape.length !== 2 || formatShape(logits.shape) !== formatShape(targets.shape))
    fail(
      op,
      `logits ${formatShape(logits.shape)} and targets ${formatShape(targets.shape)} must both be [N, C]`,
    )
  const dtype = logits.dtype
  if ((dtype !== "float" && dtype !== "double") || targets.dtype !== dtype)
    fail(op, `logits and targets must have one float type, got ${dtype} and ${targets.dtype}`)
  const g = logits.graph
  let logProb: Tensor | undefined
  let total: Tensor | undefined
  return g.composite(
    [logits],
    () => {
      logProb = g.emit({
        op: "LogSoftmax",
        inputs: [logits],
        outputs: [{ dtype, shape: logits.shape }],
        attributes: { axis: attr.int(1) },
      })[0]!
      total = maximum(reduceSum(targets), 1e-12)
      return [mul(div(reduceSum(mul(targets, logProb)), total), -1)]
    },
    ({ grads: [dy] }) => {
      const rowWeight = reduceSum(targets, [1], true)
      return [mul(sub(mul(exp(logProb!), rowWeight), targets), div(dy!, total!))]
    },
  )[0]!
}
