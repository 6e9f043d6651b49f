/** librosa's bin-major golden arrays as mirflow's frame-major matrices. */
import { type FrameMatrix, fromBinMajor } from "../../src/dsp/matrix.ts"
import { loadGolden } from "./golden.ts"

/** Loads a `(bins, T)` golden array (e.g. `"song/power_spectrogram"`) as a frames × bins {@link FrameMatrix}. */
export const loadGoldenFrames = (path: string): FrameMatrix => {
  const array = loadGolden(path)
  const [bins, frames] = array.shape.length === 1 ? [1, array.shape[0]!] : [array.shape[0]!, array.shape[1]!]
  return fromBinMajor(array.data, bins, frames)
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
