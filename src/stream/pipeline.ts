/**
 * Ready-made compositions of the stages, for the common cases. Each is a few lines of `pipe`: read
 * them as examples of composing your own.
 *
 * @module
 */
import { Effect, Stream } from "effect"
import type { FrameMatrix } from "../dsp/matrix.ts"
import type { MelBlock, MonoChunk } from "./chunks.ts"
import { type DecodeOptions, decodeAudio } from "./decode/decode.ts"
import type { AudioInput } from "./decode/input.ts"
import { frame } from "./stages/frame.ts"
import { melSpectrogram } from "./stages/mel.ts"
import { mixdown } from "./stages/mixdown.ts"
import { resample } from "./stages/resample.ts"
import { stft } from "./stages/stft.ts"

/** The analysis parameters of the integration spec (and librosa's defaults for them). */
export interface AnalysisOptions {
  /** Rate everything is analysed at. Default 22050. */
  readonly sampleRate?: number
  /** FFT size and frame length. Default 2048. */
  readonly nFft?: number
  /** Samples between frames. Default 512. */
  readonly hop?: number
  /** Mel bands. Default 128. */
  readonly nMels?: number
  /** Decoder options: the duration limit, what to do with truncated files. */
  readonly decode?: DecodeOptions
}

export const defaultAnalysis = { sampleRate: 22050, nFft: 2048, hop: 512, nMels: 128 } as const

/**
 * Any audio input → mono samples at `sampleRate` (default 22050):
 * `decodeAudio(input).pipe(mixdown, resample(sampleRate))`.
 */
export const monoStream = <E = never, R = never>(input: AudioInput<E, R>, options: AnalysisOptions = {}) =>
  decodeAudio(input, options.decode ?? {}).pipe(
    mixdown,
    resample(options.sampleRate ?? defaultAnalysis.sampleRate),
  )

/**
 * Any audio input → mel power spectrogram blocks, as the samples arrive:
 * `monoStream(input).pipe(frame({ size: nFft, hop }), stft, melSpectrogram({ nMels }))`.
 *
 * @example
 * ```ts
 * const mel = yield* collectMel(melStream("song.flac"))   // frames × 128, frame-major
 * ```
 */
export const melStream = <E = never, R = never>(input: AudioInput<E, R>, options: AnalysisOptions = {}) => {
  const { nFft, hop, nMels } = { ...defaultAnalysis, ...options }
  return monoStream(input, options).pipe(frame({ size: nFft, hop }), stft, melSpectrogram({ nMels }))
}

/** Joins a stream of mel blocks into one frame-major matrix. */
export const collectMel = <S extends MelBlock["scale"], E, R>(
  stream: Stream.Stream<MelBlock<S>, E, R>,
): Effect.Effect<FrameMatrix, E, R> =>
  Effect.map(Stream.runCollect(stream), (blocks) => {
    const bins = blocks[0]?.mel.bins ?? 0
    let frames = 0
    for (const b of blocks) frames += b.mel.frames
    const data = new Float32Array(frames * bins)
    let at = 0
    for (const b of blocks) {
      data.set(b.mel.data, at)
      at += b.mel.data.length
    }
    return { frames, bins, data }
  })

/** Joins a stream of mono chunks into one array of samples. */
export const collectMono = <E, R>(
  stream: Stream.Stream<MonoChunk, E, R>,
): Effect.Effect<Float32Array, E, R> =>
  Effect.map(Stream.runCollect(stream), (chunks) => {
    let length = 0
    for (const c of chunks) length += c.samples.length
    const out = new Float32Array(length)
    let at = 0
    for (const c of chunks) {
      out.set(c.samples, at)
      at += c.samples.length
    }
    return out
  })
