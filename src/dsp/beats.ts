/**
 * Beat tracking by dynamic programming (Ellis 2007): the beat sequence that maximises the onset
 * strength at the beats minus a penalty on inter-beat intervals that stray from the tempo's period.
 *
 * Reference: D. P. W. Ellis, "Beat tracking by dynamic programming", Journal of New Music Research
 * 36(1), 2007. librosa's `librosa.beat.beat_track` implements the same recursion.
 *
 * @module
 */
import { defaultFrameRate } from "./onset-detect.ts"

/** Parameters of {@link trackBeats}. */
export interface BeatTrackOptions {
  /** Frames per second of the onset envelope. Default 22050 / 512 ≈ 43.07. */
  readonly frameRate?: number
  /**
   * How strongly intervals are held to the period: the penalty is `tightness · ln(interval / period)²`
   * in units of the envelope's standard deviation. Default 100 (librosa's default).
   */
  readonly tightness?: number
  /** Drop leading and trailing beats whose local score is below this fraction of the typical beat's. Default 0.5. */
  readonly trim?: number
}

/**
 * Beat positions of an onset strength envelope at a known tempo.
 *
 * The envelope is scaled to unit standard deviation, smoothed by a Gaussian of width `period / 32`
 * (the "local score"), then each frame's best cumulative score over predecessors between ½ and 2
 * periods back is found, and the best path is traced back from the last strong frame.
 *
 * @param envelope - onset strength, one value per frame (e.g. {@link onsetStrength}).
 * @param bpm - the tempo to track; 0 or a non-finite value gives no beats.
 * @param options - `frameRate` (22050 / 512), `tightness` (100), `trim` (0.5).
 * @returns beat positions in frames, increasing; fractional positions refined by a parabola through
 *   the local score around each beat.
 * @see `librosa.beat.beat_track(onset_envelope=envelope, bpm=bpm, units="frames", trim=True)`
 *   (librosa returns whole frames).
 */
export const trackBeats = (
  envelope: Float32Array,
  bpm: number,
  options: BeatTrackOptions = {},
): Float64Array => {
  const frameRate = options.frameRate ?? defaultFrameRate
  const tightness = options.tightness ?? 100
  const trim = options.trim ?? 0.5
  const n = envelope.length
  if (!(bpm > 0) || !Number.isFinite(bpm) || n < 4) return new Float64Array(0)
  const period = (60 * frameRate) / bpm
  const local = localScore(envelope, period)
  let peak = 0
  for (let i = 0; i < n; i++) peak = Math.max(peak, local[i]!)
  if (peak <= 0) return new Float64Array(0)

  // cumulative[i]: best score of a beat sequence ending at frame i; previous[i]: its previous beat.
  const cumulative = new Float64Array(n)
  const previous = new Int32Array(n).fill(-1)
  const nearest = Math.max(1, Math.round(period / 2))
  const farthest = Math.max(nearest, Math.round(2 * period))
  const penalty = new Float64Array(farthest + 1)
  for (let d = nearest; d <= farthest; d++) penalty[d] = tightness * Math.log(d / period) ** 2
  // Beats only start once the music does: frames before the first clear onset start no sequence.
  let started = false
  for (let i = 0; i < n; i++) {
    let best = -Infinity
    let from = -1
    for (let d = nearest; d <= farthest && d <= i; d++) {
      const score = cumulative[i - d]! - penalty[d]!
      if (score > best) {
        best = score
        from = i - d
      }
    }
    if (!started || from < 0 || best <= 0) {
      cumulative[i] = local[i]!
      previous[i] = -1
    } else {
      cumulative[i] = local[i]! + best
      previous[i] = from
    }
    if (!started && local[i]! > 0.01 * peak) started = true
  }

  const beats: number[] = []
  for (let i = lastBeat(cumulative); i >= 0; i = previous[i]!) beats.push(i)
  beats.reverse()
  return refine(trimWeak(beats, local, trim), local)
}

/** The onset envelope over its standard deviation, convolved with a Gaussian of σ = period / 32. */
const localScore = (envelope: Float32Array, period: number): Float64Array => {
  const n = envelope.length
  let mean = 0
  for (let i = 0; i < n; i++) mean += envelope[i]!
  mean /= n
  let variance = 0
  for (let i = 0; i < n; i++) variance += (envelope[i]! - mean) ** 2
  const scale = 1 / (Math.sqrt(variance / Math.max(1, n - 1)) || 1)
  const half = Math.max(1, Math.round(period))
  const kernel = new Float64Array(2 * half + 1)
  for (let j = -half; j <= half; j++) kernel[j + half] = Math.exp(-0.5 * ((j * 32) / period) ** 2)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = 0
    const lo = Math.max(-half, -i)
    const hi = Math.min(half, n - 1 - i)
    for (let j = lo; j <= hi; j++) s += kernel[j + half]! * envelope[i + j]!
    out[i] = s * scale
  }
  return out
}

/** The last local maximum of the cumulative score that reaches half the median of all its maxima. */
const lastBeat = (cumulative: Float64Array): number => {
  const n = cumulative.length
  const maxima: number[] = []
  for (let i = 1; i < n - 1; i++)
    if (cumulative[i]! > cumulative[i - 1]! && cumulative[i]! >= cumulative[i + 1]!)
      maxima.push(cumulative[i]!)
  if (maxima.length === 0) return n - 1
  const median = [...maxima].sort((a, b) => a - b)[maxima.length >> 1]!
  for (let i = n - 2; i > 0; i--)
    if (
      cumulative[i]! > cumulative[i - 1]! &&
      cumulative[i]! >= cumulative[i + 1]! &&
      cumulative[i]! >= 0.5 * median
    )
      return i
  return n - 1
}

/** Drops beats at either end whose local score is below `fraction` of the root mean square of all beats' scores. */
const trimWeak = (beats: number[], local: Float64Array, fraction: number): number[] => {
  if (beats.length === 0 || fraction <= 0) return beats
  let sumSquares = 0
  for (const b of beats) sumSquares += local[b]! ** 2
  const threshold = fraction * Math.sqrt(sumSquares / beats.length)
  let start = 0
  let end = beats.length
  while (start < end && local[beats[start]!]! <= threshold) start++
  while (end > start && local[beats[end - 1]!]! <= threshold) end--
  return beats.slice(start, end)
}

/** Sub-frame beat positions: the vertex of the parabola through the local score at b − 1, b, b + 1. */
const refine = (beats: number[], local: Float64Array): Float64Array => {
  const out = new Float64Array(beats.length)
  beats.forEach((b, i) => {
    const a = local[b - 1] ?? local[b]!
    const c = local[b + 1] ?? local[b]!
    const curvature = a - 2 * local[b]! + c
    const offset = curvature < 0 ? (0.5 * (a - c)) / curvature : 0
    out[i] = b + Math.max(-0.5, Math.min(0.5, offset))
  })
  return out
}
