import { describe, expect, it } from "vitest"
import { SampleHistory } from "./sample-history.ts"

const held = (h: SampleHistory) => Array.from(h.data.subarray(0, h.end - h.start))

describe("SampleHistory", () => {
  it("keeps absolute indices, compacting to the front when full and growing when the kept samples do not fit", () => {
    const h = new SampleHistory(4, -2)
    h.append(Float32Array.of(1, 2), -2) // indices -2 … 1: two leading zeros, then 1, 2
    expect(held(h)).toEqual([0, 0, 1, 2])
    h.append(Float32Array.of(3), 1) // full: drops indices -2 … 0, keeps 2 at index 1
    expect([h.start, h.end]).toEqual([1, 3])
    expect(held(h)).toEqual([2, 3])
    h.append(Float32Array.of(4, 5, 6, 7), 1) // 2 kept + 4 new > 4: grows
    expect(h.data.length).toBeGreaterThanOrEqual(6)
    expect(held(h)).toEqual([2, 3, 4, 5, 6, 7])
    h.appendZeros(2, 6) // fits: nothing is dropped yet
    expect([h.start, h.end]).toEqual([1, 9])
    expect(held(h)).toEqual([2, 3, 4, 5, 6, 7, 0, 0])
    h.appendZeros(1, 6) // full: keeps indices 6 … 8 (7, 0, 0), then one more zero
    expect([h.start, h.end]).toEqual([6, 10])
    expect(held(h)).toEqual([7, 0, 0, 0])
  })
})
