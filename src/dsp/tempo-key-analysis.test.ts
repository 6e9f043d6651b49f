import { describe, expect, it } from "vitest"
import { analysisInputs, chordProgression, clickTrack } from "../../test/support/music.ts"
import { analyzeTempoAndKey } from "./tempo-key-analysis.ts"

const mix = (a: Float32Array, b: Float32Array): Float32Array => {
  const out = new Float32Array(Math.min(a.length, b.length))
  for (let i = 0; i < out.length; i++) out[i] = a[i]! + b[i]!
  return out
}

const finiteNumbers = (analysis: object): number[] =>
  Object.values(analysis).filter((v): v is number => typeof v === "number")

describe("analyzeTempoAndKey", () => {
  it("finds tempo, beats and key of chords in G major over a 112 BPM click track", () => {
    const g = [
      [67, 71, 74],
      [72, 76, 79],
      [74, 78, 81],
      [67, 71, 74],
    ]
    const seconds = (60 / 112) * 4 // one bar of 4/4 per chord
    const music = mix(clickTrack(112, 20), chordProgression([...g, ...g, ...g, ...g, ...g], seconds))
    const analysis = analyzeTempoAndKey(analysisInputs(music))
    expect(Math.abs(analysis.tempo / 112 - 1)).toBeLessThan(0.02)
    expect(analysis.key.label).toBe("G major")
    // About one beat per 60/112 s, and the onset rate at least the beat rate.
    expect(analysis.beats.length).toBeGreaterThan(30)
    expect(analysis.onsetRate).toBeGreaterThanOrEqual(112 / 60 - 0.3)
    expect(analysis.beatRegularity).toBeGreaterThan(0.9)
    for (const v of finiteNumbers(analysis)) expect(Number.isFinite(v)).toBe(true)
  })

  it("returns finite zeros for silence", () => {
    const analysis = analyzeTempoAndKey(analysisInputs(new Float32Array(22050 * 5)))
    expect(analysis.tempo).toBe(0)
    expect(analysis.beats.length).toBe(0)
    expect(analysis.onsets.length).toBe(0)
    expect(analysis.key.confidence).toBe(0)
    for (const v of [...finiteNumbers(analysis), ...finiteNumbers(analysis.key)])
      expect(Number.isFinite(v)).toBe(true)
  })
})
