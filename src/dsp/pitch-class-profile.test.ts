import { describe, expect, it } from "vitest"
import { analysisInputs, chordProgression } from "../../test/support/music.ts"
import { combinePitchClassProfiles, estimateKey } from "./key.ts"
import { pitchClassProfile } from "./pitch-class-profile.ts"
import { powerSpectrogram } from "./stft.ts"

// MIDI pitches: I–IV–V–I in E♭ major and i–iv–V–i in A minor (V with its leading tone G#).
const eFlatMajor = [
  [63, 67, 70],
  [68, 72, 75],
  [70, 74, 77],
  [63, 67, 70],
]
const aMinor = [
  [57, 60, 64],
  [62, 65, 69],
  [64, 68, 71],
  [57, 60, 64],
]

const keyOf = (samples: Float32Array) => {
  const profile = pitchClassProfile(analysisInputs(samples).power)
  return { profile, key: estimateKey(combinePitchClassProfiles(profile)) }
}

describe("pitchClassProfile", () => {
  it("finds E♭ major in a cadence played 20 cents sharp, and the tuning", () => {
    const { profile, key } = keyOf(chordProgression([...eFlatMajor, ...eFlatMajor], 1, 20))
    expect(key.label).toBe("D# major")
    expect(profile.tuning).toBeCloseTo(0.2, 1)
    // The triad tones dominate the treble, the roots the bass.
    const top3 = Array.from(profile.treble.keys())
      .sort((a, b) => profile.treble[b]! - profile.treble[a]!)
      .slice(0, 3)
    expect(top3.sort((a, b) => a - b)).toEqual([3, 7, 10])
    expect(profile.bass.indexOf(Math.max(...profile.bass))).toBe(3)
  })

  it("finds A minor in a cadence played 30 cents flat", () => {
    const { profile, key } = keyOf(chordProgression([...aMinor, ...aMinor], 1, -30))
    expect(key.label).toBe("A minor")
    expect(profile.tuning).toBeCloseTo(-0.3, 1)
  })

  it("uses a given tuning instead of estimating one", () => {
    const power = powerSpectrogram(chordProgression(aMinor, 1, 0))
    expect(pitchClassProfile(power, { tuning: 0.1 }).tuning).toBe(0.1)
  })

  it("gives zero profiles and zero tuning for silence", () => {
    const profile = pitchClassProfile(powerSpectrogram(new Float32Array(22050)))
    expect(Array.from(profile.treble)).toEqual(new Array(12).fill(0))
    expect(Array.from(profile.bass)).toEqual(new Array(12).fill(0))
    expect(profile.tuning).toBe(0)
  })
})
