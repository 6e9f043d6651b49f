/**
 * Reverse-mode automatic differentiation over a {@link Graph}'s tape.
 *
 * Like micrograd's `backward()`: the tape is already in topological order (ops are recorded as
 * they are built), so one reverse walk visits each op after every op that consumed its outputs.
 * Gradients reaching a value along several paths are summed (one `Sum` node); ops that do not lie
 * between the requested tensors and the loss get no backward nodes at all.
 *
 * @module
 */
import { isFloat } from "./dtype.ts"
import type { Tensor } from "./graph.ts"
import { fail, formatShape, type Shape } from "./shape.ts"

/**
 * Builds the gradient of the scalar `loss` with respect to each tensor of `wrt` into the graph.
 * A tensor the loss does not depend on gets a zero gradient.
 *
 * torch: `torch.autograd.grad(loss, wrt)`.
 *
 * @example
 * const [dw] = gradients(loss, [w])
 * g.output("dw", dw)
 */
export const gradients = (loss: Tensor, wrt: ReadonlyArray<Tensor>): Tensor[] => {
  const graph = loss.graph
  if (loss.shape.length !== 0) fail("gradients", `the loss must be a scalar, not ${formatShape(loss.shape)}`)
  for (const w of wrt)
    if (!isFloat(w.dtype)) fail("gradients", `"${w.name}" is ${w.dtype}: only float tensors have gradients`)

  // Only the tape as it is now: the backward nodes added below are not differentiated again.
  const tape = graph.tape.slice()

  // Forward sweep: which values depend on `wrt` (the others need no gradient).
  const active = new Set(wrt.map((t) => t.id))
  for (const entry of tape)
    if (entry.inputs.some((t) => t !== undefined && active.has(t.id)))
      for (const o of entry.outputs) if (isFloat(o.dtype)) active.add(o.id)

  const pending = new Map<number, Tensor[]>()
  const total = new Map<number, Tensor | undefined>()
  const gradOf = (t: Tensor): Tensor | undefined => {
    if (total.has(t.id)) return total.get(t.id)
    const parts = pending.get(t.id)
    const sum =
      parts === undefined || parts.length < 2
        ? parts?.[0]
        : graph.emit({ op: "Sum", inputs: parts, outputs: [{ dtype: t.dtype, shape: t.shape }] })[0]!
    total.set(t.id, sum)
    return sum
  }
  if (active.has(loss.id)) pending.set(loss.id, [graph.scalar(1, loss.dtype)])

  for (let i = tape.length - 1; i >= 0; i--) {
    const entry = tape[i]!
    if (!entry.outputs.some((o) => active.has(o.id))) continue
    const grads = entry.outputs.map(gradOf)
    if (grads.every((g) => g === undefined)) continue
    const needs = entry.inputs.map((t) => t !== undefined && active.has(t.id))
    const inputGrads = graph.untaped(() =>
      entry.backward({ inputs: entry.inputs, outputs: entry.outputs, grads, needs }),
    )
    entry.inputs.forEach((t, k) => {
      const g = inputGrads[k]
      if (t === undefined || !needs[k] || g === undefined) return
      checkGradient(t, g)
      const list = pending.get(t.id)
      if (list === undefined) pending.set(t.id, [g])
      else list.push(g)
    })
  }
  return wrt.map((w) => gradOf(w) ?? zerosLike(w))
}

/** A backward rule must return a gradient shaped like its input: catch rule bugs at build time. */
const checkGradient = (t: Tensor, g: Tensor): void => {
  const clash = (a: Shape, b: Shape): boolean =>
    a.length !== b.length || a.some((d, i) => typeof d === "number" && typeof b[i] === "number" && d !== b[i])
  if (g.dtype !== t.dtype || clash(t.shape, g.shape))
    fail(
      "gradients",
      `gradient ${g.dtype}${formatShape(g.shape)} does not fit "${t.name}" ${t.dtype}${formatShape(t.shape)}`,
    )
}

const zerosLike = (t: Tensor): Tensor => {
  const g = t.graph
  const zero = g.scalar(0, t.dtype)
  const shape = g.emit({
    op: "Shape",
    inputs: [t],
    outputs: [{ dtype: "int64", shape: [t.shape.length] }],
  })[0]!
  return g.emit({ op: "Expand", inputs: [zero, shape], outputs: [{ dtype: t.dtype, shape: t.shape }] })[0]!
}
