/**
 * Window-by-window classification of a stream of audio, shared by `/classify/stream` (an upload
 * decoded as it arrives) and `/classify/live` (raw PCM from a WebSocket): each window is analysed
 * in a worker and classified as soon as its last sample has arrived, and a summary follows the
 * last window.
 *
 * @module
 */
import { Effect, Stream } from "effect"
import type { SummaryLine, WindowLine } from "../../schema/api.ts"
import { RequestTimeout } from "../../schema/errors/http.ts"
import type { MonoChunk } from "../../stream/chunks.ts"
import { resample } from "../../stream/stages/resample.ts"
import { sampleWindow } from "../../stream/stages/sample-window.ts"
import { AnalysisPool } from "../analysis/analysis-pool.ts"
import { HttpConfig } from "../config.ts"
import { InferenceQueue } from "../inference/inference-queue.ts"
import { ModelHolder } from "../inference/model-holder.ts"
import { ServiceMetrics } from "../metrics/service-metrics.ts"
import { modelInfo, predictionFields } from "./prediction-fields.ts"
import { Votes } from "./votes.ts"

const ANALYSIS_RATE = 22050

export interface WindowClassification {
  /** Window length, seconds. */
  readonly window: number
  /** Seconds between window starts. */
  readonly hop: number
  /** The endpoint, for the decoded-audio metric. */
  readonly endpoint: string
}

/**
 * Mono audio at any rate → one `WindowLine` per window, then a `SummaryLine`. Each window must be
 * answered within `REQUEST_TIMEOUT`.
 */
export const classifyWindows = <E, R>(mono: Stream.Stream<MonoChunk, E, R>, options: WindowClassification) =>
  Stream.unwrap(
    Effect.gen(function* () {
      const started = performance.now()
      const config = yield* HttpConfig
      const pool = yield* AnalysisPool
      const inference = yield* InferenceQueue
      const metrics = yield* ServiceMetrics
      const classifier = yield* (yield* ModelHolder).classifier
      const votes = new Votes()
      let duration = 0

      const classifyWindow = Effect.fnUntraced(function* (
        samples: Float32Array,
        index: number,
        start: number,
        end: number,
      ) {
        const clip = yield* pool.analyzeWindow(samples)
        const { prediction } = yield* inference.predict(clip)
        votes.add(prediction)
        return { type: "window", index, start, end, ...predictionFields(prediction) } satisfies WindowLine
      })

      const windows = mono.pipe(
        resample(ANALYSIS_RATE),
        sampleWindow({ seconds: options.window, hop: options.hop }),
        Stream.mapEffect((w) => {
          // Seconds newly covered by this window (windows overlap), for the decoded-audio metric.
          metrics.decodedAudioSeconds.inc({ endpoint: options.endpoint }, Math.max(0, w.end - duration))
          duration = Math.max(duration, w.end)
          return classifyWindow(w.samples, w.index, w.start, w.end).pipe(
            Effect.timeoutOrElse({
              duration: `${config.requestTimeout * 1000} millis`,
              orElse: () =>
                Effect.fail(
                  new RequestTimeout({
                    seconds: config.requestTimeout,
                    message: `window ${w.index} was not answered within ${config.requestTimeout} s (REQUEST_TIMEOUT)`,
                  }),
                ),
            }),
          )
        }),
      )
      const summary = Stream.suspend(() =>
        Stream.succeed<SummaryLine>({
          type: "summary",
          windows: votes.windows,
          duration,
          ...votes.summary(),
          processing_time: (performance.now() - started) / 1000,
          model: modelInfo(classifier.card),
        }),
      )
      return windows.pipe(Stream.concat(summary))
    }),
  )
