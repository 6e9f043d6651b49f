/**
 * What the main thread and the analysis workers say to each other: jobs, their results, and the
 * typed errors, encoded through their schemas so that they cross the thread boundary as plain data
 * and come back as the same tagged errors.
 *
 * @module
 */
import { Schema } from "effect"
import type { FrameMatrix } from "../../dsp/matrix.ts"
import type { AudioInfo } from "../../schema/audio-info.ts"
import {
  AudioReadError,
  AudioTooLong,
  CorruptAudio,
  EmptyAudio,
  TruncatedAudio,
  UnsupportedFormat,
} from "../../schema/errors/decode.ts"
import { AnalysisCrashed } from "../../schema/errors/http.ts"
import { InvalidSamples, StreamLayoutChanged } from "../../schema/errors/signal.ts"
import type { SpectrogramPicture } from "../spectrogram/image.ts"

/** Decode and analyse a whole upload. */
export interface UploadJob {
  readonly kind: "upload"
  readonly bytes: Uint8Array
  /** Longest audio accepted, seconds (the decoder stops there). */
  readonly maxDuration: number
  /** Also render the mel spectrogram as a PNG. */
  readonly spectrogram: boolean
}

/** Analyse one window of mono samples at 22050 Hz. */
export interface WindowJob {
  readonly kind: "window"
  readonly samples: Float32Array
}

export type AnalysisJob = UploadJob | WindowJob

/** A clip's analysis, as much of `ClipAnalysis` as the classifier and the responses need. */
export interface AnalysedClip {
  readonly duration: number
  /** Mel power spectrogram, frames × 128, frame-major. */
  readonly mel: FrameMatrix
  /** Every value of the feature table, by name. */
  readonly features: Readonly<Record<string, number>>
  readonly tempo: { readonly bpm: number; readonly confidence: number }
  readonly key: { readonly label: string; readonly confidence: number }
}

/** An upload's analysis, with what its header said. */
export interface AnalysedUpload extends AnalysedClip {
  readonly info: AudioInfo
  readonly truncated: boolean
  readonly picture?: SpectrogramPicture
}

/** Every way analysing an input can fail. */
export const AnalysisError = Schema.Union([
  UnsupportedFormat,
  CorruptAudio,
  TruncatedAudio,
  EmptyAudio,
  AudioTooLong,
  AudioReadError,
  InvalidSamples,
  StreamLayoutChanged,
  AnalysisCrashed,
])
export type AnalysisError = typeof AnalysisError.Type

/** A worker's answer to one job, with the seconds it worked on it. */
export type AnalysisReply = { readonly seconds: number } & (
  | { readonly ok: true; readonly clip: AnalysedUpload | AnalysedClip }
  | { readonly ok: false; readonly error: unknown }
)

/** A typed error as plain data for `postMessage`. */
export const encodeAnalysisError = (error: AnalysisError): unknown =>
  Schema.encodeUnknownSync(AnalysisError)(error)

/** The tagged error a worker sent; anything unreadable becomes an `AnalysisCrashed`. */
export const decodeAnalysisError = (encoded: unknown): AnalysisError => {
  try {
    return Schema.decodeUnknownSync(AnalysisError)(encoded)
  } catch {
    return new AnalysisCrashed({ message: `the analysis failed: ${JSON.stringify(encoded)}` })
  }
}
