/**
 * A clip's pitch-class profile for key finding, from the spectral peaks of its power spectrogram.
 *
 * Why not `chroma_stft`: with a 2048-point frame at 22050 Hz a bin is 10.8 Hz wide, three semitones
 * at 60 Hz, so a chroma filterbank smears bass notes over neighbouring pitch classes. A spectral peak's
 * frequency, interpolated by a parabola through the log power of its bin and neighbours, is accurate
 * to about a hertz for a steady partial, which separates semitones down to the bass range. Each peak
 * adds its magnitude to the pitch class it lies nearest to, with a cos² taper over 4/3 semitone
 * (Gómez 2006, "HPCP"); every frame's peaks are scaled by its strongest peak before summing so that
 * loud passages do not outvote quiet ones. Peaks below `bassMaxHz` go to a separate bass profile: the bass spells out
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
  /** Peaks weaker than this fraction of the frame's strongest bin (power) are ignored. Default 0.01 (−20 dB). */
  readonly threshold?: number
  /** Analyse every `frameStep`-th frame (a key does not change every 12 ms). Default 2. */
  readonly frameStep?: number
  /**
   * Deviation of the recording's tuning from A440 in semitones, in [−0.5, 0.5). Default: estimated
   * from the peaks themselves (see {@link PitchClassProfile.tuning}).
   */
  readonly tuning?: number
}

/** Treble and bass pitch-class profiles of a clip, index 0 = C (librosa's chroma order). */
export interface PitchClassProfile {
  /** Sum over frames of the peak magnitudes above `bassMaxHz` per pitch class, each frame's scaled by its strongest. */
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

/** Resolution of the intermediate pitch histogram: 100 bins per semitone (cents). */
const binsPerSemitone = 100

/**
 * Treble and bass pitch-class profiles of a power spectrogram.
 *
 * Peaks are first gathered, per frame scaled by the frame's strongest peak (treble and bass
 * separately), into treble and bass histograms of pitch within the octave at one-cent resolution;
 * the tuning is the weighted circular mean of that histogram around the semitone grid, and each
 * pitch class then takes the histogram's cents within 2/3 semitone of it (tuning-corrected) with a
 * cos² taper.
 *
 * @param power - power spectrogram, frames × (nFft / 2 + 1) bins, frame-major (|STFT|²).
 * @param options - `sampleRate` 22050, `nFft` 2048, `minHz` 50, `maxHz` 2000, `bassMaxHz` 250,
 *   `threshold` 0.01, `frameStep` 2, `tuning` estimated.
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
  const binHz = sampleRate / nFft
  const lo = Math.max(1, Math.floor((options.minHz ?? 50) / binHz))
  const hi = Math.min(power.bins - 2, Math.ceil((options.maxHz ?? 2000) / binHz))
  const bassMaxHz = options.bassMaxHz ?? 250
  const threshold = options.threshold ?? 0.01
  const frameStep = Math.max(1, Math.floor(options.frameStep ?? 2))
  const trebleCents = new Float64Array(12 * binsPerSemitone)
  const bassCents = new Float64Array(12 * binsPerSemitone)
  // Pitch (MIDI number) of FFT bin 1; bin k + offset is at this + 12 log2(k + offset).
  const pitchOfBin1 = 69 + 12 * Math.log2(binHz / 440)
  const bassBelowBin = bassMaxHz / binHz
  const scratchCents = new Int32Array(hi - lo + 2)
  const scratchMagnitude = new Float64Array(hi - lo + 2)
  const scratchBass = new Uint8Array(hi - lo + 2)
  const { bins, data } = power

  for (let t = 0; t < power.frames; t += frameStep) {
    const row = t * bins
    let max = 0
    for (let k = lo; k <= hi; k++) if (data[row + k]! > max) max = data[row + k]!
    if (!(max > 1e-20)) continue
    const floor = threshold * max
    let count = 0
    let trebleMax = 0
    let bassMax = 0
    let left = data[row + lo - 1]!
    let middle = data[row + lo]!
    for (let k = lo; k <= hi; k++) {
      const right = data[row + k + 1]!
      if (middle >= floor && middle >= left && middle > right && left > 0 && right > 0) {
        // Vertex of the parabola through the log power of the peak bin and its neighbours.
        const fallLeft = Math.log(left / middle)
        const fallRight = Math.log(right / middle)
        const offset = (0.5 * (fallLeft - fallRight)) / (fallLeft + fallRight)
        const pitch = pitchOfBin1 + 12 * Math.log2(k + offset)
        const withinOctave = pitch - 12 * Math.floor(pitch / 12)
        const magnitude = Math.sqrt(middle)
        const bass = k + offset < bassBelowBin ? 1 : 0
        scratchCents[count] = Math.min(12 * binsPerSemitone - 1, Math.floor(withinOctave * binsPerSemitone))
        scratchMagnitude[count] = magnitude
        scratchBass[count] = bass
        if (bass) bassMax = Math.max(bassMax, magnitude)
        else trebleMax = Math.max(trebleMax, magnitude)
        count++
      }
      left = middle
      middle = right
    }
    for (let p = 0; p < count; p++) {
      if (scratchBass[p]) bassCents[scratchCents[p]!]! += scratchMagnitude[p]! / bassMax
      else trebleCents[scratchCents[p]!]! += scratchMagnitude[p]! / trebleMax
    }
  }

  const tuning = options.tuning ?? circularTuning(trebleCents, bassCents)
  return {
    treble: foldToPitchClasses(trebleCents, tuning),
    bass: foldToPitchClasses(bassCents, tuning),
    tuning,
  }
}

/** Weighted circular mean of the cents histograms' positions relative to the semitone grid, in [−0.5, 0.5). */
const circularTuning = (treble: Float64Array, bass: Float64Array): number => {
  let x = 0
  let y = 0
  for (let b = 0; b < treble.length; b++) {
    const weight = treble[b]! + bass[b]!
    if (weight === 0) continue
    const angle = (2 * Math.PI * (b + 0.5)) / binsPerSemitone
    x += weight * Math.cos(angle)
    y += weight * Math.sin(angle)
  }
  if (x === 0 && y === 0) return 0
  const tuning = Math.atan2(y, x) / (2 * Math.PI)
  return tuning >= 0.5 ? tuning - 1 : tuning
}

/** Each pitch class collects the histogram within `halfWidth` semitones of it (after tuning) with a cos² taper. */
const foldToPitchClasses = (cents: Float64Array, tuning: number): Float64Array => {
  const out = new Float64Array(12)
  for (let b = 0; b < cents.length; b++) {
    const weight = cents[b]!
    if (weight === 0) continue
    const pitch = (b + 0.5) / binsPerSemitone - tuning
    const nearest = Math.round(pitch)
    const distance = pitch - nearest
    if (Math.abs(distance) >= halfWidth) continue
    out[((nearest % 12) + 12) % 12]! += weight * Math.cos((Math.PI / 2) * (distance / halfWidth)) ** 2
  }
  return out
}
