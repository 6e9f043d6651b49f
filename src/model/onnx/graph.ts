/**
 * The graph builder: typed tensor handles, ONNX node emission, and the tape that reverse-mode
 * autodiff walks.
 *
 * Ops (in `ops/`) are plain functions of tensor handles. Each computes its output shapes (failing
 * at build time on a mismatch), emits its ONNX nodes through {@link Graph.emit}, and hands `emit`
 * the rule that turns the gradients of its outputs into gradients of its inputs, the way
 * micrograd's `Value` ops carry their `_backward` closure.
 *
 * @module
 */
import { type DType, rawBytes } from "./dtype.ts"
import {
  type AttributeValue,
  DataType,
  encodeModel,
  type NodeData,
  type TensorData,
  type ValueInfoData,
} from "./proto.ts"
import { type Dim, fail, formatShape, type Shape } from "./shape.ts"
import { type Variable, type VariableSpec, VariableStore } from "./variables.ts"

/** The ONNX operator set every graph imports. 18 has each op mirflow needs (ReduceMean with axes as an input, ScatterElements with reduction) and is read by every ONNX Runtime since 1.14. */
export const OPSET = 18

/** A value in a graph under construction: its name, element type and shape. */
export interface Tensor {
  readonly graph: Graph
  /** Creation order; autodiff uses it as a topological index. */
  readonly id: number
  readonly name: string
  readonly dtype: DType
  readonly shape: Shape
}

/** Element type and shape of an op's output. */
export interface OutputSpec {
  readonly dtype: DType
  readonly shape: Shape
}

/** What a backward rule receives. */
export interface BackwardContext {
  readonly inputs: ReadonlyArray<Tensor | undefined>
  readonly outputs: ReadonlyArray<Tensor>
  /** Gradient of the loss with respect to each output; `undefined` where the loss does not depend on it. */
  readonly grads: ReadonlyArray<Tensor | undefined>
  /** Which inputs need a gradient: rules skip the work for the others. */
  readonly needs: ReadonlyArray<boolean>
}

/** Gradients of the loss with respect to each input (`undefined` for inputs that need none). */
export type BackwardRule = (ctx: BackwardContext) => ReadonlyArray<Tensor | undefined>

/** One op to add to the graph. */
export interface OpSpec {
  readonly op: string
  /** `undefined` stands for an omitted optional input. */
  readonly inputs: ReadonlyArray<Tensor | undefined>
  readonly outputs: ReadonlyArray<OutputSpec>
  readonly attributes?: Readonly<Record<string, AttributeValue>>
  /** Absent for ops that pass no gradient (comparisons, shapes, integer arithmetic). */
  readonly backward?: BackwardRule
}

/** A recorded differentiable op, as autodiff sees it. */
export interface TapeEntry {
  readonly inputs: ReadonlyArray<Tensor | undefined>
  readonly outputs: ReadonlyArray<Tensor>
  readonly backward: BackwardRule
}

/** Constructors of ONNX attribute values. */
export const attr = {
  int: (value: number): AttributeValue => ({ kind: "int", value }),
  ints: (value: ReadonlyArray<number>): AttributeValue => ({ kind: "ints", value }),
  float: (value: number): AttributeValue => ({ kind: "float", value }),
  floats: (value: ReadonlyArray<number>): AttributeValue => ({ kind: "floats", value }),
  string: (value: string): AttributeValue => ({ kind: "string", value }),
}

export interface GraphOptions {
  /** Graph name written into the model. Default `"mirflow"`. */
  readonly name?: string
  /** Training mode: BatchNorm uses batch statistics, Dropout drops. Default `false`. */
  readonly training?: boolean
  /** Where {@link Graph.variable} finds (or creates) values. Default: a new store with seed 0. */
  readonly variables?: VariableStore
  /**
   * `"inputs"`: variables are graph inputs, fed each run (training and evaluation steps).
   * `"initializers"`: variables are baked into the model (inference export). Default `"inputs"`.
   */
  readonly variablesAs?: "inputs" | "initializers"
}

/** Name of the int64 scalar input that seeds Dropout masks in a training graph. */
export const SEED_INPUT = "dropout_seed"

/**
 * An ONNX graph under construction.
 *
 * @example
 * const g = new Graph({ training: true })
 * const x = g.input("x", "float", ["batch", 8])
 * const w = g.variable("w", { shape: [4, 8], init: heNormal })
 * g.output("y", relu(linear(x, w)))
 * const bytes = g.toModel()
 */
export class Graph {
  readonly name: string
  readonly training: boolean
  readonly variables: VariableStore
  readonly variablesAs: "inputs" | "initializers"
  /** Differentiable ops in creation (topological) order. */
  readonly tape: TapeEntry[] = []

  private nextId = 0
  private readonly names = new Set<string>()
  private readonly nodes: NodeData[] = []
  private readonly inputs: Tensor[] = []
  private readonly initializers = new Map<string, TensorData>()
  private readonly constants = new Map<string, Tensor>()
  private readonly outputs: Array<readonly [string, Tensor]> = []
  private readonly bound = new Map<string, { readonly variable: Variable; readonly tensor: Tensor }>()
  private readonly assigned = new Map<string, Tensor>()
  private seedInput: Tensor | undefined
  private taping = true
  private salt = 0

  constructor(options: GraphOptions = {}) {
    this.name = options.name ?? "mirflow"
    this.training = options.training ?? false
    this.variables = options.variables ?? new VariableStore()
    this.variablesAs = options.variablesAs ?? "inputs"
  }

  private tensor(name: string, dtype: DType, shape: Shape): Tensor {
    return { graph: this, id: this.nextId++, name, dtype, shape }
  }

  private claim(name: string, what: string): string {
    if (this.names.has(name)) fail(what, `the name "${name}" is already used in graph "${this.name}"`)
    this.names.add(name)
    return name
  }

  private fresh(prefix: string): string {
    let name = `${prefix}_${this.nextId}`
    while (this.names.has(name)) name = `${name}_`
    return this.claim(name, prefix)
  }

  /** Declares a graph input fed at each run. Dimensions given as strings are dynamic (`"batch"`). */
  input(name: string, dtype: DType, shape: ReadonlyArray<Dim>): Tensor {
    const t = this.tensor(this.claim(name, "input"), dtype, shape)
    this.inputs.push(t)
    return t
  }

  /**
   * A constant (an initializer). Small constants with equal contents are shared.
   *
   * @param values - row-major values
   * @param shape - default: a vector of `values.length` (a scalar when `values` is a number)
   */
  constant(values: number | ArrayLike<number>, dtype: DType, shape?: ReadonlyArray<number>): Tensor {
    const data = typeof values === "number" ? [values] : values
    const dims = shape ?? (typeof values === "number" ? [] : [data.length])
    if (dims.reduce((n, d) => n * d, 1) !== data.length)
      fail("constant", `${data.length} values do not fill shape ${formatShape(dims)}`)
    const key = data.length <= 16 ? `${dtype}${formatShape(dims)}${Array.from(data).join(",")}` : undefined
    const cached = key === undefined ? undefined : this.constants.get(key)
    if (cached !== undefined) return cached
    const t = this.tensor(this.fresh("const"), dtype, dims)
    this.initializers.set(t.name, {
      name: t.name,
      dataType: DataType[dtype],
      dims,
      raw: rawBytes(dtype, data),
    })
    if (key !== undefined) this.constants.set(key, t)
    return t
  }

  /** A scalar constant of `dtype`. */
  scalar(value: number, dtype: DType): Tensor {
    return this.constant(value, dtype)
  }

  /**
   * A model variable (weight, bias, running statistic) read from {@link GraphOptions.variables}:
   * created there with `spec.init` on first use, then reused with its current value. It becomes a
   * graph input or an initializer depending on {@link GraphOptions.variablesAs}. Asking for the
   * same name twice returns the same tensor (shared weights).
   */
  variable(name: string, spec: VariableSpec): Tensor {
    const known = this.bound.get(name)
    if (known !== undefined) {
      if (formatShape(known.variable.shape) !== formatShape(spec.shape))
        fail(
          "variable",
          `"${name}" is ${formatShape(known.variable.shape)}, asked for ${formatShape(spec.shape)}`,
        )
      return known.tensor
    }
    const variable = this.variables.ensure(name, spec)
    let tensor: Tensor
    if (this.variablesAs === "inputs") tensor = this.input(name, variable.dtype, variable.shape)
    else {
      tensor = this.tensor(this.claim(name, "variable"), variable.dtype, variable.shape)
      this.initializers.set(name, {
        name,
        dataType: DataType[variable.dtype],
        dims: variable.shape,
        raw: rawBytes(variable.dtype, variable.value),
      })
    }
    this.bound.set(name, { variable, tensor })
    return tensor
  }

  /** Variables this graph uses, in first-use order. */
  boundVariables(): ReadonlyArray<{ readonly variable: Variable; readonly tensor: Tensor }> {
    return [...this.bound.values()]
  }

  /**
   * Records that a training step replaces `variable` by `value` (BatchNorm's running statistics).
   * The training step makes `value` an output that feeds the variable at the next step.
   */
  assign(variable: Tensor, value: Tensor): void {
    const bound = this.bound.get(variable.name)
    if (bound === undefined || bound.tensor !== variable)
      fail("assign", `"${variable.name}" is not a variable`)
    if (formatShape(variable.shape) !== formatShape(value.shape) || variable.dtype !== value.dtype)
      fail(
        "assign",
        `"${variable.name}" is ${formatShape(variable.shape)}, the new value ${formatShape(value.shape)}`,
      )
    this.assigned.set(variable.name, value)
  }

  /** Values recorded by {@link Graph.assign}, by variable name. */
  assignments(): ReadonlyMap<string, Tensor> {
    return this.assigned
  }

  /**
   * The int64 scalar input that seeds random masks in a training graph, and a fresh salt per call
   * so that two Dropout layers draw different masks from one seed.
   */
  randomSeed(): { readonly seed: Tensor; readonly salt: number } {
    this.seedInput ??= this.input(SEED_INPUT, "int64", [])
    return { seed: this.seedInput, salt: ++this.salt }
  }

  /** Adds one ONNX node (recording its backward rule, if any) and returns its output tensors. */
  emit(spec: OpSpec): Tensor[] {
    for (const t of spec.inputs)
      if (t !== undefined && t.graph !== this) fail(spec.op, `input "${t.name}" belongs to another graph`)
    const first = this.fresh(spec.op)
    const outputs = spec.outputs.map((o, i) =>
      this.tensor(i === 0 ? first : `${first}:${i}`, o.dtype, o.shape),
    )
    for (const o of outputs.slice(1)) this.claim(o.name, spec.op)
    this.nodes.push({
      opType: spec.op,
      name: first,
      inputs: spec.inputs.map((t) => t?.name ?? ""),
      outputs: outputs.map((o) => o.name),
      attributes: spec.attributes ?? {},
    })
    if (spec.backward !== undefined && this.taping)
      this.tape.push({ inputs: spec.inputs, outputs, backward: spec.backward })
    return outputs
  }

  /** Runs `build` without recording backward rules (for backward rules and composite ops). */
  untaped<T>(build: () => T): T {
    const before = this.taping
    this.taping = false
    try {
      return build()
    } finally {
      this.taping = before
    }
  }

  /**
   * A composite op: `build` emits several nodes (their own rules are not recorded) and `backward`
   * differentiates the group as a whole, so a fused rule replaces the chain of per-node rules.
   */
  composite(
    inputs: ReadonlyArray<Tensor | undefined>,
    build: () => ReadonlyArray<Tensor>,
    backward: BackwardRule,
  ): Tensor[] {
    const outputs = [...this.untaped(build)]
    if (this.taping) this.tape.push({ inputs, outputs, backward })
    return outputs
  }

  /** Marks `tensor` as a graph output called `name`. */
  output(name: string, tensor: Tensor): void {
    if (tensor.graph !== this) fail("output", `"${tensor.name}" belongs to another graph`)
    if (this.outputs.some(([n]) => n === name)) fail("output", `two outputs are called "${name}"`)
    if (name !== tensor.name) {
      // ONNX names a graph output after the value it is, so give the value its public name.
      this.claim(name, "output")
      this.nodes.push({
        opType: "Identity",
        name: `${name}/identity`,
        inputs: [tensor.name],
        outputs: [name],
        attributes: {},
      })
    }
    this.outputs.push([name, tensor])
  }

  /** Graph outputs declared so far. */
  declaredOutputs(): ReadonlyArray<readonly [string, Tensor]> {
    return this.outputs
  }

  /** Graph inputs declared so far, in order. */
  declaredInputs(): ReadonlyArray<Tensor> {
    return this.inputs
  }

  /**
   * Serialises the graph as an ONNX model. Only the nodes and initializers the outputs depend on
   * are written; every declared input is kept (the session expects all of them).
   *
   * @param options.outputs - names of the declared outputs to write (default all)
   */
  toModel(
    options: { readonly docString?: string; readonly outputs?: ReadonlyArray<string> } = {},
  ): Uint8Array {
    const chosen = options.outputs
    const outputs = chosen === undefined ? this.outputs : this.outputs.filter(([n]) => chosen.includes(n))
    if (outputs.length === 0) fail("toModel", `graph "${this.name}" has no outputs`)
    const producer = new Map<string, NodeData>()
    for (const n of this.nodes) for (const o of n.outputs) producer.set(o, n)
    const needed = new Set<NodeData>()
    const usedValues = new Set<string>()
    const stack = outputs.map(([name]) => name)
    while (stack.length > 0) {
      const name = stack.pop()!
      if (usedValues.has(name)) continue
      usedValues.add(name)
      const n = producer.get(name)
      if (n !== undefined && !needed.has(n)) {
        needed.add(n)
        for (const i of n.inputs) if (i !== "") stack.push(i)
      }
    }
    const nodes = this.nodes.filter((n) => needed.has(n))
    const valueInfo = (name: string, t: Tensor): ValueInfoData => ({
      name,
      dataType: DataType[t.dtype],
      dims: t.shape,
    })
    return encodeModel({
      opset: OPSET,
      ...(options.docString === undefined ? {} : { docString: options.docString }),
      graph: {
        name: this.name,
        nodes,
        initializers: [...this.initializers.values()].filter((t) => usedValues.has(t.name)),
        inputs: this.inputs.map((t) => valueInfo(t.name, t)),
        outputs: outputs.map(([name, t]) => valueInfo(name, t)),
      },
    })
  }
}
