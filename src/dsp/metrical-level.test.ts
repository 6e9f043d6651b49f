import { describe, expect, it } from "vitest"
import { analysisInputs, drumLoop, rockBeat } from "../../test/support/music.ts"
import { trackBeats } from "./beats.ts"
import { checkMetricalLevel, medianRise } from "./metrical-level.ts"
import { bandOnsetStrength } from "./onset-bands.ts"

/** The metrical check on beats tracked at `grid` BPM over a rock beat played at `bpm`. */
const check = (bpm: number, grid: number, hatGain: number) => {
  const { melDb, onsetEnvelope } = analysisInputs(drumLoop(bpm, 20, rockBeat, hatGain))
  const beats = trackBeats(onsetEnvelope, grid)
  return { beats, level: checkMetricalLevel(grid, beats, bandOnsetStrength(melDb), melDb) }
}

describe("checkMetricalLevel", () => {
  it("halves an eighth-note grid: kick and snare all on one half, soft hi-hats on the other", () => {
    const { beats, level } = check(70, 140, 0.1)
    expect(level.halved).toBe(true)
    expect(level.bpm).toBe(70)
    expect(level.subBeatScore).toBeGreaterThan(0.2)
    // Every other beat is kept: the half with the drum strokes.
    const first = beats.indexOf(level.beats[0]!)
    expect([0, 1]).toContain(first)
    expect(Array.from(level.beats)).toEqual(
      Array.from(beats).filter((_, i) => i >= first && (i - first) % 2 === 0),
    )
    expect(level.beats.length).toBe(Math.ceil((beats.length - first) / 2))
  })

  it("keeps the beat grid of the same loop, where kick and snare alternate", () => {
    for (const [bpm, hatGain] of [
      [70, 0.1],
      [150, 0.5],
      [150, 0.1],
    ] as const) {
      const { beats, level } = check(bpm, bpm, hatGain)
      expect(level.halved).toBe(false)
      expect(level.bpm).toBe(bpm)
      expect(level.beats).toBe(beats)
      expect(Math.abs(level.subBeatScore)).toBeLessThan(0.05)
    }
  })

  it("never halves below minBpm, and leaves a grid alone when louder hi-hats fill the off-beats", () => {
    expect(check(70, 140, 0.1).level.bpm).toBe(70)
    const { melDb, onsetEnvelope } = analysisInputs(drumLoop(70, 20, rockBeat, 0.1))
    const beats = trackBeats(onsetEnvelope, 140)
    expect(checkMetricalLevel(140, beats, bandOnsetStrength(melDb), melDb, { minBpm: 80 }).halved).toBe(false)
    expect(check(70, 140, 1).level.halved).toBe(false)
  })

  it("keeps too few beats as they are", () => {
    const { melDb } = analysisInputs(drumLoop(70, 20, rockBeat))
    const level = checkMetricalLevel(
      140,
      new Float64Array([10, 20, 30]),
      new Float32Array(melDb.frames),
      melDb,
    )
    expect(level).toMatchObject({ bpm: 140, halved: false, subBeatScore: 0 })
  })
})

describe("medianRise", () => {
  it("is the median over bands of the positive dB rise, and 0 outside the matrix", () => {
    // Frame 1 rises by 0, 1, …, 6 dB in 7 bands (median 3); frame 2 falls everywhere.
    const data = new Float32Array([0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, -9, -9, -9, -9, -9, -9, -9])
    const melDb = { frames: 3, bins: 7, data }
    const scratch = new Float32Array(7)
    expect(medianRise(melDb, 1, scratch)).toBe(3)
    expect(medianRise(melDb, 2, scratch)).toBe(0)
    expect(medianRise(melDb, 0, scratch)).toBe(0)
    expect(medianRise(melDb, 3, scratch)).toBe(0)
  })
})
