/**
 * mirflow's model layer: build ONNX graphs with reverse-mode autodiff, train them through ONNX
 * Runtime with the optimizer inside the step graph, export inference models, and run sessions.
 *
 * @module
 */

export { GraphBuildError, OnnxFeedError, OnnxRunError, OnnxSessionError } from "../schema/errors/model.ts"
export { gradients } from "./onnx/autodiff.ts"
export type { DType, FloatDType } from "./onnx/dtype.ts"
export { exportInference, type InferenceSpec } from "./onnx/export.ts"
export {
  attr,
  type BackwardContext,
  type BackwardRule,
  Graph,
  type GraphOptions,
  OPSET,
  type OpSpec,
  type OutputSpec,
  SEED_INPUT,
  type Tensor,
} from "./onnx/graph.ts"
export * from "./onnx/layers.ts"
export * from "./onnx/ops/index.ts"
export { type AdamWOptions, adamW } from "./onnx/optim/adamw.ts"
export { clipByGlobalNorm, globalNorm } from "./onnx/optim/clip.ts"
export type { Optimizer, StepScalars, VariableUpdate } from "./onnx/optim/optimizer.ts"
export { type SgdOptions, sgd } from "./onnx/optim/sgd.ts"
export { type Random, seededRandom } from "./onnx/random.ts"
export {
  checkFeeds,
  type ExecutionProvider,
  type Feeds,
  type OnnxSession,
  openSession,
  type SessionOptions,
} from "./onnx/session.ts"
export type { Dim, Shape } from "./onnx/shape.ts"
export { runTrainStep, type StepResult, type TrainCheckpoint, TrainState } from "./onnx/train-state.ts"
export {
  buildEvalStep,
  buildTrainStep,
  type CarriedValue,
  type DataInput,
  type EvalStepSpec,
  StepNames,
  type TrainOutputs,
  type TrainStepModel,
  type TrainStepSpec,
} from "./onnx/train-step.ts"
export {
  filled,
  glorotUniform,
  heNormal,
  type Initializer,
  ones,
  uniformFanIn,
  type Variable,
  type VariableSpec,
  VariableStore,
  zeros,
} from "./onnx/variables.ts"
