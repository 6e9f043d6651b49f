import { describe, expect, it } from "vitest"
import { chromaFilterbank } from "./chroma.ts"
import { applySparseFilterbank, type Filterbank, sparsifyFilterbank } from "./filterbank.ts"

/** Dense `bank @ spectrum` in float64, filter by filter. */
const applyDense = (bank: Filterbank, spectrum: Float32Array): Float64Array =>
  Float64Array.from({ length: bank.filters }, (_, f) => {
    let sum = 0
    for (let k = 0; k < bank.bins; k++) sum += bank.data[f * bank.bins + k]! * spectrum[k]!
    return sum
  })

/** Spectra with a wide dynamic range: a few loud lines over a floor tens of dB down, as music has. */
const spectra = (count: number): Float32Array[] => {
  let s = 99
  const next = () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return (s >>> 0) / 2 ** 32
  }
  return Array.from({ length: count }, () =>
    Float32Array.from({ length: 1025 }, () => (next() < 0.02 ? 1e3 * next() : 1e-6 * next() * next())),
  )
}

describe("sparsifyFilterbank", () => {
  const dense = chromaFilterbank({ sampleRate: 22050, nFft: 2048, tuning: 0.13 })

  it("keeps every non-zero weight with a floor of 0, in runs that give the dense products", () => {
    const sparse = sparsifyFilterbank(dense, 0)
    expect(sparse.weights.length).toBe(dense.data.filter((w) => w > 0).length)
    const out = new Float64Array(dense.filters)
    for (const spectrum of spectra(5)) {
      applySparseFilterbank(sparse, spectrum, 0, out)
      const expected = applyDense(dense, spectrum)
      for (let f = 0; f < dense.filters; f++) expect(out[f]).toBeCloseTo(expected[f]!, 9)
    }
  })

  it("drops about 45% of the chroma weights and moves no output by more than filters · floor of the largest", () => {
    const sparse = sparsifyFilterbank(dense)
    expect(sparse.weights.length / dense.data.length).toBeLessThan(0.6)
    const out = new Float64Array(dense.filters)
    for (const spectrum of spectra(50)) {
      applySparseFilterbank(sparse, spectrum, 0, out)
      const expected = applyDense(dense, spectrum)
      const largest = Math.max(...expected)
      for (let f = 0; f < dense.filters; f++) {
        expect(out[f]!).toBeLessThanOrEqual(expected[f]! * (1 + 1e-12))
        expect(expected[f]! - out[f]!).toBeLessThanOrEqual(dense.filters * 2 ** -32 * largest)
      }
    }
  })

  it("reads the spectrum at an offset", () => {
    const sparse = sparsifyFilterbank(dense)
    const [spectrum] = spectra(1)
    const shifted = new Float32Array(1025 + 7)
    shifted.set(spectrum!, 7)
    const a = new Float64Array(12)
    const b = new Float64Array(12)
    applySparseFilterbank(sparse, spectrum!, 0, a)
    applySparseFilterbank(sparse, shifted, 7, b)
    expect(Array.from(b)).toEqual(Array.from(a))
  })
})
