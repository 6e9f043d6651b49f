import { describe, expect, it } from "vitest"
import { loadGolden, maxAbsolute, maxRelativeToPeak, signals } from "../../test/support/golden.ts"
import { goldenInput, goldenMatrix, goldenTolerance } from "../../test/support/golden-matrix.ts"
import {
  hzToMel,
  melFilterbank,
  melFilterbankToDense,
  melFrequencies,
  melSpectrogram,
  melToHz,
} from "./mel.ts"
import { powerSpectrogram } from "./stft.ts"

describe("mel scale", () => {
  it("is linear below 1 kHz and logarithmic above (Slaney), or HTK's", () => {
    expect(hzToMel(1000)).toBeCloseTo(15, 12)
    expect(hzToMel(500)).toBeCloseTo(7.5, 12)
    expect(hzToMel(6400)).toBeCloseTo(42, 12) // 15 + 27 mels per factor 6.4
    expect(hzToMel(1000, true)).toBeCloseTo(999.9855, 3)
    for (const hz of [0, 123.4, 999.9, 1000, 4321, 11025]) {
      expect(melToHz(hzToMel(hz))).toBeCloseTo(hz, 9)
      expect(melToHz(hzToMel(hz, true), true)).toBeCloseTo(hz, 9)
    }
    const f = melFrequencies(130, 0, 11025)
    expect(f[0]).toBe(0)
    expect(f[129]).toBeCloseTo(11025, 9)
  })
})

describe("melFilterbank", () => {
  it.each([
    ["mel_filters_slaney", {}],
    ["mel_filters_htk", { htk: true, norm: null }],
  ] as const)("equals librosa.filters.mel (%s)", (name, options) => {
    const expected = loadGolden(name)
    expect(expected.shape).toEqual([128, 1025])
    const filters = melFilterbank(options)
    const dense = melFilterbankToDense(filters)
    // Float32 weights computed in float64 and rounded once: a few float32 ulps at most. (librosa's
    // last HTK band keeps a 7e-15 weight at the Nyquist bin that float rounding puts at 0 here.)
    expect(maxRelativeToPeak(dense, expected.data)).toBeLessThan(1e-6)
    // The sparse runs hold the non-zero weights only.
    expect(filters.weights.every((w) => w > 0)).toBe(true)
  })

  it("is sparse: each band keeps only its triangle", () => {
    const filters = melFilterbank()
    expect(filters.weights.length).toBeLessThan(3 * filters.bins)
    expect(filters.starts[0]).toBe(1) // band 0 rises from 0 Hz (bin 0 has weight 0)
  })

  it("keeps empty bands empty when there are more bands than bins can resolve", () => {
    const filters = melFilterbank({ nFft: 64, nMels: 64 })
    const dense = melFilterbankToDense(filters)
    const emptyRows = Array.from({ length: 64 }, (_, m) => m).filter((m) =>
      dense.subarray(m * 33, (m + 1) * 33).every((v) => v === 0),
    )
    expect(emptyRows.length).toBeGreaterThan(0)
    for (const m of emptyRows) expect(filters.offsets[m + 1]! - filters.offsets[m]!).toBe(0)
  })

  it("rejects impossible parameters", () => {
    expect(() => melFilterbank({ fmin: 5000, fmax: 4000 })).toThrow(/fmin/)
    expect(() => melFilterbank({ nMels: 0 })).toThrow(/nMels/)
  })
})

describe("melSpectrogram", () => {
  const filters = melFilterbank()

  it.each(signals)("matches librosa's mel spectrogram of %s", (signal) => {
    const expected = goldenMatrix(signal, "melspectrogram")
    // From librosa's own power spectrogram (isolates the filterbank) and from ours (the whole path).
    const fromGoldenPower = melSpectrogram(goldenMatrix(signal, "power_spectrogram"), filters)
    const fromSignal = melSpectrogram(powerSpectrogram(goldenInput(signal)), filters)
    for (const actual of [fromGoldenPower, fromSignal]) {
      expect([actual.frames, actual.bins]).toEqual([expected.frames, 128])
      expect(maxRelativeToPeak(actual.data, expected.data)).toBeLessThan(
        goldenTolerance.spectrogramRelativeToPeak,
      )
    }
    if (signal === "silence") expect(maxAbsolute(fromSignal.data, expected.data)).toBe(0)
  })

  it("refuses a spectrogram of another FFT size", () => {
    const power = powerSpectrogram(new Float32Array(4096), { nFft: 1024 })
    expect(() => melSpectrogram(power, filters)).toThrow(/1025 bins/)
  })
})
