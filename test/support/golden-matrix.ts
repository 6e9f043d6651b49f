/**
 * Golden arrays as frame-major matrices, and the tolerances that test/fixtures/golden/README.md states
 * for a faithful float32 implementation.
 */
import { type FrameMatrix, fromBinMajor } from "../../src/dsp/matrix.ts"
import { loadGolden, type Signal } from "./golden.ts"

/** Tolerances from the golden README. */
export const goldenTolerance = {
  /** Spectrogram family (power, mel): largest error relative to the array's peak. */
  spectrogramRelativeToPeak: 1e-4,
  /** dB values and MFCCs: largest absolute error. */
  dbAbsolute: 1e-3,
} as const

/**
 * Loads a `(bins, T)` golden array (e.g. `"song/power_spectrogram"`) as a frames × bins {@link FrameMatrix};
 * a 1-D `(T,)` array becomes `T × 1`.
 */
export const loadGoldenFrames = (path: string): FrameMatrix => {
  const array = loadGolden(path)
  const [bins, frames] = array.shape.length === 1 ? [1, array.shape[0]!] : [array.shape[0]!, array.shape[1]!]
  return fromBinMajor(array.data, bins, frames)
}

/** A golden array of `signal` as a frame-major matrix. */
export const goldenMatrix = (signal: Signal, name: string): FrameMatrix =>
  loadGoldenFrames(`${signal}/${name}`)

/** The float32 input samples librosa saw for `signal`. */
export const goldenInput = (signal: Signal): Float32Array => {
  const input = loadGolden(`${signal}/input`)
  if (!(input.data instanceof Float32Array)) throw new Error(`${signal}/input is not float32`)
  return input.data
}

/** Largest relative error `|a - e| / max(|e|, floor)` over all elements. */
export const maxRelative = (
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  floor: number,
): number => {
  let worst = 0
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), floor))
  }
  return worst
}

/** Number of values that are NaN or infinite. */
export const countNonFinite = (values: ArrayLike<number>): number => {
  let count = 0
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) count++
  return count
}
