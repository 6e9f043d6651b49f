/**
 * Spectral shape statistics of each frame: centroid, bandwidth, roll-off and flatness.
 *
 * All take the power spectrogram `|X|²` that the STFT stage produces. librosa computes centroid, bandwidth and
 * roll-off on the magnitude `|X|` (its `S` for these is a magnitude spectrogram), so they take `√power` per bin;
 * flatness squares the magnitude back, so it reads the power directly. Each is one output of the fused
 * {@link spectralShape} pass: a caller that needs several of them should call that once instead.
 *
 * Reference: A. Klapuri and M. Davy (eds.), "Signal Processing Methods for Music Transcription", ch. 5,
 * Springer 2006; librosa 0.10.1 `librosa.feature.spectral_*`.
 *
 * @module
 */
import type { FrameMatrix } from "./matrix.ts"
import { spectralShape } from "./spectral-shape.ts"

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
export const spectralCentroid = (power: FrameMatrix, options: SampleRateOption = {}): Float32Array =>
  spectralShape(power, options).centroid

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
  const { p, norm, ...rest } = options
  return spectralShape(power, {
    ...rest,
    ...(p === undefined ? {} : { bandwidthOrder: p }),
    ...(norm === undefined ? {} : { bandwidthNorm: norm }),
  }).bandwidth
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
 * 0.10.1), the bin found as librosa's float32 running sum finds it (see `rolloff-bin.ts`).
 *
 * @param power - power spectrogram, frames × `1 + nFft / 2` bins.
 * @param options - `sampleRate` (22050), `rollPercent` (0.85).
 * @returns one frequency in Hz per frame; 0 for a silent frame.
 */
export const spectralRolloff = (power: FrameMatrix, options: RolloffOptions = {}): Float32Array =>
  spectralShape(power, options).rolloff

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
  const { amin, power } = options
  if (amin !== undefined && !(amin > 0)) throw new RangeError(`amin must be positive, got ${amin}`)
  return spectralShape(spectrum, {
    ...(amin === undefined ? {} : { flatnessAmin: amin }),
    ...(power === undefined ? {} : { flatnessPower: power }),
  }).flatness
}
