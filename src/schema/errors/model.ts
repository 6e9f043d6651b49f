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
