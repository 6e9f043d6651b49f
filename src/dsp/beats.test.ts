import { describe, expect, it } from "vitest"
import { goldenIndex, loadGolden } from "../../test/support/golden.ts"
import { trackBeats } from "./beats.ts"

const frameRate = 22050 / 512

/** An envelope with a spike every `period` frames starting at `phase`, and small noise elsewhere. */
const spikes = (length: number, period: number, phase: number): Float32Array => {
  const out = new Float32Array(length)
  for (let i = 0; i < length; i++) out[i] = (0.05 * ((i * 7919) % 13)) / 13
  for (let p = phase; p < length; p += period) out[Math.round(p)] = 1
  return out
}

describe("trackBeats", () => {
  it("puts a beat on every spike of a regular envelope", () => {
    const period = (60 * frameRate) / 100 // 100 BPM
    const envelope = spikes(1300, period, 7.3)
    const beats = trackBeats(envelope, 100)
    expect(beats.length).toBeGreaterThan(25)
    for (const b of beats) {
      const k = Math.round((b - 7.3) / period)
      expect(Math.abs(b - (7.3 + k * period))).toBeLessThan(1)
    }
  })

  it("follows the spikes, not the nominal tempo, when they are 3 % off", () => {
    const period = (60 * frameRate) / 103
    const beats = trackBeats(spikes(1300, period, 3), 100)
    const intervals = Array.from(beats.subarray(1), (b, i) => b - beats[i]!)
    const mean = intervals.reduce((a, b) => a + b, 0) / intervals.length
    expect(mean).toBeCloseTo(period, 0)
  })

  it("agrees with librosa.beat.beat_track on the golden signals", () => {
    for (const signal of ["song", "gtzan_rock", "tones"] as const) {
      const envelope = loadGolden(`${signal}/onset_strength`).data as Float32Array
      const expected = Array.from(loadGolden(`${signal}/beat_frames`).data)
      const ours = Array.from(trackBeats(envelope, goldenIndex(signal).scalars.beat_track_tempo!), Math.round)
      // Same DP: every librosa beat has one of ours within a frame (the trimmed ends may differ by a beat).
      const matched = expected.filter((e) => ours.some((b) => Math.abs(b - e) <= 1))
      expect(matched.length).toBeGreaterThanOrEqual(expected.length - 1)
    }
  })

  it("returns no beats for silence, a zero tempo or an empty envelope", () => {
    expect(trackBeats(new Float32Array(500), 120).length).toBe(0)
    expect(trackBeats(spikes(500, 20, 0), 0).length).toBe(0)
    expect(trackBeats(new Float32Array(0), 120).length).toBe(0)
  })
})
