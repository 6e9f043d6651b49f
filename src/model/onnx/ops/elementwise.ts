/**
 * Element-wise arithmetic with numpy broadcasting, comparisons and selection.
 *
 * Where an input was broadcast, its gradient is summed back over the broadcast axes
 * ({@link sumToShape}). A plain number operand becomes a scalar constant of the other operand's type.
 *
 * @module
 */
import { type DType, isFloat } from "../dtype.ts"
import { attr, type BackwardRule, type Tensor } from "../graph.ts"
import { DataType } from "../proto.ts"
import { broadcastShapes, fail } from "../shape.ts"
import { sumToShape } from "./reduce.ts"

/** A tensor, or a number standing for a scalar of the other operand's element type. */
export type Operand = Tensor | number

/** Turns two operands into tensors of one element type. */
const operands = (op: string, a: Operand, b: Operand): [Tensor, Tensor] => {
  if (typeof a === "number") {
    if (typeof b === "number") return fail(op, "needs at least one tensor operand")
    return [b.graph.scalar(a, b.dtype), b]
  }
  if (typeof b === "number") return [a, a.graph.scalar(b, a.dtype)]
  if (a.dtype !== b.dtype) fail(op, `operands are ${a.dtype} and ${b.dtype}: cast one first`)
  return [a, b]
}

/** A broadcasting binary op whose output has the operands' element type (or `dtype`). */
const binary = (op: string, a: Operand, b: Operand, backward?: BackwardRule, dtype?: DType): Tensor => {
  const [x, y] = operands(op, a, b)
  const shape = broadcastShapes(op, x.shape, y.shape)
  const spec = { op, inputs: [x, y], outputs: [{ dtype: dtype ?? x.dtype, shape }] }
  return x.graph.emit(backward === undefined ? spec : { ...spec, backward })[0]!
}

/** A same-shape unary op. */
const unary = (op: string, x: Tensor, backward?: BackwardRule): Tensor => {
  const spec = { op, inputs: [x], outputs: [{ dtype: x.dtype, shape: x.shape }] }
  return x.graph.emit(backward === undefined ? spec : { ...spec, backward })[0]!
}

/** `grad` summed back to the shape of input `k` when that input needs a gradient. */
const back = (ctx: Parameters<BackwardRule>[0], k: number, grad: () => Tensor): Tensor | undefined =>
  ctx.needs[k] ? sumToShape(grad(), ctx.inputs[k]!.shape) : undefined

/** `a + b`. numpy: `np.add`. */
export const add = (a: Operand, b: Operand): Tensor =>
  binary("Add", a, b, (c) => [back(c, 0, () => c.grads[0]!), back(c, 1, () => c.grads[0]!)])

/** `a - b`. numpy: `np.subtract`. */
export const sub = (a: Operand, b: Operand): Tensor =>
  binary("Sub", a, b, (c) => [back(c, 0, () => c.grads[0]!), back(c, 1, () => neg(c.grads[0]!))])

/** `a * b`. numpy: `np.multiply`. */
export const mul = (a: Operand, b: Operand): Tensor =>
  binary("Mul", a, b, (c) => {
    const [dy] = c.grads
    const [x, y] = c.inputs
    return [back(c, 0, () => mul(dy!, y!)), back(c, 1, () => mul(dy!, x!))]
  })

/** `a / b`. numpy: `np.divide`. d/da = 1/b, d/db = -out/b. */
export const div = (a: Operand, b: Operand): Tensor =>
  binary("Div", a, b, (c) => {
    const [dy] = c.grads
    const [, y] = c.inputs
    const dx = c.needs[0] || c.needs[1] ? div(dy!, y!) : undefined
    return [back(c, 0, () => dx!), back(c, 1, () => neg(mul(dx!, c.outputs[0]!)))]
  })

/** Sum of any number of same-type tensors with broadcasting, in one pass. ONNX `Sum`. */
export const sum = (terms: ReadonlyArray<Tensor>): Tensor => {
  if (terms.length === 0) return fail("Sum", "needs at least one term")
  if (terms.length === 1) return terms[0]!
  const first = terms[0]!
  let shape = first.shape
  for (const t of terms.slice(1)) {
    if (t.dtype !== first.dtype) fail("Sum", `terms are ${first.dtype} and ${t.dtype}`)
    shape = broadcastShapes("Sum", shape, t.shape)
  }
  return first.graph.emit({
    op: "Sum",
    inputs: terms,
    outputs: [{ dtype: first.dtype, shape }],
    backward: (c) => c.inputs.map((_, k) => back(c, k, () => c.grads[0]!)),
  })[0]!
}

/** `-x`. */
export const neg = (x: Tensor): Tensor => unary("Neg", x, ({ grads: [dy] }) => [neg(dy!)])

/** `x²` (one Mul of x with itself). Gradient `2·x·dy`. */
export const square = (x: Tensor): Tensor =>
  x.graph.emit({
    op: "Mul",
    inputs: [x, x],
    outputs: [{ dtype: x.dtype, shape: x.shape }],
    // Both inputs are x: each slot carries half of d(x²) = 2x·dy, and autodiff sums the two.
    backward: ({ grads: [dy], inputs: [v] }) => {
      const g = mul(dy!, v!)
      return [g, g]
    },
  })[0]!

/** `√x`. Gradient `dy / (2√x)`. */
export const sqrt = (x: Tensor): Tensor =>
  unary("Sqrt", x, ({ grads: [dy], outputs: [y] }) => [div(mul(dy!, 0.5), y!)])

/** `eˣ`. Gradient `dy·eˣ`. */
export const exp = (x: Tensor): Tensor => unary("Exp", x, ({ grads: [dy], outputs: [y] }) => [mul(dy!, y!)])

/** Natural logarithm. Gradient `dy / x`. */
export const log = (x: Tensor): Tensor => unary("Log", x, ({ grads: [dy], inputs: [v] }) => [div(dy!, v!)])

/** `|x|`. Gradient `dy·sign(x)` (0 at 0). */
export const abs = (x: Tensor): Tensor =>
  unary("Abs", x, ({ grads: [dy], inputs: [v] }) => [mul(dy!, unary("Sign", v!))])

/** `xᵖ` for a constant exponent. Gradient `p·xᵖ⁻¹·dy`. numpy: `np.power`. */
export const pow = (x: Tensor, p: number): Tensor =>
  binary("Pow", x, p, ({ grads: [dy], inputs: [v] }) => [mul(dy!, mul(pow(v!, p - 1), p)), undefined])

/** Clamps to `[min, max]`. Gradient passes where `min < x < max`. numpy: `np.clip`. */
export const clip = (x: Tensor, min: number, max: number): Tensor => {
  const g = x.graph
  return x.graph.emit({
    op: "Clip",
    inputs: [x, g.scalar(min, x.dtype), g.scalar(max, x.dtype)],
    outputs: [{ dtype: x.dtype, shape: x.shape }],
    backward: ({ grads: [dy], inputs: [v] }) => {
      const inside = and(greater(v!, min), less(v!, max))
      return [where(inside, dy!, 0), undefined, undefined]
    },
  })[0]!
}

/** Element-wise maximum. Gradient goes to the larger operand (to `a` on ties). numpy: `np.maximum`. */
export const maximum = (a: Operand, b: Operand): Tensor =>
  binary("Max", a, b, (c) => {
    const [dy] = c.grads
    const aWins = c.needs[0] || c.needs[1] ? greaterOrEqual(c.inputs[0]!, c.inputs[1]!) : undefined
    return [back(c, 0, () => where(aWins!, dy!, 0)), back(c, 1, () => where(aWins!, 0, dy!))]
  })

/** `cond ? a : b` with broadcasting. numpy: `np.where`. */
export const where = (cond: Tensor, a: Operand, b: Operand): Tensor => {
  if (cond.dtype !== "bool") fail("Where", `the condition is ${cond.dtype}, not bool`)
  const [x, y] = operands("Where", a, b)
  const shape = broadcastShapes("Where", cond.shape, broadcastShapes("Where", x.shape, y.shape))
  return cond.graph.emit({
    op: "Where",
    inputs: [cond, x, y],
    outputs: [{ dtype: x.dtype, shape }],
    backward: (c) => {
      const [dy] = c.grads
      return [undefined, back(c, 1, () => where(cond, dy!, 0)), back(c, 2, () => where(cond, 0, dy!))]
    },
  })[0]!
}

/** Converts the element type. The gradient is converted back. ONNX `Cast`; numpy: `astype`. */
export const cast = (x: Tensor, to: DType): Tensor => {
  if (x.dtype === to) return x
  const spec = {
    op: "Cast",
    inputs: [x],
    outputs: [{ dtype: to, shape: x.shape }],
    attributes: { to: attr.int(DataType[to]) },
  }
  const differentiable = isFloat(x.dtype) && isFloat(to)
  return x.graph.emit(
    differentiable ? { ...spec, backward: ({ grads: [dy] }) => [cast(dy!, x.dtype)] } : spec,
  )[0]!
}

// ---- comparisons and logic (no gradient) --------------------------------------------------------

/** `a > b` as bool. */
export const greater = (a: Operand, b: Operand): Tensor => binary("Greater", a, b, undefined, "bool")
/** `a >= b` as bool. */
export const greaterOrEqual = (a: Operand, b: Operand): Tensor =>
  binary("GreaterOrEqual", a, b, undefined, "bool")
/** `a < b` as bool. */
export const less = (a: Operand, b: Operand): Tensor => binary("Less", a, b, undefined, "bool")
/** `a == b` as bool. */
export const equal = (a: Operand, b: Operand): Tensor => binary("Equal", a, b, undefined, "bool")
/** Logical and of two bool tensors. */
export const and = (a: Tensor, b: Tensor): Tensor => binary("And", a, b, undefined, "bool")
/** Logical not of a bool tensor. */
export const not = (x: Tensor): Tensor => unary("Not", x)
