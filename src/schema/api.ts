/**
 * The HTTP service's wire formats: every JSON body it sends (and the NDJSON lines and WebSocket
 * messages of the streaming endpoints) is encoded through one of these schemas, and
 * `/openapi.json` is generated from the same schemas, so the documentation cannot drift from what
 * the service answers. Field names are snake_case, as in the integration spec.
 *
 * @module
 */
import { Schema } from "effect"

const Probability = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 }))
const Seconds = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))
const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

/** One class and its probability. */
export const ClassScore = Schema.Struct({
  label: Schema.String,
  confidence: Probability,
}).annotate({ identifier: "ClassScore", description: "A class and its probability (or share of votes)." })

/** A class head's answer: the most probable class and the three most probable. */
export const ClassPrediction = Schema.Struct({
  label: Schema.String,
  confidence: Probability,
  top3: Schema.Array(ClassScore),
}).annotate({ identifier: "ClassPrediction", description: "The most probable class, and the top three." })

/** Who answered a head: the trained network or a signal-processing estimator. */
export const AnswerSource = Schema.Literals(["model", "estimator"]).annotate({
  identifier: "AnswerSource",
  description: "`model`: the trained network; `estimator`: mirflow's tempo or key estimator.",
})

export const TempoPrediction = Schema.Struct({
  value: Schema.Finite.annotate({ description: "Beats per minute." }),
  confidence: Probability,
  source: AnswerSource,
}).annotate({ identifier: "TempoPrediction" })

export const KeyPrediction = Schema.Struct({
  label: Schema.String.annotate({ description: 'For example "A minor".' }),
  confidence: Probability,
  top3: Schema.Array(ClassScore),
  source: AnswerSource,
}).annotate({ identifier: "KeyPrediction" })

/** The heads of a prediction; a head is absent when neither the model nor an estimator answers it. */
const predictionFields = {
  genre: Schema.optionalKey(ClassPrediction),
  mood: Schema.optionalKey(ClassPrediction),
  bpm: Schema.optionalKey(TempoPrediction),
  key: Schema.optionalKey(KeyPrediction),
}

export const ModelInfo = Schema.Struct({
  name: Schema.String,
  version: Schema.String,
}).annotate({ identifier: "ModelInfo", description: "The model that answered (from its model card)." })

export const AudioSummary = Schema.Struct({
  format: Schema.String.annotate({
    description: "Container recognised from the bytes: wav, mp3, flac, ogg…",
  }),
  codec: Schema.String,
  sample_rate: Schema.Int.annotate({
    description: "The file's own sample rate (analysis runs at 22050 Hz).",
  }),
  channels: Schema.Int,
  truncated: Schema.Boolean.annotate({
    description: "The file ends before the end its header announces; the answer covers the valid part.",
  }),
}).annotate({ identifier: "AudioSummary" })

export const SpectrogramImage = Schema.Struct({
  image: Schema.String.annotate({
    description: "A PNG as a data URL: time left to right, low bands at the bottom.",
  }),
  width: Schema.Int,
  height: Schema.Int,
  frames: Count.annotate({ description: "Mel frames of the clip (a column may average several)." }),
  mel_bands: Schema.Int,
  seconds: Seconds.annotate({ description: "Audio shown, in seconds." }),
  db_range: Schema.Tuple([Schema.Finite, Schema.Finite]).annotate({
    description: "The dB values of the darkest and brightest colours.",
  }),
}).annotate({ identifier: "SpectrogramImage" })

/** `POST /classify`: one file's prediction. */
export const ClassifyResponse = Schema.Struct({
  filename: Schema.String,
  ...predictionFields,
  duration: Seconds.annotate({ description: "Seconds of audio analysed." }),
  processing_time: Seconds.annotate({ description: "Seconds the service spent on the request." }),
  windows: Count.annotate({ description: "Model windows averaged for the clip." }),
  audio: AudioSummary,
  model: ModelInfo,
  spectrogram: Schema.optionalKey(SpectrogramImage),
}).annotate({ identifier: "ClassifyResponse" })
export type ClassifyResponse = typeof ClassifyResponse.Type

/** `{"error": {"code", "message"}}`, the body of every error response. */
export const ErrorBody = Schema.Struct({
  code: Schema.String.annotate({
    description:
      "Stable machine-readable code: bad_request, not_found, method_not_allowed, payload_too_large, unsupported_media_type, " +
      "unsupported_format, corrupt_audio, truncated_audio, empty_audio, audio_too_long, audio_too_short, " +
      "invalid_samples, decoder_crashed, queue_full, timeout, model_unavailable, internal_error",
  }),
  message: Schema.String.annotate({ description: "What went wrong, in words a user can act on." }),
}).annotate({ identifier: "ErrorBody" })

export const ErrorResponse = Schema.Struct({ error: ErrorBody }).annotate({ identifier: "ErrorResponse" })
export type ErrorResponse = typeof ErrorResponse.Type

/** One file of `POST /batch_classify`: its prediction, or its error. */
export const BatchItem = Schema.Union([
  Schema.Struct({ filename: Schema.String, status: Schema.Literal(200), result: ClassifyResponse }),
  Schema.Struct({ filename: Schema.String, status: Schema.Int, error: ErrorBody }),
]).annotate({ identifier: "BatchItem", description: "`result` when `status` is 200, `error` otherwise." })

export const BatchClassifyResponse = Schema.Struct({
  results: Schema.Array(BatchItem).annotate({ description: "One entry per uploaded file, in upload order." }),
  processing_time: Seconds,
}).annotate({ identifier: "BatchClassifyResponse" })
export type BatchClassifyResponse = typeof BatchClassifyResponse.Type

/** A window's prediction, on `/classify/stream` and `/classify/live`. */
export const WindowLine = Schema.Struct({
  type: Schema.Literal("window"),
  index: Count,
  start: Seconds.annotate({ description: "Start of the window in the stream, seconds." }),
  end: Seconds,
  ...predictionFields,
}).annotate({ identifier: "WindowLine" })
export type WindowLine = typeof WindowLine.Type

/** The last line: the stream's prediction, from the windows' votes. */
export const SummaryLine = Schema.Struct({
  type: Schema.Literal("summary"),
  windows: Count,
  duration: Seconds.annotate({ description: "Seconds of audio received." }),
  ...predictionFields,
  processing_time: Seconds,
  model: ModelInfo,
}).annotate({
  identifier: "SummaryLine",
  description:
    "genre, mood and key: each label's share of the windows that ranked it first (top3: the three most voted); " +
    "bpm: the median of the windows' tempi, with the share of windows within 4 % of it.",
})
export type SummaryLine = typeof SummaryLine.Type

/** A failure after the response has started: the stream ends with this line. */
export const ErrorLine = Schema.Struct({ type: Schema.Literal("error"), error: ErrorBody }).annotate({
  identifier: "ErrorLine",
})
export type ErrorLine = typeof ErrorLine.Type

/** Every line of the `/classify/stream` NDJSON response. */
export const StreamLine = Schema.Union([WindowLine, SummaryLine, ErrorLine]).annotate({
  identifier: "StreamLine",
})
export type StreamLine = typeof StreamLine.Type

/** The first message of a `/classify/live` session: the format it expects. */
export const LiveReady = Schema.Struct({
  type: Schema.Literal("ready"),
  sample_rate: Schema.Int,
  format: Schema.Literals(["f32le", "s16le"]),
  window: Seconds,
  hop: Seconds,
}).annotate({ identifier: "LiveReady" })

/** Every message the server sends on `/classify/live`. */
export const LiveMessage = Schema.Union([LiveReady, WindowLine, SummaryLine, ErrorLine]).annotate({
  identifier: "LiveMessage",
})
export type LiveMessage = typeof LiveMessage.Type

/** `GET /health`. */
export const HealthResponse = Schema.Struct({
  status: Schema.Literals(["healthy", "starting", "unhealthy", "draining"]),
  preprocessing: Schema.Literals(["ready", "not_ready"]),
  model: Schema.Literals(["loaded", "loading", "failed"]),
  model_name: Schema.optionalKey(Schema.String),
  model_version: Schema.optionalKey(Schema.String),
  version: Schema.String.annotate({ description: "mirflow's version." }),
  uptime: Seconds,
}).annotate({ identifier: "HealthResponse" })
export type HealthResponse = typeof HealthResponse.Type

const WindowSeconds = Schema.FiniteFromString.check(Schema.isBetween({ minimum: 0.5, maximum: 30 }))
const HopSeconds = Schema.FiniteFromString.check(Schema.isBetween({ minimum: 0.1, maximum: 30 }))

/** Query of `/classify/stream`. */
export const StreamQuery = Schema.Struct({
  window: Schema.optionalKey(WindowSeconds.annotate({ description: "Window length in seconds. Default 3." })),
  hop: Schema.optionalKey(
    HopSeconds.annotate({ description: "Seconds between window starts. Default 1.5." }),
  ),
})

/** Query of `/classify/live`. */
export const LiveQuery = Schema.Struct({
  ...StreamQuery.fields,
  sample_rate: Schema.optionalKey(
    Schema.FiniteFromString.check(
      Schema.isInt(),
      Schema.isBetween({ minimum: 8000, maximum: 192000 }),
    ).annotate({
      description: "Rate of the PCM you send, Hz. Default 48000.",
    }),
  ),
  format: Schema.optionalKey(
    Schema.Literals(["f32le", "s16le"]).annotate({
      description: "Sample format: mono float32 or int16, little-endian. Default f32le.",
    }),
  ),
})

/** Query of `/classify`. */
export const ClassifyQuery = Schema.Struct({
  spectrogram: Schema.optionalKey(
    Schema.Literals(["true", "false", "1", "0"]).annotate({
      description: "Add the mel spectrogram as a PNG data URL (`spectrogram` field). Default false.",
    }),
  ),
})
