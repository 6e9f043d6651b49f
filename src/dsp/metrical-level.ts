/**
 * Is a beat grid the beat, or the eighth notes between beats? A check on the periodicity winner.
 *
 * Onset periodicity alone cannot tell a slow song with busy eighth notes (hi-hats, strummed chords,
 * a syncopated bass) from a song twice as fast: both repeat at the eighth-note period. Drum patterns
 * can. At the beat level the kick drum and the snare alternate or coincide on every beat (kick on 1
 * and 3, snare on 2 and 4 in most popular music), so both halves of the grid carry drum strokes; at
 * the eighth-note level every drum stroke falls on one half of the grid and the other half, the
 * off-beats, holds only hi-hats and the like. This is Goto's observation that bass drum and snare
 * drum patterns fix the beat level (Goto 2001), measured here without detecting the instruments: the
 * low-band onset strength stands for the kick (and the bass), and the median over all mel bands of
 * the onset strength for broadband, percussive strokes (a frequency median separates percussive from
 * harmonic energy: Fitzgerald 2010).
 *
 * For each of the two bands, the contrast between the grid's even and odd beats is
 * `(even − odd) / (even + odd)` of the band's mean strength there; their product is large and
 * positive only when both bands put their strokes on the same half of the grid. Above a threshold
 * the grid is taken for eighth notes and the tempo is halved, keeping the half where the strokes are.
 *
 * References: M. Goto, "An audio-based real-time beat tracking system for music with or without
 * drum-sounds", Journal of New Music Research 30(2), 2001; D. Fitzgerald, "Harmonic/percussive
 * separation using median filtering", DAFx 2010; F. Lerdahl, R. Jackendoff, "A Generative Theory of
 * Tonal Music", MIT Press 1983 (metrical preference: strong beats carry the events).
 *
 * @module
 */
import type { FrameMatrix } from "./matrix.ts"

/** Parameters of {@link checkMetricalLevel}. */
export interface MetricalLevelOptions {
  /** Frames per second of the envelopes. Default 22050 / 512. */
  readonly frameRate?: number
  /** Sub-beat score above which the grid is taken for eighth notes. Default 0.2 (chosen on the rendered development corpora). */
  readonly threshold?: number
  /** The tempo is never halved below this, BPM. Default 60. */
  readonly minBpm?: number
  /** Frames each side of a beat in which its strongest onset is looked for. Default 2 (±46 ms). */
  readonly radius?: number
  /** Frames of centring delay of the onset envelopes, `n_fft / (2 · hop)`. Default 2. */
  readonly shift?: number
}

/** What {@link checkMetricalLevel} decided. */
export interface MetricalLevel {
  /** The tempo, BPM: the given one, or half of it. */
  readonly bpm: number
  /** The beats at that tempo (every other given beat when halved). */
  readonly beats: Float64Array
  /** Whether the given grid was taken for eighth notes and halved. */
  readonly halved: boolean
  /**
   * Product of the low-band and percussive even/odd contrasts, in [−1, 1]: near 0 or negative for a
   * beat grid (strokes on both halves), towards 1 for an eighth-note grid (strokes on one half).
   * 0 when it was not needed: the low-band contrast alone was within ±threshold, or halving would
   * fall below `minBpm`.
   */
  readonly subBeatScore: number
}

/**
 * Checks whether tracked beats at `bpm` are really eighth notes, and halves the tempo when they are.
 *
 * @param bpm - the periodicity winner, BPM.
 * @param beats - beats tracked at `bpm`, in frames (see `trackBeats`).
 * @param low - low-band onset strength (kick drum and bass, see `bandOnsetStrength`).
 * @param melDb - the dB mel spectrogram the envelopes came from (its band-median rise is the percussive strength).
 * @param options - `frameRate` 22050 / 512, `threshold` 0.2, `minBpm` 60, `radius` 2, `shift` 2.
 * @returns the tempo and beats to keep, whether they were halved, and the sub-beat score.
 * @see No librosa equivalent (librosa's tempo has only its prior to choose the metrical level).
 */
export const checkMetricalLevel = (
  bpm: number,
  beats: Float64Array,
  low: Float32Array,
  melDb: FrameMatrix,
  options: MetricalLevelOptions = {},
): MetricalLevel => {
  const threshold = options.threshold ?? 0.2
  const minBpm = options.minBpm ?? 60
  const radius = options.radius ?? 2
  const shift = options.shift ?? 2
  const keep = { bpm, beats, halved: false, subBeatScore: 0 }
  if (beats.length < 8 || !(bpm > 0)) return keep
  const contrast = (sums: number[], counts: number[]) => {
    const even = sums[0]! / counts[0]!
    const odd = sums[1]! / counts[1]!
    return even + odd > 0 ? (even - odd) / (even + odd) : 0
  }
  const counts = [0, 0]
  const lowSums = [0, 0]
  beats.forEach((beat, i) => {
    let peak = 0
    for (let t = Math.round(beat) - radius; t <= Math.round(beat) + radius; t++)
      peak = Math.max(peak, low[t] ?? 0)
    lowSums[i % 2]! += peak
    counts[i % 2]!++
  })
  const lowContrast = contrast(lowSums, counts)
  // The percussive contrast is at most 1 in size: a weak low-band contrast decides alone (and saves the medians).
  if (!(Math.abs(lowContrast) > threshold) || bpm / 2 < minBpm) return keep
  const scratch = new Float32Array(melDb.bins)
  const percussiveSums = [0, 0]
  beats.forEach((beat, i) => {
    let peak = 0
    for (let t = Math.round(beat) - radius; t <= Math.round(beat) + radius; t++)
      peak = Math.max(peak, medianRise(melDb, t - shift, scratch))
    percussiveSums[i % 2]! += peak
  })
  const subBeatScore = lowContrast * contrast(percussiveSums, counts)
  if (!(subBeatScore > threshold)) return { ...keep, subBeatScore }
  // The strokes are on the even beats when the low band's contrast is positive, else on the odd ones.
  const first = lowContrast >= 0 ? 0 : 1
  const half = new Float64Array(Math.ceil((beats.length - first) / 2))
  for (let i = first, j = 0; i < beats.length; i += 2, j++) half[j] = beats[i]!
  return { bpm: bpm / 2, beats: half, halved: true, subBeatScore }
}

/**
 * Median over mel bands of the positive dB rise from frame `t − 1` to frame `t` (0 outside the
 * matrix): large only when most bands rise at once, as they do for a drum stroke and not for a note.
 */
export const medianRise = (melDb: FrameMatrix, t: number, scratch: Float32Array): number => {
  const { frames, bins, data } = melDb
  if (t < 1 || t >= frames) return 0
  const row = t * bins
  for (let k = 0; k < bins; k++) scratch[k] = Math.max(0, data[row + k]! - data[row - bins + k]!)
  return select(scratch, bins, bins >> 1)
}

/** The `k`-th smallest of the first `n` values of `x` (Hoare's quickselect; reorders `x`). */
const select = (x: Float32Array, n: number, k: number): number => {
  let lo = 0
  let hi = n - 1
  while (lo < hi) {
    const pivot = x[(lo + hi) >> 1]!
    let i = lo
    let j = hi
    while (i <= j) {
      while (x[i]! < pivot) i++
      while (x[j]! > pivot) j--
      if (i <= j) {
        const t = x[i]!
        x[i] = x[j]!
        x[j] = t
        i++
        j--
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else break
  }
  return x[k]!
}
