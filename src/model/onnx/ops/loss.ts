/**
 * Losses, reduced to a scalar. Each takes an optional per-example `mask` (`[N]`, bool or float
 * weights): the loss averages over the examples whose mask is set, and is 0 (not NaN) for a batch
 * without any, which is how a multi-task model trains heads whose labels are missing on some
 * examples. The targets of masked-out examples are never read into the gradient, so they may hold
 * anything (NaN included).
 *
 * @module
 */
import { attr, type Tensor } from "../graph.ts"
import { fail, formatShape } from "../shape.ts"
import {
  abs,
  add,
  and,
  cast,
  div,
  equal,
  exp,
  greater,
  maximum,
  mul,
  not,
  square,
  sub,
  where,
} from "./elementwise.ts"
import { reshape } from "./layout.ts"
import { countOver, reduceMean, reduceSum, shapeOf, unsqueeze } from "./reduce.ts"

/** Smallest denominator of a masked mean: an empty selection gives 0/ε = 0. */
const EPSILON = 1e-12

export interface MaskOption {
  /** `[N]`: bool (labelled or not) or float (per-example weights, 0 = unlabelled). Default: all examples. */
  readonly mask?: Tensor
}

/** A mask as a condition and as weights, both `[N]`. */
const maskParts = (op: string, mask: Tensor, n: number | string, dtype: "float" | "double") => {
  if (mask.shape.length !== 1 || mask.shape[0] !== n)
    fail(op, `mask ${formatShape(mask.shape)} must be [${n}]`)
  if (mask.dtype === "bool") return { cond: mask, weight: cast(mask, dtype) }
  if (mask.dtype !== dtype) fail(op, `mask is ${mask.dtype}, predictions ${dtype}`)
  return { cond: greater(mask, 0), weight: mask }
}

/** `[N]` → `[N, 1, ...]` to broadcast over a tensor of `rank`. */
const rows = (v: Tensor, rank: number): Tensor =>
  rank === 1 ? v : reshape(v, [-1, ...new Array<number>(rank - 1).fill(1)])

/** Σ w·l / max(Σ w, ε) over examples; the mean when there are no weights. */
const weightedMean = (perExample: Tensor, weight: Tensor | undefined): Tensor =>
  weight === undefined
    ? reduceMean(perExample)
    : div(reduceSum(mul(perExample, weight)), maximum(reduceSum(weight), EPSILON))

/** Mean over all axes but the first. */
const perExample = (t: Tensor): Tensor =>
  t.shape.length === 1
    ? t
    : reduceMean(
        t,
        t.shape.slice(1).map((_, i) => i + 1),
      )

const checkPair = (op: string, pred: Tensor, target: Tensor): void => {
  if (formatShape(pred.shape) !== formatShape(target.shape) || pred.dtype !== target.dtype)
    fail(
      op,
      `prediction ${pred.dtype}${formatShape(pred.shape)} and target ${target.dtype}${formatShape(target.shape)} differ`,
    )
}

/** Targets of masked-out rows replaced by the prediction's type zero, so NaN labels cannot leak into gradients. */
const cleanTargets = (target: Tensor, cond: Tensor | undefined): Tensor =>
  cond === undefined ? target : where(rows(cond, target.shape.length), target, 0)

/**
 * Mean squared error `mean((pred − target)²)`. torch: `F.mse_loss(pred, target)`.
 * With a mask: the mean of per-example means over the masked examples.
 */
export const mse = (pred: Tensor, target: Tensor, options: MaskOption = {}): Tensor => {
  checkPair("MSE", pred, target)
  const m =
    options.mask === undefined ? undefined : maskParts("MSE", options.mask, pred.shape[0]!, float(pred))
  return weightedMean(perExample(square(sub(pred, cleanTargets(target, m?.cond)))), m?.weight)
}

/**
 * Huber loss: `½d²` for `|d| ≤ δ`, `δ(|d| − ½δ)` beyond, with `d = pred − target`.
 * torch: `F.huber_loss(pred, target, delta=δ)`. Default δ = 1.
 */
export const huber = (
  pred: Tensor,
  target: Tensor,
  options: MaskOption & { readonly delta?: number } = {},
): Tensor => {
  checkPair("Huber", pred, target)
  const delta = options.delta ?? 1
  const m =
    options.mask === undefined ? undefined : maskParts("Huber", options.mask, pred.shape[0]!, float(pred))
  const d = sub(pred, cleanTargets(target, m?.cond))
  const a = abs(d)
  const elementwise = where(greater(a, delta), mul(sub(a, 0.5 * delta), delta), mul(square(d), 0.5))
  return weightedMean(perExample(elementwise), m?.weight)
}

const float = (t: Tensor): "float" | "double" =>
  t.dtype === "float" || t.dtype === "double"
    ? t.dtype
    : fail("loss", `predictions must be float, got ${t.dtype}`)

export interface CrossEntropyOptions extends MaskOption {
  /** `[C]` class weights (imbalance). Default: all 1. */
  readonly weights?: Tensor
  /** Examples with this label are left out (a missing label). Default: none. */
  readonly ignoreIndex?: number
}

/**
 * Softmax cross-entropy of `logits: [N, C]` against int64 `labels: [N]`:
 * `Σᵢ wᵢ·(−log softmax(logitsᵢ)[yᵢ]) / Σᵢ wᵢ` with `wᵢ = weights[yᵢ]·maskᵢ`, over examples whose
 * label is not `ignoreIndex`. One fused rule: `dlogits = (softmax − onehot(y))·wᵢ/Σw`.
 * torch: `F.cross_entropy(logits, labels, weight, ignore_index)` (mean reduction), except that a
 * batch with no labelled example gives 0 where torch gives NaN.
 */
export const softmaxCrossEntropy = (
  logits: Tensor,
  labels: Tensor,
  options: CrossEntropyOptions = {},
): Tensor => {
  const op = "SoftmaxCrossEntropy"
  const dtype = float(logits)
  if (logits.shape.length !== 2) fail(op, `logits must be [N, C], got ${formatShape(logits.shape)}`)
  const [n, c] = logits.shape as [number | string, number | string]
  const classes = typeof c === "number" ? c : fail(op, `the class count must be static, got "${c}"`)
  if (labels.dtype !== "int64" || labels.shape.length !== 1 || labels.shape[0] !== n)
    fail(op, `labels must be int64 [${n}], got ${labels.dtype}${formatShape(labels.shape)}`)
  if (
    options.weights !== undefined &&
    (options.weights.shape.length !== 1 || options.weights.shape[0] !== classes)
  )
    fail(op, `weights ${formatShape(options.weights.shape)} must be [${classes}]`)
  const g = logits.graph
  let logProb: Tensor | undefined
  let safe: Tensor | undefined
  let share: Tensor | undefined
  return g.composite(
    [logits],
    () => {
      let valid = options.ignoreIndex === undefined ? undefined : not(equal(labels, options.ignoreIndex))
      const m = options.mask === undefined ? undefined : maskParts(op, options.mask, n, dtype)
      if (m !== undefined) valid = valid === undefined ? m.cond : and(valid, m.cond)
      safe = valid === undefined ? labels : where(valid, labels, 0)
      let weight: Tensor | undefined =
        options.weights === undefined
          ? undefined
          : g.emit({ op: "Gather", inputs: [options.weights, safe], outputs: [{ dtype, shape: [n] }] })[0]!
      if (m !== undefined) weight = weight === undefined ? m.weight : mul(weight, m.weight)
      if (valid !== undefined) weight = mul(weight ?? g.scalar(1, dtype), cast(valid, dtype))
      const w =
        weight ??
        g.emit({
          op: "Expand",
          inputs: [g.scalar(1, dtype), shapeOf(labels)],
          outputs: [{ dtype, shape: [n] }],
        })[0]!
      logProb = g.emit({
        op: "LogSoftmax",
        inputs: [logits],
        outputs: [{ dtype, shape: logits.shape }],
        attributes: { axis: attr.int(1) },
      })[0]!
      const picked = g.emit({
        op: "GatherElements",
        inputs: [logProb, unsqueeze(safe, [1])],
        outputs: [{ dtype, shape: [n, 1] }],
        attributes: { axis: attr.int(1) },
      })[0]!
      share = div(w, maximum(reduceSum(w), EPSILON))
      return [mul(reduceSum(mul(reshape(picked, [-1]), share)), -1)]
    },
    ({ grads: [dy] }) => {
      // (softmax − onehot(y))·coef, the one-hot as a comparison with the class indices.
      const coef = unsqueeze(mul(share!, dy!), [1])
      const isLabel = equal(
        unsqueeze(safe!, [1]),
        g.constant(
          Array.from({ length: classes }, (_, k) => k),
          "int64",
        ),
      )
      return [sub(mul(exp(logProb!), coef), where(isLabel, coef, 0))]
    },
  )[0]!
}

export interface BinaryCrossEntropyOptions extends MaskOption {
  /** `[K]` weight of each label's term. Default: all 1. */
  readonly weights?: Tensor
}

/**
 * Sigmoid binary cross-entropy for multi-label targets `[N, K]` in [0, 1], from logits, in the
 * overflow-free form `max(x, 0) − x·t + log(1 + e^(−|x|))`, averaged over labels and examples.
 * One fused rule: `dx = (sigmoid(x) − t)·w/(K·Σmask)`.
 * torch: `F.binary_cross_entropy_with_logits(logits, targets, weight)`.
 */
export const sigmoidBinaryCrossEntropy = (
  logits: Tensor,
  targets: Tensor,
  options: BinaryCrossEntropyOptions = {},
): Tensor => {
  const op = "SigmoidBCE"
  checkPair(op, logits, targets)
  const dtype = float(logits)
  const n = logits.shape[0]!
  const m = options.mask === undefined ? undefined : maskParts(op, options.mask, n, dtype)
  const g = logits.graph
  let t: Tensor | undefined
  let scale: Tensor | undefined
  return g.composite(
    [logits],
    () => {
      t = cleanTargets(targets, m?.cond)
      const elementwise = add(
        sub(maximum(logits, 0), mul(logits, t)),
        g.emit({
          op: "Softplus",
          inputs: [mul(abs(logits), -1)],
          outputs: [{ dtype, shape: logits.shape }],
        })[0]!,
      )
      const weighted = options.weights === undefined ? elementwise : mul(elementwise, options.weights)
      // Every element's share of the mean: w_k·mask_n / (K·Σ mask), or 1/(N·K).
      const perRow = m === undefined ? undefined : rows(m.weight, logits.shape.length)
      const count =
        m === undefined ? undefined : maximum(mul(reduceSum(m.weight), perRowSize(logits)), EPSILON)
      scale = m === undefined ? undefined : div(perRow!, count!)
      return [m === undefined ? reduceMean(weighted) : reduceSum(mul(weighted, scale!))]
    },
    ({ grads: [dy] }) => {
      const sig = g.emit({ op: "Sigmoid", inputs: [logits], outputs: [{ dtype, shape: logits.shape }] })[0]!
      let d = sub(sig, t!)
      if (options.weights !== undefined) d = mul(d, options.weights)
      const share =
        scale ??
        div(
          g.scalar(1, dtype),
          countOver(
            logits,
            logits.shape.map((_, i) => i),
          ),
        )
      return [mul(d, mul(share, dy!))]
    },
  )[0]!
}

/** Elements per example, as a scalar of the logits' type. */
const perRowSize = (t: Tensor): Tensor => {
  const size = t.shape
    .slice(1)
    .reduce<number>(
      (n, d) => (typeof d === "number" ? n * d : fail("loss", "needs static non-batch sizes")),
      1,
    )
  return t.graph.scalar(size, t.dtype)
}

/** `Σ wᵢ·lossᵢ`: the total loss of a multi-task model. */
export const weightedSum = (terms: ReadonlyArray<readonly [loss: Tensor, weight: number]>): Tensor => {
  if (terms.length === 0) return fail("weightedSum", "needs at least one term")
  return terms.map(([l, w]) => (w === 1 ? l : mul(l, w))).reduce((a, b) => add(a, b))
}
