/**
 * Mel scale, mel filterbank and mel spectrogram.
 *
 * The filterbank is stored sparsely: each band keeps only its non-zero run of weights (a triangle
 * spans a few FFT bins at low frequencies, a few dozen at high ones), so applying 128 bands to a
 * 1025-bin frame costs about 2 × 1025 multiply-adds instead of 128 × 1025.
 *
 * @module
 */
import type { FrameMatrix } from "./matrix.ts"

/**
 * Hertz to mels: Slaney's Auditory Toolbox scale by default (linear below 1 kHz, logarithmic above),
 * HTK's (`2595·log10(1 + f/700)`) with `htk` (default false). librosa: `librosa.hz_to_mel(hz, htk=False)`.
 */
export const hzToMel = (hz: number, htk = false): number => {
  if (htk) return 2595 * Math.log10(1 + hz / 700)
  return hz >= minLogHz ? minLogMel + Math.log(hz / minLogHz) / logStep : hz / linearHzPerMel
}

/** Mels to hertz, the inverse of {@link hzToMel} (`htk` default false). librosa: `librosa.mel_to_hz(mel, htk=False)`. */
export const melToHz = (mel: number, htk = false): number => {
  if (htk) return 700 * (10 ** (mel / 2595) - 1)
  return mel >= minLogMel ? minLogHz * Math.exp(logStep * (mel - minLogMel)) : linearHzPerMel * mel
}

// Slaney's scale (librosa.hz_to_mel with htk=False): 200/3 Hz per mel up to 1 kHz, then a
// logarithmic step of ln(6.4)/27 per mel.
const linearHzPerMel = 200 / 3
const minLogHz = 1000
const minLogMel = minLogHz / linearHzPerMel
const logStep = Math.log(6.4) / 27

/**
 * `count` frequencies (Hz) equally spaced in mels from `fmin` to `fmax`, both included.
 * librosa: `librosa.mel_frequencies(n_mels=count, fmin, fmax, htk)` (`numpy.linspace` in mels).
 */
export const melFrequencies = (count: number, fmin: number, fmax: number, htk = false): Float64Array => {
  const low = hzToMel(fmin, htk)
  const high = hzToMel(fmax, htk)
  const out = new Float64Array(count)
  const step = count > 1 ? (high - low) / (count - 1) : 0
  for (let i = 0; i < count; i++) out[i] = melToHz(i === count - 1 && count > 1 ? high : low + i * step, htk)
  return out
}

/** Mel filterbank parameters (librosa's names: `sr`, `n_fft`, `n_mels`, `fmin`, `fmax`, `htk`, `norm`). */
export interface MelOptions {
  /** Sample rate in Hz. Default 22050. */
  readonly sampleRate?: number
  /** FFT size of the spectra the filters apply to. Default 2048 (so 1025 bins). */
  readonly nFft?: number
  /** Number of mel bands. Default 128. */
  readonly nMels?: number
  /** Lowest band edge in Hz. Default 0. */
  readonly fmin?: number
  /** Highest band edge in Hz. Default `sampleRate / 2`. */
  readonly fmax?: number
  /** Use the HTK mel scale instead of Slaney's. Default false. */
  readonly htk?: boolean
  /** `"slaney"`: divide each triangle by its width in Hz / 2 (constant energy per band); `null`: peak 1. Default `"slaney"`. */
  readonly norm?: "slaney" | null
}

/**
 * A sparse mel filterbank: band `m` has weights `weights[offsets[m] … offsets[m+1])` for the FFT bins
 * `starts[m]`, `starts[m] + 1`, … (all other weights are zero).
 */
export interface MelFilterbank {
  readonly nMels: number
  /** FFT bins per input frame, `nFft / 2 + 1`. */
  readonly bins: number
  readonly starts: Int32Array
  readonly offsets: Int32Array
  readonly weights: Float32Array
}

/**
 * Builds the mel filterbank: `nMels` triangular filters over the `nFft / 2 + 1` FFT bins, their
 * corners at `nMels + 2` frequencies equally spaced in mels between `fmin` and `fmax`.
 *
 * Defaults: `sampleRate` 22050, `nFft` 2048, `nMels` 128, `fmin` 0, `fmax` `sampleRate / 2`,
 * `htk` false (Slaney's scale), `norm` "slaney". Weights are computed in float64 and rounded to float32.
 *
 * librosa: `librosa.filters.mel(sr=22050, n_fft=2048, n_mels=128, fmin=0.0, fmax=None, htk=False,
 * norm="slaney")` (dense `(n_mels, 1 + n_fft // 2)`; {@link melFilterbankToDense} gives that layout).
 * References: Slaney, "Auditory Toolbox" (Interval Research Tech. Report 1998-010), for the scale and
 * the area normalisation; Young et al., "The HTK Book", for the HTK scale.
 */
export const melFilterbank = (options: MelOptions = {}): MelFilterbank => {
  const { sampleRate = 22050, nFft = 2048, nMels = 128, fmin = 0, htk = false, norm = "slaney" } = options
  const fmax = options.fmax ?? sampleRate / 2
  if (!(sampleRate > 0) || !Number.isInteger(nFft) || nFft < 2 || !Number.isInteger(nMels) || nMels < 1) {
    throw new RangeError(`invalid mel filterbank: sampleRate ${sampleRate}, nFft ${nFft}, nMels ${nMels}`)
  }
  if (!(fmin >= 0 && fmax > fmin)) throw new RangeError(`need 0 ≤ fmin < fmax, got ${fmin}, ${fmax}`)
  const bins = (nFft >> 1) + 1
  const corners = melFrequencies(nMels + 2, fmin, fmax, htk)
  const starts = new Int32Array(nMels)
  const offsets = new Int32Array(nMels + 1)
  const runs: Float32Array[] = []
  const dense = new Float64Array(bins)
  for (let m = 0; m < nMels; m++) {
    const left = corners[m]!
    const centre = corners[m + 1]!
    const right = corners[m + 2]!
    const scale = norm === "slaney" ? 2 / (right - left) : 1
    let first = -1
    let last = -1 // so that an empty band gets first = 0, an empty run
    for (let k = 0; k < bins; k++) {
      const f = (k * sampleRate) / nFft // numpy.fft.rfftfreq
      // max(0, min(rising edge, falling edge)), as librosa (its `ramps` divided by the corner gaps).
      const w = Math.max(0, Math.min((f - left) / (centre - left), (right - f) / (right - centre)))
      dense[k] = w * scale
      if (w > 0) {
        if (first < 0) first = k
        last = k
      }
    }
    if (first < 0) first = last + 1 // an empty band (narrower than a bin): no weights, as librosa's zero row
    starts[m] = first
    runs.push(Float32Array.from(dense.subarray(first, last + 1)))
    offsets[m + 1] = offsets[m]! + last + 1 - first
  }
  const weights = new Float32Array(offsets[nMels]!)
  for (const [m, run] of runs.entries()) weights.set(run, offsets[m]!)
  return { nMels, bins, starts, offsets, weights }
}

/** The dense `nMels × bins` weight matrix, row-major: `librosa.filters.mel`'s layout. */
export const melFilterbankToDense = (filters: MelFilterbank): Float32Array => {
  const out = new Float32Array(filters.nMels * filters.bins)
  for (let m = 0; m < filters.nMels; m++) {
    const run = filters.weights.subarray(filters.offsets[m]!, filters.offsets[m + 1]!)
    out.set(run, m * filters.bins + filters.starts[m]!)
  }
  return out
}

/**
 * Applies the filterbank to `frames` consecutive spectra: `source[sourceOffset + t·bins + k]` →
 * `target[targetOffset + t·nMels + m]`. The lower-level entry for a streaming stage; float64 sums.
 * librosa: `mel_basis @ S` for those frames (what `librosa.feature.melspectrogram(S=S)` computes).
 */
export const applyMelFilterbank = (
  filters: MelFilterbank,
  source: Float32Array,
  sourceOffset: number,
  frames: number,
  target: Float32Array,
  targetOffset: number,
): void => {
  const { nMels, bins, starts, offsets, weights } = filters
  if (sourceOffset + frames * bins > source.length || targetOffset + frames * nMels > target.length) {
    throw new RangeError(`${frames} frames do not fit the source or target array`)
  }
  for (let t = 0; t < frames; t++) {
    const row = sourceOffset + t * bins
    const out = targetOffset + t * nMels
    for (let m = 0; m < nMels; m++) {
      const end = offsets[m + 1]!
      let k = row + starts[m]!
      let sum = 0
      for (let i = offsets[m]!; i < end; i++) sum += weights[i]! * source[k++]!
      target[out + m] = sum
    }
  }
}

/**
 * Mel spectrogram from a power spectrogram: `frames × nMels`, frame-major.
 *
 * @param power a power spectrogram ({@link powerSpectrogram}), `frames × (nFft / 2 + 1)`.
 * @param filters from {@link melFilterbank}; its `bins` must equal `power.bins`.
 *
 * librosa: `librosa.feature.melspectrogram(S=power)` = `mel_basis @ S` (transposed to frame-major).
 * Reference: Stevens, Volkmann & Newman, "A scale for the measurement of the psychological magnitude
 * pitch", JASA 8(3), 1937; Slaney's Auditory Toolbox for the filter shapes.
 */
export const melSpectrogram = (power: FrameMatrix, filters: MelFilterbank): FrameMatrix => {
  if (power.bins !== filters.bins) {
    throw new RangeError(
      `the filterbank expects ${filters.bins} bins per frame, the spectrogram has ${power.bins}`,
    )
  }
  const data = new Float32Array(power.frames * filters.nMels)
  applyMelFilterbank(filters, power.data, 0, power.frames, data, 0)
  return { frames: power.frames, bins: filters.nMels, data }
}
