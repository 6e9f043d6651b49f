import { describe, expect, it } from "vitest"
import { maxAbsolute, signals } from "../../test/support/golden.ts"
import { goldenInput, goldenMatrix, goldenTolerance } from "../../test/support/golden-matrix.ts"
import { powerToDb } from "./db.ts"
import { melFilterbank, melSpectrogram } from "./mel.ts"
import { powerSpectrogram } from "./stft.ts"

const matrix = (...values: number[]) => ({ frames: 1, bins: values.length, data: Float32Array.from(values) })

describe("powerToDb", () => {
  const filters = melFilterbank()

  it.each(signals)("matches librosa.power_to_db of the mel spectrogram of %s (ref 1 and max)", (signal) => {
    const fromGolden = goldenMatrix(signal, "melspectrogram")
    const fromSignal = melSpectrogram(powerSpectrogram(goldenInput(signal)), filters)
    for (const [name, ref] of [
      ["melspectrogram_db_ref1", 1],
      ["melspectrogram_db_refmax", "max"],
    ] as const) {
      const expected = goldenMatrix(signal, name)
      for (const mel of [fromGolden, fromSignal]) {
        const actual = powerToDb(mel, { ref })
        expect([actual.frames, actual.bins]).toEqual([expected.frames, expected.bins])
        expect(maxAbsolute(actual.data, expected.data)).toBeLessThan(goldenTolerance.dbAbsolute)
      }
    }
  })

  it("floors at amin and at topDb below the peak", () => {
    expect(Array.from(powerToDb(matrix(1, 0.1, 0), { topDb: null }).data)).toEqual([0, -10, -100])
    expect(Array.from(powerToDb(matrix(100, 1e-3, 0)).data)).toEqual([20, -30, -60])
    expect(Array.from(powerToDb(matrix(100, 10), { ref: "max" }).data)).toEqual([0, -10])
    expect(Array.from(powerToDb(matrix(100, 10), { ref: -10 }).data)).toEqual([10, 0])
    expect(Array.from(powerToDb(matrix(0, 0), { ref: "max" }).data)).toEqual([0, 0])
    expect(powerToDb({ frames: 0, bins: 128, data: new Float32Array(0) }).data.length).toBe(0)
  })

  it("rejects a non-positive amin and a negative topDb", () => {
    expect(() => powerToDb(matrix(1), { amin: 0 })).toThrow(/amin/)
    expect(() => powerToDb(matrix(1), { topDb: -1 })).toThrow(/topDb/)
  })
})
