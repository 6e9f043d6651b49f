import { describe, expect, it } from "vitest"
import { loadGolden, maxRelativeToPeak, signals } from "../../test/support/golden.ts"
import { countNonFinite, loadGoldenFrames } from "../../test/support/golden-matrix.ts"
import { spectralContrast } from "./contrast.ts"
import { toBinMajor } from "./matrix.ts"

describe.each(signals)("spectralContrast on %s", (signal) => {
  it("equals librosa.feature.spectral_contrast (7 bands)", () => {
    const contrast = spectralContrast(loadGoldenFrames(`${signal}/power_spectrogram`))
    const expected = loadGolden(`${signal}/spectral_contrast`)
    expect([contrast.bins, contrast.frames]).toEqual(expected.shape)
    expect(countNonFinite(contrast.data)).toBe(0)
    expect(maxRelativeToPeak(toBinMajor(contrast), expected.data)).toBeLessThan(1e-4)
  })
})

describe("spectralContrast by definition", () => {
  it("measures a line over a flat floor as their level difference in its band", () => {
    const data = new Float32Array(1025).fill(1e-4)
    data[40] = 1 // 431 Hz: band 2 ([400, 800] Hz); magnitudes 1 and 0.01
    const contrast = spectralContrast({ frames: 1, bins: 1025, data })
    expect(contrast.data[2]).toBeCloseTo(20, 4) // 10·log10(1) − 10·log10(0.01): librosa's power_to_db of magnitudes
    expect(contrast.data[1]).toBeCloseTo(0, 6)
    const linear = spectralContrast({ frames: 1, bins: 1025, data }, { linear: true })
    expect(linear.data[2]).toBeCloseTo(0.99, 4)
  })

  it("rejects bands above Nyquist and quantiles outside (0, 1)", () => {
    const power = { frames: 1, bins: 1025, data: new Float32Array(1025) }
    expect(() => spectralContrast(power, { nBands: 8 })).toThrow(/Nyquist/)
    expect(() => spectralContrast(power, { quantile: 0 })).toThrow(RangeError)
  })
})
