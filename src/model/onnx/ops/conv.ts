/**
 * 1-D and 2-D convolution (ONNX Conv, NCW / NCHW layout, one group).
 *
 * @module
 */
import { attr, type Tensor } from "../graph.ts"
import { type Dim, fail, formatShape, windowOutputDim } from "../shape.ts"
import { reshape, transpose } from "./layout.ts"
import { matmul } from "./matmul.ts"
import { reduceSum } from "./reduce.ts"

export interface ConvOptions {
  /** Step between windows per spatial axis (a number applies to every axis). Default 1. */
  readonly strides?: number | ReadonlyArray<number>
  /**
   * Zero padding: a number for every side, one number per spatial axis (both sides), or ONNX's
   * `[begin..., end...]`. Default 0.
   */
  readonly pads?: number | ReadonlyArray<number>
  /** Spacing of kernel taps per spatial axis. Default 1. */
  readonly dilations?: number | ReadonlyArray<number>
}

/** Per-axis window parameters resolved from the options. */
export interface Window {
  readonly kernel: ReadonlyArray<number>
  readonly strides: ReadonlyArray<number>
  readonly dilations: ReadonlyArray<number>
  /** ONNX order: begins, then ends. */
  readonly pads: ReadonlyArray<number>
}

/** Resolves window options for `spatial` axes (shared with pooling). */
export const resolveWindow = (op: string, kernel: ReadonlyArray<number>, options: ConvOptions): Window => {
  const n = kernel.length
  const perAxis = (v: number | ReadonlyArray<number> | undefined, name: string): number[] => {
    if (v === undefined) return new Array<number>(n).fill(1)
    const out = typeof v === "number" ? new Array<number>(n).fill(v) : [...v]
    if (out.length !== n) fail(op, `${name} needs ${n} values, got ${out.length}`)
    return out
  }
  const p = options.pads ?? 0
  const pads =
    typeof p === "number" ? new Array<number>(2 * n).fill(p) : p.length === n ? [...p, ...p] : [...p]
  if (pads.length !== 2 * n) fail(op, `pads needs ${n} or ${2 * n} values, got ${pads.length}`)
  return {
    kernel,
    strides: perAxis(options.strides, "strides"),
    dilations: perAxis(options.dilations, "dilations"),
    pads,
  }
}

/** Output spatial sizes of a window sliding over `spatial`. */
export const windowOutput = (op: string, spatial: ReadonlyArray<Dim>, w: Window): Dim[] =>
  spatial.map((size, i) =>
    windowOutputDim(
      op,
      size,
      w.kernel[i]!,
      w.strides[i]!,
      w.dilations[i]!,
      w.pads[i]!,
      w.pads[i + spatial.length]!,
    ),
  )

const windowAttributes = (w: Window) => ({
  kernel_shape: attr.ints(w.kernel),
  strides: attr.ints(w.strides),
  dilations: attr.ints(w.dilations),
  pads: attr.ints(w.pads),
})

/**
 * Convolution (cross-correlation, as in deep learning) of `x: [N, C, ...spatial]` with
 * `weight: [O, C, ...kernel]` and an optional `bias: [O]`, for 1 or 2 spatial axes.
 *
 * Gradients: `dX` = convolution of `dY` with the flipped kernel (ConvTranspose when strided);
 * `dW` = im2col of X times `dY`, summed over the batch; `dB` = `dY` summed over batch and space.
 * torch: `F.conv1d` / `F.conv2d` (groups = 1). ORT implements Conv for float32 only.
 */
export const conv = (x: Tensor, weight: Tensor, bias?: Tensor, options: ConvOptions = {}): Tensor => {
  const op = "Conv"
  const rank = x.shape.length
  if (rank !== 3 && rank !== 4) fail(op, `expects [N, C, W] or [N, C, H, W], got ${formatShape(x.shape)}`)
  if (weight.shape.length !== rank)
    fail(op, `weight ${formatShape(weight.shape)} does not match input rank ${rank}`)
  if (x.shape[1] !== weight.shape[1])
    fail(
      op,
      `input has ${x.shape[1]} channels, weight ${formatShape(weight.shape)} expects ${weight.shape[1]}`,
    )
  if (bias !== undefined && (bias.shape.length !== 1 || bias.shape[0] !== weight.shape[0]))
    fail(op, `bias ${formatShape(bias.shape)} does not match ${weight.shape[0]} output channels`)
  const kernel = weight.shape.slice(2)
  if (kernel.some((k) => typeof k !== "number"))
    fail(op, `the kernel size must be static, got ${formatShape(kernel)}`)
  const w = resolveWindow(op, kernel as number[], options)
  const spatial = windowOutput(op, x.shape.slice(2), w)
  return x.graph.emit({
    op,
    inputs: bias === undefined ? [x, weight] : [x, weight, bias],
    outputs: [{ dtype: x.dtype, shape: [x.shape[0]!, weight.shape[0]!, ...spatial] }],
    attributes: windowAttributes(w),
    backward: ({ grads: [dy], needs }) => [
      needs[0] ? convInputGrad(dy!, x, weight, w) : undefined,
      needs[1] ? convWeightGrad(dy!, x, weight, w) : undefined,
      needs[2] ? reduceSum(dy!, [0, ...spatial.map((_, i) => i + 2)]) : undefined,
    ],
  })[0]!
}

/**
 * dX. With stride 1, a plain convolution of dY with the flipped, channel-swapped kernel (ORT's
 * Conv is faster than its ConvTranspose); otherwise ConvTranspose(dY, W), with output padding
 * restoring the sizes that striding rounded away.
 */
const convInputGrad = (dy: Tensor, x: Tensor, weight: Tensor, w: Window): Tensor => {
  const g = dy.graph
  const n = w.kernel.length
  // How far each kernel reaches beyond its first tap.
  const reach = w.kernel.map((k, i) => w.dilations[i]! * (k - 1))
  const flippedPads = [...reach, ...reach].map((r, i) => r - w.pads[i]!)
  if (w.strides.every((s) => s === 1) && flippedPads.every((p) => p >= 0)) {
    const spatial = w.kernel.map((_, i) => i + 2)
    return g.emit({
      op: "Conv",
      inputs: [dy, transpose(flipSpatial(weight), [1, 0, ...spatial])],
      outputs: [{ dtype: x.dtype, shape: x.shape }],
      attributes: { dilations: attr.ints(w.dilations), pads: attr.ints(flippedPads) },
    })[0]!
  }
  const outputPadding = w.strides.map((stride, i) => {
    if (stride === 1) return 0
    const [size, out] = [x.shape[i + 2]!, dy.shape[i + 2]!]
    if (typeof size !== "number" || typeof out !== "number")
      return fail(
        "Conv",
        `the input gradient with stride ${stride} needs static sizes, got ${formatShape(x.shape)}`,
      )
    return size - ((out - 1) * stride + reach[i]! + 1 - w.pads[i]! - w.pads[i + n]!)
  })
  return g.emit({
    op: "ConvTranspose",
    inputs: [dy, weight],
    outputs: [{ dtype: x.dtype, shape: x.shape }],
    attributes: { ...windowAttributes(w), output_padding: attr.ints(outputPadding) },
  })[0]!
}

/** Reverses a kernel along its spatial axes (a Slice with step −1). */
const flipSpatial = (weight: Tensor): Tensor => {
  const g = weight.graph
  const axes = weight.shape.slice(2).map((_, i) => i + 2)
  const each = (v: number) =>
    g.constant(
      axes.map(() => v),
      "int64",
    )
  return g.emit({
    op: "Slice",
    inputs: [weight, each(-1), each(Number.MIN_SAFE_INTEGER), g.constant(axes, "int64"), each(-1)],
    outputs: [{ dtype: weight.dtype, shape: weight.shape }],
  })[0]!
}

/**
 * dW[o, c, k] = Σₙ Σₚ dY[n, o, p]·X[n, c, p·s + k·d]: im2col, then one batched MatMul.
 * The im2col matrix `[N, C·K, ...out]` is itself a grouped convolution of X with one-hot kernels
 * (one per tap) and the forward window, so it lines up with dY for any stride, padding and dilation.
 * Measured here: twice as fast as convolving the batch-transposed input with the batch-transposed dY.
 */
const convWeightGrad = (dy: Tensor, x: Tensor, weight: Tensor, w: Window): Tensor => {
  const g = dy.graph
  const channels = weight.shape[1] as number
  const taps = w.kernel.reduce((n, k) => n * k, 1)
  const oneHot = new Array<number>(channels * taps * taps).fill(0)
  for (let c = 0; c < channels; c++) for (let k = 0; k < taps; k++) oneHot[(c * taps + k) * taps + k] = 1
  const columns = g.emit({
    op: "Conv",
    inputs: [x, g.constant(oneHot, x.dtype, [channels * taps, 1, ...w.kernel])],
    outputs: [{ dtype: x.dtype, shape: [x.shape[0]!, channels * taps, ...dy.shape.slice(2)] }],
    attributes: { ...windowAttributes(w), group: attr.int(channels) },
  })[0]!
  // [N, O, P] @ [N, P, C·K]; ORT fuses the Transpose into the MatMul.
  const perExample = matmul(reshape(dy, [0, 0, -1]), transpose(reshape(columns, [0, 0, -1]), [0, 2, 1]))
  return reshape(reduceSum(perExample, [0]), weight.shape as number[])
}
