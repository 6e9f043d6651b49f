/**
 * Errors of the HTTP service (`src/http`): a request the service refuses, or cannot serve now. Each
 * maps to one status and code of the `{"error": {"code", "message"}}` body (`src/http/errors/`).
 *
 * @module
 */
import { Schema } from "effect"

/** The request is malformed: no `file` field, a bad query parameter, a multipart body that does not parse. */
export class BadRequest extends Schema.TaggedError<BadRequest>()("BadRequest", {
  message: Schema.String,
}) {}

/** The body is larger than `MAX_FILE_SIZE` (noticed from `Content-Length`, or while it streams in). */
export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>()("PayloadTooLarge", {
  limit: Schema.Finite,
  message: Schema.String,
}) {}

/** The request's content type is not one the endpoint takes (a JSON body sent to `/classify`). */
export class UnsupportedMediaType extends Schema.TaggedError<UnsupportedMediaType>()("UnsupportedMediaType", {
  message: Schema.String,
}) {}

/** The audio is shorter than the service's minimum (`MIN_DURATION`). */
export class AudioTooShort extends Schema.TaggedError<AudioTooShort>()("AudioTooShort", {
  duration: Schema.Finite,
  minDuration: Schema.Finite,
  message: Schema.String,
}) {}

/** The worker analysing an upload died (a decoder abort, memory exhausted by the input). */
export class AnalysisCrashed extends Schema.TaggedError<AnalysisCrashed>()("AnalysisCrashed", {
  message: Schema.String,
}) {}

/** The analysis or inference queue is full: try again after `retryAfter` seconds. */
export class QueueFull extends Schema.TaggedError<QueueFull>()("QueueFull", {
  retryAfter: Schema.Int,
  message: Schema.String,
}) {}

/** The request took longer than `REQUEST_TIMEOUT`. */
export class RequestTimeout extends Schema.TaggedError<RequestTimeout>()("RequestTimeout", {
  seconds: Schema.Finite,
  message: Schema.String,
}) {}

/** The service cannot answer now: the model is still loading, failed to load, or the server is shutting down. */
export class ServiceUnavailable extends Schema.TaggedError<ServiceUnavailable>()("ServiceUnavailable", {
  retryAfter: Schema.Int,
  message: Schema.String,
}) {}

/** The service's configuration (environment variables) is invalid. */
export class ServerConfigInvalid extends Schema.TaggedError<ServerConfigInvalid>()("ServerConfigInvalid", {
  message: Schema.String,
}) {}

/** The server could not listen (the port is taken, the address is not this machine's). */
export class ServerListenError extends Schema.TaggedError<ServerListenError>()("ServerListenError", {
  message: Schema.String,
}) {}
