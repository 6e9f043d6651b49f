/** Paths and bytes of the audio fixtures (test/fixtures/audio, made by scripts/make-audio-fixtures.sh). */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

export const audioFixturePath = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/audio/${name}`, import.meta.url))

export const audioFixture = (name: string): Uint8Array => new Uint8Array(readFileSync(audioFixturePath(name)))
