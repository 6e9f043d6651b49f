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
export { gelu, leakyRelu, logSoftmax, relu, sigmoid, softmax, softplus, tanh } from "./onnx/ops/activation.ts"
export { type ConvOptions, conv } from "./onnx/ops/conv.ts"
export { type DropoutOptions, dropout } from "./onnx/ops/dropout.ts"
export {
  abs,
  add,
  and,
  cast,
  clip,
  div,
  equal,
  exp,
  greater,
  greaterOrEqual,
  less,
  log,
  maximum,
  mul,
  neg,
  not,
  type Operand,
  pow,
  sqrt,
  square,
  sub,
  sum,
  where,
} from "./onnx/ops/elementwise.ts"
export { concat, flatten, reshape, slice, transpose } from "./onnx/ops/layout.ts"
export {
  type BinaryCrossEntropyOptions,
  type CrossEntropyOptions,
  huber,
  type MaskOption,
  mse,
  sigmoidBinaryCrossEntropy,
  softmaxCrossEntropy,
  weightedSum,
} from "./onnx/ops/loss.ts"
export { type GemmOptions, gemm, linear, matmul } from "./onnx/ops/matmul.ts"
export {
  type BatchNormOptions,
  type BatchNormVariables,
  type BatchStats,
  batchNorm,
  batchNormInference,
  batchNormTraining,
  layerNorm,
} from "./onnx/ops/norm.ts"
export { avgPool, globalAvgPool, globalMaxPool, maxPool, type PoolOptions } from "./onnx/ops/pool.ts"
// reduceSum … squeeze are ops; shapeOf and sumToShape help writing new backward rules.
export {
  expandAs,
  reduceMax,
  reduceMean,
  reduceSum,
  shapeOf,
  squeeze,
  sumToShape,
  unsqueeze,
} from "./onnx/ops/reduce.ts"
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
