/**
 * The spectral shape of each frame in one pass: centroid, bandwidth, roll-off, flatness and crest.
 *
 * Each of these reads every bin of the power spectrogram, and all but flatness read the magnitude `√power`.
 * Computed one by one they take five passes and four square roots per bin; here one pass takes the square root
 * once and feeds every statistic, and a second, cheap pass over the frame's magnitudes (still in cache) gives the
 * bandwidth, which needs the centroid first. Sums run in float64, bin after bin as librosa's reductions are
 * defined, so the results equal the single-feature definitions up to float64 rounding.
 *
 * Reference: A. Klapuri and M. Davy (eds.), "Signal Processing Methods for Music Transcription", ch. 5,
 * Springer 2006; librosa 0.10.1 `librosa.feature.spectral_*`.
 *
 * @module
 */
import { fftBinFrequencies } from "./bins.ts"
import type { FrameMatrix } from "./matrix.ts"
import { ROLLOFF_BLOCK, rolloffBin } from "./rolloff-bin.ts"

/** Parameters of {@link spectralShape}; librosa's names in camelCase, prefixed by the feature they belong to. */
export interface SpectralShapeOptions {
  /** Sampling rate in Hz. Default 22050. */
  readonly sampleRate?: number
  /** Order `p` of the bandwidth's deviation moment. Default 2. */
  readonly bandwidthOrder?: number
  /** Divide each frame's magnitudes by their sum before the bandwidth moment. Default true. */
  readonly bandwidthNorm?: boolean
  /** Fraction of the frame's total magnitude below the roll-off frequency, in (0, 1). Default 0.85. */
  readonly rollPercent?: number
  /** Floor applied to every bin before the flatness's logarithm. Default 1e-10. */
  readonly flatnessAmin?: number
  /** Exponent applied to the magnitude `|X|` for the flatness (2: power). Default 2. */
  readonly flatnessPower?: number
}

/** One value per frame of each statistic. */
export interface SpectralShape {
  /** Magnitude-weighted mean frequency, Hz (0 for a silent frame). */
  readonly centroid: Float32Array
  /** Magnitude-weighted deviation around the centroid, Hz. */
  readonly bandwidth: Float32Array
  /** Frequency below which `rollPercent` of the magnitude lies, Hz (0 for a silent frame). */
  readonly rolloff: Float32Array
  /** Geometric over arithmetic mean of the floored power, in [0, 1] (1 for a silent frame). */
  readonly flatness: Float32Array
  /** Largest magnitude over the mean magnitude, ≥ 1 (0 for a silent frame). */
  readonly crest: Float32Array
}

/** The smallest normal float32: librosa leaves frames whose total magnitude is below it unnormalized (silence → 0). */
const TINY_FLOAT32 = 1.1754943508222875e-38
/** A frame whose magnitudes sum to no more than this has no crest (0). */
const CREST_SILENCE = 1e-12
/**
 * Values multiplied together before one logarithm for the flatness: one `log` per block instead of per bin. A
 * block whose product leaves float64's comfortable range (extreme amin or levels) is summed value by value.
 */
const LOG_BLOCK = ROLLOFF_BLOCK

/**
 * Centroid, bandwidth, roll-off, flatness and crest of every frame of a power spectrogram, in one pass.
 *
 * - centroid: `Σ f_k |X_k| / Σ |X_k|` = `librosa.feature.spectral_centroid(S=sqrt(power), sr=sampleRate)`;
 * - bandwidth: `(Σ_k w_k |f_k − centroid|^p)^(1/p)`, `w = |X| / Σ|X|` (or `|X|` when `bandwidthNorm` is false)
 *   = `librosa.feature.spectral_bandwidth(S=sqrt(power), sr=sampleRate, p=bandwidthOrder, norm=bandwidthNorm)`;
 * - roll-off: the first bin frequency where the cumulative magnitude reaches `rollPercent` of the total, found as
 *   librosa finds it in float32 (see `rolloff-bin.ts`) = `librosa.feature.spectral_rolloff(S=sqrt(power),
 *   sr=sampleRate, roll_percent=rollPercent)`;
 * - flatness: geometric over arithmetic mean of `max(amin, |X|^power)` = `librosa.feature.spectral_flatness(
 *   S=sqrt(power), amin=flatnessAmin, power=flatnessPower)` (Dubnov, IEEE SPL 11(8), 2004);
 * - crest: `max |X_k| / mean |X_k|` (Peeters, "A large set of audio features for sound description", IRCAM 2004,
 *   §6.1.4; no librosa equivalent).
 *
 * librosa 0.10.1 throughout, with `n_fft = 2 * (bins - 1)`.
 *
 * @param power - power spectrogram `|X|²`, frames × `1 + nFft / 2` bins, frame-major.
 * @param options - `sampleRate` (22050), `bandwidthOrder` (2), `bandwidthNorm` (true), `rollPercent` (0.85),
 *   `flatnessAmin` (1e-10), `flatnessPower` (2).
 * @returns five arrays of one float32 value per frame.
 */
export const spectralShape = (power: FrameMatrix, options: SpectralShapeOptions = {}): SpectralShape => {
  const {
    sampleRate = 22050,
    bandwidthOrder: p = 2,
    bandwidthNorm = true,
    rollPercent = 0.85,
    flatnessAmin = 1e-10,
    flatnessPower = 2,
  } = options
  if (!(rollPercent > 0 && rollPercent < 1))
    throw new RangeError(`rollPercent must lie in (0, 1), got ${rollPercent}`)
  if (!(flatnessAmin > 0)) throw new RangeError(`flatnessAmin must be positive, got ${flatnessAmin}`)
  const { frames, bins, data } = power
  const freqs = fftBinFrequencies(sampleRate, 2 * (bins - 1))
  const f32 = Math.fround
  const floor = f32(flatnessAmin) // librosa compares float32 values with amin cast to float32
  const magnitude = new Float64Array(bins)
  const blockCumulative = new Float64Array(Math.ceil(bins / ROLLOFF_BLOCK))
  const centroid = new Float32Array(frames)
  const bandwidth = new Float32Array(frames)
  const rolloff = new Float32Array(frames)
  const flatness = new Float32Array(frames)
  const crest = new Float32Array(frames)
  for (let t = 0; t < frames; t++) {
    const row = t * bins
    let total = 0
    let total32 = 0 // librosa's float32 running sum, for the roll-off
    let weighted = 0
    let largest = 0
    let logSum = 0
    let levelSum = 0
    for (let from = 0, block = 0; from < bins; from += LOG_BLOCK, block++) {
      const to = Math.min(bins, from + LOG_BLOCK)
      let product = 1
      for (let k = from; k < to; k++) {
        const value = data[row + k]!
        const m = Math.sqrt(value)
        magnitude[k] = m
        total += m
        total32 = f32(total32 + f32(m))
        weighted += freqs[k]! * m
        if (value > largest) largest = value
        const level = flooredLevel(value, m, floor, flatnessPower)
        product *= level
        levelSum += level
      }
      blockCumulative[block] = total32
      if (product > 1e-290 && product < 1e290) logSum += Math.log(product)
      else
        for (let k = from; k < to; k++)
          logSum += Math.log(flooredLevel(data[row + k]!, magnitude[k]!, floor, flatnessPower))
    }
    const silent = total < TINY_FLOAT32
    const mean = silent ? 0 : weighted / total
    centroid[t] = mean
    const moment = deviationMoment(magnitude, freqs, mean, p) / (!bandwidthNorm || silent ? 1 : total)
    bandwidth[t] = p === 2 ? Math.sqrt(moment) : moment ** (1 / p)
    rolloff[t] = freqs[rolloffBin(magnitude, blockCumulative, bins, rollPercent)]!
    flatness[t] = Math.exp(logSum / bins) / (levelSum / bins)
    crest[t] = total > CREST_SILENCE ? Math.sqrt(largest) / (total / bins) : 0
  }
  return { centroid, bandwidth, rolloff, flatness, crest }
}

/** `max(floor, |X|^exponent)` from the power `|X|²` and the magnitude `|X|`. */
const flooredLevel = (power: number, magnitude: number, floor: number, exponent: number): number => {
  const level = exponent === 2 ? power : magnitude ** exponent
  return Math.max(floor, level)
}

/** `Σ_k |X_k| · |f_k − centre|^p` over one frame's magnitudes. */
const deviationMoment = (magnitude: Float64Array, freqs: Float64Array, centre: number, p: number): number => {
  let sum = 0
  if (p === 2) {
    for (let k = 0; k < freqs.length; k++) {
      const deviation = freqs[k]! - centre
      sum += magnitude[k]! * deviation * deviation
    }
  } else {
    for (let k = 0; k < freqs.length; k++) sum += magnitude[k]! * Math.abs(freqs[k]! - centre) ** p
  }
  return sum
}
