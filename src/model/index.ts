/**
 * mirflow's model layer: the multi-task music network (genre, mood, BPM, key), its training with
 * cross-validation and checkpoints, the exported model folder (`model.onnx` + `model.json`), the
 * classifier service; and underneath, the toolkit that builds ONNX graphs with reverse-mode
 * autodiff, trains them through ONNX Runtime with the optimizer inside the step graph, exports
 * inference models, and runs sessions.
 *
 * @module
 */

// ---- the music model ---------------------------------------------------------------------------
export {
  type ArchitectureConfig,
  defaultArchitecture,
  describeArchitecture,
  type HeadOutputs,
  InputNames,
  inferenceGraph,
  type NetworkInputs,
  network,
} from "./architecture.ts"
export { type AugmentOptions, defaultAugment } from "./batches.ts"
export {
  type AnswerSource,
  Classifier,
  type ClassifierInput,
  type ClassifierLoadError,
  type ClassifierOptions,
  type ClassifierService,
  type ClassifyError,
  type ClassPrediction,
  type ClassScore,
  classifierInput,
  type KeyPrediction,
  makeClassifier,
  type Prediction,
  type TempoPrediction,
} from "./classifier.ts"
export { type ClipInput, type ClipOutput, predictClips, type WindowLayout } from "./clip-prediction.ts"
export { classesOf, type Dataset, type Estimates, type Example, type Labels, loadDataset } from "./dataset.ts"
export { defaultModelDirectory } from "./default-model.ts"
export { evaluateModel, exampleInput, predictionMetrics } from "./evaluate.ts"
export { type EstimatorMetrics, type HeadMetrics, headMetrics } from "./evaluation.ts"
export { exportModel, inferenceModel, type ModelInfo, modelCard } from "./export-model.ts"
export { type ClassHead, type HeadLayout, type HeadName, headLayoutOf, keyClasses } from "./heads.ts"
export {
  type ClassificationMetrics,
  classificationMetrics,
  keyMetrics,
  mirexKeyScore,
  type TempoMetrics,
  tempoMetrics,
} from "./metrics.ts"
export { type LoadedModel, ModelFiles, readModel, writeModel } from "./model-files.ts"
export { type InputStatistics, inputStatistics } from "./normalization.ts"
export { learningRateAt, type ScheduleOptions } from "./schedule.ts"
export { foldIndices, stratifiedFolds, stratifiedSplit } from "./split.ts"
export {
  defaultTrainModelOptions,
  type ModelEvaluation,
  type TrainingOutcome,
  type TrainModelOptions,
  trainModel,
} from "./train.ts"
export {
  defaultTrainOptions,
  type EpochRecord,
  type TrainedNetwork,
  type TrainingObserver,
  type TrainOptions,
  trainNetwork,
} from "./train-network.ts"
export { TrainingFiles, type TrainingRunOptions, trainToDirectory } from "./training-run.ts"

// ---- the ONNX toolkit --------------------------------------------------------------------------

export {
  CheckpointInvalid,
  ClipInvalid,
  GraphBuildError,
  ModelCardInvalid,
  ModelFileError,
  OnnxFeedError,
  OnnxRunError,
  OnnxSessionError,
  TrainingDataInvalid,
} from "../schema/errors/model.ts"
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
