import { describe, expect, it } from "vitest"
import { loadGolden } from "../../test/support/golden.ts"
import { frameCount, readFrame } from "./frame.ts"
import { hannWindow } from "./window.ts"

describe("frame", () => {
  it("counts frames as librosa does", () => {
    expect(frameCount(264600)).toBe(517) // song: 12 s
    expect(frameCount(1500)).toBe(3) // short
    expect(frameCount(0)).toBe(1)
    expect(frameCount(1500, { center: false })).toBe(0)
    expect(frameCount(4096, { center: false })).toBe(5)
  })

  it("pads the ends with zeros when centred", () => {
    const signal = Float32Array.from({ length: 3000 }, (_, i) => i + 1)
    const out = new Float32Array(2048)
    readFrame(signal, 0, out)
    expect(out[1023]).toBe(0)
    expect(out[1024]).toBe(1)
    readFrame(signal, 5, out) // centred on 2560: covers 1536..3583, the signal ends at 2999
    expect(out[0]).toBe(1537)
    expect(out[1463]).toBe(3000)
    expect(out[1464]).toBe(0)
    readFrame(Float32Array.of(7), 0, out, { size: 4, hop: 2 })
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 0, 7, 0])
  })
})

describe("hannWindow", () => {
  it("equals scipy's periodic Hann window", () => {
    const expected = loadGolden("window_hann_2048").data
    const w = hannWindow(2048)
    for (let i = 0; i < 2048; i++) expect(Math.abs(w[i]! - expected[i]!)).toBeLessThan(1e-7)
  })
})
