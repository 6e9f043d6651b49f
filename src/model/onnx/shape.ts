/**
 * Tensor shapes known when a graph is built: each dimension is a static size or a named symbolic
 * size (`"batch"`, `"time"`), and the rules that combine them (numpy broadcasting, convolution
 * output sizes). Sizes derived from a symbolic size get a name that spells the formula
 * (`"(time-2)/2+1"`), so two branches that compute the same size agree on it.
 *
 * @module
 */
import { GraphBuildError } from "../../schema/errors/model.ts"

/** One dimension: a static size, or the name of a size known only at run time. */
export type Dim = number | string

/** A tensor shape, outermost dimension first. */
export type Shape = ReadonlyArray<Dim>

/** Throws a {@link GraphBuildError} for `op`. */
export const fail = (op: string, message: string): never => {
  throw new GraphBuildError({ op, message: `${op}: ${message}` })
}

/** `[batch, 16, 128]`. */
export const formatShape = (shape: Shape): string => `[${shape.join(", ")}]`

/** True when every dimension is static. */
export const isStatic = (shape: Shape): shape is ReadonlyArray<number> =>
  shape.every((d) => typeof d === "number")

/** Number of elements, or `undefined` when a dimension is symbolic. */
export const staticSize = (shape: Shape): number | undefined =>
  isStatic(shape) ? shape.reduce((n, d) => n * d, 1) : undefined

/** Resolves a possibly negative axis against `rank` (numpy convention), or fails. */
export const normalizeAxis = (op: string, axis: number, rank: number): number => {
  const a = axis < 0 ? axis + rank : axis
  if (!Number.isInteger(a) || a < 0 || a >= rank) fail(op, `axis ${axis} is out of range for rank ${rank}`)
  return a
}

/**
 * numpy broadcasting of two shapes: dimensions are aligned from the right and must be equal or 1.
 * A symbolic dimension only matches itself or 1 (two different names cannot be assumed equal).
 *
 * numpy: `np.broadcast_shapes(a, b)`.
 */
export const broadcastShapes = (op: string, a: Shape, b: Shape): Shape => {
  const rank = Math.max(a.length, b.length)
  const out: Dim[] = []
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1
    const db = b[b.length - rank + i] ?? 1
    if (da === db || db === 1) out.push(da)
    else if (da === 1) out.push(db)
    else fail(op, `cannot broadcast ${formatShape(a)} with ${formatShape(b)} (dimension ${da} vs ${db})`)
  }
  return out
}

/** Sum of sizes: static when all are, otherwise a formula (`"time+time"`). */
export const sumDims = (dims: ReadonlyArray<Dim>): Dim =>
  dims.every((d) => typeof d === "number")
    ? (dims as number[]).reduce((n, d) => n + d, 0)
    : dims.map(String).join("+")

/**
 * Output size of a sliding window (convolution or pooling) along one axis:
 * `floor((size + padBegin + padEnd - dilation * (kernel - 1) - 1) / stride) + 1`.
 * A symbolic size stays the same name when the window preserves it (stride 1, "same" padding).
 */
export const windowOutputDim = (
  op: string,
  size: Dim,
  kernel: number,
  stride: number,
  dilation: number,
  padBegin: number,
  padEnd: number,
): Dim => {
  const shrink = dilation * (kernel - 1) + 1 - padBegin - padEnd
  if (typeof size === "number") {
    const out = Math.floor((size - shrink) / stride) + 1
    if (out < 1) fail(op, `window ${kernel} (dilation ${dilation}) does not fit a padded size ${size}`)
    return out
  }
  if (stride === 1 && shrink === 1) return size
  const minus = (n: number): string => (n === 0 ? "" : n > 0 ? `-${n}` : `+${-n}`)
  return stride === 1 ? `${size}${minus(shrink - 1)}` : `floor((${size}${minus(shrink)})/${stride})+1`
}
