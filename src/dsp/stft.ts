/**
 * Power spectrogram: the squared magnitude of the short-time Fourier transform, frame-major.
 *
 * Frame `t` covers samples `t·hop - nFft/2 … t·hop + nFft/2 - 1` when centred (zeros outside the
 * signal, librosa 0.10's `pad_mode="constant"`), is multiplied by the periodic Hann window and
 * transformed by {@link createRealFft}. Interior frames are read in place from the signal; only the
 * frames that overhang an end are copied into a zero-padded scratch frame.
 *
 * @module
 */
import { isPowerOfTwo, RealFft } from "./fft.ts"
import { frameCount } from "./frame.ts"
import type { FrameMatrix } from "./matrix.ts"
import { hannWindow } from "./window.ts"

/** STFT parameters (librosa's names: `n_fft`, `hop_length`, `center`). */
export interface StftOptions {
  /** FFT size and window length in samples, a power of two. Default 2048. */
  readonly nFft?: number
  /** Samples between successive frames. Default 512. */
  readonly hop?: number
  /** Centre frame `t` on sample `t · hop`, padding `nFft / 2` zeros at both ends. Default true. */
  readonly center?: boolean
}

/**
 * A planned power-spectrogram computation (see {@link createPowerSpectrogram}): FFT plan, window and
 * scratch frame, reusable across calls. Not re-entrant (the scratch frame is shared).
 */
export class PowerSpectrogramPlan {
  readonly nFft: number
  readonly hop: number
  readonly center: boolean
  /** Values per frame, `nFft / 2 + 1`. */
  readonly bins: number
  private readonly fft: RealFft
  private readonly window: Float32Array
  private readonly scratch: Float32Array

  constructor(options: StftOptions = {}) {
    const { nFft = 2048, hop = 512, center = true } = options
    if (!isPowerOfTwo(nFft) || nFft < 2) {
      throw new RangeError(`nFft must be a power of two of at least 2, got ${nFft}`)
    }
    if (!Number.isInteger(hop) || hop < 1) throw new RangeError(`hop must be a positive integer, got ${hop}`)
    this.nFft = nFft
    this.hop = hop
    this.center = center
    this.fft = new RealFft(nFft)
    this.bins = this.fft.bins
    this.window = hannWindow(nFft)
    this.scratch = new Float32Array(nFft)
  }

  /** Number of frames of a signal of `length` samples (as librosa: `1 + ⌊length / hop⌋` when centred). */
  frameCount(length: number): number {
    return frameCount(length, { size: this.nFft, hop: this.hop, center: this.center })
  }

  /**
   * Number of leading frames that lie entirely within the first `available` samples of a signal whose
   * end is not known yet: a streaming stage can compute these now, and the rest once the stream ends.
   */
  completeFrames(available: number): number {
    const reach = Math.floor((available - this.nFft + this.padding()) / this.hop) + 1
    return Math.min(this.frameCount(available), Math.max(0, reach))
  }

  /**
   * Computes frames `from … to - 1` of `signal` into `out`, frame `t` at `out[outOffset + (t - from) · bins]`.
   *
   * `signal[0]` is sample number `origin` of the whole signal (default 0), so a streaming caller may
   * drop samples it no longer needs; frames must not reach before `origin` (except into the centre
   * padding before sample 0). Samples after the end of `signal` read as zeros: the end padding.
   */
  compute(
    signal: Float32Array,
    from: number,
    to: number,
    out: Float32Array,
    outOffset = 0,
    origin = 0,
  ): void {
    const { nFft, hop, bins, fft, window, scratch } = this
    const padding = this.padding()
    if (!(from >= 0 && to >= from)) throw new RangeError(`invalid frame range [${from}, ${to})`)
    if ((to - from) * bins + outOffset > out.length) {
      throw new RangeError(`output holds ${out.length} values, ${(to - from) * bins + outOffset} needed`)
    }
    for (let t = from; t < to; t++) {
      const first = t * hop - padding // the frame's first sample, negative inside the start padding
      if (Math.max(first, 0) < origin) {
        throw new RangeError(`frame ${t} needs samples before ${origin}, which were not kept`)
      }
      const start = first - origin // its index in `signal`
      const target = outOffset + (t - from) * bins
      if (start >= 0 && start + nFft <= signal.length) {
        fft.powerSpectrum(signal, start, window, out, target)
      } else {
        fillPadded(signal, start, scratch)
        fft.powerSpectrum(scratch, 0, window, out, target)
      }
    }
  }

  private padding(): number {
    return this.center ? this.nFft >> 1 : 0
  }
}

/**
 * Plans power spectrograms of one shape: `nFft` (default 2048, a power of two), `hop` (default 512),
 * `center` (default true). The plan's `compute` is the lower-level entry that a streaming stage calls
 * as samples arrive; {@link powerSpectrogram} is the whole-signal form.
 *
 * Same numbers as `numpy.abs(librosa.stft(y, n_fft=nFft, hop_length=hop, center=center,
 * window="hann", pad_mode="constant")) ** 2` (librosa 0.10), transposed to frame-major.
 */
export const createPowerSpectrogram = (options: StftOptions = {}): PowerSpectrogramPlan =>
  new PowerSpectrogramPlan(options)

/** Copies `signal[start … start + out.length)` into `out`, with zeros where that range leaves the signal. */
const fillPadded = (signal: Float32Array, start: number, out: Float32Array): void => {
  const from = Math.max(0, -start)
  const to = Math.max(from, Math.min(out.length, signal.length - start))
  out.fill(0, 0, from)
  if (to > from) out.set(signal.subarray(start + from, start + to), from)
  out.fill(0, to)
}

/**
 * Power spectrogram of a whole signal: `frames × (nFft / 2 + 1)` values `|X_t[k]|²`, frame-major.
 *
 * @param signal mono samples (any rate; the caller checks that they are finite).
 * @param options `nFft` (default 2048, a power of two), `hop` (default 512), `center` (default true).
 * @returns a {@link FrameMatrix} with `frames = 1 + ⌊len / hop⌋` when centred (`1 + ⌊(len - nFft) / hop⌋`,
 *   at least 0, otherwise) and `bins = nFft / 2 + 1`.
 *
 * librosa: `np.abs(librosa.stft(y, n_fft=2048, hop_length=512, center=True, pad_mode="constant")) ** 2`
 * (a `(bins, T)` array: this is its transpose). Reference: Allen & Rabiner, "A unified approach to
 * short-time Fourier analysis and synthesis", Proc. IEEE 65(11), 1977.
 */
export const powerSpectrogram = (signal: Float32Array, options: StftOptions = {}): FrameMatrix => {
  const plan = createPowerSpectrogram(options)
  const frames = plan.frameCount(signal.length)
  const data = new Float32Array(frames * plan.bins)
  plan.compute(signal, 0, frames, data)
  return { frames, bins: plan.bins, data }
}
