import { describe, expect, it } from "vitest"
import { combinePitchClassProfiles, estimateKey } from "./key.ts"
import { parseKey } from "./key-label.ts"
import { keyProfiles } from "./key-profiles.ts"

/** A key profile's weights rotated so that index `tonic` holds the tonic's weight. */
const rotated = (weights: ReadonlyArray<number>, tonic: number) =>
  Array.from({ length: 12 }, (_, pc) => weights[(pc - tonic + 12) % 12]!)

describe("estimateKey", () => {
  it("names every key whose own profile it is given, for every profile", () => {
    for (const profile of Object.values(keyProfiles))
      for (let tonic = 0; tonic < 12; tonic++)
        for (const mode of ["major", "minor"] as const) {
          const estimate = estimateKey(rotated(profile[mode], tonic), { profile })
          expect(estimate.key).toEqual({ tonic, mode })
          expect(estimate.clarity).toBeCloseTo(1, 9)
          expect(estimate.confidence).toBeGreaterThan(0)
        }
  })

  it("reads the key of a pitch-class count: D major's scale with its tonic triad doubled", () => {
    const counts = new Array(12).fill(0)
    for (const pc of [2, 4, 6, 7, 9, 11, 1]) counts[pc] += 1
    for (const pc of [2, 6, 9]) counts[pc] += 1
    const estimate = estimateKey(counts)
    expect(estimate.label).toBe("D major")
    expect(estimate.modeStrength).toBeGreaterThan(0)
    expect(estimate.correlations.length).toBe(24)
  })

  it("tells a minor key with its leading tone from the relative major", () => {
    // A harmonic minor with the tonic triad doubled: the G# rules out C major.
    const counts = new Array(12).fill(0)
    for (const pc of [9, 11, 0, 2, 4, 5, 8]) counts[pc] += 1
    for (const pc of [9, 0, 4]) counts[pc] += 1
    const estimate = estimateKey(counts)
    expect(estimate.key).toEqual(parseKey("A minor"))
    expect(estimate.modeStrength).toBeLessThan(0)
  })

  it("gives C major with zero confidence and clarity for a flat or silent profile", () => {
    for (const flat of [new Array(12).fill(0), new Array(12).fill(5)]) {
      const estimate = estimateKey(flat)
      expect(estimate).toMatchObject({ label: "C major", confidence: 0, clarity: 0, modeStrength: 0 })
    }
  })
})

describe("combinePitchClassProfiles", () => {
  it("adds the bass, scaled to its maximum and weighted, to the treble scaled to its maximum", () => {
    const treble = Float64Array.from({ length: 12 }, (_, i) => (i === 0 ? 4 : 2))
    const bass = Float64Array.from({ length: 12 }, (_, i) => (i === 7 ? 10 : 0))
    const combined = combinePitchClassProfiles({ treble, bass, tuning: 0 }, 0.5)
    expect(combined[0]).toBe(1)
    expect(combined[7]).toBe(1)
    expect(combined[3]).toBe(0.5)
    expect(
      Array.from(
        combinePitchClassProfiles({ treble: new Float64Array(12), bass: new Float64Array(12), tuning: 0 }),
      ),
    ).toEqual(new Array(12).fill(0))
  })
})
