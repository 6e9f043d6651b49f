/**
 * The analysis pool as an Effect service: decoding and analysing uploads, and analysing stream
 * windows, in worker threads so the event loop stays free to accept requests and stream answers.
 *
 * @module
 */
import { Context, Effect, Layer } from "effect"
import type { AnalysisCrashed, QueueFull } from "../../schema/errors/http.ts"
import { ServiceMetrics } from "../metrics/service-metrics.ts"
import {
  type AnalysedClip,
  type AnalysedUpload,
  type AnalysisError,
  type AnalysisJob,
  type AnalysisReply,
  decodeAnalysisError,
} from "./jobs.ts"
import { makeWorkerPool, type PoolStats } from "./worker-pool.ts"

// The sources run as TypeScript (Node strips types) and the package as compiled JavaScript.
const workerUrl = new URL(import.meta.url.endsWith(".ts") ? "./worker.ts" : "./worker.js", import.meta.url)

export interface AnalysisPoolOptions {
  /** Worker threads. */
  readonly workers: number
  /** Jobs that may wait for a worker before `QueueFull`. */
  readonly queueCapacity: number
}

export interface AnalysisPoolService {
  readonly stats: () => PoolStats
  /** Decodes and analyses an upload (its bytes are moved to the worker). */
  readonly analyzeUpload: (
    bytes: Uint8Array,
    options: { readonly maxDuration: number; readonly spectrogram: boolean },
  ) => Effect.Effect<AnalysedUpload, AnalysisError | QueueFull>
  /** Analyses one window of mono samples at 22050 Hz (moved to the worker). */
  readonly analyzeWindow: (samples: Float32Array) => Effect.Effect<AnalysedClip, AnalysisError | QueueFull>
}

/** The buffer of a typed array, when it can be moved without taking other data with it. */
const movable = (array: Uint8Array | Float32Array): ArrayBuffer[] =>
  array.buffer instanceof ArrayBuffer &&
  array.byteOffset === 0 &&
  array.byteLength === array.buffer.byteLength
    ? [array.buffer]
    : []

/** Decoding and analysis in worker threads, as an Effect service. */
export class AnalysisPool extends Context.Service<AnalysisPool, AnalysisPoolService>()(
  "mirflow/http/AnalysisPool",
) {
  /** Starts the workers when the layer is built and ends them when it is torn down. */
  static readonly layer = (
    options: AnalysisPoolOptions,
  ): Layer.Layer<AnalysisPool, AnalysisCrashed, ServiceMetrics> =>
    Layer.effect(
      AnalysisPool,
      Effect.gen(function* () {
        const metrics = yield* ServiceMetrics
        const pool = yield* makeWorkerPool<AnalysisJob, AnalysisReply>(workerUrl, {
          size: options.workers,
          queueCapacity: options.queueCapacity,
          // A smaller young generation than V8's default: tens of MB less per worker.
          resourceLimits: { maxYoungGenerationSizeMb: 12 },
        })
        const run = (job: AnalysisJob, transfer: ArrayBuffer[]) =>
          pool.run(job, transfer).pipe(
            Effect.tap((reply) =>
              Effect.sync(() => metrics.analysisSeconds.observe(reply.seconds, { kind: job.kind })),
            ),
            Effect.flatMap((reply) =>
              reply.ok ? Effect.succeed(reply.clip) : Effect.fail(decodeAnalysisError(reply.error)),
            ),
          )
        return AnalysisPool.of({
          stats: pool.stats,
          analyzeUpload: (bytes, { maxDuration, spectrogram }) =>
            run({ kind: "upload", bytes, maxDuration, spectrogram }, movable(bytes)) as Effect.Effect<
              AnalysedUpload,
              AnalysisError | QueueFull
            >,
          analyzeWindow: (samples) => run({ kind: "window", samples }, movable(samples)),
        })
      }),
    )
}
