/**
 * Ops that move or regroup elements without arithmetic: reshape, flatten, transpose, concat, slice.
 *
 * @module
 */
import { attr, type Tensor } from "../graph.ts"
import { type Dim, fail, formatShape, normalizeAxis, sumDims } from "../shape.ts"
import { int64s, shapeOf } from "./reduce.ts"

/** Reshape to a run-time shape tensor, keeping the build-time `shape`. */
const reshapeTo = (x: Tensor, target: Tensor, shape: ReadonlyArray<Dim>): Tensor =>
  x.graph.emit({
    op: "Reshape",
    inputs: [x, target],
    outputs: [{ dtype: x.dtype, shape }],
    backward: ({ grads: [dy] }) => [reshapeTo(dy!, shapeOf(x), x.shape), undefined],
  })[0]!

/**
 * Reshapes with ONNX/numpy conventions: `0` copies the input's dimension at that position, `-1` is
 * inferred from the element count. numpy: `np.reshape` (plus ONNX's `0`).
 *
 * @example reshape(x, [0, -1]) // [batch, 32, 4, 4] → [batch, 512]
 */
export const reshape = (x: Tensor, shape: ReadonlyArray<number>): Tensor => {
  const op = "Reshape"
  if (shape.filter((d) => d === -1).length > 1) fail(op, "at most one dimension can be -1")
  const out: Dim[] = shape.map((d, i) =>
    d === 0 ? (x.shape[i] ?? fail(op, `no input dimension ${i} to copy`)) : d,
  )
  // What the -1 must hold: the input's sizes divided by the other output sizes.
  const symbols = x.shape.filter((d): d is string => typeof d === "string")
  let staticIn = 1
  for (const d of x.shape) if (typeof d === "number") staticIn *= d
  let staticOut = 1
  for (const d of out) {
    if (d === -1) continue
    if (typeof d === "number") staticOut *= d
    else {
      const k = symbols.indexOf(d)
      if (k < 0) fail(op, `${formatShape(x.shape)} has no dimension "${d}" to copy`)
      symbols.splice(k, 1)
    }
  }
  const free = out.indexOf(-1)
  if (free < 0) {
    if (symbols.length > 0 || staticIn !== staticOut)
      fail(op, `cannot reshape ${formatShape(x.shape)} to ${formatShape(out)}`)
  } else if (symbols.length === 0) {
    if (staticIn % staticOut !== 0) fail(op, `cannot reshape ${formatShape(x.shape)} to ${formatShape(out)}`)
    out[free] = staticIn / staticOut
  } else {
    const ratio = staticIn / staticOut
    out[free] = [...symbols, ...(ratio === 1 ? [] : [String(ratio)])].join("*")
  }
  return reshapeTo(x, int64s(x, shape), out)
}

/** Flattens to 2-D: dimensions before `axis` (default 1) and from `axis` on. torch: `torch.flatten(x, 1)`. */
export const flatten = (x: Tensor, axis = 1): Tensor => {
  const a = axis === x.shape.length ? axis : normalizeAxis("Flatten", axis, x.shape.length)
  const product = (dims: ReadonlyArray<Dim>): Dim =>
    dims.every((d) => typeof d === "number")
      ? (dims as number[]).reduce((n, d) => n * d, 1)
      : dims.length === 1
        ? dims[0]!
        : dims.join("*")
  return x.graph.emit({
    op: "Flatten",
    inputs: [x],
    outputs: [{ dtype: x.dtype, shape: [product(x.shape.slice(0, a)), product(x.shape.slice(a))] }],
    attributes: { axis: attr.int(a) },
    backward: ({ grads: [dy] }) => [reshapeTo(dy!, shapeOf(x), x.shape)],
  })[0]!
}

/** Permutes axes: output axis `i` is input axis `perm[i]`. numpy: `np.transpose(x, perm)`. */
export const transpose = (x: Tensor, perm: ReadonlyArray<number>): Tensor => {
  const sorted = [...perm].sort((a, b) => a - b)
  if (perm.length !== x.shape.length || sorted.some((p, i) => p !== i))
    fail("Transpose", `perm ${formatShape(perm)} is not a permutation of the ${x.shape.length} axes`)
  const inverse = perm.map((_, i) => perm.indexOf(i))
  return x.graph.emit({
    op: "Transpose",
    inputs: [x],
    outputs: [{ dtype: x.dtype, shape: perm.map((p) => x.shape[p]!) }],
    attributes: { perm: attr.ints(perm) },
    backward: ({ grads: [dy] }) => [transpose(dy!, inverse)],
  })[0]!
}

/** Joins tensors along `axis`; other dimensions must agree. numpy: `np.concatenate`. */
export const concat = (xs: ReadonlyArray<Tensor>, axis: number): Tensor => {
  const first = xs[0] ?? fail("Concat", "needs at least one tensor")
  const a = normalizeAxis("Concat", axis, first.shape.length)
  for (const x of xs) {
    if (x.dtype !== first.dtype) fail("Concat", `inputs are ${first.dtype} and ${x.dtype}`)
    if (x.shape.length !== first.shape.length || x.shape.some((d, i) => i !== a && d !== first.shape[i]))
      fail("Concat", `${formatShape(x.shape)} and ${formatShape(first.shape)} differ off axis ${a}`)
  }
  const shape = first.shape.map((d, i) => (i === a ? sumDims(xs.map((x) => x.shape[a]!)) : d))
  return first.graph.emit({
    op: "Concat",
    inputs: xs,
    outputs: [{ dtype: first.dtype, shape }],
    attributes: { axis: attr.int(a) },
    backward: ({ grads: [dy], needs }) => {
      const sizes = xs.map((x) => x.shape[a]!)
      if (sizes.some((s) => typeof s !== "number"))
        fail("Concat", `the backward rule needs static sizes along axis ${a}, got ${formatShape(sizes)}`)
      const parts = dy!.graph.emit({
        op: "Split",
        inputs: [dy!, int64s(dy!, sizes as number[])],
        outputs: xs.map((x) => ({ dtype: x.dtype, shape: x.shape })),
        attributes: { axis: attr.int(a) },
      })
      return parts.map((p, k) => (needs[k] ? p : undefined))
    },
  })[0]!
}

/**
 * Elements `[start, end)` along each of `axes` (static sizes; negative indices count from the end).
 * numpy: `x[start:end]` on each axis. The gradient pads `dy` back with zeros.
 */
export const slice = (
  x: Tensor,
  starts: ReadonlyArray<number>,
  ends: ReadonlyArray<number>,
  axes: ReadonlyArray<number>,
): Tensor => {
  const at = axes.map((a) => normalizeAxis("Slice", a, x.shape.length))
  const shape = [...x.shape]
  const pads = new Array<number>(2 * x.shape.length).fill(0)
  for (const [k, a] of at.entries()) {
    const size = x.shape[a]!
    if (typeof size !== "number") return fail("Slice", `axis ${a} has symbolic size "${size}"`)
    const clamp = (i: number): number => Math.min(Math.max(i < 0 ? i + size : i, 0), size)
    const [s, e] = [clamp(starts[k]!), clamp(ends[k]!)]
    if (e <= s) fail("Slice", `[${starts[k]}, ${ends[k]}) is empty on axis ${a} of size ${size}`)
    shape[a] = e - s
    pads[a] = s
    pads[a + x.shape.length] = size - e
  }
  return x.graph.emit({
    op: "Slice",
    inputs: [x, int64s(x, starts), int64s(x, ends), int64s(x, at)],
    outputs: [{ dtype: x.dtype, shape }],
    backward: ({ grads: [dy] }) => [
      dy!.graph.emit({
        op: "Pad",
        inputs: [dy!, int64s(dy!, pads)],
        outputs: [{ dtype: x.dtype, shape: x.shape }],
      })[0]!,
      undefined,
      undefined,
      undefined,
    ],
  })[0]!
}
