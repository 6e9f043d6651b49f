/**
 * Dropout whose mask is a pure function of a seed input and the element index, so a training step
 * draws a new mask when it is fed a new seed, and the same seed reproduces the same mask (which
 * finite-difference checks and resumed runs rely on). ONNX's own Dropout seeds only by attribute.
 *
 * @module
 */
import { attr, type Tensor } from "../graph.ts"
import { DataType } from "../proto.ts"
import { fail } from "../shape.ts"
import { shapeOf } from "./reduce.ts"

export interface DropoutOptions {
  /** int64 scalar seed. Default: the graph's seed input (fed by the training step) with a per-layer salt. */
  readonly seed?: Tensor
  /** Mixed into the hash so that layers sharing a seed differ. Default: a counter per graph. */
  readonly salt?: number
}

/**
 * Zeroes each element with probability `rate` and scales the rest by `1/(1 − rate)` in a training
 * graph; the identity in an inference graph. Gradient: `dy·mask`. torch: `F.dropout(x, rate)`.
 * Reference: Srivastava et al. 2014, JMLR 15(56).
 */
export const dropout = (x: Tensor, rate: number, options: DropoutOptions = {}): Tensor => {
  if (!(rate >= 0 && rate < 1)) fail("Dropout", `rate must be in [0, 1), got ${rate}`)
  const g = x.graph
  if (!g.training || rate === 0) return x
  const { seed, salt } =
    options.seed === undefined ? g.randomSeed() : { seed: options.seed, salt: options.salt ?? 0 }
  const mask = g.untaped(() => keepMask(x, seed, options.salt ?? salt, rate))
  return g.emit({
    op: "Mul",
    inputs: [x, mask],
    outputs: [{ dtype: x.dtype, shape: x.shape }],
    backward: ({ grads: [dy] }) => [
      g.emit({ op: "Mul", inputs: [dy!, mask], outputs: [{ dtype: x.dtype, shape: x.shape }] })[0]!,
      undefined,
    ],
  })[0]!
}

const TWO_32 = 2 ** 32

/**
 * `1/(1 − rate)` where `hash(index, seed, salt)/2³² ≥ rate`, 0 elsewhere, shaped like `x`.
 * The hash is Thomas Mueller's 32-bit integer hash (`h ^= h >> 16; h *= 0x45d9f3b`, twice, then
 * `h ^= h >> 16`), computed in int64 with `mod 2³²` so that no product overflows.
 */
const keepMask = (x: Tensor, seed: Tensor, salt: number, rate: number): Tensor => {
  const g = x.graph
  const i64 = (v: number) => g.scalar(v, "int64")
  const op = (type: string, a: Tensor, b: Tensor, dtype = a.dtype, shape = a.shape): Tensor =>
    g.emit({ op: type, inputs: [a, b], outputs: [{ dtype, shape }] })[0]!
  const count = g.emit({
    op: "ReduceProd",
    inputs: [shapeOf(x)],
    outputs: [{ dtype: "int64", shape: [] }],
    attributes: { keepdims: attr.int(0) },
  })[0]!
  const size = `${x.name}.size`
  const index = g.emit({
    op: "Range",
    inputs: [i64(0), count, i64(1)],
    outputs: [{ dtype: "int64", shape: [size] }],
  })[0]!
  const mod32 = (t: Tensor) => op("Mod", t, i64(TWO_32))
  // Odd multipliers below 2³¹ spread seeds and salts over the 32-bit space without int64 overflow.
  const key = mod32(op("Add", op("Mul", mod32(seed), i64(0x5bd1e99)), i64(salt * 0x632be5ab)))
  let h = mod32(op("Add", index, key))
  const mix = (t: Tensor) => op("BitwiseXor", t, op("Div", t, i64(65536)))
  h = mod32(op("Mul", mix(h), i64(0x45d9f3b)))
  h = mod32(op("Mul", mix(h), i64(0x45d9f3b)))
  h = mix(h)
  const uniform = op(
    "Mul",
    g.emit({
      op: "Cast",
      inputs: [h],
      outputs: [{ dtype: x.dtype, shape: [size] }],
      attributes: { to: attr.int(DataType[x.dtype]) },
    })[0]!,
    g.scalar(1 / TWO_32, x.dtype),
  )
  const keep = op("GreaterOrEqual", uniform, g.scalar(rate, x.dtype), "bool")
  const scaled = g.emit({
    op: "Where",
    inputs: [keep, g.scalar(1 / (1 - rate), x.dtype), g.scalar(0, x.dtype)],
    outputs: [{ dtype: x.dtype, shape: [size] }],
  })[0]!
  return g.emit({
    op: "Reshape",
    inputs: [scaled, shapeOf(x)],
    outputs: [{ dtype: x.dtype, shape: x.shape }],
  })[0]!
}
