/**
 * Onset strength restricted to a range of mel bands, e.g. the lowest bands where kick drum and bass
 * mark the beat.
 *
 * @module
 */
import type { FrameMatrix } from "./matrix.ts"

/** Number of slaney mel bands (of 128 over 0-11025 Hz) below about 230 Hz: kick drum and bass. */
export const lowMelBands = 8

/**
 * Band-limited onset strength: for each frame, the mean over mel bands `[from, to)` of the positive
 * rise in dB from the previous frame, aligned as librosa aligns `onset_strength` (lag 1, centred
 * frames: the value for the rise from frame `t − 1` to `t` sits at `t + 2` with hop 512 and n_fft 2048).
 *
 * @param melDb - mel spectrogram in dB, frames × bands (frame-major).
 * @param from - first band (inclusive). Default 0.
 * @param to - last band (exclusive). Default {@link lowMelBands} (8: below ≈ 230 Hz for 128 slaney bands at 22050 Hz).
 * @param shift - frames of centring delay, `n_fft / (2 · hop)`. Default 2.
 * @returns one value ≥ 0 per frame.
 * @see `librosa.onset.onset_strength_multi(S=melDb, channels=[from, to])[0]` (librosa 0.10.1, lag 1,
 *   max_size 1, aggregate mean).
 */
export const bandOnsetStrength = (
  melDb: FrameMatrix,
  from = 0,
  to = lowMelBands,
  shift = 2,
): Float32Array => {
  const { frames, bins, data } = melDb
  const lo = Math.max(0, Math.min(bins, from))
  const hi = Math.max(lo, Math.min(bins, to))
  const out = new Float32Array(frames)
  if (hi === lo) return out
  const scale = 1 / (hi - lo)
  for (let t = 1; t + shift + 1 <= frames; t++) {
    const row = t * bins
    const previous = row - bins
    let sum = 0
    for (let k = lo; k < hi; k++) {
      const rise = data[row + k]! - data[previous + k]!
      if (rise > 0) sum += rise
    }
    out[t + shift] = sum * scale
  }
  return out
}
