import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { mixdown } from "./mix.ts"
import { decodeNpy } from "./npy.ts"

// numpy's float32 means of 2, 3 and 6 channels (test/fixtures/mixdown/make.py): librosa.to_mono.
const fixtures = fileURLToPath(new URL("../../test/fixtures/mixdown/", import.meta.url))
const load = (name: string) => decodeNpy(readFileSync(`${fixtures}${name}.npy`))

const channels = (() => {
  const { shape, data } = load("channels")
  const [count, length] = shape as [number, number]
  return Array.from({ length: count }, (_, c) =>
    Float32Array.from(data.subarray(c * length, (c + 1) * length)),
  )
})()

describe("mixdown", () => {
  it("equals numpy's float32 mean over channels bit for bit (2, 3 and 6 channels)", () => {
    for (const count of [2, 3, 6]) {
      const expected = load(`mean${count}`).data
      const actual = mixdown(channels.slice(0, count))
      expect(actual.length).toBe(expected.length)
      for (let i = 0; i < actual.length; i++)
        expect(actual[i], `${count} channels, sample ${i}`).toBe(expected[i])
    }
  })

  it("returns a copy of a single channel", () => {
    const mono = Float32Array.of(0.5, -0.25, 1)
    const mixed = mixdown([mono])
    expect(mixed).not.toBe(mono)
    expect(Array.from(mixed)).toEqual([0.5, -0.25, 1])
  })

  it("averages stereo as (l + r) / 2 and handles empty channels", () => {
    expect(Array.from(mixdown([Float32Array.of(1, 0.5), Float32Array.of(0, -0.5)]))).toEqual([0.5, 0])
    expect(mixdown([new Float32Array(0), new Float32Array(0)])).toHaveLength(0)
  })

  it("rejects no channels and channels of different lengths", () => {
    expect(() => mixdown([])).toThrow(RangeError)
    expect(() => mixdown([new Float32Array(3), new Float32Array(2)])).toThrow(/channel 1 has 2 samples/)
  })
})
