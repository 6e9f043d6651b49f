/**
 * Frame-wise statistics of the time signal: zero-crossing rate and RMS.
 *
 * Both frame the signal as librosa does (frame `t` centred on sample `t * hop` when `center`), but pad
 * differently: RMS pads with zeros (`np.pad(mode="constant")`), the zero-crossing rate repeats the edge samples
 * (`mode="edge"`) so that the padding adds no crossings. Both read the signal in place; nothing is copied.
 *
 * @module
 */
import { defaultFrameOptions, type FrameOptions, frameCount } from "./frame.ts"

/** Parameters of {@link zeroCrossingRate}. */
export interface ZeroCrossingOptions extends FrameOptions {
  /** Samples with `|x| ≤ threshold` count as zero (neither sign). Default 1e-10 (librosa's `zero_crossings`). */
  readonly threshold?: number
}

/**
 * Zero-crossing rate: the fraction of adjacent sample pairs in each frame whose signs differ, divided by the
 * frame length (the first sample of a frame has no predecessor and counts as no crossing).
 *
 * Equals `librosa.feature.zero_crossing_rate(y, frame_length=size, hop_length=hop, center=center)` of librosa
 * 0.10.1: samples with `|x| ≤ 1e-10` are set to 0, the sign is the sign bit (zero counts as positive), and the
 * centred padding repeats the first and last samples. Two cursors walk the signal once each, keeping the number of
 * crossings before a frame's first pair and up to its last, so the cost does not grow with the overlap.
 *
 * @param signal - mono samples.
 * @param options - `size` (2048), `hop` (512), `center` (true), `threshold` (1e-10).
 * @returns one rate in [0, 1) per frame, `frameCount(signal.length, options)` frames; all 0 for an empty signal.
 */
export const zeroCrossingRate = (signal: Float32Array, options: ZeroCrossingOptions = {}): Float32Array => {
  const { size, hop, center } = { ...defaultFrameOptions, ...options }
  const threshold = Math.fround(options.threshold ?? 1e-10) // compared with float32 samples in float32
  const frames = frameCount(signal.length, { size, hop, center })
  const out = new Float32Array(frames)
  const last = signal.length - 1
  if (last < 0) return out
  const offset = center ? size >> 1 : 0
  // Crossings of the pairs (i - 1, i) with i ≤ before, and with i ≤ through; the edge padding never crosses.
  let before = 0
  let beforeCount = 0
  let through = 0
  let throughCount = 0
  for (let t = 0; t < frames; t++) {
    const start = t * hop - offset // the frame holds the pairs start < i < start + size
    const nextBefore = Math.min(last, Math.max(0, start))
    const nextThrough = Math.min(last, Math.max(0, start + size - 1))
    beforeCount += crossings(signal, before, nextBefore, threshold)
    throughCount += crossings(signal, through, nextThrough, threshold)
    before = nextBefore
    through = nextThrough
    out[t] = (throughCount - beforeCount) / size
  }
  return out
}

/** Sign changes between samples `(i - 1, i)` for `from < i ≤ to`, samples within `threshold` of 0 counting as positive. */
const crossings = (signal: Float32Array, from: number, to: number, threshold: number): number => {
  let count = 0
  let negative = signal[from]! < -threshold
  for (let i = from + 1; i <= to; i++) {
    const isNegative = signal[i]! < -threshold
    if (isNegative !== negative) count++
    negative = isNegative
  }
  return count
}

/**
 * Root-mean-square level of each frame: `sqrt(mean(x²))` over `size` samples, the zero padding included.
 *
 * Equals `librosa.feature.rms(y=signal, frame_length=size, hop_length=hop, center=center)` of librosa 0.10.1
 * (`pad_mode="constant"`). Sums run in float64.
 *
 * @param signal - mono samples.
 * @param options - `size` (2048), `hop` (512), `center` (true).
 * @returns one RMS value per frame, `frameCount(signal.length, options)` frames.
 */
export const rms = (signal: Float32Array, options: FrameOptions = {}): Float32Array => {
  const { size, hop, center } = { ...defaultFrameOptions, ...options }
  const frames = frameCount(signal.length, { size, hop, center })
  const out = new Float32Array(frames)
  const offset = center ? size >> 1 : 0
  for (let t = 0; t < frames; t++) {
    const start = t * hop - offset
    const to = Math.min(signal.length, start + size)
    let sum = 0
    for (let i = Math.max(0, start); i < to; i++) sum += signal[i]! * signal[i]!
    out[t] = Math.sqrt(sum / size)
  }
  return out
}
