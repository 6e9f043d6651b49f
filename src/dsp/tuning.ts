/**
 * Tuning estimation: how far, in fractions of a semitone, the spectral peaks sit from the A440 grid.
 *
 * librosa 0.10.1 (`librosa.estimate_tuning`, `librosa.piptrack`, `librosa.pitch_tuning`): peaks are picked by
 * parabolic interpolation of the spectrogram (J. O. Smith, "Spectral Audio Signal Processing", Quadratic
 * Interpolation of Spectral Peaks), the louder half of them is kept, and the most common deviation wins.
 * The intermediate values are rounded to float32 where librosa stores them in float32 arrays, so that
 * histogram votes fall in the same bins.
 *
 * @module
 */
import { fftBinFrequencies } from "./bins.ts"
import type { FrameMatrix } from "./matrix.ts"
import { selectInPlace } from "./select.ts"

const f32 = Math.fround

/** Parameters of {@link estimateTuning}; the names are librosa's, in camelCase. */
export interface TuningOptions {
  /** Sampling rate in Hz. Default 22050. */
  readonly sampleRate?: number
  /** Width of a histogram bin in fractions of a pitch bin (0.01: cents for semitones). Default 0.01. */
  readonly resolution?: number
  /** Pitch bins per octave. Default 12. */
  readonly binsPerOctave?: number
  /** Lowest frequency a peak may have, Hz (inclusive). Default 150 (piptrack's `fmin`). */
  readonly fmin?: number
  /** Highest frequency a peak may have, Hz (exclusive). Default 4000 (piptrack's `fmax`). */
  readonly fmax?: number
  /** A peak must exceed `threshold` × the frame's maximum. Default 0.1 (piptrack's `threshold`). */
  readonly threshold?: number
}

/**
 * Estimates the tuning of a spectrogram.
 *
 * Equals `librosa.estimate_tuning(S=spectrogram, sr=sampleRate, resolution=resolution,
 * bins_per_octave=binsPerOctave, fmin=fmin, fmax=fmax, threshold=threshold)` of librosa 0.10.1 — which is what
 * `librosa.feature.chroma_stft` calls (on the power spectrogram) when no tuning is given:
 * 1. `piptrack`: in every frame, the bins in `[fmin, fmax)` that are local maxima of the spectrum after zeroing
 *    values not above `threshold` × the frame's maximum; each gives a frequency refined by parabolic
 *    interpolation and an interpolated height;
 * 2. the peaks whose height is at least the median height are kept;
 * 3. {@link pitchTuning} of their frequencies.
 *
 * @param spectrogram - magnitude or power spectrogram, frames × `1 + nFft / 2` bins (`nFft = 2 * (bins - 1)`).
 * @returns the tuning in `[-0.5, 0.5)` fractions of a bin, a multiple of `resolution`; 0 when no peak is found
 *   (silence).
 */
export const estimateTuning = (spectrogram: FrameMatrix, options: TuningOptions = {}): number => {
  const { resolution = 0.01, binsPerOctave = 12 } = options
  const { pitches, heights, count } = pickPeaks(spectrogram, options)
  if (count === 0) return pitchTuning([], { resolution, binsPerOctave })
  const median = medianFloat32(heights.subarray(0, count))
  const loud = new Float32Array(count)
  let kept = 0
  for (let i = 0; i < count; i++) if (heights[i]! >= median) loud[kept++] = pitches[i]!
  return pitchTuning(loud.subarray(0, kept), { resolution, binsPerOctave })
}

/**
 * The tuning offset of a set of frequencies relative to A440, in fractions of a bin.
 *
 * Equals `librosa.pitch_tuning(frequencies, resolution=resolution, bins_per_octave=binsPerOctave)` of librosa
 * 0.10.1: the deviation of each positive frequency from the nearest bin of the A440 grid (in `[-0.5, 0.5)`) is
 * counted in a histogram of `ceil(1 / resolution)` bins over `[-0.5, 0.5]`, and the left edge of the fullest bin
 * (the first, on ties) is returned. Frequencies are taken as float32, as librosa's arrays are.
 *
 * @param frequencies - frequencies in Hz; values ≤ 0 are ignored.
 * @param options - `resolution` (default 0.01) and `binsPerOctave` (default 12).
 * @returns the tuning estimate; 0 when no frequency is positive.
 */
export const pitchTuning = (
  frequencies: ArrayLike<number>,
  options: { readonly resolution?: number; readonly binsPerOctave?: number } = {},
): number => {
  const { resolution = 0.01, binsPerOctave = 12 } = options
  const nBins = Math.ceil(1 / resolution)
  // np.linspace(-0.5, 0.5, nBins + 1): i * step + start, with the end point exact.
  const edges = new Float64Array(nBins + 1)
  const step = 1 / nBins
  for (let i = 0; i < nBins; i++) edges[i] = i * step + -0.5
  edges[nBins] = 0.5
  const counts = new Int32Array(nBins)
  let any = false
  for (let i = 0; i < frequencies.length; i++) {
    const f = f32(frequencies[i]!)
    if (!(f > 0)) continue
    any = true
    // hz_to_octs in float32: log2(f / (440 / 16)), times bins per octave, modulo 1, folded into [-0.5, 0.5).
    const bins = f32(binsPerOctave * f32(Math.log2(f32(f / 27.5))))
    let residual = bins - Math.floor(bins)
    if (residual >= 0.5) residual -= 1
    counts[histogramBin(residual, edges)]!++
  }
  if (!any) return 0
  let best = 0
  for (let i = 1; i < nBins; i++) if (counts[i]! > counts[best]!) best = i
  return edges[best]!
}

/** Index of the bin `[edges[i], edges[i + 1])` holding `x` (the last bin is closed), as `numpy.histogram`. */
const histogramBin = (x: number, edges: Float64Array): number => {
  const last = edges.length - 2
  let i = Math.min(
    last,
    Math.max(0, Math.floor(((x - edges[0]!) / (edges[last + 1]! - edges[0]!)) * (last + 1))),
  )
  while (i > 0 && x < edges[i]!) i--
  while (i < last && x >= edges[i + 1]!) i++
  return i
}

/**
 * `librosa.piptrack` restricted to what `estimate_tuning` reads: the frequency and interpolated height of every
 * peak, in frame order, rounded to float32 as librosa's output arrays are.
 */
const pickPeaks = (
  spectrogram: FrameMatrix,
  options: TuningOptions,
): { pitches: Float32Array; heights: Float32Array; count: number } => {
  const { sampleRate = 22050, fmin = 150, fmax = 4000, threshold = 0.1 } = options
  const { frames, bins, data } = spectrogram
  const nFft = 2 * (bins - 1)
  const freqs = fftBinFrequencies(sampleRate, nFft)
  const low = Math.max(fmin, 0)
  const high = Math.min(fmax, sampleRate / 2)
  let first = 0
  while (first < bins && !(freqs[first]! >= low)) first++
  let end = first
  while (end < bins && freqs[end]! < high) end++
  // Room for 16 peaks a frame to begin with, doubled when full: a frame holds at most (end - first + 1) / 2 peaks
  // but music rarely more than 20, and the bound would take 2 MB for a 30 s clip.
  let pitches: Float32Array = new Float32Array(Math.max(16, frames * 16))
  let heights: Float32Array = new Float32Array(pitches.length)
  let count = 0
  for (let t = 0; t < frames; t++) {
    const row = t * bins
    let max = 0
    for (let k = 0; k < bins; k++) max = Math.max(max, Math.abs(data[row + k]!))
    const floor = f32(threshold * max)
    for (let k = first; k < end; k++) {
      const here = aboveFloor(data, row + k, floor)
      const isPeak =
        k === 0
          ? here > aboveFloor(data, row + 1, floor)
          : k === bins - 1
            ? here > aboveFloor(data, row + k - 1, floor)
            : here > aboveFloor(data, row + k - 1, floor) && here >= aboveFloor(data, row + k + 1, floor)
      if (!isPeak) continue
      // Parabolic interpolation on the unthresholded spectrum (librosa's _parabolic_interpolation stencil and
      // np.gradient, in their float32/float64 mix); the edge bins have no shift.
      let shift = 0
      let slope = 0
      if (k > 0 && k < bins - 1) {
        const below = Math.abs(data[row + k - 1]!)
        const above = Math.abs(data[row + k + 1]!)
        const curvature = f32(above + below) - 2 * Math.abs(data[row + k]!)
        const difference = f32(above - below)
        const half = difference / 2
        shift = Math.abs(half) >= Math.abs(curvature) ? 0 : f32(-half / curvature)
        slope = f32(difference / 2)
      }
      const pitch = f32(((k + shift) * sampleRate) / nFft)
      if (!(pitch > 0)) continue
      if (count === pitches.length) {
        pitches = grown(pitches)
        heights = grown(heights)
      }
      pitches[count] = pitch
      heights[count] = f32(Math.abs(data[row + k]!) + f32(0.5 * slope * shift))
      count++
    }
  }
  return { pitches, heights, count }
}

/** A copy of `values` in an array twice as long. */
const grown = (values: Float32Array): Float32Array => {
  const out = new Float32Array(2 * values.length)
  out.set(values)
  return out
}

/** The spectrum with values not above the floor zeroed: librosa's `S * (S > ref)`. */
const aboveFloor = (data: Float32Array, index: number, floor: number): number => {
  const v = Math.abs(data[index]!)
  return v > floor ? v : 0
}

/** `numpy.median` of float32 values: the middle value, or the float32 mean of the two middle values. */
const medianFloat32 = (values: Float32Array): number => {
  const copy = Float32Array.from(values)
  const mid = copy.length >> 1
  const upper = selectInPlace(copy, mid)
  if (copy.length % 2 === 1) return upper
  let lower = Number.NEGATIVE_INFINITY // the largest of the values that selection left below the middle
  for (let i = 0; i < mid; i++) if (copy[i]! > lower) lower = copy[i]!
  return f32(f32(lower + upper) / 2)
}
