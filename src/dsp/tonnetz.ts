/**
 * Tonnetz (tonal centroid features): chroma projected onto the circles of fifths, minor thirds and major thirds.
 *
 * Reference: C. Harte, M. Sandler and M. Gasser, "Detecting harmonic change in musical audio", ACM Workshop on
 * Audio and Music Computing Multimedia, 2006; librosa 0.10.1 `librosa.feature.tonnetz`.
 *
 * @module
 */
import type { FrameMatrix } from "./matrix.ts"

/** The smallest normal float32: chroma frames whose sum is below it are left as they are (silence → 0). */
const TINY_FLOAT32 = 1.1754943508222875e-38

/** Radius and angle step (in multiples of π per chroma bin, over 12 bins) of each pair of tonnetz dimensions. */
const CIRCLES = [
  { radius: 1, step: 7 / 6 }, // fifths
  { radius: 1, step: 3 / 2 }, // minor thirds
  { radius: 0.5, step: 2 / 3 }, // major thirds
] as const

/**
 * The 6 × `nChroma` projection, row-major: rows (sin, cos) of fifths, minor thirds, major thirds, as librosa's
 * `phi`: `r · cos(π · (step · c − 0.5))` on even rows (a sine) and `r · cos(π · step · c)` on odd rows, with the
 * chroma index `c` spread over 0..12.
 */
const projection = (nChroma: number): Float64Array => {
  const phi = new Float64Array(6 * nChroma)
  for (let c = 0; c < nChroma; c++) {
    const position = (12 * c) / nChroma // np.linspace(0, 12, nChroma, endpoint=False)
    CIRCLES.forEach(({ radius, step }, i) => {
      phi[2 * i * nChroma + c] = radius * Math.cos(Math.PI * (step * position - 0.5))
      phi[(2 * i + 1) * nChroma + c] = radius * Math.cos(Math.PI * (step * position))
    })
  }
  return phi
}

/**
 * Tonnetz of a chromagram: each frame's chroma divided by its sum (L1) and projected onto the 6-D tonal space.
 *
 * Equals `librosa.feature.tonnetz(chroma=chroma)` of librosa 0.10.1 (the `y=` form computes `chroma_cqt` first;
 * mirflow passes `chroma_stft` instead, as the golden array `tonnetz_from_chroma_stft_tuning0` does).
 *
 * @param chroma - frames × `nChroma` (usually 12) non-negative chroma, e.g. from `chromaStft`.
 * @returns frames × 6: fifths (x, y), minor thirds (x, y), major thirds (x, y); 0 for an all-zero frame.
 */
export const tonnetz = (chroma: FrameMatrix): FrameMatrix => {
  const { frames, bins: nChroma, data } = chroma
  const phi = projection(nChroma)
  const out = new Float32Array(frames * 6)
  for (let t = 0; t < frames; t++) {
    const row = t * nChroma
    let total = 0
    for (let c = 0; c < nChroma; c++) total += Math.abs(data[row + c]!)
    const scale = total < TINY_FLOAT32 ? 1 : total
    for (let d = 0; d < 6; d++) {
      let sum = 0
      for (let c = 0; c < nChroma; c++) sum += phi[d * nChroma + c]! * data[row + c]!
      out[t * 6 + d] = sum / scale
    }
  }
  return { frames, bins: 6, data: out }
}
