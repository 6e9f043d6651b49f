/**
 * Tempo, beats, onsets, rhythm descriptors and key of a clip in one call, from the frame-wise
 * results the feature analysis computes anyway (power spectrogram, mel spectrogram in dB, onset
 * strength). This is what the features file and `mirflow analyze` report.
 *
 * @module
 */
import { trackBeats } from "./beats.ts"
import { combinePitchClassProfiles, estimateKey, type KeyEstimate } from "./key.ts"
import type { KeyProfile, KeyProfileName } from "./key-profiles.ts"
import type { FrameMatrix } from "./matrix.ts"
import { checkMetricalLevel } from "./metrical-level.ts"
import { bandOnsetStrength, lowMelBands } from "./onset-bands.ts"
import { detectOnsets, onsetRate } from "./onset-detect.ts"
import { pitchClassProfile } from "./pitch-class-profile.ts"
import { type RhythmFeatures, rhythmFeatures } from "./rhythm-features.ts"
import { estimateTempo, tempoFromBeats } from "./tempo.ts"

/** What {@link analyzeTempoAndKey} reads. All matrices frame-major with the same frame count. */
export interface TempoKeyInputs {
  /** Onset strength per frame (`onsetStrength` of the dB mel spectrogram). */
  readonly onsetEnvelope: Float32Array
  /** Mel spectrogram in dB (128 slaney bands): its lowest bands give the kick-and-bass envelope. */
  readonly melDb: FrameMatrix
  /** Power spectrogram (|STFT|², nFft / 2 + 1 bins): its spectral peaks give the pitch-class profile. */
  readonly power: FrameMatrix
  /** Length of the clip in seconds (for the onset rate). */
  readonly duration: number
}

/** Parameters of {@link analyzeTempoAndKey}. */
export interface TempoKeyOptions {
  /** Sample rate, Hz. Default 22050. */
  readonly sampleRate?: number
  /** Hop between frames, samples. Default 512. */
  readonly hop?: number
  /** Weight of the low-band (kick and bass) envelope against the full-band one in the tempo salience. Default 4. */
  readonly lowBandWeight?: number
  /** Key profile. Default Albrecht & Shanahan. */
  readonly keyProfile?: KeyProfileName | KeyProfile
  /** Weight of the bass pitch-class profile in the key profile. Default 0.5. */
  readonly bassWeight?: number
  /**
   * Sub-beat score above which the tracked grid is taken for eighth notes and the tempo halved (see
   * `checkMetricalLevel`). Default 0.2; `Infinity` turns the check off.
   */
  readonly subBeatThreshold?: number
}

/** Everything {@link analyzeTempoAndKey} estimates. */
export interface TempoKeyAnalysis extends RhythmFeatures {
  /** Global tempo, BPM (0 without a pulse), refined by the tracked beats. */
  readonly tempo: number
  /** See `TempoEstimate.confidence`, in [0, 1]. */
  readonly tempoConfidence: number
  /** The best other tempo, most often half or double, BPM (0 when none). */
  readonly runnerUpTempo: number
  /** Periodicity salience at the tempo, in [0, 1]. */
  readonly pulseClarity: number
  /** Beat positions in frames (fractional). */
  readonly beats: Float64Array
  /** Onset frames. */
  readonly onsets: Int32Array
  /** Onsets per second. */
  readonly onsetRate: number
  /** Key, mode, confidence, clarity and mode strength. */
  readonly key: KeyEstimate
  /** Tuning of the recording in semitones from A440, as the pitch-class profile estimated it. */
  readonly tuning: number
}

/**
 * Tempo (with confidence and runner-up), beats, onsets and onset rate, the rhythm descriptors and
 * the key of one clip.
 *
 * @param inputs - onset envelope, dB mel spectrogram, power spectrogram and duration.
 * @param options - `sampleRate` 22050, `hop` 512, `lowBandWeight` 4, `keyProfile` Albrecht &
 *   Shanahan, `bassWeight` 0.5, `subBeatThreshold` 0.2.
 * @see {@link estimateTempo}, {@link trackBeats}, {@link checkMetricalLevel}, {@link detectOnsets},
 *   {@link rhythmFeatures}, {@link pitchClassProfile}, {@link estimateKey} for each step's method and
 *   references.
 */
export const analyzeTempoAndKey = (
  inputs: TempoKeyInputs,
  options: TempoKeyOptions = {},
): TempoKeyAnalysis => {
  const sampleRate = options.sampleRate ?? 22050
  const frameRate = sampleRate / (options.hop ?? 512)
  const envelope = inputs.onsetEnvelope
  const low = bandOnsetStrength(inputs.melDb, 0, lowMelBands)
  const estimate = estimateTempo(
    [
      { envelope, weight: 1 },
      { envelope: low, weight: options.lowBandWeight ?? 4 },
    ],
    { frameRate },
  )
  const threshold = options.subBeatThreshold ?? 0.2
  // Periodicity picks the grid; the drum strokes on it say whether it is the beat or the eighth notes.
  const level = checkMetricalLevel(
    estimate.bpm,
    trackBeats(envelope, estimate.bpm, { frameRate }),
    low,
    inputs.melDb,
    {
      frameRate,
      threshold,
    },
  )
  const beats = level.beats
  // The beats pin the period down more finely than the tempo grid, unless they wandered to another tempo.
  const fromBeats = tempoFromBeats(beats, level.bpm, frameRate)
  const tempo = Math.abs(Math.log(fromBeats / level.bpm)) < Math.log(1.04) ? fromBeats : level.bpm
  const onsets = detectOnsets(envelope, { frameRate })
  const profile = pitchClassProfile(inputs.power, { sampleRate, nFft: 2 * (inputs.power.bins - 1) })
  const key = estimateKey(combinePitchClassProfiles(profile, options.bassWeight ?? 0.5), {
    ...(options.keyProfile === undefined ? {} : { profile: options.keyProfile }),
  })
  return {
    tempo,
    // When the grid was halved, the periodicity winner is the runner-up and the check's margin the confidence.
    tempoConfidence: level.halved
      ? Math.min(1, (level.subBeatScore - threshold) / (1 - threshold))
      : estimate.confidence,
    runnerUpTempo: level.halved ? estimate.bpm : estimate.runnerUp,
    pulseClarity: estimate.pulseClarity,
    beats,
    onsets,
    onsetRate: onsetRate(onsets.length, inputs.duration),
    ...rhythmFeatures(envelope, beats, onsets),
    key,
    tuning: profile.tuning,
  }
}
