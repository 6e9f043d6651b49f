/**
 * Clip-level summaries of frame-wise values: the mean and standard deviation that the features file reports
 * for every frame-wise feature.
 *
 * @module
 */
import type { FrameMatrix } from "./matrix.ts"

/**
 * Mean and population standard deviation of `values`, in float64, two-pass (the mean first, then the squared
 * deviations from it, which loses nothing to cancellation).
 *
 * Equals `(numpy.mean(values, dtype=float64), numpy.std(values, dtype=float64))` (ddof 0).
 *
 * @returns `[mean, std]`; `[0, 0]` when `values` is empty.
 */
export const meanStd = (values: ArrayLike<number>): [number, number] => {
  const n = values.length
  if (n === 0) return [0, 0]
  let sum = 0
  for (let i = 0; i < n; i++) sum += values[i]!
  const mean = sum / n
  let squares = 0
  for (let i = 0; i < n; i++) {
    const deviation = values[i]! - mean
    squares += deviation * deviation
  }
  return [mean, Math.sqrt(squares / n)]
}

/** Per-column mean and standard deviation of a frame-major matrix. */
export interface ColumnStatistics {
  readonly mean: Float64Array
  readonly std: Float64Array
}

/**
 * Mean and population standard deviation of every column (bin) of a frame-major matrix over its frames, as
 * {@link meanStd} of each column, without copying the columns out: both passes walk the matrix row by row.
 *
 * Equals `(numpy.mean(M, axis=1), numpy.std(M, axis=1))` of librosa's bin-major `(bins, T)` array, in float64.
 *
 * @returns two arrays of `m.bins` values; zeros when the matrix has no frames.
 */
export const columnMeanStd = (m: FrameMatrix): ColumnStatistics => {
  const { frames, bins, data } = m
  const mean = new Float64Array(bins)
  const std = new Float64Array(bins)
  if (frames === 0) return { mean, std }
  for (let t = 0; t < frames; t++) {
    const row = t * bins
    for (let k = 0; k < bins; k++) mean[k]! += data[row + k]!
  }
  for (let k = 0; k < bins; k++) mean[k]! /= frames
  for (let t = 0; t < frames; t++) {
    const row = t * bins
    for (let k = 0; k < bins; k++) {
      const deviation = data[row + k]! - mean[k]!
      std[k]! += deviation * deviation
    }
  }
  for (let k = 0; k < bins; k++) std[k] = Math.sqrt(std[k]! / frames)
  return { mean, std }
}
