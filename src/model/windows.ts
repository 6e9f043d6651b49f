/**
 * Fixed-length windows of a clip's mel spectrogram, copied into the bin-major `[N, bands, T]`
 * batches the network takes. Training draws random crops; inference covers the clip with
 * overlapping windows and averages their predictions.
 *
 * A clip shorter than a window is repeated (tiled) to fill it, in training and inference alike, so
 * the network never sees a length or a padding it was not trained on.
 *
 * @module
 */
import type { FrameMatrix } from "../dsp/matrix.ts"

/**
 * Start frames of the windows covering `frames` frames: every `hopFrames` while a whole window fits,
 * then one window ending at the last frame if frames would be left out — the layout of the stream
 * stage `window({ tail: "end-aligned" })`. A clip shorter than a window has one window at 0.
 *
 * @example windowStarts(10, 4, 2) // [0, 2, 4, 6]
 * @example windowStarts(11, 4, 2) // [0, 2, 4, 6, 7]
 */
export const windowStarts = (frames: number, windowFrames: number, hopFrames: number): number[] => {
  if (!(windowFrames > 0 && hopFrames > 0)) throw new RangeError("window and hop must be positive")
  if (frames <= windowFrames) return [0]
  const starts: number[] = []
  let s = 0
  for (; s + windowFrames <= frames; s += hopFrames) starts.push(s)
  const last = starts[starts.length - 1]!
  if (last + windowFrames < frames) starts.push(frames - windowFrames)
  return starts
}

/** A mel spectrogram in the `.npy` layout: band `b`, frame `t` at `data[b * frames + t]`. */
export interface BinMajorMel {
  readonly mel: Float32Array
  readonly melBands: number
  readonly frames: number
}

/**
 * Copies frames `start … start + length − 1` of a bin-major spectrogram into `out` at `offset`
 * (`bands × length` values, bin-major), wrapping around the clip where it is shorter than the window.
 */
export const copyBinMajorWindow = (
  source: BinMajorMel,
  start: number,
  length: number,
  out: Float32Array,
  offset: number,
): void => {
  const { mel, melBands, frames } = source
  for (let b = 0; b < melBands; b++) {
    const row = b * frames
    const to = offset + b * length
    if (start + length <= frames) out.set(mel.subarray(row + start, row + start + length), to)
    else for (let t = 0; t < length; t++) out[to + t] = mel[row + ((start + t) % frames)]!
  }
}

/**
 * Copies frames `start … start + length − 1` of a frame-major {@link FrameMatrix} (the stream's
 * layout) into `out` at `offset` in the bin-major window layout, wrapping like {@link copyBinMajorWindow}.
 */
export const copyFrameMajorWindow = (
  source: FrameMatrix,
  start: number,
  length: number,
  out: Float32Array,
  offset: number,
): void => {
  const { frames, bins, data } = source
  for (let t = 0; t < length; t++) {
    const from = ((start + t) % frames) * bins
    for (let b = 0; b < bins; b++) out[offset + b * length + t] = data[from + b]!
  }
}
