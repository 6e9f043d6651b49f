/**
 * Global tempo: periodicity of onset envelopes (windowed autocorrelation, comb over the first beat
 * multiples), weighted by a perceptual tempo prior.
 *
 * Why these pieces:
 * - Autocorrelation in 8 s windows, each normalised to its own energy, tolerates slow tempo drift
 *   and loud passages (librosa's tempogram uses the same window).
 * - The comb sums the autocorrelation at 1-4 beat periods, so a tempo whose bar-level multiples
 *   also recur wins over a stray periodicity (Davies & Plumbley 2007; Percival & Tzanetakis 2014).
 * - The low-frequency envelope (kick drum, bass) carries the beat more than hi-hats and strummed
 *   chords, which often run at twice the beat rate; giving it weight is what resolves most octave
 *   errors (Goto 2001; Klapuri, Eronen & Astola 2006 take the measure level from their lowest band).
 * - The prior is a log-normal centred at 120 BPM with a one-octave deviation: the resonance of
 *   tapped tempo (van Noorden & Moelants 1999; Moelants 2002), the same default as librosa's.
 *
 * @module
 */
import { defaultFrameRate } from "./onset-detect.ts"

/** One onset envelope and its weight in the periodicity salience. */
export interface WeightedEnvelope {
  readonly envelope: Float32Array
  readonly weight: number
}

/** Parameters of {@link estimateTempo}. */
export interface TempoOptions {
  /** Frames per second of the envelopes. Default 22050 / 512 ≈ 43.07. */
  readonly frameRate?: number
  /** Slowest tempo considered, BPM. Default 40. */
  readonly minBpm?: number
  /** Fastest tempo considered, BPM. Default 240. */
  readonly maxBpm?: number
  /** Centre of the log-normal tempo prior, BPM. Default 120. */
  readonly priorBpm?: number
  /** Standard deviation of the prior in octaves. Default 1. */
  readonly priorOctaves?: number
  /** Autocorrelation window in seconds (the whole clip when shorter). Default 8. */
  readonly windowSeconds?: number
  /** Beat multiples summed by the comb. Default 4. */
  readonly combTerms?: number
}

/** A global tempo estimate. */
export interface TempoEstimate {
  /** Tempo in BPM; 0 when the envelopes show no pulse (silence, a single sound). */
  readonly bpm: number
  /** The best other tempo (most often half or double), BPM; 0 when there is none. */
  readonly runnerUp: number
  /** Relative margin of the winner's score over the runner-up's, in [0, 1]. */
  readonly confidence: number
  /**
   * Periodicity salience at the winning tempo before the prior: the mean normalised
   * autocorrelation at 1-4 beat periods, in [0, 1] (1: a perfectly periodic envelope).
   */
  readonly pulseClarity: number
}

const defaults = {
  frameRate: defaultFrameRate,
  minBpm: 40,
  maxBpm: 240,
  priorBpm: 120,
  priorOctaves: 1,
  windowSeconds: 8,
  combTerms: 4,
}

/** Tempo grid resolution: 96 steps per octave (0.72 %), refined by a parabola around the peak. */
const stepsPerOctave = 96

/**
 * Estimates the global tempo of a clip from one or more onset envelopes.
 *
 * @param envelopes - onset envelopes of equal length with their weights, e.g. the full-band onset
 *   strength with weight 1 and {@link bandOnsetStrength} of the low mel bands with weight 4.
 * @param options - `frameRate` (22050 / 512), `minBpm` 40, `maxBpm` 240, `priorBpm` 120,
 *   `priorOctaves` 1, `windowSeconds` 8, `combTerms` 4.
 * @returns the tempo, a runner-up, a confidence and the pulse clarity; all 0 without a pulse.
 * @see librosa's `librosa.feature.tempo` (tempogram averaged over time, log-normal prior at 120 BPM)
 *   is the closest equivalent; this adds the comb over beat multiples and the band weighting.
 *   References: P. Grosche, M. Müller, "Extracting predominant local pulse information", IEEE TASLP
 *   19(6), 2011; G. Percival, G. Tzanetakis, "Streamlined tempo estimation based on autocorrelation
 *   and cross-correlation with pulses", IEEE/ACM TASLP 22(12), 2014.
 */
export const estimateTempo = (
  envelopes: ReadonlyArray<WeightedEnvelope>,
  options: TempoOptions = {},
): TempoEstimate => {
  const o = { ...defaults, ...options }
  const none = { bpm: 0, runnerUp: 0, confidence: 0, pulseClarity: 0 }
  const n = envelopes[0]?.envelope.length ?? 0
  const maxLag = Math.min(n - 1, Math.ceil((o.combTerms * 60 * o.frameRate) / o.minBpm) + 1)
  if (maxLag < 2) return none
  const window = Math.max(2, Math.min(n, Math.round(o.windowSeconds * o.frameRate)))

  // The weighted mean of the envelopes' normalised autocorrelations.
  const acf = new Float64Array(maxLag + 1)
  let totalWeight = 0
  for (const { envelope, weight } of envelopes) {
    if (!(weight > 0)) continue
    if (addWindowedAutocorrelation(envelope, window, acf, weight)) totalWeight += weight
  }
  if (totalWeight === 0) return none
  for (let l = 0; l <= maxLag; l++) acf[l]! /= totalWeight

  // Salience × prior on a log-tempo grid.
  const octaves = Math.log2(o.maxBpm / o.minBpm)
  const count = Math.max(2, Math.floor(octaves * stepsPerOctave) + 1)
  const bpm = new Float64Array(count)
  const salience = new Float64Array(count)
  const score = new Float64Array(count)
  for (let i = 0; i < count; i++) {
    bpm[i] = o.minBpm * 2 ** (i / stepsPerOctave)
    salience[i] = comb(acf, (60 * o.frameRate) / bpm[i]!, o.combTerms, window)
    score[i] = salience[i]! * Math.exp(-0.5 * (Math.log2(bpm[i]! / o.priorBpm) / o.priorOctaves) ** 2)
  }

  const peaks = localMaxima(score).sort((a, b) => score[b]! - score[a]!)
  const best = peaks[0]
  if (best === undefined || !(score[best]! > 0)) return none
  const winner = refinePeak(score, best, bpm)
  // The runner-up: the strongest peak that is a different tempo (more than 4 % away).
  const rival = peaks.find((p) => Math.abs(Math.log(bpm[p]! / winner)) > Math.log(1.04))
  const rivalScore = rival === undefined ? 0 : Math.max(0, score[rival]!)
  return {
    bpm: winner,
    runnerUp: rival === undefined ? 0 : refinePeak(score, rival, bpm),
    confidence: Math.max(0, Math.min(1, (score[best]! - rivalScore) / score[best]!)),
    pulseClarity: Math.max(0, Math.min(1, salience[best]!)),
  }
}

/**
 * Adds `weight` × the autocorrelation of `envelope`, averaged over half-overlapping windows of
 * `window` frames, each mean-removed and normalised to 1 at lag 0, into `out` (lags 0…out.length − 1).
 * Returns false (adding nothing) when every window is flat.
 */
const addWindowedAutocorrelation = (
  envelope: Float32Array,
  window: number,
  out: Float64Array,
  weight: number,
): boolean => {
  const n = envelope.length
  const hop = Math.max(1, window >> 1)
  const centred = new Float64Array(window)
  const sum = new Float64Array(out.length)
  let used = 0
  for (let start = 0; ; start += hop) {
    const end = Math.min(n, start + window)
    const length = end - start
    let mean = 0
    for (let t = start; t < end; t++) mean += envelope[t]!
    mean /= length
    let energy = 0
    for (let t = 0; t < length; t++) {
      const v = envelope[start + t]! - mean
      centred[t] = v
      energy += v * v
    }
    if (energy > 1e-12 * length) {
      const lags = Math.min(out.length - 1, length - 1)
      for (let l = 0; l <= lags; l++) {
        let s = 0
        for (let t = 0; t + l < length; t++) s += centred[t]! * centred[t + l]!
        sum[l]! += s / energy
      }
      used++
    }
    if (end >= n) break
  }
  if (used === 0) return false
  for (let l = 0; l < out.length; l++) out[l]! += (weight * sum[l]!) / used
  return true
}

/**
 * Mean of the positive autocorrelation at lags `k · period`, k = 1…terms, linearly interpolated;
 * terms whose lag exceeds the autocorrelation or the window are left out (at least one is kept).
 */
const comb = (acf: Float64Array, period: number, terms: number, window: number): number => {
  const usable = Math.max(1, Math.min(terms, Math.floor(Math.min(acf.length - 1, window - 1) / period)))
  let sum = 0
  for (let k = 1; k <= usable; k++) {
    const lag = k * period
    const i = Math.floor(lag)
    if (i + 1 >= acf.length) break
    const f = lag - i
    const v = acf[i]! * (1 - f) + acf[i + 1]! * f
    if (v > 0) sum += v
  }
  return sum / usable
}

/** Indices of the strict local maxima of `x` (plateaus count once, ends count when above their neighbour). */
const localMaxima = (x: Float64Array): number[] => {
  const out: number[] = []
  for (let i = 0; i < x.length; i++) {
    const left = i > 0 ? x[i - 1]! : -Infinity
    const right = i + 1 < x.length ? x[i + 1]! : -Infinity
    if (x[i]! > left && x[i]! >= right) out.push(i)
  }
  return out
}

/** Tempo at the vertex of the parabola through the score at peak − 1, peak, peak + 1 (log-tempo axis). */
const refinePeak = (score: Float64Array, peak: number, bpm: Float64Array): number => {
  if (peak === 0 || peak === score.length - 1) return bpm[peak]!
  const a = score[peak - 1]!
  const b = score[peak]!
  const c = score[peak + 1]!
  const curvature = a - 2 * b + c
  const offset = curvature < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / curvature)) : 0
  return bpm[peak]! * 2 ** (offset / stepsPerOctave)
}

/**
 * Tempo implied by tracked beats: 60 / the least-squares slope of beat time against beat index,
 * which averages out the frame grid's quantisation. Returns `fallback` with fewer than 4 beats.
 *
 * @param beats - beat positions in frames, increasing (e.g. from {@link trackBeats}).
 * @param fallback - tempo to return when there are too few beats.
 * @param frameRate - frames per second. Default 22050 / 512.
 */
export const tempoFromBeats = (
  beats: Float64Array,
  fallback: number,
  frameRate = defaultFrameRate,
): number => {
  const n = beats.length
  if (n < 4) return fallback
  const meanIndex = (n - 1) / 2
  let mean = 0
  for (let i = 0; i < n; i++) mean += beats[i]!
  mean /= n
  let covariance = 0
  let variance = 0
  for (let i = 0; i < n; i++) {
    covariance += (i - meanIndex) * (beats[i]! - mean)
    variance += (i - meanIndex) ** 2
  }
  const period = covariance / variance
  return period > 0 ? (60 * frameRate) / period : fallback
}
