import { describe, expect, it } from "vitest"
import { loadGolden, maxRelativeToPeak, signals } from "../../test/support/golden.ts"
import { countNonFinite, loadGoldenFrames } from "../../test/support/golden-matrix.ts"
import { onsetStrength } from "./onset.ts"

describe.each(signals)("onsetStrength on %s", (signal) => {
  const expected = loadGolden(`${signal}/onset_strength`).data

  it("equals librosa.onset.onset_strength(S=mel_db)", () => {
    const actual = onsetStrength(loadGoldenFrames(`${signal}/melspectrogram_db_ref1`))
    expect(actual.length).toBe(expected.length)
    expect(countNonFinite(actual)).toBe(0)
    expect(maxRelativeToPeak(actual, expected)).toBeLessThan(1e-4)
  })

  it("converts a mel power spectrogram to dB first, as librosa's default path does", () => {
    const actual = onsetStrength(loadGoldenFrames(`${signal}/melspectrogram`), { scale: "power" })
    expect(maxRelativeToPeak(actual, expected)).toBeLessThan(1e-4)
  })
})

describe("onsetStrength by definition", () => {
  it("reports a rise two frames late (centring) and ignores falls", () => {
    const frames = 8
    const data = new Float32Array(frames * 2)
    for (let t = 3; t < frames; t++) data.fill(10, 2 * t, 2 * t + 2) // a 10 dB step at frame 3 in both bands
    const flux = onsetStrength({ frames, bins: 2, data })
    expect(Array.from(flux)).toEqual([0, 0, 0, 0, 0, 10, 0, 0])
    expect(Array.from(onsetStrength({ frames, bins: 2, data }, { center: false }))).toEqual([
      0, 0, 0, 10, 0, 0, 0, 0,
    ])
    const falling = data.map((v) => -v)
    expect(Array.from(onsetStrength({ frames, bins: 2, data: falling }))).toEqual(new Array(frames).fill(0))
  })
})
