/**
 * How a clip's spectral power divides between low, middle and high frequencies.
 *
 * @module
 */
import type { FrameMatrix } from "./matrix.ts"

/** Parameters of {@link bandPowerRatios}. */
export interface BandPowerOptions {
  /** Sampling rate in Hz. Default 22050. */
  readonly sampleRate?: number
  /** Upper edge of the low band in Hz: the bins whose frequency is below it. Default 250. */
  readonly lowHz?: number
  /** Lower edge of the high band in Hz: the bins whose frequency is above it. Default 4000. */
  readonly highHz?: number
}

/**
 * Fractions of a clip's total spectral power in the bins below `lowHz` and above `highHz`.
 *
 * No librosa equivalent; numpy: `S[freqs < lowHz].sum() / S.sum()` and
 * `S[freqs > highHz].sum() / S.sum()` for librosa's `(bins, T)` power spectrogram `S`, `freqs =
 * fft_frequencies(sr, n_fft)` (bin `k` at `k · sampleRate / nFft`).
 *
 * @param power - power spectrogram, frames × `1 + nFft / 2` bins, frame-major.
 * @param options - `sampleRate` (22050), `lowHz` (250), `highHz` (4000).
 * @returns `[low, high]`, each in [0, 1]; `[0, 0]` for silence or no frames.
 */
export const bandPowerRatios = (power: FrameMatrix, options: BandPowerOptions = {}): [number, number] => {
  const { sampleRate = 22050, lowHz = 250, highHz = 4000 } = options
  const { frames, bins, data } = power
  const binHz = sampleRate / (2 * (bins - 1))
  const lowBins = Math.min(bins, Math.ceil(lowHz / binHz)) // bins 0 … lowBins - 1 lie below lowHz
  const highFrom = Math.min(bins, Math.floor(highHz / binHz) + 1) // bins from here on lie above highHz
  let below = 0
  let middle = 0
  let above = 0
  for (let t = 0; t < frames; t++) {
    const row = t * bins
    below += sum(data, row, row + lowBins)
    middle += sum(data, row + lowBins, row + highFrom)
    above += sum(data, row + highFrom, row + bins)
  }
  const total = below + middle + above
  return total > 0 ? [below / total, above / total] : [0, 0]
}

/** `Σ values[from … to)` in four interleaved float64 sums, so that the additions do not wait on one another. */
const sum = (values: Float32Array, from: number, to: number): number => {
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  let i = from
  for (; i + 3 < to; i += 4) {
    s0 += values[i]!
    s1 += values[i + 1]!
    s2 += values[i + 2]!
    s3 += values[i + 3]!
  }
  for (; i < to; i++) s0 += values[i]!
  return s0 + s1 + (s2 + s3)
}
