/**
 * Spectral shape statistics of each frame: centroid, bandwidth, roll-off and flatness.
 *
 * All take the power spectrogram `|X|²` that the STFT stage produces. librosa computes centroid, bandwidth and
 * roll-off on the magnitude `|X|` (its `S` for these is a magnitude spectrogram), so they take `√power` per bin;
 * flatness squares the magnitude back, so it reads the power directly. Sums run in float64.
 *
 * Reference: A. Klapuri and M. Davy (eds.), "Signal Processing Methods for Music Transcription", ch. 5,
 * Springer 2006; librosa 0.10.1 `librosa.feature.spectral_*`.
 *
 * @module
 */
import { fftBinFrequencies } from "./bins.ts"
import type { FrameMatrix } from "./matrix.ts"

/** The smallest normal float32: librosa leaves frames whose total magnitude is below it unnormalized (silence → 0). */
const TINY_FLOAT32 = 1.1754943508222875e-38

/** Sampling rate of a spectrogram's signal. */
export interface SampleRateOption {
  /** Sampling rate in Hz. Default 22050. */
  readonly sampleRate?: number
}

/**
 * Spectral centroid: the magnitude-weighted mean frequency of each frame, `Σ f_k |X_k| / Σ |X_k|`.
 *
 * Equals `librosa.feature.spectral_centroid(S=sqrt(power), sr=sampleRate)` (librosa 0.10.1; identical to its
 * `y=` form, which uses the magnitude spectrogram), with `n_fft = 2 * (bins - 1)`.
 *
 * @param power - power spectrogram, frames × `1 + nFft / 2` bins.
 * @param options - `sampleRate` (default 22050).
 * @returns one centroid in Hz per frame; 0 for a silent frame.
 */
export const spectralCentroid = (power: FrameMatrix, options: SampleRateOption = {}): Float32Array => {
  const freqs = fftBinFrequencies(options.sampleRate ?? 22050, 2 * (power.bins - 1))
  const out = new Float32Array(power.frames)
  for (let t = 0; t < power.frames; t++) out[t] = centroidOf(power.data, t * power.bins, freqs)
  return out
}

/** Parameters of {@link spectralBandwidth}. */
export interface BandwidthOptions extends SampleRateOption {
  /** Order of the deviation moment. Default 2. */
  readonly p?: number
  /** Divide each frame's magnitudes by their sum first. Default true. */
  readonly norm?: boolean
}

/**
 * Spectral bandwidth of order `p`: `(Σ_k w_k |f_k − centroid|^p)^(1/p)` with `w = |X| / Σ|X|` (or `|X|` when
 * `norm` is false).
 *
 * Equals `librosa.feature.spectral_bandwidth(S=sqrt(power), sr=sampleRate, p=p, norm=norm)` (librosa 0.10.1),
 * with the centroid of {@link spectralCentroid}.
 *
 * @param power - power spectrogram, frames × `1 + nFft / 2` bins.
 * @param options - `sampleRate` (22050), `p` (2), `norm` (true).
 * @returns one bandwidth in Hz per frame; 0 for a silent frame.
 */
export const spectralBandwidth = (power: FrameMatrix, options: BandwidthOptions = {}): Float32Array => {
  const { sampleRate = 22050, p = 2, norm = true } = options
  const { frames, bins, data } = power
  const freqs = fftBinFrequencies(sampleRate, 2 * (bins - 1))
  const magnitude = new Float64Array(bins)
  const out = new Float32Array(frames)
  for (let t = 0; t < frames; t++) {
    const row = t * bins
    let total = 0
    let weighted = 0
    for (let k = 0; k < bins; k++) {
      const m = Math.sqrt(data[row + k]!)
      magnitude[k] = m
      total += m
      weighted += freqs[k]! * m
    }
    const silent = total < TINY_FLOAT32
    const centroid = silent ? 0 : weighted / total
    const scale = !norm || silent ? 1 : total
    let sum = 0
    for (let k = 0; k < bins; k++) {
      const deviation = Math.abs(freqs[k]! - centroid)
      sum += (magnitude[k]! / scale) * (p === 2 ? deviation * deviation : deviation ** p)
    }
    out[t] = sum ** (1 / p)
  }
  return out
}

/** Parameters of {@link spectralRolloff}. */
export interface RolloffOptions extends SampleRateOption {
  /** Fraction of the frame's total magnitude below the roll-off frequency. Default 0.85. */
  readonly rollPercent?: number
}

/**
 * Spectral roll-off: the lowest bin frequency at which the cumulative magnitude reaches `rollPercent` of the
 * frame's total.
 *
 * Equals `librosa.feature.spectral_rolloff(S=sqrt(power), sr=sampleRate, roll_percent=rollPercent)` (librosa
 * 0.10.1). The running sum is kept in float32, as `np.cumsum` of librosa's float32 magnitudes is, so that the
 * threshold comparison picks the same bin.
 *
 * @param power - power spectrogram, frames × `1 + nFft / 2` bins.
 * @param options - `sampleRate` (22050), `rollPercent` (0.85).
 * @returns one frequency in Hz per frame; 0 for a silent frame.
 */
export const spectralRolloff = (power: FrameMatrix, options: RolloffOptions = {}): Float32Array => {
  const { sampleRate = 22050, rollPercent = 0.85 } = options
  if (!(rollPercent > 0 && rollPercent < 1))
    throw new RangeError(`rollPercent must lie in (0, 1), got ${rollPercent}`)
  const { frames, bins, data } = power
  const freqs = fftBinFrequencies(sampleRate, 2 * (bins - 1))
  const f32 = Math.fround
  const magnitude = new Float32Array(bins) // one frame's |X|, rounded to float32 as librosa's is
  const out = new Float32Array(frames)
  for (let t = 0; t < frames; t++) {
    const row = t * bins
    let total = 0
    for (let k = 0; k < bins; k++) {
      magnitude[k] = Math.sqrt(data[row + k]!)
      total = f32(total + magnitude[k]!)
    }
    const threshold = f32(rollPercent * total)
    let running = 0
    let k = 0
    for (; k < bins - 1; k++) {
      running = f32(running + magnitude[k]!)
      if (running >= threshold) break
    }
    out[t] = freqs[k]!
  }
  return out
}

/** Parameters of {@link spectralFlatness}. */
export interface FlatnessOptions {
  /** Floor applied to every bin before the logarithm. Default 1e-10. */
  readonly amin?: number
  /** Exponent applied to the magnitude `|X|` (2: power). Default 2. */
  readonly power?: number
}

/**
 * Spectral flatness (Wiener entropy): geometric mean over arithmetic mean of `max(amin, |X|^power)` per frame.
 *
 * Equals `librosa.feature.spectral_flatness(S=sqrt(power), amin=amin, power=power)` (librosa 0.10.1), which
 * with the default `power = 2` reads the power spectrogram itself.
 *
 * Reference: S. Dubnov, "Generalization of spectral flatness measure for non-Gaussian linear processes",
 * IEEE Signal Processing Letters 11(8), 2004.
 *
 * @param spectrum - power spectrogram `|X|²`, frames × bins.
 * @param options - `amin` (1e-10), `power` (2).
 * @returns one value in [0, 1] per frame; 1 for a silent frame (every bin at the floor).
 */
export const spectralFlatness = (spectrum: FrameMatrix, options: FlatnessOptions = {}): Float32Array => {
  const { amin = 1e-10, power: exponent = 2 } = options
  if (!(amin > 0)) throw new RangeError(`amin must be positive, got ${amin}`)
  const { frames, bins, data } = spectrum
  const floor = Math.fround(amin) // librosa compares float32 values with amin cast to float32
  const out = new Float32Array(frames)
  for (let t = 0; t < frames; t++) {
    const row = t * bins
    // Σ log v as the log of products of LOG_BATCH values: one logarithm per batch instead of per bin. A batch
    // whose product leaves float64's comfortable range (extreme amin or levels) is summed value by value.
    let logSum = 0
    let sum = 0
    for (let from = 0; from < bins; from += LOG_BATCH) {
      const to = Math.min(bins, from + LOG_BATCH)
      let product = 1
      for (let k = from; k < to; k++) {
        const v = flooredLevel(data[row + k]!, floor, exponent)
        product *= v
        sum += v
      }
      if (product > 1e-290 && product < 1e290) logSum += Math.log(product)
      else for (let k = from; k < to; k++) logSum += Math.log(flooredLevel(data[row + k]!, floor, exponent))
    }
    out[t] = Math.exp(logSum / bins) / (sum / bins)
  }
  return out
}

/** Values multiplied together before one logarithm in {@link spectralFlatness}. */
const LOG_BATCH = 16

/** `max(amin, |X|^exponent)` from the power `|X|²`. */
const flooredLevel = (power: number, floor: number, exponent: number): number =>
  Math.max(floor, exponent === 2 ? power : Math.sqrt(power) ** exponent)

/** Centroid of one frame (`Σ f |X| / Σ |X|`, 0 when the frame is silent). */
const centroidOf = (power: Float32Array, row: number, freqs: Float64Array): number => {
  let total = 0
  let weighted = 0
  for (let k = 0; k < freqs.length; k++) {
    const magnitude = Math.sqrt(power[row + k]!)
    total += magnitude
    weighted += freqs[k]! * magnitude
  }
  return total < TINY_FLOAT32 ? 0 : weighted / total
}
