/**
 * Checks on input signals that callers make before running the kernels.
 *
 * The kernels do not check their input: a NaN or an infinity would silently spread through every
 * frame it touches (an FFT mixes all samples of a frame). Callers (decoders, stream stages, the HTTP
 * service) must reject such signals; these helpers find the culprit and phrase the error alike everywhere.
 *
 * @module
 */

/**
 * Index of the first sample in `samples[from … to)` that is NaN, +Infinity or -Infinity, or -1 when
 * all are finite. numpy: `np.flatnonzero(~np.isfinite(y))[0]`; librosa's `util.valid_audio` rejects the same.
 */
export const firstNonFiniteIndex = (samples: ArrayLike<number>, from = 0, to = samples.length): number => {
  // The bound is computed once: re-evaluated in the loop condition it made this scan 6× slower.
  const end = Math.min(to, samples.length)
  for (let i = Math.max(0, from); i < end; i++) {
    const v = samples[i]!
    // v - v is 0 for finite v and NaN for NaN and ±Infinity: one comparison per sample.
    if (v - v !== 0) return i
  }
  return -1
}

/**
 * A message a user can act on for the non-finite sample at `index`, for example
 * "sample 22050 (1.000 s) is NaN: audio samples must be finite numbers".
 *
 * @param sampleRate when given, the sample's time is added.
 */
export const nonFiniteSampleMessage = (
  samples: ArrayLike<number>,
  index: number,
  sampleRate?: number,
): string => {
  const at = sampleRate === undefined ? "" : ` (${(index / sampleRate).toFixed(3)} s)`
  return `sample ${index}${at} is ${String(samples[index])}: audio samples must be finite numbers`
}
