import { describe, expect, it } from "vitest"
import { maxRelativeToPeak, signals } from "../../test/support/golden.ts"
import { goldenInput, goldenMatrix, goldenTolerance } from "../../test/support/golden-matrix.ts"
import { createPowerSpectrogram, powerSpectrogram } from "./stft.ts"

describe("powerSpectrogram", () => {
  it.each(signals)("matches librosa's power spectrogram of %s", (signal) => {
    const expected = goldenMatrix(signal, "power_spectrogram")
    const actual = powerSpectrogram(goldenInput(signal))
    expect([actual.frames, actual.bins]).toEqual([expected.frames, expected.bins])
    expect(maxRelativeToPeak(actual.data, expected.data)).toBeLessThan(
      goldenTolerance.spectrogramRelativeToPeak,
    )
  })

  it("is all zeros for silence, and counts frames as librosa does", () => {
    const silence = powerSpectrogram(goldenInput("silence"))
    expect(silence.frames).toBe(44)
    expect(silence.data.every((v) => v === 0)).toBe(true)
    expect(powerSpectrogram(new Float32Array(0)).frames).toBe(1)
    expect(powerSpectrogram(new Float32Array(4096), { center: false }).frames).toBe(5)
    expect(powerSpectrogram(new Float32Array(100), { center: false }).frames).toBe(0)
    expect(powerSpectrogram(new Float32Array(1000), { nFft: 256, hop: 64 }).bins).toBe(129)
  })

  it("rejects FFT sizes that are not powers of two", () => {
    expect(() => powerSpectrogram(new Float32Array(10), { nFft: 2000 })).toThrow(/power of two/)
    expect(() => powerSpectrogram(new Float32Array(10), { hop: 0 })).toThrow(/hop/)
  })
})

describe("createPowerSpectrogram", () => {
  it("computes the same frames incrementally from a sliding buffer as from the whole signal", () => {
    const signal = goldenInput("song").subarray(0, 30_000)
    const whole = powerSpectrogram(signal)
    const plan = createPowerSpectrogram()
    const out = new Float32Array(whole.data.length)
    // Feed 3000 samples at a time, keep only what the next frame needs, compute the complete frames.
    let origin = 0
    let buffer = new Float32Array(0)
    let done = 0
    for (let arrived = 0; arrived < signal.length; ) {
      const next = Math.min(signal.length, arrived + 3000)
      const joined = new Float32Array(buffer.length + next - arrived)
      joined.set(buffer)
      joined.set(signal.subarray(arrived, next), buffer.length)
      buffer = joined
      arrived = next
      const ready = arrived === signal.length ? plan.frameCount(arrived) : plan.completeFrames(arrived)
      plan.compute(buffer, done, ready, out, done * plan.bins, origin)
      done = ready
      const keepFrom = Math.max(0, done * plan.hop - plan.nFft / 2)
      buffer = buffer.slice(keepFrom - origin)
      origin = keepFrom
    }
    expect(done).toBe(whole.frames)
    expect(Array.from(out)).toEqual(Array.from(whole.data))
  })

  it("says which frames are complete, and refuses frames whose samples were dropped", () => {
    const plan = createPowerSpectrogram()
    expect(plan.completeFrames(1023)).toBe(0)
    expect(plan.completeFrames(1024)).toBe(1) // frame 0 covers the padding and samples 0 … 1023
    expect(plan.completeFrames(1536)).toBe(2)
    const uncentred = createPowerSpectrogram({ center: false })
    expect(uncentred.completeFrames(2047)).toBe(0)
    expect(uncentred.completeFrames(2048 + 511)).toBe(1)
    expect(uncentred.completeFrames(2048 + 512)).toBe(2)
    const out = new Float32Array(plan.bins)
    expect(() => plan.compute(new Float32Array(4096), 1, 2, out, 0, 10)).toThrow(/before 10/)
    expect(() => plan.compute(new Float32Array(4096), 0, 2, out)).toThrow(/output holds/)
  })
})
