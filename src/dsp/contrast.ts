/**
 * Spectral contrast: per octave band, the level difference between the spectrum's peaks and valleys.
 *
 * Reference: D.-N. Jiang, L. Lu, H.-J. Zhang, J.-H. Tao and L.-H. Cai, "Music type classification by spectral
 * contrast feature", ICME 2002; librosa 0.10.1 `librosa.feature.spectral_contrast`.
 *
 * @module
 */
import { fftBinFrequencies } from "./bins.ts"
import type { FrameMatrix } from "./matrix.ts"
import { roundHalfEven } from "./rounding.ts"

/** Parameters of {@link spectralContrast}; the names are librosa's, in camelCase. */
export interface ContrastOptions {
  /** Sampling rate in Hz. Default 22050. */
  readonly sampleRate?: number
  /** Upper edge of the first band `[0, fmin]` in Hz; band `k ≥ 1` covers `[fmin·2^(k−1), fmin·2^k]`. Default 200. */
  readonly fmin?: number
  /** Number of octave bands above the first (the output has `nBands + 1` rows). Default 6. */
  readonly nBands?: number
  /** Fraction of a band's bins averaged as its peak and as its valley (at least one bin). Default 0.02. */
  readonly quantile?: number
  /** Return `peak − valley` in magnitude units instead of the difference of their dB values. Default false. */
  readonly linear?: boolean
}

/** The floor and range of librosa's `power_to_db` defaults (amin 1e-10, ref 1, top_db 80). */
const AMIN = 1e-10
const TOP_DB = 80

/**
 * Spectral contrast of each frame in `nBands + 1` octave bands.
 *
 * Equals `librosa.feature.spectral_contrast(S=sqrt(power), sr=sampleRate, fmin=fmin, n_bands=nBands,
 * quantile=quantile, linear=linear)` of librosa 0.10.1, band layout included: band `k > 0` also takes the bin
 * just below its lower edge, every band but the last drops its top bin, the last band runs to Nyquist, and the
 * peak (valley) is the mean of the `max(1, rint(quantile × band size))` largest (smallest) magnitudes. With
 * `linear` false the result is `power_to_db(peak) − power_to_db(valley)` — librosa applies `power_to_db` (10·log10,
 * floor 1e-10, and 80 dB below the maximum **of the whole clip**) to these magnitudes, so a frame's value depends on
 * the loudest band of the clip; this function reproduces that for the frames it is given.
 *
 * @param power - power spectrogram `|X|²`, frames × `1 + nFft / 2` bins (`nFft = 2 * (bins - 1)`), every value finite
 *   and ≥ +0 (as a sum of squares is).
 * @returns frames × `nBands + 1`, band 0 the lowest; 0 in silent frames.
 */
export const spectralContrast = (power: FrameMatrix, options: ContrastOptions = {}): FrameMatrix => {
  const { sampleRate = 22050, fmin = 200, nBands = 6, quantile = 0.02, linear = false } = options
  if (!(quantile > 0 && quantile < 1)) throw new RangeError(`quantile must lie in (0, 1), got ${quantile}`)
  const { frames, bins, data } = power
  const bands = octaveBands(fftBinFrequencies(sampleRate, 2 * (bins - 1)), {
    sampleRate,
    fmin,
    nBands,
    quantile,
  })
  const rows = nBands + 1
  const peak = new Float64Array(frames * rows)
  const valley = new Float64Array(frames * rows)
  const maxTaken = Math.max(...bands.map((b) => b.taken))
  // The extremes are picked on the powers' float32 bits (see `smallestBits`), then read back as floats.
  const bits = new Int32Array(data.buffer, data.byteOffset, data.length)
  const lowest = new Int32Array(maxTaken)
  const highest = new Int32Array(maxTaken)
  const lowestValues = new Float32Array(lowest.buffer)
  const highestValues = new Float32Array(highest.buffer)
  for (let t = 0; t < frames; t++) {
    const row = t * bins
    for (let b = 0; b < rows; b++) {
      const { start, end, taken } = bands[b]!
      // The square root is monotonic: pick the extremes on the power, take the root of those alone.
      smallestBits(bits, row + start, row + end, taken, lowest)
      largestBits(bits, row + start, row + end, taken, highest)
      valley[t * rows + b] = meanRoot(lowestValues, taken)
      peak[t * rows + b] = meanRoot(highestValues, taken)
    }
  }
  const out = new Float32Array(frames * rows)
  if (linear) {
    for (let i = 0; i < out.length; i++) out[i] = peak[i]! - valley[i]!
  } else {
    toDecibels(peak)
    toDecibels(valley)
    for (let i = 0; i < out.length; i++) out[i] = peak[i]! - valley[i]!
  }
  return { frames, bins: rows, data: out }
}

/** The bins `[start, end)` of one band and how many of its extremes are averaged. */
interface Band {
  readonly start: number
  readonly end: number
  readonly taken: number
}

/** librosa's band layout (see {@link spectralContrast}). */
const octaveBands = (
  freqs: Float64Array,
  options: { sampleRate: number; fmin: number; nBands: number; quantile: number },
): Band[] => {
  const { sampleRate, fmin, nBands, quantile } = options
  if (!(fmin > 0)) throw new RangeError(`fmin must be positive, got ${fmin}`)
  if (fmin * 2 ** (nBands - 1) >= sampleRate / 2) {
    throw new RangeError(
      `a band of fmin ${fmin} Hz × 2^${nBands - 1} starts above Nyquist: reduce fmin or nBands`,
    )
  }
  const bands: Band[] = []
  for (let k = 0; k <= nBands; k++) {
    const low = k === 0 ? 0 : fmin * 2 ** (k - 1)
    const high = fmin * 2 ** k
    let first = 0
    while (first < freqs.length && !(freqs[first]! >= low)) first++
    let last = first
    while (last < freqs.length && freqs[last]! <= high) last++ // one past the band's last bin
    if (last === first) throw new RangeError(`band [${low}, ${high}] Hz holds no FFT bin: use a longer FFT`)
    const start = k > 0 ? first - 1 : first
    const stop = k === nBands ? freqs.length : last
    const taken = Math.max(1, roundHalfEven(quantile * (stop - start)))
    bands.push({ start, end: k < nBands ? stop - 1 : stop, taken })
  }
  return bands
}

/**
 * The `count` smallest of `bits[from … to)` into `kept[0 … count)`, ascending, where `bits` are the float32 bits
 * of non-negative values: such values order as their bits do as int32, so the comparisons are integer ones.
 *
 * Spectra mostly fall with frequency, so the band is read from the top down: a new value then rarely displaces
 * a kept one, and the loop is one comparison per bin. A value that does is merged in by a fixed sequence of
 * branch-free integer min/max steps (an insertion network), where a data-dependent shift loop would cost a
 * mispredicted branch per insertion.
 */
const smallestBits = (bits: Int32Array, from: number, to: number, count: number, kept: Int32Array): void => {
  kept.fill(0x7fffffff, 0, count) // above the bits of every finite float32
  let worst = 0x7fffffff
  for (let k = to - 1; k >= from; k--) {
    const v = bits[k]!
    if (v < worst) {
      for (let j = count - 1; j > 0; j--) kept[j] = minInt(kept[j]!, maxInt(kept[j - 1]!, v))
      kept[0] = minInt(kept[0]!, v)
      worst = kept[count - 1]!
    }
  }
}

/** As {@link smallestBits} for the `count` largest values, descending, the band read from the bottom up. */
const largestBits = (bits: Int32Array, from: number, to: number, count: number, kept: Int32Array): void => {
  kept.fill(-1, 0, count) // below the bits of every non-negative float32
  let worst = -1
  for (let k = from; k < to; k++) {
    const v = bits[k]!
    if (v > worst) {
      for (let j = count - 1; j > 0; j--) kept[j] = maxInt(kept[j]!, minInt(kept[j - 1]!, v))
      kept[0] = maxInt(kept[0]!, v)
      worst = kept[count - 1]!
    }
  }
}

/** Branch-free int32 minimum, for `a - b` within int32 (float32 bits of non-negative values, or -1). */
const minInt = (a: number, b: number): number => b ^ ((a ^ b) & ((a - b) >> 31))

/** Branch-free int32 maximum, under the same condition as {@link minInt}. */
const maxInt = (a: number, b: number): number => a ^ ((a ^ b) & ((a - b) >> 31))

/** Mean of the square roots of `values[0..count)`: the mean magnitude of the kept powers. */
const meanRoot = (values: Float32Array, count: number): number => {
  let sum = 0
  for (let i = 0; i < count; i++) sum += Math.sqrt(values[i]!)
  return sum / count
}

/** `librosa.power_to_db(x)` in place: 10·log10(max(1e-10, x)), floored at 80 dB below the array's maximum. */
const toDecibels = (values: Float64Array): void => {
  let top = Number.NEGATIVE_INFINITY
  for (let i = 0; i < values.length; i++) {
    values[i] = 10 * Math.log10(Math.max(AMIN, values[i]!))
    top = Math.max(top, values[i]!)
  }
  for (let i = 0; i < values.length; i++) values[i] = Math.max(values[i]!, top - TOP_DB)
}
