import { describe, expect, it } from "vitest"
import { loadGolden } from "../../test/support/golden.ts"
import { detectOnsets, onsetRate } from "./onset-detect.ts"

describe("detectOnsets", () => {
  it.each(["song", "gtzan_rock", "tones"])("equals librosa.onset.onset_detect on %s", (signal) => {
    const envelope = loadGolden(`${signal}/onset_strength`).data as Float32Array
    const expected = Array.from(loadGolden(`${signal}/onset_frames`).data)
    expect(Array.from(detectOnsets(envelope))).toEqual(expected)
  })

  it("finds nothing in a flat or empty envelope", () => {
    expect(detectOnsets(new Float32Array(100)).length).toBe(0)
    expect(detectOnsets(new Float32Array(100).fill(3)).length).toBe(0)
    expect(detectOnsets(new Float32Array(0)).length).toBe(0)
  })

  it("keeps isolated peaks and drops one that follows another within the wait", () => {
    const envelope = new Float32Array(60)
    envelope[10] = 1
    envelope[30] = 1
    envelope[31] = 0.9 // not a local maximum
    envelope[50] = 0.5
    expect(Array.from(detectOnsets(envelope))).toEqual([10, 30, 50])
  })
})

describe("onsetRate", () => {
  it("is onsets per second, 0 for an empty clip", () => {
    expect(onsetRate(60, 30)).toBe(2)
    expect(onsetRate(5, 0)).toBe(0)
  })
})
