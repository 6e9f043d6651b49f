/**
 * Rhythm descriptors of the features file, computed from the onset envelope, the tracked beats and
 * the detected onsets. Each is in [0, 1] and finite for every input (0 when there is nothing to
 * measure, silence included).
 *
 * @module
 */

/** The rhythm descriptors that come from beats and onsets (`pulse_clarity` comes with the tempo estimate). */
export interface RhythmFeatures {
  /**
   * How far the onsets stray from the beats: 1 minus the synchronisation index (vector strength) of
   * the onsets' phases within their beat intervals, each onset weighted by its onset strength.
   * 0: every onset on a beat; about 0.5 for straight eighths with accented beats; 1: onsets evenly
   * spread or on the off-beats as much as on the beats.
   */
  readonly rhythmComplexity: number
  /**
   * `max(0, 1 − 1 / s)` where `s` is the mean onset strength at the beats over the mean onset strength:
   * 0 when beats are no stronger than the average frame, 0.5 when twice as strong, → 1 as they dominate.
   */
  readonly beatStrength: number
  /** 1 minus the coefficient of variation of the inter-beat intervals, clipped to [0, 1]. */
  readonly beatRegularity: number
}

/**
 * Rhythm descriptors of a clip.
 *
 * @param envelope - onset strength per frame.
 * @param beats - beat positions in frames, increasing (see `trackBeats`).
 * @param onsets - onset frames, increasing (see `detectOnsets`).
 * @returns the three descriptors, each in [0, 1].
 * @see The synchronisation index: K. V. Mardia, "Statistics of Directional Data", 1972; used for
 *   onset-to-beat alignment by e.g. M. E. P. Davies et al., "Evaluation methods for musical audio
 *   beat tracking algorithms", QMUL Tech. Rep. C4DM-TR-09-06, 2009. No librosa equivalent.
 */
export const rhythmFeatures = (
  envelope: Float32Array,
  beats: Float64Array,
  onsets: Int32Array,
): RhythmFeatures => ({
  rhythmComplexity: rhythmComplexity(envelope, beats, onsets),
  beatStrength: beatStrength(envelope, beats),
  beatRegularity: beatRegularity(beats),
})

const rhythmComplexity = (envelope: Float32Array, beats: Float64Array, onsets: Int32Array): number => {
  if (beats.length < 2) return 0
  let x = 0
  let y = 0
  let total = 0
  let interval = 0
  for (const onset of onsets) {
    if (onset < beats[0]! || onset > beats[beats.length - 1]!) continue
    while (interval + 2 < beats.length && beats[interval + 1]! <= onset) interval++
    const start = beats[interval]!
    const phase = (onset - start) / (beats[interval + 1]! - start)
    const weight = envelope[onset] ?? 0
    x += weight * Math.cos(2 * Math.PI * phase)
    y += weight * Math.sin(2 * Math.PI * phase)
    total += weight
  }
  return total > 0 ? clamp01(1 - Math.hypot(x, y) / total) : 0
}

const beatStrength = (envelope: Float32Array, beats: Float64Array): number => {
  if (beats.length === 0 || envelope.length === 0) return 0
  let mean = 0
  for (let i = 0; i < envelope.length; i++) mean += envelope[i]!
  mean /= envelope.length
  if (!(mean > 0)) return 0
  let atBeats = 0
  for (const b of beats) atBeats += envelope[Math.min(envelope.length - 1, Math.max(0, Math.round(b)))]!
  atBeats /= beats.length
  return atBeats > 0 ? clamp01(1 - mean / atBeats) : 0
}

const beatRegularity = (beats: Float64Array): number => {
  const n = beats.length - 1
  if (n < 2) return 0
  let mean = 0
  for (let i = 0; i < n; i++) mean += beats[i + 1]! - beats[i]!
  mean /= n
  let variance = 0
  for (let i = 0; i < n; i++) variance += (beats[i + 1]! - beats[i]! - mean) ** 2
  return mean > 0 ? clamp01(1 - Math.sqrt(variance / n) / mean) : 0
}

const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.max(0, Math.min(1, x)) : 0)
