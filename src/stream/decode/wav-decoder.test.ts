import { Effect, Stream } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { maxAbsDiff } from "../../../test/support/audio-compare.ts"
import { audioFixture, audioFixturePath } from "../../../test/support/audio-fixtures.ts"
import { musicSignal } from "../../../test/support/music-signal.ts"
import { fmtBody, int16Body, riffWave } from "../../../test/support/wav-builder.ts"
import { decodeAll } from "./decode.ts"
import type { AudioInput } from "./input.ts"

const decode = (input: AudioInput) => Effect.runPromise(decodeAll(input))
const failure = (input: AudioInput) => Effect.runPromise(Effect.flip(decodeAll(input)))

/** Splits bytes into chunks whose sizes cycle through `sizes`. */
const chunked = (bytes: Uint8Array, sizes: ReadonlyArray<number>): Uint8Array[] => {
  const out: Uint8Array[] = []
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length]!
    out.push(bytes.slice(at, at + n))
    at += n
  }
  return out
}

describe("WAV decoding", () => {
  // ffmpeg rounds the float source to the nearest step (truncates for 24-bit), so each decoded sample
  // lies within one quantisation step of the reference, plus float32 rounding.
  it.each([
    ["wav-u8.wav", 8],
    ["wav-s16le.wav", 16],
    ["wav-s24le.wav", 24],
    ["wav-s32le.wav", 32],
    ["wav-f32le.wav", 0],
    ["wav-f64le.wav", 0],
  ])("decodes %s to the reference within one quantisation step", async (name, bits) => {
    const audio = await decode(audioFixturePath(name))
    const reference = musicSignal(44100, 1, 0.25)[0]!
    expect(audio.sampleRate).toBe(44100)
    expect(audio.channels).toHaveLength(1)
    expect(audio.truncated).toBe(false)
    const step = bits === 0 ? 0 : 2 ** -(bits - 1)
    expect(maxAbsDiff(audio.channels[0]!, reference)).toBeLessThanOrEqual(step + 1e-7)
    expect(audio.info.codec).toBe(bits === 0 ? "float" : "pcm")
  })

  it("decodes 6 channels of WAVE_FORMAT_EXTENSIBLE in file order", async () => {
    const audio = await decode(audioFixturePath("wav-6ch-extensible.wav"))
    const reference = musicSignal(48000, 6, 0.2)
    expect(audio.channels).toHaveLength(6)
    expect(audio.info).toMatchObject({ container: "wav", channels: 6, sampleRate: 48000, bitsPerSample: 16 })
    for (const [i, c] of audio.channels.entries()) {
      expect(maxAbsDiff(c, reference[i]!)).toBeLessThanOrEqual(2 ** -15 + 1e-7)
    }
  })

  it.each([
    ["wav-8k.wav", 8000, 1, 1],
    ["wav-48k.wav", 48000, 2, 0.5],
    ["wav-96k.wav", 96000, 1, 0.25],
    ["wav-rf64.wav", 8000, 1, 1],
    ["wav-8k.w64", 8000, 1, 1],
    ["wav-streamed.wav", 8000, 1, 1],
  ])("decodes %s at %i Hz, %i channel(s)", async (name, rate, channels, seconds) => {
    const audio = await decode(audioFixturePath(name))
    expect(audio.sampleRate).toBe(rate)
    const reference = musicSignal(rate, channels, seconds)
    for (const [i, c] of audio.channels.entries()) {
      expect(maxAbsDiff(c, reference[i]!)).toBeLessThanOrEqual(2 ** -15 + 1e-7)
    }
    expect(audio.truncated).toBe(false)
  })

  it("reads RF64 and W64 sizes, and leaves the duration unknown when a streaming writer left no sizes", async () => {
    expect((await decode(audioFixturePath("wav-rf64.wav"))).info.duration).toBe(1)
    expect((await decode(audioFixturePath("wav-8k.w64"))).info).toMatchObject({
      container: "w64",
      duration: 1,
    })
    expect((await decode(audioFixturePath("wav-streamed.wav"))).info.duration).toBeUndefined()
  })

  it("gives exactly the same samples for any chunking of the input", async () => {
    const bytes = audioFixture("wav-6ch-extensible.wav")
    const whole = await decode(bytes)
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 12 }),
        async (sizes) => {
          const audio = await decode(Stream.fromIterable(chunked(bytes, sizes), { chunkSize: 1 }))
          audio.channels.forEach((c, i) => {
            expect(maxAbsDiff(c, whole.channels[i]!)).toBe(0)
          })
        },
      ),
      { numRuns: 25 },
    )
    const oneByte = await decode(
      Stream.fromIterable(chunked(audioFixture("wav-s24le.wav"), [1]), { chunkSize: 1 }),
    )
    expect(maxAbsDiff(oneByte.channels[0]!, (await decode(audioFixture("wav-s24le.wav"))).channels[0]!)).toBe(
      0,
    )
  })

  it("skips unknown chunks, odd-sized ones included, with their padding byte", async () => {
    const samples = [1000, -1000, 2000, -2000, 32767, -32768]
    const wav = riffWave([
      { id: "junk", body: new Uint8Array(3).fill(0xaa) },
      { id: "fmt ", body: fmtBody(1, 2, 22050, 16) },
      { id: "LIST", body: new Uint8Array(7).fill(0x41) },
      { id: "data", body: int16Body(samples) },
    ])
    const audio = await decode(wav)
    expect(Array.from(audio.channels[0]!)).toEqual([1000 / 32768, 2000 / 32768, 32767 / 32768])
    expect(Array.from(audio.channels[1]!)).toEqual([-1000 / 32768, -2000 / 32768, -1])
  })

  it("reads to the end a data chunk of size 0 in a file whose RIFF size is 0 (a streaming writer)", async () => {
    const wav = riffWave(
      [
        { id: "fmt ", body: fmtBody(1, 1, 8000, 16) },
        { id: "data", body: int16Body([1, 2, 3]), size: 0 },
      ],
      0,
    )
    const audio = await decode(wav)
    expect(audio.channels[0]).toHaveLength(3)
    expect(audio.truncated).toBe(false)
  })

  it("reports a data chunk cut short, and a partial last frame, as truncated", async () => {
    const cut = await decode(audioFixturePath("truncated.wav"))
    expect(cut.truncated).toBe(true)
    expect(cut.channels[0]!.length).toBeGreaterThan(5000)
    expect(cut.channels[0]!.length).toBeLessThan(11025)
    const partial = riffWave(
      [
        { id: "fmt ", body: fmtBody(1, 2, 8000, 16) },
        { id: "data", body: int16Body([1, 2, 3]), size: 0xffffffff },
      ],
      0xffffffff,
    )
    expect((await decode(partial)).truncated).toBe(true)
  })

  it("fails with typed errors on headers it cannot decode", async () => {
    const adpcm = riffWave([
      { id: "fmt ", body: fmtBody(0x11, 1, 8000, 4) },
      { id: "data", body: new Uint8Array(8) },
    ])
    expect(await failure(adpcm)).toMatchObject({
      _tag: "UnsupportedFormat",
      looksLike: "WAV with IMA ADPCM samples",
    })
    const dataFirst = riffWave([
      { id: "data", body: new Uint8Array(8) },
      { id: "fmt ", body: fmtBody(1, 1, 8000, 16) },
    ])
    expect(await failure(dataFirst)).toMatchObject({ _tag: "CorruptAudio" })
    const noData = riffWave([{ id: "fmt ", body: fmtBody(1, 1, 8000, 16) }])
    expect(await failure(noData)).toMatchObject({ _tag: "CorruptAudio" })
    expect(await failure(audioFixturePath("truncated-header.wav"))).toMatchObject({ _tag: "TruncatedAudio" })
    const empty = riffWave([
      { id: "fmt ", body: fmtBody(1, 1, 8000, 16) },
      { id: "data", body: new Uint8Array(0) },
    ])
    expect(await failure(empty)).toMatchObject({ _tag: "EmptyAudio" })
  })
})
