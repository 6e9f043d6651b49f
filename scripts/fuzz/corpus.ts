/**
 * The seed files fuzzing starts from: every valid audio fixture of the test suite (each WAV variant,
 * W64, RF64, MPEG-1 and MPEG-2 MP3, FLAC, Ogg Vorbis, Opus, M4A with its index first and last) and
 * the formats they lack (`test/fixtures/fuzz-seeds`: fragmented M4A, MPEG-1 layer II, 6-channel Opus
 * and 24-bit FLAC), with their formats and header fields.
 *
 * @module
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { sniffFormat } from "../../src/stream/decode/sniff.ts"
import { type Field, headerFields } from "./fields.ts"

export interface Seed {
  readonly name: string
  readonly format: string
  readonly bytes: Uint8Array
  readonly fields: ReadonlyArray<Field>
}

const SEED_DIRS = [
  fileURLToPath(new URL("../../test/fixtures/audio/", import.meta.url)),
  fileURLToPath(new URL("../../test/fixtures/fuzz-seeds/", import.meta.url)),
]

/** Fixtures that are broken or not audio on purpose: mutating them adds nothing. */
const BROKEN = /^(truncated|empty|random|notes|download)/

/** Loads the seed files (sorted by name, so that a seed number means the same inputs everywhere). */
export const loadSeeds = (): Seed[] =>
  SEED_DIRS.flatMap((dir) => readdirSync(dir).map((name) => ({ dir, name })))
    .filter(({ name }) => !BROKEN.test(name))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map(({ dir, name }) => {
      const bytes = new Uint8Array(readFileSync(join(dir, name)))
      const id3 = sniffFormat(bytes, true)
      const sniffed = id3.kind === "skip" ? sniffFormat(bytes.subarray(id3.bytes), true, true) : id3
      if (sniffed.kind !== "format") throw new Error(`fuzz seed ${name} is not decodable audio`)
      return { name, format: sniffed.format, bytes, fields: headerFields(sniffed.format, bytes) }
    })
