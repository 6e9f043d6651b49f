/**
 * Chroma: the energy of a power spectrogram folded onto the 12 pitch classes.
 *
 * Reference: D. P. W. Ellis, "Chroma feature analysis and synthesis" (chromagram_E), 2007, as ported by
 * librosa 0.10.1 (`librosa.filters.chroma`, `librosa.feature.chroma_stft`).
 *
 * @module
 */
import {
  applySparseFilterbank,
  type Filterbank,
  type SparseFilterbank,
  sparsifyFilterbank,
} from "./filterbank.ts"
import type { FrameMatrix } from "./matrix.ts"
import { roundHalfEven } from "./rounding.ts"
import { estimateTuning } from "./tuning.ts"

export type { Filterbank } from "./filterbank.ts"

/** Parameters of {@link chromaFilterbank}; the names are librosa's, in camelCase. */
export interface ChromaFilterOptions {
  /** Sampling rate in Hz. Required (librosa's `sr`). */
  readonly sampleRate: number
  /** FFT length. Required (librosa's `n_fft`). */
  readonly nFft: number
  /** Number of chroma bins. Default 12. */
  readonly nChroma?: number
  /** Deviation from A440 in fractions of a chroma bin. Default 0. */
  readonly tuning?: number
  /** Centre of the octave weighting, in octaves above C0 (A0 = 27.5 Hz is 0). Default 5. */
  readonly ctroct?: number
  /** Gaussian half-width of the octave weighting in octaves; `null` disables it. Default 2. */
  readonly octwidth?: number | null
  /** Norm each FFT bin's column of weights is divided by (1, 2, Infinity, …); `null` for none. Default 2. */
  readonly norm?: number | null
  /** Start the filters at C (true) or at A (false). Default true. */
  readonly baseC?: boolean
}

/** The smallest normal float64 (`numpy.finfo(float64).tiny`): librosa leaves vectors with a smaller norm unscaled. */
const TINY_FLOAT64 = 2.2250738585072014e-308
/** The smallest normal float32 (`numpy.finfo(float32).tiny`). */
const TINY_FLOAT32 = 1.1754943508222875e-38

/** `librosa.util.normalize` of one vector's length: the `norm`-norm, or 1 where it is below `tiny`. */
const vectorNorm = (
  values: ArrayLike<number>,
  from: number,
  count: number,
  stride: number,
  norm: number,
): number => {
  let length = 0
  if (norm === Number.POSITIVE_INFINITY) {
    for (let i = 0; i < count; i++) length = Math.max(length, Math.abs(values[from + i * stride]!))
  } else {
    for (let i = 0; i < count; i++) length += Math.abs(values[from + i * stride]!) ** norm
    length **= 1 / norm
  }
  return length
}

/**
 * The chroma filterbank: Gaussian bumps in log frequency, one row per pitch class.
 *
 * Equals `librosa.filters.chroma(sr=sampleRate, n_fft=nFft, n_chroma=nChroma, tuning=tuning, ctroct=ctroct,
 * octwidth=octwidth, norm=norm, base_c=baseC)` of librosa 0.10.1 (float32): weights are computed in float64 over
 * all `nFft` bins, column-normalized, weighted by octave, rolled to start at C, and cut to the `1 + nFft / 2`
 * non-negative frequencies.
 *
 * @returns a {@link Filterbank} of `nChroma` filters × `1 + nFft / 2` bins.
 */
export const chromaFilterbank = (options: ChromaFilterOptions): Filterbank => {
  const {
    sampleRate,
    nFft,
    nChroma = 12,
    tuning = 0,
    ctroct = 5,
    octwidth = 2,
    norm = 2,
    baseC = true,
  } = options
  // Chroma bin number of every FFT bin (hz_to_octs × n_chroma); bin 0 is put 1.5 octaves below bin 1.
  const a440 = 440 * 2 ** (tuning / nChroma)
  const frqbins = new Float64Array(nFft)
  const step = sampleRate / nFft
  for (let j = 1; j < nFft; j++) frqbins[j] = nChroma * Math.log2((j * step) / (a440 / 16))
  frqbins[0] = frqbins[1]! - 1.5 * nChroma
  const binwidth = new Float64Array(nFft)
  for (let j = 0; j < nFft - 1; j++) binwidth[j] = Math.max(frqbins[j + 1]! - frqbins[j]!, 1)
  binwidth[nFft - 1] = 1

  const half = roundHalfEven(nChroma / 2)
  const weights = new Float64Array(nChroma * nFft) // (chroma, FFT bin), before the roll to C
  for (let j = 0; j < nFft; j++) {
    for (let c = 0; c < nChroma; c++) {
      // Distance in chroma bins, wrapped into [-n/2, n/2); the 10·n offset keeps the remainder's argument positive.
      const d = positiveRemainder(frqbins[j]! - c + half + 10 * nChroma, nChroma) - half
      weights[c * nFft + j] = Math.exp(-0.5 * ((2 * d) / binwidth[j]!) ** 2)
    }
    if (norm !== null) {
      const length = vectorNorm(weights, j, nChroma, nFft, norm)
      const scale = length < TINY_FLOAT64 ? 1 : length
      for (let c = 0; c < nChroma; c++) weights[c * nFft + j]! /= scale
    }
    if (octwidth !== null) {
      const octaveWeight = Math.exp(-0.5 * ((frqbins[j]! / nChroma - ctroct) / octwidth) ** 2)
      for (let c = 0; c < nChroma; c++) weights[c * nFft + j]! *= octaveWeight
    }
  }

  const bins = (nFft >> 1) + 1
  const roll = baseC ? 3 * Math.floor(nChroma / 12) : 0
  const data = new Float32Array(nChroma * bins)
  for (let c = 0; c < nChroma; c++) {
    const source = ((c + roll) % nChroma) * nFft // np.roll(wts, -roll, axis=0)
    for (let k = 0; k < bins; k++) data[c * bins + k] = weights[source + k]!
  }
  return { filters: nChroma, bins, data }
}

/** Parameters of {@link chromaStft}. */
export interface ChromaStftOptions extends Omit<ChromaFilterOptions, "sampleRate" | "nFft" | "tuning"> {
  /** Sampling rate in Hz. Default 22050. */
  readonly sampleRate?: number
  /** Tuning in fractions of a chroma bin; when absent it is estimated with {@link estimateTuning}, as librosa does. */
  readonly tuning?: number
  /** Per-frame normalization of the chroma vector (Infinity: divide by its maximum); `null` for none. Default Infinity. */
  readonly frameNorm?: number | null
}

/**
 * The chromagram of a power spectrogram: each frame projected on {@link chromaFilterbank} and divided by its
 * largest value (frames whose maximum is below the smallest float32 stay unscaled, so silence gives zeros).
 *
 * Equals `librosa.feature.chroma_stft(S=power, sr=sampleRate, tuning=tuning, n_chroma=nChroma, norm=frameNorm)`
 * of librosa 0.10.1, where `n_fft = 2 * (bins - 1)` as librosa infers it from `S`. With `tuning` absent the tuning
 * is `librosa.estimate_tuning(S=power, sr=sampleRate, bins_per_octave=nChroma)`. The filterbank is applied in its
 * sparse form ({@link sparsifyFilterbank}), which moves no normalized value by more than 6e-9.
 *
 * @param power - power spectrogram `|STFT|²`, frames × `1 + nFft / 2` bins.
 * @returns frames × `nChroma`, pitch class 0 = C when `baseC`.
 */
export const chromaStft = (power: FrameMatrix, options: ChromaStftOptions = {}): FrameMatrix => {
  const { sampleRate = 22050, frameNorm = Number.POSITIVE_INFINITY, ...filterOptions } = options
  const nFft = 2 * (power.bins - 1)
  const nChroma = filterOptions.nChroma ?? 12
  const tuning = options.tuning ?? estimateTuning(power, { sampleRate, binsPerOctave: nChroma })
  const bank = sparsifyFilterbank(chromaFilterbank({ ...filterOptions, sampleRate, nFft, tuning }))
  return applyChromaFilterbank(power, bank, { frameNorm })
}

/**
 * The chromagram of a power spectrogram with a given (sparse) chroma filterbank: the lower-level step of
 * {@link chromaStft}, for a caller that keeps filterbanks across clips (building one takes 24 000 exponentials).
 *
 * Equals `librosa.util.normalize(bank @ power.T, norm=frameNorm, axis=0)` (librosa 0.10.1; transposed to
 * frame-major); frames whose norm is below the smallest float32 stay unscaled.
 *
 * @param power - power spectrogram, frames × `bank.bins`.
 * @param bank - `sparsifyFilterbank(chromaFilterbank(...))`.
 * @param options - `frameNorm`: Infinity (default: divide by the maximum), 1, 2, …, or `null` for none.
 * @returns frames × `bank.filters`.
 */
export const applyChromaFilterbank = (
  power: FrameMatrix,
  bank: SparseFilterbank,
  options: { readonly frameNorm?: number | null } = {},
): FrameMatrix => {
  const { frameNorm = Number.POSITIVE_INFINITY } = options
  if (power.bins !== bank.bins) {
    throw new RangeError(
      `the filterbank expects ${bank.bins} bins per frame, the spectrogram has ${power.bins}`,
    )
  }
  const { frames, bins } = power
  const nChroma = bank.filters
  const out = new Float32Array(frames * nChroma)
  const raw = new Float64Array(nChroma)
  for (let t = 0; t < frames; t++) {
    applySparseFilterbank(bank, power.data, t * bins, raw)
    const length = frameNorm === null ? 1 : vectorNorm(raw, 0, nChroma, 1, frameNorm)
    const scale = length < TINY_FLOAT32 ? 1 : length
    for (let c = 0; c < nChroma; c++) out[t * nChroma + c] = raw[c]! / scale
  }
  return { frames, bins: nChroma, data: out }
}

/** `numpy.remainder` for a positive divisor: the result has the divisor's sign. */
const positiveRemainder = (x: number, n: number): number => {
  const r = x % n
  return r < 0 ? r + n : r
}
