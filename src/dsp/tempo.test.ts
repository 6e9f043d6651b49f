import { describe, expect, it } from "vitest"
import { loadGolden } from "../../test/support/golden.ts"
import { loadGoldenFrames } from "../../test/support/golden-matrix.ts"
import { analysisInputs, clickTrack } from "../../test/support/music.ts"
import { bandOnsetStrength } from "./onset-bands.ts"
import { estimateTempo, tempoFromBeats } from "./tempo.ts"

const tempoOf = (signal: Float32Array) => {
  const { melDb, onsetEnvelope } = analysisInputs(signal)
  return estimateTempo([
    { envelope: onsetEnvelope, weight: 1 },
    { envelope: bandOnsetStrength(melDb), weight: 4 },
  ])
}

describe("estimateTempo", () => {
  it.each([72, 96, 128, 150])("finds the tempo of a %d BPM click track within 1 %%", (bpm) => {
    const estimate = tempoOf(clickTrack(bpm, 20))
    expect(Math.abs(estimate.bpm / bpm - 1)).toBeLessThan(0.01)
    expect(estimate.pulseClarity).toBeGreaterThan(0.3)
    expect(estimate.confidence).toBeGreaterThan(0)
    // The runner-up is another metrical level of the same pulse.
    const ratio = estimate.runnerUp / bpm
    expect([0.5, 2, 1 / 3, 3, 2 / 3, 1.5].some((r) => Math.abs(ratio / r - 1) < 0.04)).toBe(true)
  })

  it("finds the tempo of librosa's golden General MIDI song (157.6 BPM) and GTZAN rock excerpt (121.9 BPM)", () => {
    for (const [signal, bpm] of [
      ["song", 157.6],
      ["gtzan_rock", 121.93],
    ] as const) {
      const envelope = loadGolden(`${signal}/onset_strength`).data as Float32Array
      const low = bandOnsetStrength(loadGoldenFrames(`${signal}/melspectrogram_db_ref1`))
      const estimate = estimateTempo([
        { envelope, weight: 1 },
        { envelope: low, weight: 4 },
      ])
      expect(Math.abs(estimate.bpm / bpm - 1)).toBeLessThan(0.04)
    }
  })

  it("reports no pulse for silence or an empty envelope", () => {
    expect(estimateTempo([{ envelope: new Float32Array(1000), weight: 1 }])).toEqual({
      bpm: 0,
      runnerUp: 0,
      confidence: 0,
      pulseClarity: 0,
    })
    expect(estimateTempo([]).bpm).toBe(0)
    expect(estimateTempo([{ envelope: new Float32Array(1), weight: 1 }]).bpm).toBe(0)
  })
})

describe("tempoFromBeats", () => {
  it("recovers the period of jittered beats to a fraction of a frame", () => {
    const period = (60 * (22050 / 512)) / 133
    const beats = Float64Array.from({ length: 40 }, (_, i) => 5 + i * period + (i % 2 ? 0.4 : -0.4))
    expect(tempoFromBeats(beats, 0)).toBeCloseTo(133, 0)
  })

  it("falls back with fewer than four beats", () => {
    expect(tempoFromBeats(Float64Array.of(1, 20, 40), 99)).toBe(99)
  })
})
