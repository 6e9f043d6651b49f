import { describe, expect, it } from "vitest"
import { besselI0, kaiserBeta, kaiserSpan, kaiserWindow } from "./kaiser.ts"

// Expected values from scipy 1.17: scipy.special.i0, scipy.signal.kaiser_beta, scipy.signal.kaiserord,
// scipy.signal.windows.kaiser.

describe("besselI0", () => {
  it("equals scipy.special.i0", () => {
    const cases: Array<[number, number]> = [
      [0, 1],
      [0.5, 1.0634833707413234],
      [1, 1.2660658777520082],
      [5, 27.239871823604442],
      [8.96, 1053.125122491171],
      [20, 43558282.559553534],
    ]
    for (const [x, expected] of cases)
      expect(besselI0(x)).toBeCloseTo(expected, 15 - Math.ceil(Math.log10(expected + 1)))
  })
})

describe("Kaiser's design formulas", () => {
  it("gives scipy's β", () => {
    expect(kaiserBeta(90)).toBeCloseTo(8.95926, 12)
    expect(kaiserBeta(80)).toBeCloseTo(7.85726, 12)
    expect(kaiserBeta(40)).toBeCloseTo(3.3953210522614574, 12)
    expect(kaiserBeta(20)).toBe(0)
  })

  it("gives scipy's length: kaiserord(90, 0.05) = 230 taps for a 1102.5 Hz transition at 44.1 kHz", () => {
    expect(Math.ceil(kaiserSpan(90, 1102.5 / 44100)) + 1).toBe(230)
  })

  it("samples to scipy.signal.windows.kaiser(21, 8.96)", () => {
    const w = kaiserWindow(10, 8.96)
    expect(w(-10)).toBe(0) // the window's ends are its zeros (scipy's end samples are 1 / I0(β))
    expect(w(-7)).toBeCloseTo(0.09196223770901894, 14)
    expect(w(0)).toBe(1)
    expect(w(5)).toBeCloseTo(0.324325900426081, 14)
    expect(w(10.5)).toBe(0)
  })
})
