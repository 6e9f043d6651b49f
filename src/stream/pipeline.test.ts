import { readFileSync } from "node:fs"
import { Effect, Stream } from "effect"
import fc from "fast-check"
import { beforeAll, describe, expect, it } from "vitest"
import { melFilterbank, melSpectrogram as melOf } from "../dsp/mel.ts"
import { mixdown as mixChannels } from "../dsp/mix.ts"
import { resample as resampleAll } from "../dsp/resample.ts"
import { powerSpectrogram } from "../dsp/stft.ts"
import type { MonoChunk } from "./chunks.ts"
import { decodeAll } from "./decode/decode.ts"
import { collectMel, collectMono, melStream } from "./pipeline.ts"
import { frame } from "./stages/frame.ts"
import { melSpectrogram } from "./stages/mel.ts"
import { resample } from "./stages/resample.ts"
import { stft } from "./stages/stft.ts"

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../test/fixtures/audio/${name}`, import.meta.url)))

/** Splits `length` items into chunks at the given cut fractions. */
const cuts = (length: number, fractions: ReadonlyArray<number>): number[] => {
  const points = [...new Set(fractions.map((f) => Math.floor(f * length)))].filter((p) => p > 0 && p < length)
  return [0, ...points.sort((a, b) => a - b), length]
}

const split = <A extends Uint8Array | Float32Array>(data: A, fractions: ReadonlyArray<number>): A[] => {
  const points = cuts(data.length, fractions)
  return points.slice(1).map((end, i) => data.subarray(points[i], end) as A)
}

/** librosa's whole-buffer path: mono, resampled, power spectrogram, mel. */
const wholeMel = (channels: ReadonlyArray<Float32Array>, rate: number) => {
  const mono = resampleAll(mixChannels(channels), rate, 22050)
  return melOf(powerSpectrogram(mono), melFilterbank())
}

const maxRelativeError = (a: Float32Array, b: Float32Array): number => {
  let peak = 0
  let worst = 0
  for (let i = 0; i < b.length; i++) peak = Math.max(peak, Math.abs(b[i]!))
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!))
  return worst / peak
}

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)

describe("streaming equals batch", () => {
  const wav = fixture("wav-48k.wav")
  let reference: { frames: number; data: Float32Array }

  beforeAll(async () => {
    const decoded = await run(decodeAll(wav))
    expect(decoded.sampleRate).toBe(48000)
    reference = wholeMel(decoded.channels, decoded.sampleRate)
  })

  it("for any split of the input bytes (1 byte, odd sizes, one chunk)", async () => {
    const property = fc.asyncProperty(
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 }),
      async (f) => {
        const mel = await run(collectMel(melStream(Stream.fromIterable(split(wav, f), { chunkSize: 1 }))))
        expect(mel.frames).toBe(reference.frames)
        expect(maxRelativeError(mel.data, reference.data)).toBeLessThanOrEqual(1e-6)
      },
    )
    await fc.assert(property, { numRuns: 25, seed: 7 })
    // The extremes: every byte its own chunk for the first 4 KiB, then one chunk.
    const bytewise = [...Array.from({ length: 4096 }, (_, i) => wav.subarray(i, i + 1)), wav.subarray(4096)]
    const mel = await run(collectMel(melStream(Stream.fromIterable(bytewise, { chunkSize: 1 }))))
    expect(maxRelativeError(mel.data, reference.data)).toBeLessThanOrEqual(1e-6)
  })

  it("for any split of the samples, including single samples, at the start and end padding", () => {
    const samples = Float32Array.from(
      { length: 22050 * 2 + 333 },
      (_, i) => Math.sin(i * 0.05) * (1 + (i % 7) / 7),
    )
    const expected = melOf(powerSpectrogram(samples), melFilterbank())
    const pipeline = (chunks: Float32Array[]) =>
      Stream.fromIterable(chunks).pipe(
        Stream.map((s, i): MonoChunk => ({ _tag: "MonoChunk", sampleRate: 22050, offset: i, samples: s })),
        frame(),
        stft,
        melSpectrogram(),
      )
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 60 }), (f) => {
        const mel = Effect.runSync(collectMel(pipeline(split(samples, f))))
        expect(mel.frames).toBe(expected.frames)
        expect(maxRelativeError(mel.data, expected.data)).toBeLessThanOrEqual(1e-6)
      }),
      { numRuns: 40, seed: 11 },
    )
    const singles = Array.from({ length: 3000 }, (_, i) => samples.subarray(i, i + 1))
    singles.push(samples.subarray(3000))
    const mel = Effect.runSync(collectMel(pipeline(singles)))
    expect(maxRelativeError(mel.data, expected.data)).toBeLessThanOrEqual(1e-6)
  })

  it("resamples streamed chunks exactly as the whole buffer", () => {
    const samples = Float32Array.from({ length: 48000 }, (_, i) => Math.sin(i * 0.3) * 0.5)
    const expected = resampleAll(samples, 48000, 22050)
    const chunks = split(samples, [0.1, 0.10001, 0.5, 0.77]).map(
      (s, i): MonoChunk => ({ _tag: "MonoChunk", sampleRate: 48000, offset: i, samples: s }),
    )
    const out = Effect.runSync(collectMono(Stream.fromIterable(chunks).pipe(resample(22050))))
    expect(out).toEqual(expected)
  })
})
