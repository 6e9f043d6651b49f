/**
 * Mel-frequency cepstral coefficients.
 *
 * @module
 */
import type { FrameMatrix } from "./matrix.ts"

/** MFCC parameters (librosa's `n_mfcc`, `lifter`). */
export interface MfccOptions {
  /** Number of coefficients kept, at most the number of mel bands. Default 13. */
  readonly nMfcc?: number
  /** Cepstral liftering coefficient: 0 for none, else scale coefficient k by `1 + lifter/2 · sin(π(k+1)/lifter)`. Default 0. */
  readonly lifter?: number
}

/**
 * The orthonormal DCT-II matrix, `rows × size`, row-major:
 * `D[k][n] = s_k · cos(π k (2n + 1) / (2·size))` with `s_0 = √(1/size)`, `s_k = √(2/size)`.
 *
 * Equals the first `rows` rows of `scipy.fftpack.dct(numpy.eye(size), type=2, norm="ortho", axis=0)`.
 * Reference: Ahmed, Natarajan & Rao, "Discrete Cosine Transform", IEEE Trans. Computers C-23, 1974.
 */
export const dctMatrix = (rows: number, size: number): Float64Array => {
  const out = new Float64Array(rows * size)
  for (let k = 0; k < rows; k++) {
    const scale = Math.sqrt((k === 0 ? 1 : 2) / size)
    for (let n = 0; n < size; n++)
      out[k * size + n] = scale * Math.cos((Math.PI * k * (2 * n + 1)) / (2 * size))
  }
  return out
}

/**
 * MFCCs of a dB mel spectrogram: the orthonormal DCT-II of each frame's `nMels` dB values, first
 * `nMfcc` coefficients kept, optionally liftered.
 *
 * @param dbMel `frames × nMels` dB values: `powerToDb(melSpectrogram(power, filters))` with the default
 *   `ref` 1, `amin` 1e-10, `topDb` 80, as librosa does inside `mfcc`.
 * @param options `nMfcc` (default 13, at most `nMels`), `lifter` (default 0, ≥ 0).
 * @returns `frames × nMfcc`, frame-major.
 *
 * librosa: `librosa.feature.mfcc(S=power_to_db(mel), n_mfcc=13, dct_type=2, norm="ortho", lifter=0)`
 * (a `(n_mfcc, T)` array: this is its transpose). Reference: Davis & Mermelstein, "Comparison of
 * parametric representations for monosyllabic word recognition", IEEE Trans. ASSP 28(4), 1980.
 */
export const mfcc = (dbMel: FrameMatrix, options: MfccOptions = {}): FrameMatrix => {
  const { nMfcc = 13, lifter = 0 } = options
  const nMels = dbMel.bins
  if (!Number.isInteger(nMfcc) || nMfcc < 1 || nMfcc > nMels) {
    throw new RangeError(`nMfcc must be an integer from 1 to the ${nMels} mel bands, got ${nMfcc}`)
  }
  if (!(lifter >= 0)) throw new RangeError(`lifter must be non-negative, got ${lifter}`)
  const basis = dctMatrix(nMfcc, nMels)
  if (lifter > 0) {
    for (let k = 0; k < nMfcc; k++) {
      const gain = 1 + (lifter / 2) * Math.sin((Math.PI * (k + 1)) / lifter)
      for (let n = 0; n < nMels; n++) basis[k * nMels + n]! *= gain
    }
  }
  const { frames, data } = dbMel
  const out = new Float32Array(frames * nMfcc)
  for (let t = 0; t < frames; t++) {
    const row = t * nMels
    for (let k = 0; k < nMfcc; k++) {
      const b = k * nMels
      let sum = 0
      for (let n = 0; n < nMels; n++) sum += basis[b + n]! * data[row + n]!
      out[t * nMfcc + k] = sum
    }
  }
  return { frames, bins: nMfcc, data: out }
}
