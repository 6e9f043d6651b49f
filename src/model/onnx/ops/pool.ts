/**
 * Pooling over 1 or 2 spatial axes (NCW / NCHW): max and average windows, and global pools.
 *
 * @module
 */
import { attr, type Tensor } from "../graph.ts"
import { fail, formatShape } from "../shape.ts"
import { type ConvOptions, resolveWindow, type Window, windowOutput } from "./conv.ts"
import { mul } from "./elementwise.ts"
import { reshape } from "./layout.ts"
import { maskedExpand, reduceMax, reduceMean, shapeOf } from "./reduce.ts"

/** Window options; `strides` default to the kernel size (non-overlapping windows, as in torch). */
export type PoolOptions = ConvOptions

const windowOf = (op: string, x: Tensor, kernel: ReadonlyArray<number>, options: PoolOptions): Window => {
  if (x.shape.length !== kernel.length + 2 || (kernel.length !== 1 && kernel.length !== 2))
    fail(op, `a ${kernel.length}-D kernel does not fit input ${formatShape(x.shape)}`)
  return resolveWindow(op, kernel, { ...options, strides: options.strides ?? kernel })
}

const windowAttributes = (w: Window) => ({
  kernel_shape: attr.ints(w.kernel),
  strides: attr.ints(w.strides),
  pads: attr.ints(w.pads),
})

/**
 * True when the windows tile the input exactly: stride = kernel, no padding or dilation, static
 * sizes divisible by the kernel. Then each input element sits in exactly one window and the
 * backward pass is a broadcast (no scatter).
 */
const tiles = (x: Tensor, w: Window): boolean =>
  w.pads.every((p) => p === 0) &&
  w.dilations.every((d) => d === 1) &&
  w.kernel.every((k, i) => {
    const size = x.shape[i + 2]
    return w.strides[i] === k && typeof size === "number" && size % k === 0
  })

/**
 * Repeats each element of `t` (times `scale`) over a tiling window of `kernel` — nearest-neighbour
 * upsampling to the shape of `like`. Written as a ConvTranspose of every channel with a constant
 * kernel, stride = kernel: each output element receives exactly one input element. (ORT runs this
 * ten times faster than an Expand over `[N, C, h, 1, w, 1]`, and faster than Resize.)
 */
const upsample = (t: Tensor, kernel: ReadonlyArray<number>, like: Tensor, scale = 1): Tensor => {
  if (t.dtype === "double") return expandUpsample(t, kernel, like, scale)
  const g = t.graph
  const spatial = t.shape.slice(2)
  const planes = reshape(t, [-1, 1, ...(spatial as number[])])
  const area = kernel.reduce((n, k) => n * k, 1)
  const spread = g.constant(new Array<number>(area).fill(scale), t.dtype, [1, 1, ...kernel])
  const up = g.emit({
    op: "ConvTranspose",
    inputs: [planes, spread],
    outputs: [{ dtype: t.dtype, shape: [planes.shape[0]!, 1, ...like.shape.slice(2)] }],
    attributes: { kernel_shape: attr.ints(kernel), strides: attr.ints(kernel) },
  })[0]!
  return g.emit({
    op: "Reshape",
    inputs: [up, shapeOf(like)],
    outputs: [{ dtype: t.dtype, shape: like.shape }],
  })[0]!
}

/** The same by reshape + Expand, for float64 (ORT has no float64 ConvTranspose). */
const expandUpsample = (t: Tensor, kernel: ReadonlyArray<number>, like: Tensor, scale: number): Tensor => {
  const g = t.graph
  const spatial = t.shape.slice(2) as number[]
  const source = scale === 1 ? t : mul(t, scale)
  const split = reshape(source, [0, 0, ...spatial.flatMap((d) => [d, 1])])
  const wide = g.emit({
    op: "Expand",
    inputs: [split, g.constant([1, 1, ...kernel.flatMap((k) => [1, k])], "int64")],
    outputs: [
      { dtype: t.dtype, shape: [t.shape[0]!, t.shape[1]!, ...spatial.flatMap((d, i) => [d, kernel[i]!])] },
    ],
  })[0]!
  return g.emit({
    op: "Reshape",
    inputs: [wide, shapeOf(like)],
    outputs: [{ dtype: t.dtype, shape: like.shape }],
  })[0]!
}

/**
 * Max pooling. Gradient: to the maximum of each window. Tiling windows use a mask (`x == up(y)`;
 * exact ties all receive the gradient); other windows scatter `dY` to MaxPool's argmax indices.
 * torch: `F.max_pool2d(x, kernel, stride)`.
 */
export const maxPool = (x: Tensor, kernel: ReadonlyArray<number>, options: PoolOptions = {}): Tensor => {
  const op = "MaxPool"
  const w = windowOf(op, x, kernel, options)
  const shape = [x.shape[0]!, x.shape[1]!, ...windowOutput(op, x.shape.slice(2), w)]
  return x.graph.emit({
    op,
    inputs: [x],
    outputs: [{ dtype: x.dtype, shape }],
    attributes: { ...windowAttributes(w), dilations: attr.ints(w.dilations) },
    backward: ({ grads: [dy], outputs: [y] }) => [
      tiles(x, w)
        ? maskedExpand(x, upsample(y!, w.kernel, x), upsample(dy!, w.kernel, x))
        : scatterToArgmax(x, dy!, w),
    ],
  })[0]!
}

/** General max-pool gradient: MaxPool's flat argmax indices, then ScatterElements with `add`. */
const scatterToArgmax = (x: Tensor, dy: Tensor, w: Window): Tensor => {
  const g = x.graph
  const [, indices] = g.emit({
    op: "MaxPool",
    inputs: [x],
    outputs: [
      { dtype: x.dtype, shape: dy.shape },
      { dtype: "int64", shape: dy.shape },
    ],
    attributes: { ...windowAttributes(w), dilations: attr.ints(w.dilations) },
  })
  const size = `${x.name}.size`
  const flat = (t: Tensor): Tensor =>
    g.emit({
      op: "Reshape",
      inputs: [t, g.constant([-1], "int64")],
      outputs: [{ dtype: t.dtype, shape: [size] }],
    })[0]!
  const zeros = g.emit({
    op: "Expand",
    inputs: [g.scalar(0, x.dtype), shapeOf(x)],
    outputs: [{ dtype: x.dtype, shape: x.shape }],
  })[0]!
  const scattered = g.emit({
    op: "ScatterElements",
    inputs: [flat(zeros), flat(indices!), flat(dy)],
    outputs: [{ dtype: x.dtype, shape: [size] }],
    attributes: { axis: attr.int(0), reduction: attr.string("add") },
  })[0]!
  return g.emit({
    op: "Reshape",
    inputs: [scattered, shapeOf(x)],
    outputs: [{ dtype: x.dtype, shape: x.shape }],
  })[0]!
}

/**
 * Average pooling (padding counted in the divisor when `countIncludePad`, default false as in ONNX).
 * Gradient: `dY / |window|` spread over each window (a broadcast for tiling windows, else a
 * depthwise ConvTranspose with a ones kernel). torch: `F.avg_pool2d`. ORT: float32 only.
 */
export const avgPool = (
  x: Tensor,
  kernel: ReadonlyArray<number>,
  options: PoolOptions & { readonly countIncludePad?: boolean } = {},
): Tensor => {
  const op = "AveragePool"
  const w = windowOf(op, x, kernel, options)
  const countPad = options.countIncludePad ?? false
  const shape = [x.shape[0]!, x.shape[1]!, ...windowOutput(op, x.shape.slice(2), w)]
  if (w.dilations.some((d) => d !== 1)) fail(op, "dilation is not supported")
  return x.graph.emit({
    op,
    inputs: [x],
    outputs: [{ dtype: x.dtype, shape }],
    attributes: { ...windowAttributes(w), count_include_pad: attr.int(countPad ? 1 : 0) },
    backward: ({ grads: [dy] }) => {
      const area = w.kernel.reduce((n, k) => n * k, 1)
      if (tiles(x, w)) return [upsample(dy!, w.kernel, x, 1 / area)]
      if (!countPad && w.pads.some((p) => p > 0))
        fail(op, "the gradient of padded windows needs countIncludePad: true (border windows differ in size)")
      return [spreadOverWindows(x, dy!, w, 1 / area)]
    },
  })[0]!
}

/** `dY·scale` added back over each (possibly overlapping) window: ConvTranspose, one group per channel. */
const spreadOverWindows = (x: Tensor, dy: Tensor, w: Window, scale: number): Tensor => {
  const g = x.graph
  const channels = x.shape[1]!
  if (typeof channels !== "number") return fail("AveragePool", "the gradient needs a static channel count")
  const size = w.kernel.reduce((n, k) => n * k, 1)
  const ones = g.constant(new Array<number>(channels * size).fill(scale), x.dtype, [channels, 1, ...w.kernel])
  const outputPadding = w.kernel.map((k, i) => {
    const [n, out] = [x.shape[i + 2]!, dy.shape[i + 2]!]
    if (typeof n !== "number" || typeof out !== "number")
      return fail("AveragePool", "the gradient needs static sizes")
    return n - ((out - 1) * w.strides[i]! + k - w.pads[i]! - w.pads[i + w.kernel.length]!)
  })
  return g.emit({
    op: "ConvTranspose",
    inputs: [dy, ones],
    outputs: [{ dtype: x.dtype, shape: x.shape }],
    attributes: {
      ...windowAttributes(w),
      group: attr.int(channels),
      output_padding: attr.ints(outputPadding),
    },
  })[0]!
}

/** Mean over all spatial axes, keeping them as size 1: `[N, C, ...] → [N, C, 1, ...]`. torch: `F.adaptive_avg_pool2d(x, 1)`. */
export const globalAvgPool = (x: Tensor): Tensor => reduceMean(x, spatialAxes(x), true)

/** Maximum over all spatial axes, keeping them as size 1. torch: `F.adaptive_max_pool2d(x, 1)`. */
export const globalMaxPool = (x: Tensor): Tensor => reduceMax(x, spatialAxes(x), true)

const spatialAxes = (x: Tensor): number[] => {
  if (x.shape.length < 3) fail("GlobalPool", `expects [N, C, ...spatial], got ${formatShape(x.shape)}`)
  return x.shape.slice(2).map((_, i) => i + 2)
}
