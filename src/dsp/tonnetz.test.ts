import { describe, expect, it } from "vitest"
import { loadGolden, maxRelativeToPeak, signals } from "../../test/support/golden.ts"
import { countNonFinite, loadGoldenFrames } from "../../test/support/golden-matrix.ts"
import { chromaStft } from "./chroma.ts"
import { toBinMajor } from "./matrix.ts"
import { tonnetz } from "./tonnetz.ts"

describe.each(signals)("tonnetz on %s", (signal) => {
  const expected = loadGolden(`${signal}/tonnetz_from_chroma_stft_tuning0`).data

  it("equals librosa.feature.tonnetz(chroma=chroma_stft_tuning0)", () => {
    const actual = tonnetz(loadGoldenFrames(`${signal}/chroma_stft_tuning0`))
    expect(actual.bins).toBe(6)
    expect(countNonFinite(actual.data)).toBe(0)
    expect(maxRelativeToPeak(toBinMajor(actual), expected)).toBeLessThan(1e-4)
  })

  it("matches it end to end from the power spectrogram", () => {
    const chroma = chromaStft(loadGoldenFrames(`${signal}/power_spectrogram`), { tuning: 0 })
    expect(maxRelativeToPeak(toBinMajor(tonnetz(chroma)), expected)).toBeLessThan(1e-4)
  })
})

describe("tonnetz by definition", () => {
  it("places a lone C at angle 0 on the fifths' circle: (sin, cos) = (0, 1)", () => {
    const c = new Float32Array(12)
    c[0] = 0.7
    const [fifthX, fifthY, minorX, minorY, majorX, majorY] = tonnetz({ frames: 1, bins: 12, data: c }).data
    expect([fifthX, fifthY, minorX, minorY, majorX, majorY].map((v) => Math.round(v! * 1e6) / 1e6)).toEqual([
      0, 1, 0, 1, 0, 0.5,
    ])
  })
})
