/**
 * Key and mode over the 24 major and minor keys, by correlating a pitch-class profile with a key
 * profile rotated to every tonic (Krumhansl & Schmuckler's algorithm).
 *
 * @module
 */
import { type Key, keyName } from "./key-label.ts"
import { defaultKeyProfile, type KeyProfile, type KeyProfileName, keyProfiles } from "./key-profiles.ts"
import type { PitchClassProfile } from "./pitch-class-profile.ts"

/** Parameters of {@link estimateKey}. */
export interface KeyOptions {
  /** A profile name from {@link keyProfiles} or custom weights. Default `"albrechtShanahan"`. */
  readonly profile?: KeyProfileName | KeyProfile
}

/** A key estimate. */
export interface KeyEstimate {
  readonly key: Key
  /** The features file's label, e.g. `"A minor"`. */
  readonly label: string
  /**
   * How far the best key's correlation `r1` beats the runner-up's `r2`, relative to the room left
   * above it: `(r1 − r2) / (1 − r2)`, in [0, 1]; 0 for a flat profile.
   */
  readonly confidence: number
  /** The best key's correlation clipped to [0, 1]: how clearly the profile looks like one key. */
  readonly clarity: number
  /** Best major correlation minus best minor correlation, in [−1, 1] (positive: major). */
  readonly modeStrength: number
  /** Correlation with each key: index `tonic` for major keys, `12 + tonic` for minor keys. */
  readonly correlations: Float64Array
}

const flat: KeyEstimate = {
  key: { tonic: 0, mode: "major" },
  label: "C major",
  confidence: 0,
  clarity: 0,
  modeStrength: 0,
  correlations: new Float64Array(24),
}

/**
 * Estimates the key of a 12-bin pitch-class profile (index 0 = C), e.g. the frames of a chroma
 * matrix summed, or {@link combinePitchClassProfiles} of {@link pitchClassProfile}.
 *
 * @param profile - 12 non-negative weights; all equal (silence) gives C major with confidence 0.
 * @param options - `profile`: key profile, default Albrecht & Shanahan (2013), the one that won on
 *   mirflow's evaluation (see key-profiles.ts).
 * @returns the key, its label, confidence, clarity, mode strength and all 24 correlations.
 * @see C. L. Krumhansl, "Cognitive Foundations of Musical Pitch", Oxford University Press, 1990
 *   (the correlation algorithm, by Krumhansl & Schmuckler); librosa has no key estimator;
 *   Essentia's `Key` is the closest equivalent.
 */
export const estimateKey = (profile: ArrayLike<number>, options: KeyOptions = {}): KeyEstimate => {
  const choice = options.profile ?? defaultKeyProfile
  const weights = typeof choice === "string" ? keyProfiles[choice] : choice
  const x = centred(profile)
  if (x === undefined) return flat
  const major = centred(weights.major)
  const minor = centred(weights.minor)
  if (major === undefined || minor === undefined) return flat

  const correlations = new Float64Array(24)
  let best = 0
  for (let tonic = 0; tonic < 12; tonic++) {
    correlations[tonic] = rotatedDot(x, major, tonic)
    correlations[12 + tonic] = rotatedDot(x, minor, tonic)
  }
  let second = -Infinity
  let bestMajor = -Infinity
  let bestMinor = -Infinity
  for (let i = 0; i < 24; i++) if (correlations[i]! > correlations[best]!) best = i
  for (let i = 0; i < 24; i++) {
    if (i !== best && correlations[i]! > second) second = correlations[i]!
    if (i < 12) bestMajor = Math.max(bestMajor, correlations[i]!)
    else bestMinor = Math.max(bestMinor, correlations[i]!)
  }
  const r1 = correlations[best]!
  const key: Key = { tonic: best % 12, mode: best < 12 ? "major" : "minor" }
  return {
    key,
    label: keyName(key),
    confidence: r1 < 1 ? clamp01((r1 - second) / (1 - second)) : 1,
    clarity: clamp01(r1),
    modeStrength: Math.max(-1, Math.min(1, bestMajor - bestMinor)),
    correlations,
  }
}

/**
 * One 12-bin profile from treble and bass profiles: each scaled to a maximum of 1, the bass
 * weighted by `bassWeight` and added.
 *
 * @param profile - output of {@link pitchClassProfile}.
 * @param bassWeight - weight of the bass profile. Default 0.5 (chosen on the rendered development
 *   corpus; 0 ignores the bass).
 */
export const combinePitchClassProfiles = (profile: PitchClassProfile, bassWeight = 0.5): Float64Array => {
  const out = new Float64Array(12)
  const trebleMax = Math.max(...profile.treble)
  const bassMax = Math.max(...profile.bass)
  for (let c = 0; c < 12; c++) {
    if (trebleMax > 0) out[c]! += profile.treble[c]! / trebleMax
    if (bassMax > 0) out[c]! += (bassWeight * profile.bass[c]!) / bassMax
  }
  return out
}

/** The 12 values minus their mean, scaled to unit norm; undefined when they are all equal. */
const centred = (values: ArrayLike<number>): Float64Array | undefined => {
  let mean = 0
  for (let i = 0; i < 12; i++) mean += values[i] ?? 0
  mean /= 12
  const out = new Float64Array(12)
  let norm = 0
  for (let i = 0; i < 12; i++) {
    out[i] = (values[i] ?? 0) - mean
    norm += out[i]! ** 2
  }
  if (!(norm > 1e-24)) return undefined
  const scale = 1 / Math.sqrt(norm)
  for (let i = 0; i < 12; i++) out[i]! *= scale
  return out
}

/** Pearson correlation of the clip profile with the key profile whose tonic is `tonic`. */
const rotatedDot = (clip: Float64Array, key: Float64Array, tonic: number): number => {
  let sum = 0
  for (let i = 0; i < 12; i++) sum += clip[(i + tonic) % 12]! * key[i]!
  return sum
}

const clamp01 = (x: number): number => Math.max(0, Math.min(1, x))
