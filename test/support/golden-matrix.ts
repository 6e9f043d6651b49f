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

/** A `(bins, T)` golden array of `signal` as a frame-major `T × bins` matrix. */
export const goldenMatrix = (signal: Signal, name: string): FrameMatrix => {
  const array = loadGolden(`${signal}/${name}`)
  const [bins, frames] = array.shape
  if (array.shape.length !== 2 || bins === undefined || frames === undefined) {
    throw new Error(`${signal}/${name} is not a 2-D array: shape ${array.shape.join("×")}`)
  }
  return fromBinMajor(array.data, bins, frames)
}

/** The float32 input samples librosa saw for `signal`. */
export const goldenInput = (signal: Signal): Float32Array => {
  const input = loadGolden(`${signal}/input`)
  if (!(input.data instanceof Float32Array)) throw new Error(`${signal}/input is not float32`)
  return input.data
}
