import { describe, expect, it } from "vitest"
import { loadGolden, maxRelativeToPeak, signals } from "../../test/support/golden.ts"
import { countNonFinite, loadGoldenFrames } from "../../test/support/golden-matrix.ts"
import { chromaFilterbank, chromaStft } from "./chroma.ts"
import { toBinMajor } from "./matrix.ts"

describe("chromaFilterbank", () => {
  it("equals librosa.filters.chroma(sr=22050, n_fft=2048)", () => {
    const bank = chromaFilterbank({ sampleRate: 22050, nFft: 2048 })
    expect([bank.filters, bank.bins]).toEqual([12, 1025])
    expect(maxRelativeToPeak(bank.data, loadGolden("chroma_filters").data)).toBeLessThan(1e-6)
  })

  it("moves the bumps with the tuning", () => {
    const bank = chromaFilterbank({ sampleRate: 22050, nFft: 2048 })
    const sharp = chromaFilterbank({ sampleRate: 22050, nFft: 2048, tuning: 0.3 })
    expect(maxRelativeToPeak(sharp.data, bank.data)).toBeGreaterThan(0.01)
  })
})

describe.each(signals)("chromaStft on %s", (signal) => {
  const power = loadGoldenFrames(`${signal}/power_spectrogram`)

  it("equals librosa.feature.chroma_stft(S=power, tuning=0)", () => {
    const chroma = chromaStft(power, { tuning: 0 })
    expect([chroma.frames, chroma.bins]).toEqual([power.frames, 12])
    expect(countNonFinite(chroma.data)).toBe(0)
    expect(
      maxRelativeToPeak(toBinMajor(chroma), loadGolden(`${signal}/chroma_stft_tuning0`).data),
    ).toBeLessThan(1e-4)
  })

  it("equals librosa.feature.chroma_stft(S=power) with its own tuning estimate", () => {
    const chroma = chromaStft(power)
    expect(maxRelativeToPeak(toBinMajor(chroma), loadGolden(`${signal}/chroma_stft`).data)).toBeLessThan(1e-4)
  })
})
