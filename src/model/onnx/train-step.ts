/**
 * The training step as one ONNX graph: forward pass, backward pass and optimizer update, run once
 * per batch. Variables and optimizer state are graph inputs; their updated values are outputs that
 * the {@link TrainState} feeds back as the next step's inputs.
 *
 * @module
 */
import { gradients } from "./autodiff.ts"
import type { DType } from "./dtype.ts"
import { Graph, SEED_INPUT, type Tensor } from "./graph.ts"
import { cast } from "./ops/elementwise.ts"
import { clipByGlobalNorm, globalNorm } from "./optim/clip.ts"
import type { Optimizer } from "./optim/optimizer.ts"
import { fail, isStatic, type Shape } from "./shape.ts"
import type { VariableStore } from "./variables.ts"

/** Reserved names of the step graph's scalar inputs and outputs. */
export const StepNames = {
  learningRate: "train.lr",
  step: "train.step",
  loss: "loss",
  gradNorm: "grad_norm",
} as const

/** What a model returns to the training step. */
export interface TrainOutputs {
  /** The scalar to minimise. */
  readonly loss: Tensor
  /** Extra outputs of each step (logits for running metrics…), by output name. */
  readonly outputs?: Readonly<Record<string, Tensor>>
}

export interface TrainStepSpec {
  /** Variables (created on first use with their initializers). */
  readonly variables: VariableStore
  /** Builds the forward pass and loss in a training-mode graph; declares its data inputs with `g.input`. */
  readonly model: (g: Graph) => TrainOutputs
  readonly optimizer: Optimizer
  /** Clip gradients to this global L2 norm. Default: no clipping (the norm is still an output). */
  readonly clipGradNorm?: number
  /** Graph name. Default `"train_step"`. */
  readonly name?: string
}

/** An input the caller feeds each step. */
export interface DataInput {
  readonly name: string
  readonly dtype: DType
  readonly shape: Shape
}

/** An input carried from step to step, and the output (if any) that replaces it. */
export interface CarriedValue {
  readonly input: string
  /** `undefined` for values that stay fixed (frozen variables). */
  readonly output: string | undefined
  readonly kind: "variable" | "slot"
  /** The variable it belongs to. */
  readonly variable: string
  readonly dtype: "float" | "double"
  readonly shape: ReadonlyArray<number>
}

/** A built training step. */
export interface TrainStepModel {
  /** The ONNX model. */
  readonly bytes: Uint8Array
  readonly dataInputs: ReadonlyArray<DataInput>
  readonly carried: ReadonlyArray<CarriedValue>
  /** Model outputs besides the carried values: `loss`, `grad_norm`, then the model's own. */
  readonly outputs: ReadonlyArray<string>
  /** Whether the graph has the Dropout seed input ({@link SEED_INPUT}), which the state feeds. */
  readonly seeded: boolean
  readonly optimizer: string
}

/** Name of the output that carries the next value of `input`. */
const next = (input: string): string => `${input}.next`

/**
 * Builds the training step graph.
 *
 * @example
 * const step = buildTrainStep({
 *   variables: store,
 *   model: (g) => ({ loss: softmaxCrossEntropy(net(g, g.input("x", "float", ["batch", 1, 128, 256])), g.input("y", "int64", ["batch"])) }),
 *   optimizer: adamW({ weightDecay: 1e-4 }),
 *   clipGradNorm: 5,
 * })
 */
export const buildTrainStep = (spec: TrainStepSpec): TrainStepModel => {
  const g = new Graph({ name: spec.name ?? "train_step", training: true, variables: spec.variables })
  const { loss, outputs = {} } = spec.model(g)
  const lr = g.input(StepNames.learningRate, "float", [])
  const step = cast(g.input(StepNames.step, "int64", []), "float")

  const bound = g.boundVariables()
  const trainable = bound.filter(({ variable }) => variable.trainable)
  if (trainable.length === 0) fail("buildTrainStep", "the model has no trainable variables")
  let grads = gradients(
    loss,
    trainable.map(({ tensor }) => tensor),
  )
  const norm = globalNorm(grads)
  if (spec.clipGradNorm !== undefined) grads = clipByGlobalNorm(grads, norm, spec.clipGradNorm)

  g.output(StepNames.loss, cast(loss, "float"))
  g.output(StepNames.gradNorm, norm)
  for (const [name, t] of Object.entries(outputs)) g.output(name, t)

  const carried: CarriedValue[] = []
  const update = spec.optimizer.begin({ lr, step })
  trainable.forEach(({ variable, tensor }, i) => {
    const slots = spec.optimizer.slots.map((slot) =>
      g.input(`${variable.name}.${slot}`, variable.dtype, variable.shape),
    )
    const updated = update({ value: tensor, grad: grads[i]!, slots, decay: variable.decay })
    const base = { variable: variable.name, dtype: variable.dtype, shape: variable.shape }
    carried.push({ ...base, input: variable.name, output: next(variable.name), kind: "variable" })
    g.output(next(variable.name), updated.value)
    slots.forEach((slot, k) => {
      carried.push({ ...base, input: slot.name, output: next(slot.name), kind: "slot" })
      g.output(next(slot.name), updated.slots[k]!)
    })
  })
  const assigned = g.assignments()
  for (const { variable } of bound.filter(({ variable }) => !variable.trainable)) {
    const value = assigned.get(variable.name)
    const base = {
      variable: variable.name,
      dtype: variable.dtype,
      shape: variable.shape,
      input: variable.name,
    }
    carried.push({ ...base, output: value === undefined ? undefined : next(variable.name), kind: "variable" })
    if (value !== undefined) g.output(next(variable.name), value)
  }

  const fedByState = new Set([
    ...carried.map((c) => c.input),
    StepNames.learningRate,
    StepNames.step,
    SEED_INPUT,
  ])
  const dataInputs = g
    .declaredInputs()
    .filter((t) => !fedByState.has(t.name))
    .map((t) => ({ name: t.name, dtype: t.dtype, shape: t.shape }))
  for (const c of carried)
    if (!isStatic(c.shape)) fail("buildTrainStep", `variable "${c.variable}" needs a static shape`)
  return {
    bytes: g.toModel({ docString: `mirflow training step (${spec.optimizer.name})` }),
    dataInputs,
    carried,
    outputs: [StepNames.loss, StepNames.gradNorm, ...Object.keys(outputs)],
    seeded: g.declaredInputs().some((t) => t.name === SEED_INPUT),
    optimizer: spec.optimizer.name,
  }
}

export interface EvalStepSpec {
  readonly variables: VariableStore
  /** Builds the forward pass in an inference-mode graph and returns its outputs by name. */
  readonly model: (g: Graph) => Readonly<Record<string, Tensor>>
  /** Graph name. Default `"eval_step"`. */
  readonly name?: string
}

/**
 * The forward pass in inference mode (BatchNorm on running statistics, no Dropout) with variables
 * as inputs, so that a {@link TrainState}'s current values can be evaluated without exporting.
 * Feed it `state.variableFeeds()` plus the data inputs.
 */
export const buildEvalStep = (spec: EvalStepSpec): Uint8Array => {
  const g = new Graph({ name: spec.name ?? "eval_step", training: false, variables: spec.variables })
  for (const [name, t] of Object.entries(spec.model(g))) g.output(name, t)
  return g.toModel({ docString: "mirflow evaluation step" })
}
