import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { db, fitSine, rms, sine } from "../../test/support/tones.ts"
import { createResampler, resample, resampledLength } from "./resample.ts"
import { planResampleFilters } from "./resample-filter.ts"

const out = 22050
const downRates = [24000, 32000, 37800, 44100, 48000, 88200, 96000, 176400, 192000]
const upRates = [8000, 11025, 16000]
const rates = [...upRates, ...downRates]

/** Output samples left out at each end of steady-state measurements: more than any plan's filter reaches. */
const edge = 200
/** RMS of a unit sine. */
const unitRms = Math.SQRT1_2

/** The same pseudo-random signal for a given length and seed (xorshift), in [-1, 1). */
const noise = (length: number, seed = 1): Float32Array => {
  const x = new Float32Array(length)
  let s = seed
  for (let i = 0; i < length; i++) {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    x[i] = (s >>> 0) / 2 ** 31 - 1
  }
  return x
}

/** Feeds `signal` to a fresh resampler in chunks of the given sizes (cycled), then flushes. */
const streamed = (signal: Float32Array, inRate: number, sizes: ReadonlyArray<number>): Float32Array => {
  const resampler = createResampler(inRate, out)
  const parts: Array<Float32Array> = []
  for (let at = 0, k = 0; at < signal.length; k++) {
    const size = sizes[k % sizes.length]!
    parts.push(resampler.process(signal.subarray(at, at + size)))
    at += size
  }
  parts.push(resampler.flush())
  const joined = new Float32Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    joined.set(part, at)
    at += part.length
  }
  return joined
}

/** True when both arrays hold the same float32 bit patterns. */
const bitIdentical = (a: Float32Array, b: Float32Array): boolean =>
  a.length === b.length &&
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))

describe("resample: passband", () => {
  for (const rate of rates) {
    const top = (0.9 * Math.min(rate, out)) / 2
    const frequencies = [...new Set([1000, 5000, 9900].filter((f) => f < top).concat(top))]
    it(`${rate} Hz: sines up to ${top} Hz keep their amplitude (±0.1 dB) and phase, nothing added (−80 dB)`, () => {
      for (const frequency of frequencies) {
        const y = resample(sine(frequency, rate, rate / 10), rate, out)
        const fit = fitSine(y, frequency, out, edge, y.length - edge)
        expect(Math.abs(db(fit.amplitude)), `${frequency} Hz gain`).toBeLessThan(0.1)
        // Zero phase: output n is the input at time n / outRate, so the cosine part vanishes.
        expect(Math.abs(fit.b), `${frequency} Hz phase`).toBeLessThan(1e-3)
        // What is left is every image (upsampling) and distortion.
        expect(db(fit.residualRms / unitRms), `${frequency} Hz residual`).toBeLessThan(-80)
      }
    })
  }
})

describe("resample: aliases and images", () => {
  for (const rate of downRates) {
    // The worst case sits just past the Nyquist frequency; add each 2:1 stage's own stopband edge.
    const stageEdges = planResampleFilters(rate, out)
      .slice(0, -1)
      .map((filter) => filter.band.stopband + 25)
    const frequencies = [
      11050,
      11100,
      11300,
      11600,
      12000,
      13000,
      15000,
      20000,
      0.98 * (rate / 2),
      ...stageEdges,
    ]
      .filter((f) => f < rate / 2)
      .sort((a, b) => a - b)
    it(`${rate} Hz: sines from 11025 Hz up (${frequencies.length} of them) are attenuated by ≥ 80 dB`, () => {
      for (const frequency of frequencies) {
        const y = resample(sine(frequency, rate, rate / 10), rate, out)
        expect(db(rms(y, edge, y.length - edge) / unitRms), `${frequency} Hz`).toBeLessThan(-80)
      }
    })
  }

  for (const rate of upRates) {
    const nyquist = rate / 2
    it(`${rate} Hz: the images of sines up to its Nyquist frequency are attenuated by ≥ 80 dB`, () => {
      for (const frequency of [0.5, 0.9, 0.95, 0.99].map((x) => x * nyquist)) {
        const y = resample(sine(frequency, rate, rate / 10), rate, out)
        const fit = fitSine(y, frequency, out, edge, y.length - edge)
        expect(db(fit.residualRms / unitRms), `${frequency} Hz`).toBeLessThan(-80)
      }
    })
  }
})

describe("resample: a linear sweep from 20 Hz to the input Nyquist over 2 s", () => {
  for (const rate of [8000, 44100, 48000, 96000]) {
    it(`${rate} Hz: follows the ideal sweep below 0.86 of the lower Nyquist and is silent (−80 dB) above 11.5 kHz`, () => {
      const seconds = 2
      const f0 = 20
      const rise = (rate / 2 - f0) / seconds // Hz per second
      const phaseAt = (t: number) => 2 * Math.PI * (f0 * t + (rise * t * t) / 2)
      const x = Float32Array.from({ length: seconds * rate }, (_, k) => Math.sin(phaseAt(k / rate)))
      const y = resample(x, rate, out)
      const frequencyAt = (n: number) => f0 + (rise * n) / out

      let worstError = 0
      let aboveFrom = -1
      for (let n = edge; n < y.length - edge; n++) {
        const f = frequencyAt(n)
        if (f < 0.86 * (Math.min(rate, out) / 2))
          worstError = Math.max(worstError, Math.abs(y[n]! - Math.sin(phaseAt(n / out))))
        if (f > 11500 && aboveFrom < 0) aboveFrom = n
      }
      expect(worstError).toBeLessThan(1e-3)
      if (rate > out) {
        // Block by block, so that no loud stretch hides in an average.
        for (let n = aboveFrom; n + 256 < y.length - edge; n += 256) {
          expect(db(rms(y, n, n + 256) / unitRms), `block at ${frequencyAt(n).toFixed(0)} Hz`).toBeLessThan(
            -80,
          )
        }
      }
    })
  }
})

describe("resample: DC, length, edge cases", () => {
  it("keeps a constant signal constant", () => {
    for (const rate of [...rates, 44101]) {
      const y = resample(new Float32Array(rate / 10).fill(0.25), rate, out)
      for (let n = edge; n < y.length - edge; n++)
        expect(Math.abs(y[n]! - 0.25), `${rate} Hz`).toBeLessThan(1e-7)
    }
  })

  it("yields ceil(length · outRate / inRate) samples, as librosa", () => {
    for (const rate of [...rates, 44101, 22051]) {
      const resampler = createResampler(rate, out) // one per rate: flush starts a new stream
      for (const length of [0, 1, 2, 3, 5, 17, 160, 1000, 4411]) {
        const expected = Number((BigInt(length) * BigInt(out) + BigInt(rate) - 1n) / BigInt(rate))
        expect(resampledLength(length, rate, out)).toBe(expected)
        const produced = resampler.process(noise(length)).length + resampler.flush().length
        expect(produced, `${length} samples at ${rate} Hz`).toBe(expected)
      }
    }
  })

  it("copies the samples unchanged when the rates are equal", () => {
    const x = noise(1000)
    const y = resample(x, out, out)
    expect(y).not.toBe(x)
    expect(bitIdentical(y, x)).toBe(true)
    expect(bitIdentical(streamed(x, out, [1, 7, 300]), x)).toBe(true)
  })

  it("aligns output n with input time n / outRate: an impulse lands where its time says", () => {
    // An impulse at input sample 4410 (0.1 s at 44.1 kHz) peaks at output sample 2205.
    const x = new Float32Array(8820)
    x[4410] = 1
    const y = resample(x, 44100, out)
    const peak = y.indexOf(Math.max(...y))
    expect(peak).toBe(2205)
    expect(y[peak - 1]).toBeCloseTo(y[peak + 1]!, 7) // symmetric about it
  })

  it("resamples between other pairs too (44.1 kHz → 16 kHz, 22.05 kHz → 48 kHz)", () => {
    for (const [from, to] of [
      [44100, 16000],
      [22050, 48000],
    ] as const) {
      const frequency = 0.8 * (Math.min(from, to) / 2)
      const y = resample(sine(frequency, from, from / 10), from, to)
      const fit = fitSine(y, frequency, to, edge, y.length - edge)
      expect(Math.abs(db(fit.amplitude))).toBeLessThan(0.1)
      expect(db(fit.residualRms / unitRms)).toBeLessThan(-80)
    }
  })

  it("handles a ratio with too many phases to tabulate (44101 Hz) with the same quality", () => {
    for (const frequency of [1000, 9900]) {
      const y = resample(sine(frequency, 44101, 4410), 44101, out)
      const fit = fitSine(y, frequency, out, edge, y.length - edge)
      expect(Math.abs(db(fit.amplitude))).toBeLessThan(0.1)
      expect(db(fit.residualRms / unitRms)).toBeLessThan(-80)
    }
    for (const frequency of [11100, 12000, 20000]) {
      const y = resample(sine(frequency, 44101, 4410), 44101, out)
      expect(db(rms(y, edge, y.length - edge) / unitRms)).toBeLessThan(-80)
    }
  })

  it("rejects rates that are not positive integers", () => {
    for (const bad of [0, -44100, 44100.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createResampler(bad, out)).toThrow(RangeError)
      expect(() => resample(new Float32Array(10), out, bad)).toThrow(RangeError)
    }
  })
})

describe("createResampler: streaming equals batch, bit for bit", () => {
  it("for any split of the input into chunks, at every rate", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...rates, 44101, out),
        fc.integer({ min: 0, max: 4000 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 1000 }),
        (rate, length, sizes, seed) => {
          const signal = noise(length, seed)
          return bitIdentical(streamed(signal, rate, sizes), resample(signal, rate, out))
        },
      ),
      { numRuns: 150 },
    )
  })

  it("sample by sample, in odd chunks and in one chunk", () => {
    for (const rate of [8000, 44100, 48000, 192000]) {
      const signal = noise(3001, rate)
      const batch = resample(signal, rate, out)
      expect(bitIdentical(streamed(signal, rate, [1]), batch), `${rate} Hz by 1`).toBe(true)
      expect(bitIdentical(streamed(signal, rate, [3, 1, 511, 7]), batch), `${rate} Hz odd`).toBe(true)
      expect(bitIdentical(streamed(signal, rate, [signal.length]), batch), `${rate} Hz whole`).toBe(true)
    }
  })

  it("starts afresh after flush", () => {
    const resampler = createResampler(48000, out)
    resampler.process(noise(5000, 3))
    resampler.flush()
    const signal = noise(2000, 9)
    const again = new Float32Array([...resampler.process(signal), ...resampler.flush()])
    expect(bitIdentical(again, resample(signal, 48000, out))).toBe(true)
  })
})
