/**
 * Hostile input to the library and the dataset build: audio that decodes to hours from a few
 * kilobytes (fixtures made by scripts/make-reliability-fixtures.sh), headers declaring absurd lengths
 * or sample rates, and file names built to climb folders, break lines or pass for options.
 * The HTTP side is in test/http/hostile-uploads.test.ts.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeServices } from "@effect/platform-node"
import { Effect, Stream } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { loadDataset } from "../src/model/dataset.ts"
import type { Manifest } from "../src/schema/manifest.ts"
import { buildDataset } from "../src/stream/dataset/build.ts"
import { validateDataset } from "../src/stream/dataset/validate.ts"
import { decodeAll, decodeAudio } from "../src/stream/decode/decode.ts"
import { audioFixture, audioFixturePath } from "./support/audio-fixtures.ts"
import { fmtBody, riffWave } from "./support/wav-builder.ts"

const hostile = (name: string) => new URL(`fixtures/hostile/${name}`, import.meta.url).pathname

/** Decodes `input` to its end without keeping the audio; the error it ends with, and the seconds taken. */
const drain = async (input: string | Uint8Array, maxDuration?: number) => {
  const started = performance.now()
  const error = await Effect.runPromise(
    Effect.flip(Stream.runDrain(decodeAudio(input, maxDuration === undefined ? {} : { maxDuration }))),
  )
  return { error, seconds: (performance.now() - started) / 1000 }
}

describe("decompression bombs: small files that decode to hours", () => {
  it("refuses 3 hours of FLAC silence in 27 kB from its header, decoding nothing", async () => {
    const { error, seconds } = await drain(hostile("silence-3h.flac"))
    expect(error).toMatchObject({ _tag: "AudioTooLong", declared: true, duration: 10800, maxDuration: 7200 })
    expect(seconds).toBeLessThan(2)
  })

  // Without a declared length, decoding must stop within a piece of the limit: a piece of input is
  // sized so that it decodes to at most ~30 s (the whole 27 kB decoded at once was 345 MB of samples).
  it.each([
    ["silence-3h-streamed.flac", 3600],
    ["silence-3h-streamed.flac", 600],
    ["silence-40min.ogg", 600],
  ])("stops decoding %s just past a limit of %d s", async (file, limit) => {
    const { error, seconds } = await drain(hostile(file), limit)
    expect(error).toMatchObject({ _tag: "AudioTooLong", declared: false, maxDuration: limit })
    if (error._tag !== "AudioTooLong") return
    expect(error.duration).toBeGreaterThan(limit)
    expect(error.duration).toBeLessThan(limit + 60)
    expect(error.message).toMatch(/Decoding found more than/)
    expect(seconds).toBeLessThan(10)
  })
})

describe("absurd headers", () => {
  const wavDeclaring = (rate: number, dataSize?: number) =>
    riffWave([
      { id: "fmt ", body: fmtBody(1, 1, rate, 16) },
      { id: "data", body: new Uint8Array(4410), ...(dataSize !== undefined && { size: dataSize }) },
    ])

  it.each([0, 1, 999, 768_001, 4_294_967_295])("refuses a WAV declaring %d Hz as corrupt", async (rate) => {
    const error = await Effect.runPromise(Effect.flip(decodeAll(wavDeclaring(rate))))
    expect(error._tag).toBe("CorruptAudio")
    expect(error.message).toMatch(new RegExp(`sample rate of ${rate} Hz`))
  })

  it("accepts the rates at the edges: 1 kHz and 768 kHz", async () => {
    for (const rate of [1000, 768_000]) {
      const audio = await Effect.runPromise(decodeAll(wavDeclaring(rate)))
      expect(audio.sampleRate).toBe(rate)
    }
  })

  it("checks the rate whatever the format: a FLAC whose STREAMINFO says 1 Hz", async () => {
    const flac = audioFixture("flac-44k-stereo.flac")
    // STREAMINFO starts at byte 8; its sample rate is the 20 bits from byte 18.
    flac[18] = 0
    flac[19] = 0
    flac[20] = (1 << 4) | (flac[20]! & 0x0f)
    const error = await Effect.runPromise(Effect.flip(decodeAll(flac)))
    expect(error._tag).toBe("CorruptAudio")
    expect(error.message).toMatch(/FLAC header is invalid: it declares a sample rate of 1 Hz/)
  })

  it("refuses a WAV declaring 4 GB of data (13 hours) from its header alone", async () => {
    const { error, seconds } = await drain(wavDeclaring(44100, 0xffffffff - 44))
    expect(error).toMatchObject({ _tag: "AudioTooLong", declared: true })
    expect(error.message).toMatch(/header declares 13 h 31 min/)
    expect(seconds).toBeLessThan(1)
  })
})

describe("hostile file names in a dataset", () => {
  const root = mkdtempSync(join(tmpdir(), "mirflow-hostile-"))
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  const names = [
    'rock/say "hi".wav',
    "rock/it's.wav",
    "rock/new\nline.wav",
    "rock/tab\there.wav",
    "rock/-rf.wav",
    "rock/--output=x.wav",
    "rock/a\\..\\b.wav", // backslashes are part of a Linux file name
    "rock/café.wav", // NFC
    "rock/cafe\u0301.wav", // the same text in NFD: another file
    "rock/日本の歌 ☃.wav",
    `rock/${"音".repeat(80)}.wav`, // 240 bytes of UTF-8
    "A: Intro.wav", // looks like a Windows drive
    "C:\\x.wav",
    "-top.wav",
  ]

  it("builds, keeps every name as given in the manifest, and writes only safe names inside its folders", async () => {
    const input = join(root, "music")
    const output = join(root, "dataset")
    for (const name of names) {
      mkdirSync(join(input, name, ".."), { recursive: true })
      copyFileSync(audioFixturePath("wav-s16le.wav"), join(input, name))
    }
    const result = await Effect.runPromise(
      buildDataset({ input, output, concurrency: 2 }).pipe(Effect.provide(NodeServices.layer)),
    )
    const manifest = JSON.parse(readFileSync(result.manifestPath, "utf8")) as Manifest
    expect(manifest.errors).toEqual([])
    expect(manifest.files.map((f) => f.filename).sort()).toEqual([...names].sort())
    // Genres come from `/` folders only: `C:\x.wav` sits at the top.
    const genreOf = (name: string) => manifest.files.find((f) => f.filename === name)?.genre
    expect(genreOf("C:\\x.wav")).toBeUndefined()
    expect(genreOf("rock/a\\..\\b.wav")).toBe("rock")

    const outputs = manifest.files.flatMap((f) => [f.features_file!, f.spectrogram_file!])
    expect(new Set(outputs).size).toBe(2 * names.length) // NFC and NFD names stay apart
    for (const path of outputs) {
      expect(path).toMatch(/^(features|spectrograms)\/[\p{L}\p{N}\-_.+]+$/u)
      expect(path).not.toMatch(/\.\./)
      expect(Buffer.byteLength(path.split("/")[1]!)).toBeLessThan(255)
    }
    expect(readdirSync(output).sort()).toEqual([
      ".mirflow",
      "features",
      "music_dataset_manifest.json",
      "spectrograms",
    ])

    const report = await Effect.runPromise(validateDataset(output).pipe(Effect.provide(NodeServices.layer)))
    expect(report.problems).toEqual([])
    const dataset = await Effect.runPromise(
      loadDataset(result.manifestPath).pipe(Effect.provide(NodeServices.layer)),
    )
    expect(dataset.examples.length).toBe(names.length)
  })
})
