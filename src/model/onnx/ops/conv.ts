/**
 * 1-D and 2-D convolution (ONNX Conv, NCW / NCHW layout, one group).
 *
 * @module
 */
import { attr, type Tensor } from "../graph.ts"
import { type Dim, fail, formatShape, windowOutputDim } from "../shape.ts"
import { transpose } from "./layout.ts"
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
export const resolveWindow = (
  op: string,
  kernel: ReadonlyArray<number>,
  options: ConvOptions,
): Window => {
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
  return { kernel, strides: perAxis(options.strides, "strides"), dilations: perAxis(options.dilations, "dilations"), pads }
}

/** Output spatial sizes of a window sliding over `spatial`. */
export const windowOutput = (op: string, spatial: ReadonlyArray<Dim>, w: Window): Dim[] =>
  spatial.map((size, i) =>
    windowOutputDim(op, size, w.kernel[i]!, w.strides[i]!, w.dilations[i]!, w.pads[i]!, w.pads[i + spatial.length]!),
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
 * Gradients: `dX` = ConvTranspose of `dY` with the same weight; `dW` = a convolution of the
 * batch-transposed input with the batch-transposed `dY` as kernel (stride and dilation swap roles);
 * `dB` = `dY` summed over batch and space. torch: `F.conv1d` / `F.conv2d` (groups = 1).
 * ORT implements Conv for float32 only.
 */
export const conv = (x: Tensor, weight: Tensor, bias?: Tensor, options: ConvOptions = {}): Tensor => {
  const op = "Conv"
  const rank = x.shape.length
  if (rank !== 3 && rank !== 4) fail(op, `expects [N, C, W] or [N, C, H, W], got ${formatShape(x.shape)}`)
  if (weight.shape.length !== rank) fail(op, `weight ${formatShape(weight.shape)} does not match input rank ${rank}`)
  if (x.shape[1] !== weight.shape[1])
    fail(op, `input has ${x.shape[1]} channels, weight ${formatShape(weight.shape)} expects ${weight.shape[1]}`)
  if (bias !== undefined && (bias.shape.length !== 1 || bias.shape[0] !== weight.shape[0]))
    fail(op, `bias ${formatShape(bias.shape)} does not match ${weight.shape[0]} output channels`)
  const kernel = weight.shape.slice(2)
  if (kernel.some((k) => typeof k !== "number")) fail(op, `the kernel size must be static, got ${formatShape(kernel)}`)
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

/** dX: ConvTranspose(dY, W), with output padding restoring sizes that striding rounded away. */
const convInputGrad = (dy: Tensor, x: Tensor, weight: Tensor, w: Window): Tensor => {
  const n = w.kernel.length
  const outputPadding = w.kernel.map((k, i) => {
    if (w.strides[i] === 1) return 0
    const [size, out] = [x.shape[i + 2]!, dy.shape[i + 2]!]
    if (typeof size !== "number" || typeof out !== "number")
      return fail("Conv", `the input gradient with stride ${w.strides[i]} needs a static size, got ${formatShape(x.shape)}`)
    return size - ((out - 1) * w.strides[i]! + (k - 1) * w.dilations[i]! + 1 - w.pads[i]! - w.pads[i + n]!)
  })
  return dy.graph.emit({
    op: "ConvTranspose",
    inputs: [dy, weight],
    outputs: [{ dtype: x.dtype, shape: x.shape }],
    attributes: { ...windowAttributes(w), output_padding: attr.ints(outputPadding) },
  })[0]!
}

/**
 * dW[o, c, k] = Σₙ,ᵢ dY[n, o, i]·X[n, c, i·s + k·d]: a convolution over the channel-major input
 * `[C, N, ...]` with `dY` as `[O, N, ...]` kernel, stride d and dilation s, cropped to the kernel.
 */
const convWeightGrad = (dy: Tensor, x: Tensor, weight: Tensor, w: Window): Tensor => {
  const g = dy.graph
  const perm = [1, 0, ...w.kernel.map((_, i) => i + 2)]
  const xt = transpose(x, perm)
  const dyt = transpose(dy, perm)
  const taps = dy.shape.slice(2)
  const swapped: Window = { kernel: [], strides: w.dilations, dilations: w.strides, pads: w.pads }
  const reach = w.kernel.map((k, i) => {
    // With stride 1 the correlation spans exactly the kernel, whatever the sizes.
    if (w.strides[i] === 1) return k
    const [size, tap] = [x.shape[i + 2]!, taps[i]!]
    if (typeof size !== "number" || typeof tap !== "number")
      return fail("Conv", `the weight gradient with stride ${w.strides[i]} needs static sizes, got ${formatShape(x.shape)}`)
    return windowOutputDim("Conv", size, tap, w.dilations[i]!, w.strides[i]!, w.pads[i]!, w.pads[i + w.kernel.length]!) as number
  })
  const full = g.emit({
    op: "Conv",
    inputs: [xt, dyt],
    outputs: [{ dtype: x.dtype, shape: [x.shape[1]!, weight.shape[0]!, ...reach] }],
    attributes: {
      strides: attr.ints(swapped.strides),
      dilations: attr.ints(swapped.dilations),
      pads: attr.ints(swapped.pads),
    },
  })[0]!
  const cropped = reach.every((r, i) => r === w.kernel[i])
    ? full
    : g.emit({
        op: "Slice",
        inputs: [
          full,
          g.constant(w.kernel.map(() => 0), "int64"),
          g.constant(w.kernel, "int64"),
          g.constant(w.kernel.map((_, i) => i + 2), "int64"),
        ],
        outputs: [{ dtype: x.dtype, shape: [x.shape[1]!, weight.shape[0]!, ...w.kernel] }],
      })[0]!
  return transpose(cropped, perm)
}
