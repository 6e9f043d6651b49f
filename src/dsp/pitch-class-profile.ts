/**
 * A clip's pitch-class profile for key finding, from the spectral peaks of its power spectrogram.
 *
 * Why not `chroma_stft`: with a 2048-point frame at 22050 Hz a bin is 10.8 Hz wide, three semitones
 * at 60 Hz, so a chroma filterbank smears bass notes over neighbouring pitch classes. A spectral peak's
 * frequency, interpolated by a parabola through the log power of its bin and neighbours, is accurate
 * to about a hertz for a steady partial, which separates semitones down to the bass range. Each peak
 * adds its magnitude to the pitch class it lies nearest to, with a cos² taper over 4/3 semitone
 * (Gómez 2006, "HPCP"); every frame is scaled to a maximum of 1 before summing so that loud passages
 * do not outvote quiet ones. Peaks below `bassMaxHz` go to a separate bass profile: the bass spells out
 * roots, and the tonic above all.
 *
 * References: E. Gómez, "Tonal description of polyphonic audio for music content processing",
 * INFORMS Journal on Computing 18(3), 2006; M. Mauch, S. Dixon, "Simultaneous estimation of chords
 * and musical context from audio", IEEE TASLP 18(6), 2010 (bass and treble chroma).
 *
 * @module
 */
import type { FrameMatrix } from "./matrix.ts"

/** Parameters of {@link pitchClassProfile}. */
export interface PitchClassProfileOptions {
  /** Sample rate of the analysed signal, Hz. Default 22050. */
  readonly sampleRate?: number
  /** FFT length of the spectrogram's frames. Default 2048 (the spectrogram has nFft / 2 + 1 bins). */
  readonly nFft?: number
  /** Lowest peak frequency used, Hz. Default 50. */
  readonly minHz?: number
  /** Highest peak frequency used, Hz (above it, partials of lower notes dominate). Default 2000. */
  readonly maxHz?: number
  /** Peaks below this frequency form the bass profile, Hz. Default 250. */
  readonly bassMaxHz?: number
  /** Peaks weaker than this fraction of the frame's strongest bin (power) are ignored. Default 1e-4 (−40 dB). */
  readonly threshold?: number
  /**
   * Deviation of the recording's tuning from A440 in semitones, in [−0.5, 0.5). Default: estimated
   * from the peaks themselves (see {@link PitchClassProfile.tuning}).
   */
  readonly tuning?: number
}

/** Treble and bass pitch-class profiles of a clip, index 0 = C (librosa's chroma order). */
export interface PitchClassProfile {
  /** Sum over frames of each frame's peak magnitudes per pitch class above `bassMaxHz`, each frame scaled to max 1. */
  readonly treble: Float64Array
  /** The same for peaks below `bassMaxHz`. */
  readonly bass: Float64Array
  /**
   * Tuning used, in semitones from A440: the given one, or the magnitude-weighted circular mean of
   * the peaks' deviations from the equal-tempered grid.
   */
  readonly tuning: number
}

/** Half-width of each pitch class's cos² window, in semitones (the window spans 4/3 semitone). */
const halfWidth = 2 / 3

/**
 * Treble and bass pitch-class profiles of a power spectrogram.
 *
 * @param power - power spectrogram, frames × (nFft / 2 + 1) bins, frame-major (|STFT|²).
 * @param options - `sampleRate` 22050, `nFft` 2048, `minHz` 50, `maxHz` 2000, `bassMaxHz` 250,
 *   `threshold` 1e-4, `tuning` estimated.
 * @returns the two 12-bin profiles (zeros for silence) and the tuning used.
 * @see Essentia's `HPCP` on `SpectralPeaks` (without its harmonic weighting); librosa has no
 *   equivalent (`librosa.feature.chroma_stft` summed over frames is the nearest).
 */
export const pitchClassProfile = (
  power: FrameMatrix,
  options: PitchClassProfileOptions = {},
): PitchClassProfile => {
  const sampleRate = options.sampleRate ?? 22050
  const nFft = options.nFft ?? 2048
  const threshold = options.threshold ?? 1e-4
  const binHz = sampleRate / nFft
  const lo = Math.max(1, Math.floor((options.minHz ?? 50) / binHz))
  const hi = Math.min(power.bins - 2, Math.ceil((options.maxHz ?? 2000) / binHz))
  const bassMaxHz = options.bassMaxHz ?? 250
  const peaks = findPeaks(power, lo, hi, threshold, binHz)
  const tuning = options.tuning ?? estimatePeakTuning(peaks)

  const treble = new Float64Array(12)
  const bass = new Float64Array(12)
  const frameTreble = new Float64Array(12)
  const frameBass = new Float64Array(12)
  for (let t = 0; t < power.frames; t++) {
    frameTreble.fill(0)
    frameBass.fill(0)
    for (let p = peaks.frameStart[t]!; p < peaks.frameStart[t + 1]!; p++) {
      const pitch = peaks.pitch[p]! - tuning
      const nearest = Math.round(pitch)
      const distance = pitch - nearest
      if (Math.abs(distance) >= halfWidth) continue
      const weight = peaks.magnitude[p]! * Math.cos((Math.PI / 2) * (distance / halfWidth)) ** 2
      const pitchClass = ((nearest % 12) + 12) % 12
      if (peaks.hz[p]! < bassMaxHz) frameBass[pitchClass]! += weight
      else frameTreble[pitchClass]! += weight
    }
    addScaledToMax(frameTreble, treble)
    addScaledToMax(frameBass, bass)
  }
  return { treble, bass, tuning }
}

/** Spectral peaks of all frames, frame `t`'s in `[frameStart[t], frameStart[t + 1])`. */
interface Peaks {
  readonly frameStart: Int32Array
  /** Fractional MIDI pitch (69 = A440) of each peak, before tuning correction. */
  readonly pitch: Float32Array
  readonly hz: Float32Array
  /** Interpolated magnitude (square root of power). */
  readonly magnitude: Float32Array
}

const findPeaks = (power: FrameMatrix, lo: number, hi: number, threshold: number, binHz: number): Peaks => {
  const frameStart = new Int32Array(power.frames + 1)
  let capacity = 64 * power.frames
  let pitch = new Float32Array(capacity)
  let hz = new Float32Array(capacity)
  let magnitude = new Float32Array(capacity)
  let count = 0
  const { bins, data } = power
  for (let t = 0; t < power.frames; t++) {
    frameStart[t] = count
    const row = t * bins
    let max = 0
    for (let k = lo; k <= hi; k++) if (data[row + k]! > max) max = data[row + k]!
    if (!(max > 1e-20)) continue
    const floor = threshold * max
    for (let k = lo; k <= hi; k++) {
      const b = data[row + k]!
      if (b < floor || b < data[row + k - 1]! || b <= data[row + k + 1]!) continue
      if (count === capacity) {
        capacity *= 2
        pitch = grow(pitch, capacity)
        hz = grow(hz, capacity)
        magnitude = grow(magnitude, capacity)
      }
      // Parabola through the log power of the peak bin and its neighbours: vertex offset and height.
      const la = Math.log(data[row + k - 1]! + 1e-30)
      const lb = Math.log(b)
      const lc = Math.log(data[row + k + 1]! + 1e-30)
      const curvature = la - 2 * lb + lc
      const offset = curvature < 0 ? (0.5 * (la - lc)) / curvature : 0
      const frequency = (k + offset) * binHz
      hz[count] = frequency
      pitch[count] = 69 + 12 * Math.log2(frequency / 440)
      magnitude[count] = Math.exp(0.5 * (lb - 0.25 * (la - lc) * offset))
      count++
    }
  }
  frameStart[power.frames] = count
  return { frameStart, pitch, hz, magnitude }
}

const grow = (a: Float32Array<ArrayBuffer>, capacity: number): Float32Array<ArrayBuffer> => {
  const b = new Float32Array(capacity)
  b.set(a)
  return b
}

/** Magnitude-weighted circular mean of the peaks' deviations from the nearest semitone, in [−0.5, 0.5). */
const estimatePeakTuning = (peaks: Peaks): number => {
  let x = 0
  let y = 0
  const count = peaks.frameStart[peaks.frameStart.length - 1]!
  for (let p = 0; p < count; p++) {
    const angle = 2 * Math.PI * peaks.pitch[p]!
    x += peaks.magnitude[p]! * Math.cos(angle)
    y += peaks.magnitude[p]! * Math.sin(angle)
  }
  if (x === 0 && y === 0) return 0
  const tuning = Math.atan2(y, x) / (2 * Math.PI)
  return tuning >= 0.5 ? tuning - 1 : tuning
}

const addScaledToMax = (frame: Float64Array, into: Float64Array): void => {
  let max = 0
  for (let c = 0; c < 12; c++) if (frame[c]! > max) max = frame[c]!
  if (max > 0) for (let c = 0; c < 12; c++) into[c]! += frame[c]! / max
}
