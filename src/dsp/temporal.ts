/**
 * Frame-wise statistics of the time signal: zero-crossing rate and RMS.
 *
 * Both frame the signal as librosa does (frame `t` centred on sample `t * hop` when `center`), but pad
 * differently: RMS pads with zeros (`np.pad(mode="constant")`), the zero-crossing rate repeats the edge samples
 * (`mode="edge"`) so that the padding adds no crossings. Both read the signal in place; nothing is copied.
 *
 * Frames overlap (by 3/4 with the defaults), so a per-frame loop reads every sample `size / hop` times. When
 * frames start on multiples of the hop (`size` and the centre padding are multiples of `hop`, as with the
 * defaults), each statistic is first summed over every hop-long block of the signal in one pass, and a frame
 * adds its `size / hop` blocks.
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
  if (!(threshold >= 0)) throw new RangeError(`threshold must be at least 0, got ${options.threshold}`)
  const frames = frameCount(signal.length, { size, hop, center })
  const out = new Float32Array(frames)
  const last = signal.length - 1
  if (last < 0) return out
  const offset = center ? size >> 1 : 0
  if (size % hop === 0 && offset % hop === 0) {
    zeroCrossingRateByBlocks(signal, { size, hop, offset, threshold }, out)
    return out
  }
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

/** How frames lie on the signal: frame `t` starts at sample `t · hop - offset`. */
interface Framing {
  readonly size: number
  readonly hop: number
  readonly offset: number
}

/**
 * {@link zeroCrossingRate} for frames that start on multiples of `hop`: the crossings of the pairs `(i - 1, i)`
 * counted per hop-long block of `i` in one walk over the signal; a frame (the pairs `start < i < start + size`)
 * adds its blocks and removes the crossing at its first sample `i = start`.
 *
 * The walk reads the samples' float32 bits, so that the sign test costs integer operations and no branch:
 * `x < -threshold` holds exactly when the sign bit is set and the bits of `|x|` exceed those of the threshold
 * (non-negative float32 values order as their bits do).
 */
const zeroCrossingRateByBlocks = (
  signal: Float32Array,
  framing: Framing & { readonly threshold: number },
  out: Float32Array,
): void => {
  const { size, hop, offset, threshold } = framing
  const bits = new Int32Array(signal.buffer, signal.byteOffset, signal.length)
  const thresholdBits = new Int32Array(Float32Array.of(threshold).buffer)[0]!
  /** 1 when sample `i` counts as negative, else 0. */
  const negativeAt = (i: number): number => {
    const b = bits[i]!
    return (b >>> 31) & ((thresholdBits - (b & 0x7fffffff)) >>> 31)
  }
  const blocks = Math.ceil(signal.length / hop)
  const perBlock = new Int32Array(blocks)
  const atBlockStart = new Int32Array(blocks) // the crossing of the pair (j·hop - 1, j·hop)
  for (let j = 1; j < blocks; j++) atBlockStart[j] = negativeAt(j * hop - 1) ^ negativeAt(j * hop)
  for (let j = 0; j < blocks; j++) {
    const from = j * hop
    const to = Math.min(signal.length, from + hop)
    let count = atBlockStart[j]!
    let negative = negativeAt(from)
    for (let i = from + 1; i < to; i++) {
      const isNegative = negativeAt(i)
      count += isNegative ^ negative
      negative = isNegative
    }
    perBlock[j] = count
  }
  const blocksPerFrame = size / hop
  for (let t = 0; t < out.length; t++) {
    const first = t - offset / hop // the block that starts at the frame's first sample
    let count = first > 0 && first < blocks ? -atBlockStart[first]! : 0
    for (let j = Math.max(0, first); j < Math.min(blocks, first + blocksPerFrame); j++) count += perBlock[j]!
    out[t] = count / size
  }
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
  if (size % hop === 0 && offset % hop === 0) {
    rmsByBlocks(signal, { size, hop, offset }, out)
    return out
  }
  for (let t = 0; t < frames; t++) {
    const start = t * hop - offset
    const to = Math.min(signal.length, start + size)
    let sum = 0
    for (let i = Math.max(0, start); i < to; i++) sum += signal[i]! * signal[i]!
    out[t] = Math.sqrt(sum / size)
  }
  return out
}

/** {@link rms} for frames that start on multiples of `hop`: sums of squares per hop-long block, added per frame. */
const rmsByBlocks = (signal: Float32Array, framing: Framing, out: Float32Array): void => {
  const { size, hop, offset } = framing
  const blocks = Math.ceil(signal.length / hop)
  const perBlock = new Float64Array(blocks)
  for (let j = 0; j < blocks; j++) {
    const to = Math.min(signal.length, (j + 1) * hop)
    let sum = 0
    for (let i = j * hop; i < to; i++) sum += signal[i]! * signal[i]!
    perBlock[j] = sum
  }
  const blocksPerFrame = size / hop
  for (let t = 0; t < out.length; t++) {
    const first = t - offset / hop
    let sum = 0
    for (let j = Math.max(0, first); j < Math.min(blocks, first + blocksPerFrame); j++) sum += perBlock[j]!
    out[t] = Math.sqrt(sum / size)
  }
}
