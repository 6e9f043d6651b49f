/**
 * The service's configuration, read from the environment through Effect `Config` and validated at
 * start-up: a bad value stops the server with one line naming the variable and what it expects.
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `API_PORT` | 8000 | TCP port (0: any free port) |
 * | `HOST` | 0.0.0.0 | address to listen on |
 * | `MODEL_PATH` | the bundled `models/default` | model folder (`model.onnx` + `model.json`) |
 * | `BATCH_SIZE` | 32 | most clips classified in one inference call |
 * | `MAX_FILE_SIZE` | 50MB | largest upload (`52428800`, `50MB` = 50·10⁶ bytes, `50MiB` = 50·2²⁰) |
 * | `MAX_BATCH_FILES` | 16 | most files in one `/batch_classify` request |
 * | `MAX_BATCH_TOTAL_SIZE` | 200MB | largest `/batch_classify` body |
 * | `QUEUE_SIZE` | 64 | requests waiting for analysis (and clips waiting for inference) before 503 |
 * | `WORKERS` | cores − 1 (at least 1) | analysis worker threads |
 * | `INFERENCE_THREADS` | 1 | ONNX Runtime threads (0: one per core) |
 * | `DEVICE` | cpu | ONNX Runtime execution provider: cpu, cuda, webgpu |
 * | `REQUEST_TIMEOUT` | 30 | seconds before a request answers 504 |
 * | `MIN_DURATION` / `MAX_DURATION` | 1 / 600 | shortest and longest audio accepted, seconds |
 * | `SHUTDOWN_TIMEOUT` | 25 | seconds SIGTERM waits for in-flight requests |
 *
 * @module
 */
import { availableParallelism } from "node:os"
import { Config, ConfigProvider, Context, Effect, Schema } from "effect"
import { defaultModelDirectory } from "../model/default-model.ts"
import type { ExecutionProvider } from "../model/onnx/session.ts"
import { ServerConfigInvalid } from "../schema/errors/http.ts"

export interface ServerConfig {
  readonly host: string
  readonly port: number
  readonly modelPath: string
  readonly batchSize: number
  /** Bytes. */
  readonly maxFileSize: number
  readonly maxBatchFiles: number
  /** Bytes. */
  readonly maxBatchTotalSize: number
  readonly queueSize: number
  readonly workers: number
  readonly inferenceThreads: number
  readonly device: ExecutionProvider
  /** Seconds. */
  readonly requestTimeout: number
  readonly minDuration: number
  readonly maxDuration: number
  readonly shutdownTimeout: number
}

/** The model shipped with the package (`models/default`), whatever the working directory. */
export const bundledModelPath: string = defaultModelDirectory.replace(/\/$/, "")

export const defaultServerConfig: ServerConfig = {
  host: "0.0.0.0",
  port: 8000,
  modelPath: bundledModelPath,
  batchSize: 32,
  maxFileSize: 50_000_000,
  maxBatchFiles: 16,
  maxBatchTotalSize: 200_000_000,
  queueSize: 64,
  // One core is left to the event loop (uploads, stream decoding, ONNX Runtime, JSON).
  workers: Math.max(1, availableParallelism() - 1),
  inferenceThreads: 1,
  device: "cpu",
  requestTimeout: 30,
  minDuration: 1,
  maxDuration: 600,
  shutdownTimeout: 25,
}

const integer = (name: string, minimum: number, maximum: number, fallback: number) =>
  Config.schema(
    Schema.FiniteFromString.check(Schema.isInt(), Schema.isBetween({ minimum, maximum })),
    name,
  ).pipe(Config.withDefault(fallback))

const seconds = (name: string, fallback: number) =>
  Config.schema(Schema.FiniteFromString.check(Schema.isGreaterThan(0)), name).pipe(
    Config.withDefault(fallback),
  )

/** Bytes, as an integer or a size with a unit (`50MB`, `50 MiB`). */
const byteSize = (name: string, fallback: number) =>
  Config.schema(Schema.FiniteFromString.check(Schema.isInt(), Schema.isGreaterThan(0)), name).pipe(
    Config.orElse(() => Config.ByteSize(name).pipe(Config.map(Number))),
    Config.withDefault(fallback),
  )

const d = defaultServerConfig

/** The service's configuration as an Effect `Config`, each variable checked on its own (see the table above). */
export const serverConfig: Config.Config<ServerConfig> = Config.all({
  host: Config.String("HOST").pipe(Config.withDefault(d.host)),
  port: integer("API_PORT", 0, 65535, d.port),
  modelPath: Config.NonEmptyString("MODEL_PATH").pipe(Config.withDefault(d.modelPath)),
  batchSize: integer("BATCH_SIZE", 1, 1024, d.batchSize),
  maxFileSize: byteSize("MAX_FILE_SIZE", d.maxFileSize),
  maxBatchFiles: integer("MAX_BATCH_FILES", 1, 1000, d.maxBatchFiles),
  maxBatchTotalSize: byteSize("MAX_BATCH_TOTAL_SIZE", d.maxBatchTotalSize),
  queueSize: integer("QUEUE_SIZE", 0, 100_000, d.queueSize),
  workers: integer("WORKERS", 1, 256, d.workers),
  inferenceThreads: integer("INFERENCE_THREADS", 0, 256, d.inferenceThreads),
  device: Config.Literals(["cpu", "cuda", "webgpu"], "DEVICE").pipe(Config.withDefault(d.device)),
  requestTimeout: seconds("REQUEST_TIMEOUT", d.requestTimeout),
  minDuration: Config.schema(
    Schema.FiniteFromString.check(Schema.isGreaterThanOrEqualTo(0)),
    "MIN_DURATION",
  ).pipe(Config.withDefault(d.minDuration)),
  maxDuration: seconds("MAX_DURATION", d.maxDuration),
  shutdownTimeout: seconds("SHUTDOWN_TIMEOUT", d.shutdownTimeout),
})

/** `API_PORT: expected a value between 0 and 65535`, from Effect's `ConfigError` text. */
const describeConfigError = (message: string): string => {
  const text = message.replace(/^SchemaError\(/, "").replace(/\)$/, "")
  const at = /\n\s*at \["([A-Za-z_]+)"\]/.exec(text)
  const what = text.replace(/\n[\s\S]*$/, "")
  return at === null ? text : `${at[1]}: ${what.charAt(0).toLowerCase()}${what.slice(1)}`
}

const definedValues = (env: Readonly<Record<string, string | undefined>>): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined))

/**
 * Reads and validates the configuration from the environment (or `env`, for tests and embedding).
 * Fails with {@link ServerConfigInvalid} whose message names the variable.
 */
export const readServerConfig = (
  env?: Readonly<Record<string, string | undefined>>,
): Effect.Effect<ServerConfig, ServerConfigInvalid> =>
  serverConfig.parse(ConfigProvider.fromEnv(env === undefined ? {} : { env: definedValues(env) })).pipe(
    Effect.mapError(
      (e) => new ServerConfigInvalid({ message: `invalid configuration: ${describeConfigError(e.message)}` }),
    ),
    Effect.filterOrFail(
      (c) => c.minDuration < c.maxDuration,
      (c) =>
        new ServerConfigInvalid({
          message: `invalid configuration: MIN_DURATION=${c.minDuration} must be below MAX_DURATION=${c.maxDuration}`,
        }),
    ),
  )

/** The configuration the running service uses, as an Effect service. */
export class HttpConfig extends Context.Service<HttpConfig, ServerConfig>()("mirflow/http/HttpConfig") {}
