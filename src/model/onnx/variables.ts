/**
 * Model variables: named weights, biases and running statistics, with their current values.
 *
 * A {@link VariableStore} outlives graphs: the training step, the evaluation step and the inference
 * export are separate graphs built from one store, so they all see the same variables.
 *
 * @module
 */
import type { FloatDType } from "./dtype.ts"
import { type Random, seededRandom, seedFor } from "./random.ts"
import { fail, formatShape } from "./shape.ts"

/** Fills a new variable of `shape` (row-major). */
export type Initializer = (shape: ReadonlyArray<number>, random: Random) => ArrayLike<number>

/** How to create a variable. */
export interface VariableSpec {
  readonly shape: ReadonlyArray<number>
  readonly init: Initializer
  /** Default `"float"`. */
  readonly dtype?: FloatDType
  /** Updated by the optimizer. Default `true`; running statistics are `false`. */
  readonly trainable?: boolean
  /** Subject to weight decay. Default: trainable with rank ≥ 2 (weights, not biases or norm scales). */
  readonly decay?: boolean
}

/** A variable and its current value. */
export interface Variable {
  readonly name: string
  readonly shape: ReadonlyArray<number>
  readonly dtype: FloatDType
  readonly trainable: boolean
  readonly decay: boolean
  readonly value: Float32Array | Float64Array
}

/** Named variables; initial values are drawn from `seed` and the variable's name. */
export class VariableStore {
  private readonly vars = new Map<string, Variable>()
  readonly seed: number

  /** @param seed - base seed of every initializer's draws. Default 0. */
  constructor(seed = 0) {
    this.seed = seed
  }

  /** The variable called `name`, created from `spec` if absent; fails if it exists with another shape. */
  ensure(name: string, spec: VariableSpec): Variable {
    const dtype = spec.dtype ?? "float"
    const known = this.vars.get(name)
    if (known !== undefined) {
      if (formatShape(known.shape) !== formatShape(spec.shape) || known.dtype !== dtype)
        fail(
          "variable",
          `"${name}" is ${known.dtype}${formatShape(known.shape)}, asked for ${dtype}${formatShape(spec.shape)}`,
        )
      return known
    }
    const size = spec.shape.reduce((n, d) => n * d, 1)
    const init = spec.init(spec.shape, seededRandom(seedFor(this.seed, name)))
    if (init.length !== size)
      fail("variable", `the initializer of "${name}" gave ${init.length} values for ${size}`)
    const trainable = spec.trainable ?? true
    const variable: Variable = {
      name,
      shape: [...spec.shape],
      dtype,
      trainable,
      decay: spec.decay ?? (trainable && spec.shape.length >= 2),
      value: dtype === "float" ? Float32Array.from(init) : Float64Array.from(init),
    }
    this.vars.set(name, variable)
    return variable
  }

  get(name: string): Variable | undefined {
    return this.vars.get(name)
  }

  /** Overwrites the value of an existing variable (after training, or from a checkpoint). */
  set(name: string, values: ArrayLike<number>): void {
    const v = this.vars.get(name) ?? fail("variable", `no variable is called "${name}"`)
    if (values.length !== v.value.length)
      fail("variable", `"${name}" holds ${v.value.length} values, got ${values.length}`)
    v.value.set(values)
  }

  /** All variables, in creation order. */
  list(): ReadonlyArray<Variable> {
    return [...this.vars.values()]
  }
}

// ---- initializers (named after their PyTorch equivalents) ----------------------------------------

/** Inputs per output unit of a `[out, in, ...kernel]` weight. */
const fanIn = (shape: ReadonlyArray<number>): number => shape.slice(1).reduce((n, d) => n * d, 1)
const fanOut = (shape: ReadonlyArray<number>): number => shape[0]! * shape.slice(2).reduce((n, d) => n * d, 1)
const draw = (shape: ReadonlyArray<number>, f: () => number): number[] =>
  Array.from({ length: shape.reduce((n, d) => n * d, 1) }, f)

/** All zeros. torch: `nn.init.zeros_`. */
export const zeros: Initializer = (shape) => draw(shape, () => 0)

/** All ones. torch: `nn.init.ones_`. */
export const ones: Initializer = (shape) => draw(shape, () => 1)

/** Every value `v`. torch: `nn.init.constant_`. */
export const filled =
  (v: number): Initializer =>
  (shape) =>
    draw(shape, () => v)

/**
 * He (Kaiming) normal for layers followed by ReLU: N(0, 2 / fan_in).
 * torch: `nn.init.kaiming_normal_(w, nonlinearity="relu")`. Reference: He et al. 2015, arXiv:1502.01852.
 */
export const heNormal: Initializer = (shape, r) => {
  const std = Math.sqrt(2 / fanIn(shape))
  return draw(shape, () => std * r.normal())
}

/**
 * Uniform in ±1/√fan_in: PyTorch's default for `nn.Linear`/`nn.Conv*` weights and biases
 * (`kaiming_uniform_(a=√5)`). For a bias, pass the fan-in of its layer: `uniformFanIn(fan)`.
 */
export const uniformFanIn =
  (fan?: number): Initializer =>
  (shape, r) => {
    const bound = 1 / Math.sqrt(fan ?? fanIn(shape))
    return draw(shape, () => (2 * r.uniform() - 1) * bound)
  }

/**
 * Glorot (Xavier) uniform: U(±√(6 / (fan_in + fan_out))). torch: `nn.init.xavier_uniform_`.
 * Reference: Glorot & Bengio 2010.
 */
export const glorotUniform: Initializer = (shape, r) => {
  const bound = Math.sqrt(6 / (fanIn(shape) + fanOut(shape)))
  return draw(shape, () => (2 * r.uniform() - 1) * bound)
}
