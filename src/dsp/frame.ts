/**
 * Framing a signal into overlapping frames, with librosa's `center=True` zero padding.
 *
 * librosa 0.10 pads `n_fft / 2` zeros at both ends when `center=True` and `pad_mode="constant"`, so
 * frame `t` is centred on sample `t * hop`. The number of frames is `1 + floor(len / hop)` when
 * centred (for `len ≥ 0`), and `1 + floor((len - size) / hop)` otherwise (0 when the signal is shorter
 * than one frame).
 *
 * @module
 */

/** Options shared by framing, STFT and the frame-wise features. */
export interface FrameOptions {
  /** Frame length in samples. Default 2048 (librosa's `n_fft` / `frame_length`). */
  readonly size?: number
  /** Hop between frame starts in samples. Default 512. */
  readonly hop?: number
  /** Pad `size / 2` zeros on both sides so that frame `t` is centred on `t * hop`. Default true. */
  readonly center?: boolean
}

export const defaultFrameOptions = { size: 2048, hop: 512, center: true } as const

/** Number of frames `frame` yields for a signal of `length` samples. */
export const frameCount = (length: number, options: FrameOptions = {}): number => {
  const { size, hop, center } = { ...defaultFrameOptions, ...options }
  if (center) return 1 + Math.floor(length / hop)
  return length < size ? 0 : 1 + Math.floor((length - size) / hop)
}

/**
 * Copies frame `t` of `signal` into `out` (length `size`), applying the centre padding.
 * Samples outside the signal are zero. No allocation: the hot loops of STFT, ZCR and RMS call this.
 */
export const readFrame = (
  signal: Float32Array,
  t: number,
  out: Float32Array,
  options: FrameOptions = {},
): void => {
  const { size, hop, center } = { ...defaultFrameOptions, ...options }
  const start = t * hop - (center ? size >> 1 : 0)
  const from = Math.max(0, -start)
  const to = Math.min(size, signal.length - start)
  if (from > 0) out.fill(0, 0, from)
  if (to > from) out.set(signal.subarray(start + from, start + to), from)
  if (to < size) out.fill(0, Math.max(from, to), size)
}
