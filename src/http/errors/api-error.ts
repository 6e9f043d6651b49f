/**
 * Every failure the service can meet, mapped to an HTTP status and a stable `code`. Bad input is a
 * 4xx with the decoder's own explanation; only a fault of the service itself is a 500.
 *
 * | status | codes |
 * | --- | --- |
 * | 400 | bad_request |
 * | 404 | not_found |
 * | 405 | method_not_allowed |
 * | 413 | payload_too_large |
 * | 415 | unsupported_media_type (not multipart / not a stream), unsupported_format (bytes are not audio) |
 * | 422 | corrupt_audio, truncated_audio, empty_audio, audio_too_long, audio_too_short, invalid_samples, decoder_crashed |
 * | 503 | queue_full, model_unavailable (with `Retry-After`) |
 * | 504 | timeout |
 * | 500 | internal_error |
 *
 * @module
 */
import type { ContentfulStatusCode } from "hono/utils/http-status"

export interface ApiError {
  readonly status: ContentfulStatusCode
  readonly code: string
  readonly message: string
  readonly headers?: Readonly<Record<string, string>>
}

const statusOfTag: Readonly<Record<string, readonly [ContentfulStatusCode, string]>> = {
  BadRequest: [400, "bad_request"],
  AudioReadError: [400, "bad_request"],
  PayloadTooLarge: [413, "payload_too_large"],
  UnsupportedMediaType: [415, "unsupported_media_type"],
  UnsupportedFormat: [415, "unsupported_format"],
  CorruptAudio: [422, "corrupt_audio"],
  StreamLayoutChanged: [422, "corrupt_audio"],
  TruncatedAudio: [422, "truncated_audio"],
  EmptyAudio: [422, "empty_audio"],
  AudioTooLong: [422, "audio_too_long"],
  AudioTooShort: [422, "audio_too_short"],
  InvalidSamples: [422, "invalid_samples"],
  AnalysisCrashed: [422, "decoder_crashed"],
  QueueFull: [503, "queue_full"],
  ServiceUnavailable: [503, "model_unavailable"],
  RequestTimeout: [504, "timeout"],
}

const field = (error: unknown, name: string): unknown =>
  typeof error === "object" && error !== null && name in error
    ? (error as Record<string, unknown>)[name]
    : undefined

/** The status, code, message and headers of a failure (a tagged error, or anything thrown). */
export const apiErrorOf = (error: unknown): ApiError => {
  const tag = field(error, "_tag")
  const message = field(error, "message")
  const known = typeof tag === "string" ? statusOfTag[tag] : undefined
  if (known === undefined || typeof message !== "string") {
    const model = tag === "ClipInvalid" || tag === "OnnxFeedError" || tag === "OnnxRunError"
    return {
      status: 500,
      code: "internal_error",
      message:
        model && typeof message === "string" ? `the model failed: ${message}` : "unexpected server error",
    }
  }
  const [status, code] = known
  const retryAfter = field(error, "retryAfter")
  const headers: Record<string, string> = {}
  if (typeof retryAfter === "number") headers["Retry-After"] = String(retryAfter)
  // The rest of an oversized body is not read: close the connection rather than drain it.
  if (status === 413) headers.Connection = "close"
  return { status, code, message, headers }
}
