/** The spectral path on inputs librosa handles without NaN: empty, one sample, DC, very loud. */
import { describe, expect, it } from "vitest"
import { powerToDb } from "../src/dsp/db.ts"
import { frameCount } from "../src/dsp/frame.ts"
import { melFilterbank, melSpectrogram } from "../src/dsp/mel.ts"
import { mfcc } from "../src/dsp/mfcc.ts"
import { powerSpectrogram } from "../src/dsp/stft.ts"

const filters = melFilterbank()
const melPath = (signal: Float32Array) => {
  const power = powerSpectrogram(signal)
  const mel = melSpectrogram(power, filters)
  const db = powerToDb(mel)
  return { power, mel, db, mfcc: mfcc(db) }
}
const allFinite = (m: { data: Float32Array }) => m.data.every(Number.isFinite)

describe("spectral path edge cases", () => {
  it("gives librosa's single zero frame for an empty signal", () => {
    const out = melPath(new Float32Array(0))
    expect([out.power.frames, out.mel.frames, out.mfcc.frames]).toEqual([1, 1, 1])
    expect(out.power.data.every((v) => v === 0)).toBe(true)
    expect(out.db.data.every((v) => v === -100)).toBe(true) // amin 1e-10 → -100 dB
    expect(out.mfcc.data[0]).toBeCloseTo(-100 * Math.sqrt(128), 3)
    expect(Array.from(out.mfcc.data.subarray(1)).every((v) => Math.abs(v) < 1e-3)).toBe(true)
  })

  it("puts one sample at the window's centre: a flat spectrum of x²", () => {
    const out = melPath(Float32Array.of(0.5))
    expect(out.power.frames).toBe(1)
    for (const v of out.power.data) expect(v).toBeCloseTo(0.25, 6) // Hann(1024) = 1
    expect(allFinite(out.db) && allFinite(out.mfcc)).toBe(true)
  })

  it("keeps a DC signal in bins 0 and 1 of interior frames", () => {
    const dc = new Float32Array(22050).fill(0.5)
    const { power } = melPath(dc)
    expect(power.frames).toBe(frameCount(22050))
    const row = power.data.subarray(10 * 1025, 11 * 1025)
    expect(row[0]).toBeCloseTo((0.5 * 1024) ** 2, -1) // Σ Hann = n/2
    expect(row[1]).toBeCloseTo((0.5 * 512) ** 2, -1) // the Hann window's first side lobe: n/4
    for (let k = 2; k < 1025; k++) expect(row[k]).toBeLessThan(1e-6)
  })

  it("handles amplitudes of 1e4 without overflow or NaN, scaling power by 1e8", () => {
    const unit = Float32Array.from({ length: 22050 }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / 22050))
    const loud = unit.map((v) => v * 1e4)
    const a = melPath(unit)
    const b = melPath(loud)
    for (const m of [b.power, b.mel, b.db, b.mfcc]) expect(allFinite(m)).toBe(true)
    let worst = 0
    let peak = 0
    for (let i = 0; i < a.power.data.length; i++) {
      worst = Math.max(worst, Math.abs(b.power.data[i]! - 1e8 * a.power.data[i]!))
      peak = Math.max(peak, b.power.data[i]!)
    }
    expect(worst / peak).toBeLessThan(1e-6)
    // 80 dB louder; with ref = "max" both are the same picture.
    const dbA = powerToDb(a.mel, { ref: "max" })
    const dbB = powerToDb(b.mel, { ref: "max" })
    for (let i = 0; i < dbA.data.length; i++) expect(Math.abs(dbA.data[i]! - dbB.data[i]!)).toBeLessThan(1e-3)
  })
})
