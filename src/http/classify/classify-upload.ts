/**
 * One uploaded file from bytes to `ClassifyResponse`: analysed in a worker, classified in the
 * next inference batch. Used by `/classify` and, file by file, by `/batch_classify`.
 *
 * @module
 */
import { Effect } from "effect"
import type { ClassifyResponse } from "../../schema/api.ts"
import { AudioTooShort } from "../../schema/errors/http.ts"
import { AnalysisPool } from "../analysis/analysis-pool.ts"
import type { Upload } from "../body/multipart.ts"
import { HttpConfig } from "../config.ts"
import { InferenceQueue } from "../inference/inference-queue.ts"
import { ModelHolder } from "../inference/model-holder.ts"
import { ServiceMetrics } from "../metrics/service-metrics.ts"
import { modelInfo, predictionFields } from "./prediction-fields.ts"

export interface ClassifyUploadOptions {
  /** Add the mel spectrogram as a PNG data URL. */
  readonly spectrogram: boolean
  /** The endpoint, for the decoded-audio metric. */
  readonly endpoint: string
}

/** Analyses and classifies one upload. */
export const classifyUpload = Effect.fn("classifyUpload")(function* (
  upload: Upload,
  options: ClassifyUploadOptions,
) {
  const started = performance.now()
  const config = yield* HttpConfig
  const pool = yield* AnalysisPool
  const inference = yield* InferenceQueue
  const metrics = yield* ServiceMetrics
  // Refuse at once while the model is not there, rather than after the analysis.
  yield* (yield* ModelHolder).classifier
  const analysed = yield* pool.analyzeUpload(upload.bytes, {
    maxDuration: config.maxDuration,
    spectrogram: options.spectrogram,
  })
  metrics.decodedAudioSeconds.inc({ endpoint: options.endpoint }, analysed.duration)
  if (analysed.duration < config.minDuration)
    return yield* new AudioTooShort({
      duration: analysed.duration,
      minDuration: config.minDuration,
      message: `the audio lasts ${analysed.duration.toFixed(2)} s; at least ${config.minDuration} s is needed (MIN_DURATION)`,
    })
  const { prediction, card } = yield* inference.predict(analysed)
  const picture = analysed.picture
  return {
    filename: upload.filename,
    ...predictionFields(prediction),
    duration: analysed.duration,
    processing_time: (performance.now() - started) / 1000,
    windows: prediction.windows,
    audio: {
      format: analysed.info.container,
      codec: analysed.info.codec,
      sample_rate: analysed.info.sampleRate,
      channels: analysed.info.channels,
      truncated: analysed.truncated,
    },
    model: modelInfo(card),
    ...(picture !== undefined && {
      spectrogram: {
        image: `data:image/png;base64,${Buffer.from(picture.png).toString("base64")}`,
        width: picture.width,
        height: picture.height,
        frames: analysed.mel.frames,
        mel_bands: analysed.mel.bins,
        seconds: analysed.duration,
        db_range: [picture.dbRange[0], picture.dbRange[1]] as const,
      },
    }),
  } satisfies ClassifyResponse
})
