/**
 * Frame-major matrices: the layout every frame-wise DSP result uses in mirflow.
 *
 * Frame `t`, bin `k` sits at `data[t * bins + k]`, so a streaming stage can append frames without
 * copying. librosa returns bin-major `(bins, T)` arrays; {@link toBinMajor} converts at the file
 * boundary (for example before writing a `(128, T)` `.npy` spectrogram).
 *
 * @module
 */

/** `frames` rows of `bins` values each, frame-major. */
export interface FrameMatrix {
  readonly frames: number
  readonly bins: number
  readonly data: Float32Array
}

/** An all-zero frame-major matrix. */
export const zeroMatrix = (frames: number, bins: number): FrameMatrix => ({
  frames,
  bins,
  data: new Float32Array(frames * bins),
})

/** Transposes to bin-major order: element `(k, t)` at `k * frames + t`, as librosa's `(bins, T)` arrays. */
export const toBinMajor = (m: FrameMatrix): Float32Array => {
  const out = new Float32Array(m.data.length)
  for (let t = 0; t < m.frames; t++) {
    const row = t * m.bins
    for (let k = 0; k < m.bins; k++) out[k * m.frames + t] = m.data[row + k]!
  }
  return out
}

/** Builds a frame-major matrix from bin-major data of shape `(bins, frames)` (a librosa array). */
export const fromBinMajor = (data: ArrayLike<number>, bins: number, frames: number): FrameMatrix => {
  const out = new Float32Array(bins * frames)
  for (let k = 0; k < bins; k++) {
    const row = k * frames
    for (let t = 0; t < frames; t++) out[t * bins + k] = data[row + t]!
  }
  return { frames, bins, data: out }
}
