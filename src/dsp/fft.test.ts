import { describe, expect, it } from "vitest"
import { createRealFft, isPowerOfTwo } from "./fft.ts"

/** A float64 O(n²) DFT of `w · x`, the reference the fast transform is checked against. */
const naiveDft = (x: Float32Array, w: Float32Array | null): { re: Float64Array; im: Float64Array } => {
  const n = x.length
  const re = new Float64Array(n / 2 + 1)
  const im = new Float64Array(n / 2 + 1)
  for (let k = 0; k <= n / 2; k++) {
    let sr = 0
    let si = 0
    for (let j = 0; j < n; j++) {
      // Reduce jk mod n exactly before the angle so that large sizes stay accurate.
      const angle = (-2 * Math.PI * ((j * k) % n)) / n
      const v = x[j]! * (w === null ? 1 : w[j]!)
      sr += v * Math.cos(angle)
      si += v * Math.sin(angle)
    }
    re[k] = sr
    im[k] = si
  }
  return { re, im }
}

/** Deterministic uniform samples in [-1, 1) (mulberry32). */
const randomSignal = (length: number, seed: number): Float32Array => {
  const out = new Float32Array(length)
  let s = seed >>> 0
  for (let i = 0; i < length; i++) {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1
  }
  return out
}

describe("createRealFft", () => {
  const sizes = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096]

  it.each(sizes)("equals a float64 DFT on random input, n = %i", (n) => {
    const fft = createRealFft(n)
    expect(fft.bins).toBe(n / 2 + 1)
    // Embed the frame at an offset to check that `offset` is honoured.
    const padded = randomSignal(n + 7, n)
    const frame = padded.subarray(7)
    const window = randomSignal(n, 3 * n).map((v) => v + 1)
    for (const w of [null, window]) {
      const expected = naiveDft(frame, w)
      const re = new Float64Array(n / 2 + 1)
      const im = new Float64Array(n / 2 + 1)
      fft.spectrum(padded, 7, w, re, im)
      let worst = 0
      for (let k = 0; k <= n / 2; k++) {
        worst = Math.max(worst, Math.abs(re[k]! - expected.re[k]!), Math.abs(im[k]! - expected.im[k]!))
      }
      // Rounding grows like sqrt(n)·log2(n)·ε for unit-variance input; 1e-12·n is far above that yet
      // far below any indexing or twiddle mistake (which errs by O(1)).
      expect(worst).toBeLessThan(1e-12 * n)

      const power = new Float32Array(n / 2 + 3)
      fft.powerSpectrum(padded, 7, w, power, 2)
      for (let k = 0; k <= n / 2; k++) {
        const p = expected.re[k]! ** 2 + expected.im[k]! ** 2
        expect(Math.abs(power[k + 2]! - p)).toBeLessThanOrEqual(1e-6 * Math.max(p, 1e-3 * n))
      }
      expect(power[0]).toBe(0)
      expect(power[1]).toBe(0)
    }
  })

  it("puts a pure tone in its bin and nowhere else", () => {
    const n = 512
    const fft = createRealFft(n)
    const x = Float32Array.from({ length: n }, (_, j) => Math.cos((2 * Math.PI * 37 * j) / n))
    const power = new Float32Array(n / 2 + 1)
    fft.powerSpectrum(x, 0, null, power, 0)
    expect(power[37]).toBeCloseTo((n / 2) ** 2, 0)
    for (let k = 0; k <= n / 2; k++) if (k !== 37) expect(power[k]).toBeLessThan(1e-6)
  })

  it("refuses frames, windows and outputs that do not fit", () => {
    const fft = createRealFft(8)
    const out = new Float32Array(5)
    expect(() => fft.powerSpectrum(new Float32Array(10), 3, null, out, 0)).toThrow(/does not fit/)
    expect(() => fft.powerSpectrum(new Float32Array(8), 0, new Float32Array(4), out, 0)).toThrow(/window/)
    expect(() => fft.powerSpectrum(new Float32Array(8), 0, null, out, 1)).toThrow(/no room/)
    expect(() =>
      fft.spectrum(new Float32Array(8), 0, null, new Float64Array(4), new Float64Array(5)),
    ).toThrow(/hold 5/)
  })

  it.each(sizes)("inverts a spectrum as a float64 inverse DFT does, n = %i", (n) => {
    const fft = createRealFft(n)
    // A random spectrum, with imaginary parts at DC and Nyquist that irfft ignores.
    const re = Float64Array.from(randomSignal(n / 2 + 1, 5 * n))
    const im = Float64Array.from(randomSignal(n / 2 + 1, 7 * n))
    const out = new Float64Array(n + 3)
    fft.inverse(re, im, out, 3)
    let worst = 0
    for (let j = 0; j < n; j++) {
      // x[j] = (1/n) (X[0] + (-1)^j X[n/2] + 2 Σ_{0<k<n/2} Re(X[k] e^{2πi jk/n}))
      let sum = re[0]! + (j % 2 === 0 ? re[n / 2]! : -re[n / 2]!)
      for (let k = 1; k < n / 2; k++) {
        const angle = (2 * Math.PI * ((j * k) % n)) / n
        sum += 2 * (re[k]! * Math.cos(angle) - im[k]! * Math.sin(angle))
      }
      worst = Math.max(worst, Math.abs(out[j + 3]! - sum / n))
    }
    expect(worst).toBeLessThan(1e-14 * n)
    expect(Array.from(out.subarray(0, 3))).toEqual([0, 0, 0])
    expect(re[0]).toBe(Float64Array.from(randomSignal(n / 2 + 1, 5 * n))[0]) // inputs untouched
  })

  it.each(sizes)("gives the frame back from its spectrum, n = %i", (n) => {
    const fft = createRealFft(n)
    const frame = randomSignal(n, 11 * n)
    const re = new Float64Array(n / 2 + 1)
    const im = new Float64Array(n / 2 + 1)
    fft.spectrum(frame, 0, null, re, im)
    const back = new Float32Array(n)
    fft.inverse(re, im, back, 0)
    for (let j = 0; j < n; j++) expect(Math.abs(back[j]! - frame[j]!)).toBeLessThanOrEqual(2 ** -23)
  })

  it("refuses an inverse that does not fit its arrays", () => {
    const fft = createRealFft(8)
    const bins = new Float64Array(5)
    expect(() => fft.inverse(new Float64Array(4), bins, new Float32Array(8), 0)).toThrow(/hold 5/)
    expect(() => fft.inverse(bins, bins, new Float32Array(8), 1)).toThrow(/no room/)
  })

  it("rejects sizes that are not powers of two", () => {
    expect(() => createRealFft(1000)).toThrow(/power of two/)
    expect(() => createRealFft(1)).toThrow(/power of two/)
    expect(isPowerOfTwo(2048)).toBe(true)
    expect(isPowerOfTwo(0)).toBe(false)
  })
})
