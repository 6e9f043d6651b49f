/**
 * Onset strength: the spectral flux of a mel spectrogram in dB, one value per frame.
 *
 * Reference: S. Böck and G. Widmer, "Maximum filter vibrato suppression for onset detection", DAFx 2013 (the
 * `max_size` reference filter, here 1: none); librosa 0.10.1 `librosa.onset.onset_strength`.
 *
 * @module
 */
import type { FrameMatrix } from "./matrix.ts"

/** Parameters of {@link onsetStrength}; the names are librosa's, in camelCase. */
export interface OnsetStrengthOptions {
  /**
   * What the matrix holds: `"db"` (a log-power mel spectrogram, used as is) or `"power"` (converted first with
   * librosa's `power_to_db` defaults: ref 1, amin 1e-10, top_db 80 over the whole matrix). Default `"db"`.
   */
  readonly scale?: "db" | "power"
  /** Frames between the two compared spectra. Default 1. */
  readonly lag?: number
  /** Whether the spectrogram came from centred frames; then the result is shifted by `nFft / (2 · hop)` frames. Default true. */
  readonly center?: boolean
  /** FFT length of the spectrogram's frames (only the centring shift uses it). Default 2048. */
  readonly nFft?: number
  /** Hop of the spectrogram's frames (only the centring shift uses it). Default 512. */
  readonly hop?: number
}

/**
 * Onset strength envelope: the mean over mel bands of the positive part of `S[t] − S[t − lag]`, shifted right by
 * `lag` (plus `nFft / (2 · hop)` frames when centred, 2 with the defaults) and cut to the input's length; the first
 * shifted frames are 0.
 *
 * Equals `librosa.onset.onset_strength(S=melDb, lag=lag, center=center, n_fft=nFft, hop_length=hop)` of librosa
 * 0.10.1 (`max_size=1`, `detrend=False`, `aggregate=np.mean`), where `melDb` is the mel spectrogram in dB; with
 * `scale: "power"` the input is the mel power spectrogram and the result equals
 * `librosa.onset.onset_strength(y=y, sr=sr)` for that spectrogram's signal (librosa's default path).
 *
 * @param mel - frames × mel bands.
 * @param options - `scale` ("db"), `lag` (1), `center` (true), `nFft` (2048), `hop` (512).
 * @returns one value ≥ 0 per frame.
 */
export const onsetStrength = (mel: FrameMatrix, options: OnsetStrengthOptions = {}): Float32Array => {
  const { scale = "db", lag = 1, center = true, nFft = 2048, hop = 512 } = options
  if (!Number.isInteger(lag) || lag < 1) throw new RangeError(`lag must be a positive integer, got ${lag}`)
  const { frames, bins } = mel
  const db = scale === "db" ? mel.data : powerToDbRef1(mel.data)
  const shift = lag + (center ? Math.floor(nFft / (2 * hop)) : 0)
  const out = new Float32Array(frames)
  // Output frame t holds the flux between input frames t - shift + lag and t - shift.
  for (let t = shift; t < frames; t++) {
    const now = (t - shift + lag) * bins
    const before = (t - shift) * bins
    let sum = 0
    for (let k = 0; k < bins; k++) sum += Math.max(0, db[now + k]! - db[before + k]!)
    out[t] = sum / bins
  }
  return out
}

/** `librosa.power_to_db(S)` with its defaults (ref 1, amin 1e-10, top_db 80), in a new float32 array. */
const powerToDbRef1 = (power: Float32Array): Float32Array => {
  const out = new Float32Array(power.length)
  let top = Number.NEGATIVE_INFINITY
  for (let i = 0; i < power.length; i++) {
    out[i] = 10 * Math.log10(Math.max(1e-10, power[i]!))
    top = Math.max(top, out[i]!)
  }
  for (let i = 0; i < out.length; i++) out[i] = Math.max(out[i]!, top - 80)
  return out
}
