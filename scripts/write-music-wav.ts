/**
 * Writes the test music signal (test/support/music-signal.ts) as a 32-bit float WAV, the source that
 * `make-audio-fixtures.sh` and the decode benchmark encode with ffmpeg.
 *
 * Usage: npx tsx scripts/write-music-wav.ts <out.wav> <sampleRate> <channels> <seconds>
 */
import { writeFileSync } from "node:fs"
import { musicSignal } from "../test/support/music-signal.ts"

/** A WAVE_FORMAT_IEEE_FLOAT file of planar `channels` (a standard 44-byte header). */
export const floatWav = (channels: ReadonlyArray<Float32Array>, sampleRate: number): Uint8Array => {
  const frames = channels[0]?.length ?? 0
  const dataBytes = frames * channels.length * 4
  const out = new Uint8Array(44 + dataBytes)
  const view = new DataView(out.buffer)
  const ascii = (at: number, s: string) =>
    [...s].forEach((ch, i) => {
      view.setUint8(at + i, ch.charCodeAt(0))
    })
  ascii(0, "RIFF")
  view.setUint32(4, 36 + dataBytes, true)
  ascii(8, "WAVE")
  ascii(12, "fmt ")
  view.setUint32(16, 16, true)
  view.setUint16(20, 3, true)
  view.setUint16(22, channels.length, true)
  view.setUint32(24, sampleRate, true)
  view.setUint32(28, sampleRate * channels.length * 4, true)
  view.setUint16(32, channels.length * 4, true)
  view.setUint16(34, 32, true)
  ascii(36, "data")
  view.setUint32(40, dataBytes, true)
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels.length; c++)
      view.setFloat32(44 + (i * channels.length + c) * 4, channels[c]![i]!, true)
  }
  return out
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, rate, channels, seconds] = process.argv.slice(2)
  if (path === undefined || rate === undefined || channels === undefined || seconds === undefined) {
    console.error("usage: write-music-wav.ts <out.wav> <sampleRate> <channels> <seconds>")
    process.exit(2)
  }
  writeFileSync(path, floatWav(musicSignal(Number(rate), Number(channels), Number(seconds)), Number(rate)))
}
