/**
 * Onset detection: peaks of an onset strength envelope, and the onset rate.
 *
 * @module
 */

/** Frames per second of mirflow's analysis: sample rate 22050 Hz, hop 512. */
export const defaultFrameRate = 22050 / 512

/** Parameters of {@link detectOnsets}; windows in seconds, as librosa's `onset_detect` fixes them. */
export interface OnsetDetectOptions {
  /** Frames per second of the envelope. Default 22050 / 512. */
  readonly frameRate?: number
  /** A peak is the maximum of the window from `preMax` seconds before to the frame itself. Default 0.03. */
  readonly preMax?: number
  /** …and up to `postMax` seconds after. Default 0 (just the frame: causal, librosa's `post_max=1` frame). */
  readonly postMax?: number
  /** A peak must exceed the mean from `preAvg` seconds before… Default 0.1. */
  readonly preAvg?: number
  /** …to `postAvg` seconds after it… Default 0.1. */
  readonly postAvg?: number
  /** …by at least `delta` (the envelope being scaled to [0, 1]). Default 0.07. */
  readonly delta?: number
  /** At least `wait` seconds between onsets. Default 0.03. */
  readonly wait?: number
}

/**
 * Onset frames: local maxima of the envelope (scaled to [0, 1]) that rise `delta` above the local
 * mean, at least `wait` apart — the peak picking of Böck, Krebs & Schedl (2012) as librosa uses it.
 *
 * @param envelope - onset strength per frame (e.g. `onsetStrength` of the mel spectrogram).
 * @param options - windows in seconds: `preMax` 0.03, `postMax` 0, `preAvg` 0.1, `postAvg` 0.1,
 *   `wait` 0.03; `delta` 0.07; `frameRate` 22050 / 512.
 * @returns increasing frame indices (empty for a flat or empty envelope).
 * @see `librosa.onset.onset_detect(onset_envelope=envelope, units="frames")` (librosa 0.10.1
 *   defaults, `backtrack=False`); S. Böck, F. Krebs, M. Schedl, "Evaluating the online capabilities of
 *   onset detection methods", ISMIR 2012.
 */
export const detectOnsets = (envelope: Float32Array, options: OnsetDetectOptions = {}): Int32Array => {
  const rate = options.frameRate ?? defaultFrameRate
  // librosa converts the seconds to frames with floor, and adds one frame to the "post" windows.
  const frames = (seconds: number) => Math.floor(seconds * rate)
  const preMax = frames(options.preMax ?? 0.03)
  const postMax = frames(options.postMax ?? 0) + 1
  const preAvg = frames(options.preAvg ?? 0.1)
  const postAvg = frames(options.postAvg ?? 0.1) + 1
  const wait = frames(options.wait ?? 0.03)
  const delta = options.delta ?? 0.07
  const n = envelope.length
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, envelope[i]!)
    hi = Math.max(hi, envelope[i]!)
  }
  if (!(hi > lo)) return new Int32Array(0)
  const scale = 1 / (hi - lo)
  const x = (i: number) => (envelope[i]! - lo) * scale

  // Running sum for the moving mean; windows are cut at the ends as librosa's filters do.
  const prefix = new Float64Array(n + 1)
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + x(i)
  const onsets: number[] = []
  let last = -Infinity
  for (let i = 0; i < n; i++) {
    const v = x(i)
    let isMax = true
    for (let j = Math.max(0, i - preMax); j < Math.min(n, i + postMax) && isMax; j++)
      if (x(j) > v) isMax = false
    if (!isMax) continue
    const a = Math.max(0, i - preAvg)
    const b = Math.min(n, i + postAvg)
    if (v < (prefix[b]! - prefix[a]!) / (b - a) + delta) continue
    if (i <= last + wait) continue
    onsets.push(i)
    last = i
  }
  return Int32Array.from(onsets)
}

/**
 * Onsets per second: the count of {@link detectOnsets}'s onsets over the duration (0 for a duration ≤ 0).
 *
 * @param onsetCount - number of detected onsets.
 * @param duration - clip length in seconds.
 * @see `len(librosa.onset.onset_detect(y=y, sr=sr)) / duration`
 */
export const onsetRate = (onsetCount: number, duration: number): number =>
  duration > 0 ? onsetCount / duration : 0
