/**
 * The inference model: a separate graph whose variables are initializers and whose BatchNorm
 * layers use their running statistics, readable by any ONNX runtime (opset 18, standard ops).
 *
 * @module
 */
import { Graph, type Tensor } from "./graph.ts"
import type { VariableStore } from "./variables.ts"

export interface InferenceSpec {
  /** Variables with their trained values (see `TrainState.writeBack`). */
  readonly variables: VariableStore
  /** Builds the forward pass in an inference-mode graph and returns its outputs by name. */
  readonly model: (g: Graph) => Readonly<Record<string, Tensor>>
  /** Graph name. Default `"mirflow"`. */
  readonly name?: string
  /** Written into the model's doc_string. */
  readonly docString?: string
}

/**
 * Builds the inference model as ONNX bytes, to write as a `.onnx` file.
 *
 * @example
 * writeFileSync("model.onnx", exportInference({ variables: store, model: (g) => ({ logits: net(g) }) }))
 */
export const exportInference = (spec: InferenceSpec): Uint8Array => {
  const g = new Graph({
    name: spec.name ?? "mirflow",
    training: false,
    variables: spec.variables,
    variablesAs: "initializers",
  })
  for (const [name, t] of Object.entries(spec.model(g))) g.output(name, t)
  return g.toModel(spec.docString === undefined ? {} : { docString: spec.docString })
}
