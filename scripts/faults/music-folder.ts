/**
 * The input folder of the fault tests: the audio fixtures of every format, copied into `copies`
 * genre folders, plus files that must end up in the manifest's errors (empty, random bytes, text, an
 * HTML page, a file cut inside its header).
 *
 * @module
 */
import { copyFileSync, mkdirSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const fixtures = fileURLToPath(new URL("../../test/fixtures/audio/", import.meta.url))

/** One file per format and layout: WAV (16/24-bit, float, W64, RF64), MP3, FLAC, Vorbis, Opus, M4A. */
export const GOOD = [
  "wav-s16le.wav",
  "wav-s24le.wav",
  "wav-f32le.wav",
  "wav-8k.w64",
  "wav-rf64.wav",
  "mp3-44k-stereo.mp3",
  "mp3-22k-mono.mp3",
  "flac-44k-stereo.flac",
  "vorbis-44k-stereo.ogg",
  "opus-48k-stereo.opus",
  "aac-faststart.m4a",
  "aac-moov-at-end.m4a",
]

export const BAD = ["empty.wav", "random.mp3", "notes.wav", "download.mp3", "truncated-header.wav"]

/**
 * Fills `dir` with `copies` genre folders of the good files and one folder of the bad ones; returns
 * the number of files.
 */
export const makeFaultInput = (dir: string, copies: number, good = GOOD): number => {
  for (let c = 0; c < copies; c++) {
    mkdirSync(join(dir, `genre${c}`), { recursive: true })
    for (const name of good) copyFileSync(join(fixtures, name), join(dir, `genre${c}`, name))
  }
  mkdirSync(join(dir, "broken"), { recursive: true })
  for (const name of BAD) copyFileSync(join(fixtures, name), join(dir, "broken", name))
  return copies * good.length + BAD.length
}
