import { describe, expect, it } from "vitest"
import { maxAbsolute, signals } from "../../test/support/golden.ts"
import { goldenInput, goldenMatrix, goldenTolerance } from "../../test/support/golden-matrix.ts"
import { powerToDb } from "./db.ts"
import { melFilterbank, melSpectrogram } from "./mel.ts"
import { dctMatrix, mfcc } from "./mfcc.ts"
import { powerSpectrogram } from "./stft.ts"

describe("mfcc", () => {
  const filters = melFilterbank()

  it.each(signals)("matches librosa.feature.mfcc(n_mfcc=13) of %s", (signal) => {
    const expected = goldenMatrix(signal, "mfcc13")
    // From librosa's dB mel spectrogram (isolates the DCT) and from the signal (the whole path).
    const fromGoldenDb = mfcc(goldenMatrix(signal, "melspectrogram_db_ref1"))
    const fromSignal = mfcc(powerToDb(melSpectrogram(powerSpectrogram(goldenInput(signal)), filters)))
    for (const actual of [fromGoldenDb, fromSignal]) {
      expect([actual.frames, actual.bins]).toEqual([expected.frames, 13])
      expect(maxAbsolute(actual.data, expected.data)).toBeLessThan(goldenTolerance.dbAbsolute)
    }
  })

  it("uses an orthonormal DCT-II", () => {
    const d = dctMatrix(8, 8)
    for (let a = 0; a < 8; a++) {
      for (let b = 0; b < 8; b++) {
        let dot = 0
        for (let n = 0; n < 8; n++) dot += d[a * 8 + n]! * d[b * 8 + n]!
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 12)
      }
    }
    // A constant frame has only a 0th coefficient: √N · value.
    const flat = mfcc({ frames: 1, bins: 4, data: Float32Array.of(-3, -3, -3, -3) }, { nMfcc: 4 })
    expect(Array.from(flat.data).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([-6, 0, 0, 0])
  })

  it("lifters as librosa: coefficient k scaled by 1 + L/2 · sin(π(k+1)/L)", () => {
    const db = goldenMatrix("song", "melspectrogram_db_ref1")
    const plain = mfcc(db)
    const liftered = mfcc(db, { lifter: 22 })
    for (let k = 0; k < 13; k++) {
      const gain = 1 + 11 * Math.sin((Math.PI * (k + 1)) / 22)
      expect(liftered.data[13 * 40 + k]).toBeCloseTo(plain.data[13 * 40 + k]! * gain, 2)
    }
  })

  it("rejects more coefficients than mel bands", () => {
    expect(() => mfcc({ frames: 1, bins: 4, data: new Float32Array(4) }, { nMfcc: 5 })).toThrow(/nMfcc/)
  })
})
