/**
 * The OpenAPI 3.1 document of the service, generated from the same Effect Schemas that encode the
 * responses (`src/schema/api.ts`): `GET /openapi.json` serves it and `GET /docs` renders it.
 *
 * @module
 */
import { Schema } from "effect"
import {
  BatchClassifyResponse,
  ClassifyQuery,
  ClassifyResponse,
  ErrorResponse,
  HealthResponse,
  LiveMessage,
  LiveQuery,
  StreamLine,
  StreamQuery,
} from "../../schema/api.ts"
import { mirflowVersion } from "../../version.ts"

type Json = { readonly [key: string]: unknown }

/** JSON Schema's `#/$defs/X` references, pointed at OpenAPI's `#/components/schemas/X`. */
const rebase = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(rebase)
  if (typeof value !== "object" || value === null) return value
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === "$ref" && typeof v === "string" ? v.replace("#/$defs/", "#/components/schemas/") : rebase(v),
    ]),
  )
}

const components: Record<string, unknown> = {}

/** A schema as a `$ref` into `components.schemas` (its named parts registered there too). */
const ref = (schema: Schema.Top): Json => {
  const document = Schema.toJsonSchemaDocument(schema)
  for (const [name, definition] of Object.entries(document.definitions)) components[name] = rebase(definition)
  return rebase(document.schema) as Json
}

const queryParameters = (query: Schema.Top): Json[] => {
  const { schema } = Schema.toJsonSchemaDocument(Schema.toType(query))
  const properties = (schema as { properties?: Record<string, Json> }).properties ?? {}
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: "query",
    required: false,
    description: property.description,
    schema: property,
  }))
}

const json = (schema: Schema.Top, description: string) => ({
  description,
  content: { "application/json": { schema: ref(schema) } },
})

const error = (description: string) => json(ErrorResponse, description)

const retryAfter = {
  "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer" } },
}

const uploadErrors = {
  "400": error("Malformed request: no file, a bad query parameter, an unreadable multipart body."),
  "413": error("Larger than MAX_FILE_SIZE; refused from Content-Length or as soon as the body passes it."),
  "415": error(
    "Not multipart/form-data (`unsupported_media_type`), or the bytes are not audio (`unsupported_format`).",
  ),
  "422": error(
    "Audio that cannot be used: corrupt, truncated before any audio, empty, too short or too long.",
  ),
  "503": {
    ...error("The queue is full (`queue_full`) or the model is not loaded (`model_unavailable`)."),
    headers: retryAfter,
  },
  "504": error("Not answered within REQUEST_TIMEOUT."),
}

const multipart = (field: string, many: boolean) => ({
  required: true,
  content: {
    "multipart/form-data": {
      schema: {
        type: "object",
        required: [field],
        properties: {
          [field]: many
            ? { type: "array", items: { type: "string", contentMediaType: "application/octet-stream" } }
            : { type: "string", contentMediaType: "application/octet-stream" },
        },
      },
      encoding: { [field]: { contentType: "audio/*, application/octet-stream" } },
    },
  },
})

/** Builds the document (the schemas are compiled once per call). */
export const openApiDocument = (): Json => ({
  openapi: "3.1.0",
  info: {
    title: "mirflow",
    version: mirflowVersion,
    description:
      "Music classification over HTTP: genre, mood, tempo (BPM) and key of an audio file, of a stream as it " +
      "arrives, or of live PCM over a WebSocket. Formats: WAV, MP3, FLAC, OGG Vorbis/Opus, M4A/AAC. " +
      'Every error is JSON `{"error": {"code", "message"}}`.',
  },
  paths: {
    "/classify": {
      post: {
        summary: "Classify one audio file",
        operationId: "classify",
        parameters: queryParameters(ClassifyQuery),
        requestBody: multipart("file", false),
        responses: { "200": json(ClassifyResponse, "The file's prediction."), ...uploadErrors },
      },
    },
    "/batch_classify": {
      post: {
        summary: "Classify several files",
        description: "One result or one error per file, in upload order (at most MAX_BATCH_FILES files).",
        operationId: "batchClassify",
        requestBody: multipart("files", true),
        responses: { "200": json(BatchClassifyResponse, "One entry per file."), ...uploadErrors },
      },
    },
    "/classify/stream": {
      post: {
        summary: "Classify a stream window by window",
        description:
          "Send the audio file as the body, chunked as it is produced. The answer is NDJSON: one `window` line " +
          "per window as soon as its audio has arrived, then a `summary` line; a failure after the first line " +
          "ends the body with an `error` line. Errors before the first line are ordinary error responses.",
        operationId: "classifyStream",
        parameters: queryParameters(StreamQuery),
        requestBody: {
          required: true,
          content: {
            "application/octet-stream": { schema: { type: "string", contentMediaType: "audio/*" } },
          },
        },
        responses: {
          "200": {
            description: "Newline-delimited JSON, one StreamLine per line.",
            content: { "application/x-ndjson": { schema: ref(StreamLine) } },
          },
          ...uploadErrors,
        },
      },
    },
    "/classify/live": {
      get: {
        summary: "Classify live audio over a WebSocket",
        description:
          "Upgrade to a WebSocket. Send binary messages of raw mono PCM at `sample_rate` Hz: `f32le` = float32 " +
          "little-endian in [-1, 1], `s16le` = signed 16-bit little-endian; any message size. Send the text " +
          "`end` to finish. The server sends JSON LiveMessages: `ready`, then a `window` per window, then a " +
          "`summary` (after `end`) or an `error`, and closes (1000 done, 1001 server shutting down, 1008 bad " +
          "input, 1011 server error, 1013 too fast or busy).",
        operationId: "classifyLive",
        parameters: queryParameters(LiveQuery),
        responses: {
          "101": {
            description: "Switching to the WebSocket; each server message is one LiveMessage as JSON text.",
            content: { "application/json": { schema: ref(LiveMessage) } },
          },
          "400": error("Not a WebSocket upgrade, or a bad query parameter."),
        },
      },
    },
    "/health": {
      get: {
        summary: "Readiness",
        operationId: "health",
        responses: {
          "200": json(HealthResponse, "Ready to classify."),
          "503": json(
            HealthResponse,
            "Starting (model loading), unhealthy (model failed) or draining (shutting down).",
          ),
        },
      },
    },
    "/metrics": {
      get: {
        summary: "Prometheus metrics",
        operationId: "metrics",
        responses: { "200": { description: "Prometheus text format 0.0.4.", content: { "text/plain": {} } } },
      },
    },
  },
  components: { schemas: components },
})
