/**
 * Errors of the model layer: building ONNX graphs and running them on ONNX Runtime.
 *
 * @module
 */
import { Schema } from "effect"

/**
 * A graph was built with inconsistent shapes or element types (for example a MatMul whose inner
 * dimensions differ). Thrown by the graph builder when the op is added, long before ONNX Runtime
 * would reject the model, with the op and the offending shapes in the message.
 */
export class GraphBuildError extends Schema.TaggedError<GraphBuildError>()("GraphBuildError", {
  op: Schema.String,
  message: Schema.String,
}) {}

/** ONNX Runtime could not create a session for the model (invalid model, or no usable provider). */
export class OnnxSessionError extends Schema.TaggedError<OnnxSessionError>()("OnnxSessionError", {
  provider: Schema.String,
  /** ONNX Runtime's own words (first line). */
  reason: Schema.String,
  message: Schema.String,
}) {}

/**
 * The feeds of a run do not match the session's inputs. ONNX Runtime silently ignores a value fed
 * under an unknown name, so a misspelt name would otherwise run the graph on stale inputs.
 */
export class OnnxFeedError extends Schema.TaggedError<OnnxFeedError>()("OnnxFeedError", {
  unknown: Schema.Array(Schema.String),
  missing: Schema.Array(Schema.String),
  mistyped: Schema.Array(Schema.String),
  message: Schema.String,
}) {}

/** ONNX Runtime failed while running a session (for example a shape it only learnt at run time). */
export class OnnxRunError extends Schema.TaggedError<OnnxRunError>()("OnnxRunError", {
  message: Schema.String,
}) {}

/** A model folder lacks `model.onnx` or `model.json`, or a file in it cannot be read or written. */
export class ModelFileError extends Schema.TaggedError<ModelFileError>()("ModelFileError", {
  path: Schema.String,
  message: Schema.String,
}) {}

/** `model.json` is not JSON, does not match the model card schema, or disagrees with `model.onnx`. */
export class ModelCardInvalid extends Schema.TaggedError<ModelCardInvalid>()("ModelCardInvalid", {
  path: Schema.String,
  message: Schema.String,
}) {}

/** A training checkpoint is unreadable, or belongs to another run (other data, options or architecture). */
export class CheckpointInvalid extends Schema.TaggedError<CheckpointInvalid>()("CheckpointInvalid", {
  path: Schema.String,
  message: Schema.String,
}) {}

/** The data cannot train a model: no labelled head, too few clips for the requested folds… */
export class TrainingDataInvalid extends Schema.TaggedError<TrainingDataInvalid>()("TrainingDataInvalid", {
  message: Schema.String,
}) {}

/** A clip given to the classifier does not fit the model (mel bands or feature count differ). */
export class ClipInvalid extends Schema.TaggedError<ClipInvalid>()("ClipInvalid", {
  message: Schema.String,
}) {}
