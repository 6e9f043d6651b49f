import { describe, expect, it } from "vitest"
import { goldenIndex, signals } from "../../test/support/golden.ts"
import { loadGoldenFrames } from "../../test/support/golden-matrix.ts"
import { estimateTuning, pitchTuning } from "./tuning.ts"

describe("estimateTuning", () => {
  it.each(signals)(
    "on the magnitude spectrogram of %s equals librosa.estimate_tuning(y=y, sr=sr)",
    (signal) => {
      const power = loadGoldenFrames(`${signal}/power_spectrogram`)
      const magnitude = { ...power, data: power.data.map(Math.sqrt) }
      expect(estimateTuning(magnitude)).toBe(goldenIndex(signal).scalars.estimate_tuning)
    },
  )

  it("finds a tone that is 30 cents sharp", () => {
    const bins = 1025
    const frames = 4
    const data = new Float32Array(frames * bins)
    const hz = 440 * 2 ** (0.3 / 12)
    const exact = (hz * 2048) / 22050 // fractional FFT bin of the tone
    for (let t = 0; t < frames; t++) {
      for (let k = 1; k < bins; k++) data[t * bins + k] = Math.exp(-((k - exact) ** 2) / 2) + 1e-6
    }
    expect(estimateTuning({ frames, bins, data })).toBeCloseTo(0.3, 1)
  })

  it("is 0 for silence", () => {
    expect(estimateTuning({ frames: 3, bins: 1025, data: new Float32Array(3 * 1025) })).toBe(0)
  })
})

describe("pitchTuning", () => {
  it("recovers +25 cents from a grid of tuned frequencies (librosa's docstring example)", () => {
    // librosa.cqt_frequencies(n_bins=24, fmin=55, tuning=0.25)
    const freqs = Array.from({ length: 24 }, (_, i) => 55 * 2 ** (0.25 / 12) * 2 ** (i / 12))
    expect(pitchTuning(freqs)).toBeCloseTo(0.25, 10)
  })

  it("folds deviations above half a bin onto the next bin and ignores non-positive values", () => {
    // 19.5 cents flat: the bin [-0.20, -0.19) wins and its left edge is returned.
    expect(pitchTuning([440 * 2 ** (-0.195 / 12), 0, -5])).toBeCloseTo(-0.2, 10)
    expect(pitchTuning([])).toBe(0)
  })
})
