import { spawn } from "node:child_process"
import { Readable } from "node:stream"
import { Effect, Stream } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { bestLag, maxAbsDiff, snrDb } from "../../../test/support/audio-compare.ts"
import { audioFixture, audioFixturePath } from "../../../test/support/audio-fixtures.ts"
import { musicSignal } from "../../../test/support/music-signal.ts"
import { fmtBody, riffWave } from "../../../test/support/wav-builder.ts"
import type { DecodeOptions } from "./decode.ts"
import { decodeAll, decodeAudio, openAudio } from "./decode.ts"
import type { AudioInput } from "./input.ts"

const decode = (input: AudioInput, options?: DecodeOptions) => Effect.runPromise(decodeAll(input, options))
const failure = (input: AudioInput, options?: DecodeOptions) =>
  Effect.runPromise(Effect.flip(decodeAll(input, options)))

const chunked = (bytes: Uint8Array, sizes: ReadonlyArray<number>): Uint8Array[] => {
  const out: Uint8Array[] = []
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length]!
    out.push(bytes.slice(at, at + n))
    at += n
  }
  return out
}

// name, rate, channels, seconds of the reference, minimum SNR in dB
const COMPRESSED = [
  ["mp3-44k-stereo.mp3", "mp3", 44100, 2, 3],
  ["mp3-22k-mono.mp3", "mp3", 22050, 1, 3],
  ["flac-44k-stereo.flac", "flac", 44100, 2, 1],
  ["vorbis-44k-stereo.ogg", "vorbis", 44100, 2, 3],
  ["opus-48k-stereo.opus", "opus", 48000, 2, 3],
  ["aac-faststart.m4a", "aac", 44100, 2, 3],
  ["aac-moov-at-end.m4a", "aac", 44100, 2, 3],
] as const

describe("decoding compressed formats", () => {
  // Lossy codecs at 64-128 kbit/s reproduce this signal at 24-28 dB SNR (measured); 20 dB leaves room
  // for codec updates yet fails on a missing channel, a swapped one (≤ 0 dB) or a one-sample delay
  // (about 18 dB at this signal's 880 Hz partial). FLAC is lossless: within one 16-bit step.
  it.each(COMPRESSED)(
    "decodes %s (%s) to the reference, aligned, at the file's rate",
    async (name, codec, rate, channels, seconds) => {
      const audio = await decode(audioFixturePath(name))
      const reference = musicSignal(rate, channels, seconds)
      expect(audio.info).toMatchObject({ codec, sampleRate: rate, channels })
      expect(audio.sampleRate).toBe(rate)
      expect(audio.channels).toHaveLength(channels)
      expect(audio.truncated).toBe(false)
      audio.channels.forEach((decoded, c) => {
        // Gapless decoding: same length, no delay.
        expect(decoded.length).toBe(reference[c]!.length)
        if (codec === "flac") {
          expect(maxAbsDiff(decoded, reference[c]!)).toBeLessThanOrEqual(2 ** -15 + 1e-7)
          return
        }
        expect(bestLag(reference[c]!, decoded, 1024)).toBe(0)
        expect(snrDb(reference[c]!, decoded, 0, 1024)).toBeGreaterThan(20)
      })
    },
  )

  it("reports the declared duration where the header has one", async () => {
    expect((await decode(audioFixturePath("flac-44k-stereo.flac"))).info.duration).toBe(1)
    expect((await decode(audioFixturePath("mp3-44k-stereo.mp3"))).info.duration).toBeCloseTo(3, 1)
    expect((await decode(audioFixturePath("aac-faststart.m4a"))).info.duration).toBeCloseTo(3, 1)
    expect((await decode(audioFixturePath("flac-streamed.flac"))).info.duration).toBeUndefined()
    expect((await decode(audioFixturePath("vorbis-44k-stereo.ogg"))).info.duration).toBeUndefined()
  })

  it.each(COMPRESSED.map(([name]) => name))("gives the same samples for any chunking of %s", async (name) => {
    const bytes = audioFixture(name)
    const whole = await decode(bytes)
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 1, maxLength: 8 }),
        async (sizes) => {
          const audio = await decode(Stream.fromIterable(chunked(bytes, sizes), { chunkSize: 1 }))
          expect(audio.channels).toHaveLength(whole.channels.length)
          audio.channels.forEach((c, i) => {
            expect(maxAbsDiff(c, whole.channels[i]!)).toBe(0)
          })
        },
      ),
      { numRuns: 4 },
    )
  })

  it("decodes an input fed one byte at a time", async () => {
    const bytes = audioFixture("flac-streamed.flac")
    const whole = await decode(bytes)
    const audio = await decode(Stream.fromIterable(chunked(bytes, [1]), { chunkSize: 1 }))
    expect(maxAbsDiff(audio.channels[0]!, whole.channels[0]!)).toBe(0)
  })
})

describe("inputs", () => {
  it("decodes the same samples from a path, bytes, a Node readable, a web stream and an Effect stream", async () => {
    const name = "mp3-22k-mono.mp3"
    const bytes = audioFixture(name)
    const expected = (await decode(audioFixturePath(name))).channels[0]!
    const inputs: ReadonlyArray<AudioInput> = [
      bytes,
      bytes.buffer.slice(0) as ArrayBuffer,
      Readable.from(chunked(bytes, [4096])),
      new Blob([bytes as Uint8Array<ArrayBuffer>]).stream(),
      Stream.fromIterable(chunked(bytes, [777])),
    ]
    for (const input of inputs) expect(maxAbsDiff((await decode(input)).channels[0]!, expected)).toBe(0)
  })

  it("reads a piped process output, as standard input is read", async () => {
    const child = spawn("cat", [audioFixturePath("vorbis-44k-stereo.ogg")])
    const piped = await decode(child.stdout)
    const file = await decode(audioFixturePath("vorbis-44k-stereo.ogg"))
    expect(maxAbsDiff(piped.channels[1]!, file.channels[1]!)).toBe(0)
  })

  it("emits chunks of bounded size", async () => {
    const chunks = await Effect.runPromise(
      Stream.runCollect(decodeAudio(audioFixture("aac-moov-at-end.m4a"))),
    )
    expect(chunks.length).toBeGreaterThan(2)
    for (const chunk of chunks) expect(chunk.channels[0]!.length).toBeLessThanOrEqual(65536)
  })

  it.each([
    "mp3-44k-stereo.mp3",
    "flac-44k-stereo.flac",
    "vorbis-44k-stereo.ogg",
    "opus-48k-stereo.opus",
    "aac-faststart.m4a",
  ])("streams %s: audio comes out before the input ends", async (name) => {
    // Three quarters of the file, then an input that never ends: only streaming decoding gets a chunk.
    // (Ogg codecs emit a page once the next one has begun: ffmpeg writes pages of up to 1 s.)
    const bytes = audioFixture(name)
    const start = bytes.subarray(0, Math.floor(bytes.length * 0.75))
    const stalled = Stream.concat(Stream.fromIterable(chunked(start, [4096])), Stream.never)
    const first = await Effect.runPromise(Stream.runHead(decodeAudio(stalled)))
    expect(first._tag).toBe("Some")
  })

  it("gives the metadata before the end of a stream that has none", async () => {
    // An endless 16-bit WAV stream as a streaming writer sends it: sizes unknown, samples forever.
    const header = riffWave(
      [
        { id: "fmt ", body: fmtBody(1, 1, 16000, 16) },
        { id: "data", body: new Uint8Array(0), size: 0xffffffff },
      ],
      0xffffffff,
    )
    const endless = Stream.concat(
      Stream.succeed(header),
      Stream.forever(Stream.succeed(new Uint8Array(3200))),
    )
    const program = Effect.scoped(
      Effect.gen(function* () {
        const opened = yield* openAudio(endless)
        const first = yield* Stream.runCollect(Stream.take(opened.chunks, 3))
        return { info: opened.info, first }
      }),
    )
    const { info, first } = await Effect.runPromise(program)
    expect(info).toEqual({
      container: "wav",
      codec: "pcm",
      sampleRate: 16000,
      channels: 1,
      bitsPerSample: 16,
    })
    expect(first).toHaveLength(3)
  })
})

describe("errors", () => {
  it.each([
    ["random.mp3", "UnsupportedFormat", "unknown binary data"],
    ["notes.wav", "UnsupportedFormat", "text"],
    ["download.mp3", "UnsupportedFormat", "HTML document"],
  ])("fails on %s with %s (looks like %s)", async (name, tag, looksLike) => {
    const error = await failure(audioFixturePath(name))
    expect(error).toMatchObject({ _tag: tag, looksLike })
  })

  it("fails on an empty input with EmptyAudio", async () => {
    expect(await failure(audioFixturePath("empty.wav"))).toMatchObject({ _tag: "EmptyAudio" })
    expect(await failure(new Uint8Array(0))).toMatchObject({ _tag: "EmptyAudio" })
  })

  it("fails on a missing file with AudioReadError", async () => {
    const error = await failure("/no/such/file.mp3")
    expect(error).toMatchObject({ _tag: "AudioReadError", message: "No such file: /no/such/file.mp3" })
  })

  it("fails on an MP4 whose index was cut off with TruncatedAudio", async () => {
    expect(await failure(audioFixturePath("truncated-moov-at-end.m4a"))).toMatchObject({
      _tag: "TruncatedAudio",
    })
  })

  it("fails with CorruptAudio on FLAC whose frames are all damaged", async () => {
    const broken = audioFixture("flac-44k-stereo.flac")
    for (let i = 200; i < broken.length; i++) broken[i] = (i * 7919) & 0xff
    expect(await failure(broken)).toMatchObject({ _tag: "CorruptAudio", format: "flac" })
  })
})

describe("truncated inputs", () => {
  it.each([
    ["truncated.flac", 44100, 0.3, 1],
    ["truncated.mp3", 44100, 1, 3],
    ["truncated.ogg", 44100, 0.5, 3],
    ["truncated-faststart.m4a", 44100, 1, 3],
  ])("decodes the valid part of %s and says it is truncated", async (name, rate, atLeast, full) => {
    const audio = await decode(audioFixturePath(name))
    expect(audio.truncated).toBe(true)
    expect(audio.sampleRate).toBe(rate)
    const seconds = audio.channels[0]!.length / rate
    expect(seconds).toBeGreaterThan(atLeast)
    expect(seconds).toBeLessThan(full)
  })

  it("fails with TruncatedAudio when asked to", async () => {
    const error = await failure(audioFixturePath("truncated.mp3"), { onTruncated: "fail" })
    expect(error).toMatchObject({ _tag: "TruncatedAudio", format: "mp3" })
  })
})

describe("the duration limit", () => {
  it("stops from the header a file that declares more than the limit, decoding nothing", async () => {
    // 44 bytes that claim 10 hours of 8 kHz 8-bit mono.
    const claim = riffWave([
      { id: "fmt ", body: fmtBody(1, 1, 8000, 8) },
      { id: "data", body: new Uint8Array(0), size: 8000 * 36000 },
    ])
    expect(await failure(claim)).toMatchObject({
      _tag: "AudioTooLong",
      declared: true,
      duration: 36000,
      maxDuration: 7200,
    })
    const flac = await failure(audioFixturePath("flac-44k-stereo.flac"), { maxDuration: 0.5 })
    expect(flac).toMatchObject({ _tag: "AudioTooLong", declared: true })
  })

  it("stops while decoding when the header declares no length", async () => {
    const ogg = await failure(audioFixturePath("vorbis-44k-stereo.ogg"), { maxDuration: 1 })
    expect(ogg).toMatchObject({ _tag: "AudioTooLong", declared: false, maxDuration: 1 })
    expect(await failure(audioFixturePath("flac-streamed.flac"), { maxDuration: 0.5 })).toMatchObject({
      declared: false,
    })
  })

  it("stops an endless stream at the limit", async () => {
    const header = riffWave(
      [
        { id: "fmt ", body: fmtBody(1, 1, 8000, 16) },
        { id: "data", body: new Uint8Array(0), size: 0xffffffff },
      ],
      0xffffffff,
    )
    let pulled = 0
    const endless = Stream.concat(
      Stream.succeed(header),
      Stream.fromEffectRepeat(
        Effect.sync(() => {
          pulled += 16000
          return new Uint8Array(16000)
        }),
      ),
    )
    const error = await failure(endless, { maxDuration: 60 })
    expect(error).toMatchObject({ _tag: "AudioTooLong", declared: false })
    // 60 s of 8 kHz 16-bit mono is 960 kB: decoding stopped within a chunk of the limit.
    expect(pulled).toBeLessThan(960_000 + 2 * 16000)
  })
})
