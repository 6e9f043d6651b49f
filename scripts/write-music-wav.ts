/**
 * Writes the test music signal (test/support/music-signal.ts) as a 32-bit float WAV, the source that
 * `make-audio-fixtures.sh` and the decode benchmark encode with ffmpeg.
 *
 * Usage: npx tsx scripts/write-music-wav.ts <out.wav> <sampleRate> <channels> <seconds>
 */
import { writeFileSync } from "node:fs"
import { encodeWav } from "../src/dsp/wav.ts"
import { musicSignal } from "../test/support/music-signal.ts"

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, rate, channels, seconds] = process.argv.slice(2)
  if (path === undefined || rate === undefined || channels === undefined || seconds === undefined) {
    console.error("usage: write-music-wav.ts <out.wav> <sampleRate> <channels> <seconds>")
    process.exit(2)
  }
  writeFileSync(
    path,
    encodeWav(musicSignal(Number(rate), Number(channels), Number(seconds)), Number(rate), "float32"),
  )
}
