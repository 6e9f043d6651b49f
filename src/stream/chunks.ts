/**
 * The values that flow between the stream stages. Each kind carries a `_tag`, so a stage only accepts
 * the kind it is written for: piping PCM into `stft` is a compile error, not a runtime surprise.
 *
 * Frame-wise kinds say where they sit in the stream (`from`, the index of their first frame), so a
 * consumer can place them in time without counting.
 *
 * @module
 */
import type { FrameMatrix } from "../dsp/matrix.ts"

/** Mono samples at `sampleRate` Hz; `offset` is the index of `samples[0]` in the whole stream. */
export interface MonoChunk {
  readonly _tag: "MonoChunk"
  readonly sampleRate: number
  readonly offset: number
  readonly samples: Float32Array
}

/** How frames are cut from samples (librosa's `n_fft`/`frame_length`, `hop_length`, `center`). */
export interface FrameLayout {
  readonly sampleRate: number
  /** Frame length in samples. */
  readonly size: number
  /** Samples between frame starts. */
  readonly hop: number
  /** Frame `t` is centred on sample `t · hop` (zeros pad both ends). */
  readonly center: boolean
}

/**
 * Frames `from … to - 1` of a stream, readable from `signal` without copying: `signal[0]` is sample
 * number `origin` of the stream, and samples past the end of `signal` are the end padding (zeros) —
 * only ever read when `final` is true. `frameData` copies the frames out when a consumer wants them.
 */
export interface FrameBlock extends FrameLayout {
  readonly _tag: "FrameBlock"
  readonly from: number
  readonly to: number
  readonly signal: Float32Array
  readonly origin: number
  readonly final: boolean
}

/** Power spectra `|X|²` of frames `from … from + power.frames - 1`, `nFft / 2 + 1` bins each. */
export interface PowerBlock {
  readonly _tag: "PowerBlock"
  readonly sampleRate: number
  readonly nFft: number
  readonly hop: number
  readonly from: number
  readonly power: FrameMatrix
}

/** Whether mel values are powers or decibels. */
export type MelScale = "power" | "db"

/** Mel spectra of frames `from … from + mel.frames - 1`. */
export interface MelBlock<S extends MelScale = MelScale> {
  readonly _tag: "MelBlock"
  readonly scale: S
  readonly sampleRate: number
  readonly hop: number
  readonly from: number
  readonly mel: FrameMatrix
}

/** A fixed-length window of mel frames for window-by-window classification. */
export interface MelWindow<S extends MelScale = MelScale> {
  readonly _tag: "MelWindow"
  readonly scale: S
  /** 0, 1, 2… in stream order. */
  readonly index: number
  /** Index of the window's first frame in the stream. */
  readonly from: number
  /** Start and end of the audio the window's frames are centred on, in seconds. */
  readonly start: number
  readonly end: number
  /** `frames × nMels`; the last window of a stream may be shorter than the others. */
  readonly mel: FrameMatrix
}
