import { readdirSync, readFileSync } from "node:fs"
import { Effect, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { loadSeeds } from "../scripts/fuzz/corpus.ts"
import { runFuzz } from "../scripts/fuzz/engine.ts"
import { makeInput } from "../scripts/fuzz/mutate.ts"
import { DecodeSupervisor } from "../scripts/fuzz/supervisor.ts"
import { decodeAll } from "../src/stream/decode/decode.ts"

const fuzzFixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`fixtures/fuzz/${name}`, import.meta.url)))

/** Each minimised finding (see fixtures/fuzz/README.md) and the error it must now end with. */
const REGRESSIONS: ReadonlyArray<readonly [file: string, message: RegExp]> = [
  ["mp4-stts-count-past-box.m4a", /index is damaged: its 'stts' table declares 4294967295 entries/],
  ["mp4-stco-count-past-box.m4a", /index is damaged: its 'stco' table declares \d+ entries/],
  ["mp4-stsz-count-past-box.m4a", /index is damaged: its 'stsz' table declares 2147483648 entries/],
  ["mp4-stsc-count-past-box.m4a", /index is damaged: its 'stsc' table declares \d+ entries/],
  ["mp4-elst-count-past-box.m4a", /index is damaged: its 'elst' table declares 2147483647 entries/],
  ["mp4-trun-count-past-box.m4a", /index is damaged: a fragment's 'trun' table declares 2147483647 samples/],
  [
    "vorbis-no-framing-flag.ogg",
    /Vorbis header is invalid: its identification header lacks the framing flag/,
  ],
  ["vorbis-version-not-0.ogg", /Vorbis header is invalid: it declares Vorbis version 4194304/],
  [
    "vorbis-audio-packet-read-as-header.ogg",
    /Vorbis file is damaged: a packet is neither a valid header nor audio/,
  ],
  ["opus-first-page-not-0.opus", /first page is numbered 36000, not 0/],
  ["opus-family-0-with-8-channels.opus", /mapping family 0 allows 1 or 2 channels, not 8/],
]

const chunked = (bytes: Uint8Array, size: number) =>
  Stream.fromIterable(
    Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
      bytes.subarray(i * size, (i + 1) * size),
    ),
    { chunkSize: 1 },
  )

describe("decoder fuzzing regressions", () => {
  it("has a test for every committed finding", () => {
    const files = readdirSync(new URL("fixtures/fuzz/", import.meta.url)).filter((f) => f !== "README.md")
    expect(files.sort()).toEqual(REGRESSIONS.map(([file]) => file).sort())
  })

  it.each(REGRESSIONS)("%s ends with a CorruptAudio that says what is wrong", async (file, message) => {
    const bytes = fuzzFixture(file)
    for (const input of [bytes, chunked(bytes, 97)]) {
      const error = await Effect.runPromise(Effect.flip(decodeAll(input)))
      expect(error._tag).toBe("CorruptAudio")
      expect(error.message).toMatch(message)
      expect("cause" in error && error.cause).toBeFalsy() // not a wrapped internal error
    }
  })
})

describe("decoder fuzzing", () => {
  it("makes the same input from the same seed and index, and different ones otherwise", () => {
    const seeds = loadSeeds()
    expect(makeInput(seeds, 5, 17)).toEqual(makeInput(seeds, 5, 17))
    expect(makeInput(seeds, 5, 17).bytes).not.toEqual(makeInput(seeds, 5, 18).bytes)
    expect(makeInput(seeds, 6, 17).bytes).not.toEqual(makeInput(seeds, 5, 17).bytes)
  })

  it("stops a decode that does not answer in time and carries on with a fresh worker", async () => {
    const [seed] = loadSeeds()
    const supervisor = new DecodeSupervisor([seed!.bytes])
    try {
      expect((await supervisor.decode(seed!.bytes, [1], 1)).kind).toBe("timeout")
      expect((await supervisor.decode(seed!.bytes, undefined, 30_000)).kind).toBe("audio")
      expect(supervisor.spawned).toBe(2)
    } finally {
      await supervisor.close()
    }
  })

  it("answers 300 mutated, truncated, spliced and random inputs with audio or a typed error", async () => {
    const summary = await runFuzz({ seed: 20261125, count: 300 })
    const findings = summary.findings.map((f) => `#${f.index} ${f.label}: ${f.detail} (${f.recipe})`)
    expect(findings).toEqual([])
    // The inputs reach every kind of outcome, not just the format sniffer's rejections.
    for (const outcome of [
      "audio",
      "audio (truncated)",
      "UnsupportedFormat",
      "CorruptAudio",
      "TruncatedAudio",
    ]) {
      expect(summary.counts.get(outcome) ?? 0, outcome).toBeGreaterThan(5)
    }
    expect(summary.slowest[0]!.ms).toBeLessThan(2000)
  }, 120_000)
})
