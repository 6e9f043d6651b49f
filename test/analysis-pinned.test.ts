/**
 * `analyzeSamples` against its own earlier output (`test/fixtures/analysis/pinned.json`, written by
 * `scripts/pin-analysis.ts` before the analysis was optimized): a speed-up must change no value beyond float32
 * rounding. The librosa golden tests check each kernel; this checks the whole analysis and its summaries.
 */
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { analyzeSamples } from "../src/stream/analyze.ts"
import { type PinnedAnalysis, pinnedClips, summarize } from "./support/pinned-analysis.ts"

const pinned: Record<string, PinnedAnalysis> = JSON.parse(
  readFileSync(new URL("./fixtures/analysis/pinned.json", import.meta.url), "utf8"),
)

/** Relative tolerance: float32 rounding of the frame-wise results, summed over a clip, stays well inside it. */
const RELATIVE = 1e-5
/** Absolute floor for values that are means of order-1 float32 numbers but lie near 0 themselves. */
const ABSOLUTE = 1e-7

const expectClose = (actual: number, expected: number, what: string) => {
  const error = Math.abs(actual - expected)
  expect(error, `${what}: ${actual} vs pinned ${expected}`).toBeLessThanOrEqual(
    RELATIVE * Math.abs(expected) + ABSOLUTE,
  )
}

const expectAllClose = (actual: ArrayLike<number>, expected: ArrayLike<number>, what: string) => {
  expect(actual.length, `${what}: length`).toBe(expected.length)
  for (let i = 0; i < expected.length; i++) expectClose(actual[i]!, expected[i]!, `${what}[${i}]`)
}

describe("analyzeSamples matches its pinned output", () => {
  const clips = pinnedClips()
  for (const [name, samples] of Object.entries(clips)) {
    it(name, () => {
      const expected = pinned[name]!
      const actual = summarize(analyzeSamples(samples))
      expect(Object.keys(actual.features).sort()).toEqual(Object.keys(expected.features).sort())
      for (const [feature, value] of Object.entries(expected.features))
        expectClose(actual.features[feature]!, value, feature)
      expectClose(actual.tempo.bpm, expected.tempo.bpm, "tempo")
      expectClose(actual.tempo.confidence, expected.tempo.confidence, "tempo confidence")
      expectClose(actual.tempo.runnerUp, expected.tempo.runnerUp, "runner-up tempo")
      expect(actual.key.label).toBe(expected.key.label)
      expectClose(actual.key.confidence, expected.key.confidence, "key confidence")
      expectAllClose(actual.beats, expected.beats, "beats")
      expectAllClose(actual.onsets, expected.onsets, "onsets")
      expect([actual.mel.frames, actual.mel.bins]).toEqual([expected.mel.frames, expected.mel.bins])
      expectAllClose(actual.mel.bandSums, expected.mel.bandSums, "mel band sums")
    })
  }
})

describe("analyzeSamples keeps no state between clips", () => {
  it("gives a clip the same analysis after a longer and a shorter one (its reused buffers leak nothing)", () => {
    const { music_signal_30s: long, gtzan_rock_10s: short } = pinnedClips()
    const first = summarize(analyzeSamples(short!))
    analyzeSamples(long!)
    analyzeSamples(short!.subarray(0, 22050))
    expect(summarize(analyzeSamples(short!))).toEqual(first)
  })
})
