/**
 * Streams an audio file through mirflow's stages and prints statistics for each 3 s window as soon
 * as it is complete — the shape of live classification, without a model.
 *
 *   npm run example examples/stream-windows.ts [file]     (default: the bundled demo)
 */
import { Console, Effect, Stream } from "effect"
import {
  decodeAudio,
  frame,
  melSpectrogram,
  mixdown,
  powerToDb,
  resample,
  stft,
  window,
} from "mirflow/stream"

const file = process.argv[2] ?? new URL("audio/demo.mp3", import.meta.url).pathname

const program = decodeAudio(file).pipe(
  mixdown, // planar PCM → mono
  resample(22050),
  frame({ size: 2048, hop: 512 }),
  stft, // power spectra
  melSpectrogram({ nMels: 128 }),
  powerToDb(), // 10·log10(power), element-wise
  window({ seconds: 3, hop: 1.5 }),
  Stream.runForEach((w) => {
    const { frames, bins, data } = w.mel
    let sum = 0
    let loudest = Number.NEGATIVE_INFINITY
    for (const v of data) {
      sum += v
      loudest = Math.max(loudest, v)
    }
    // The mel band with the most energy on average: a rough "where is the music" indicator.
    const bandMeans = Array.from({ length: bins }, (_, m) => {
      let s = 0
      for (let t = 0; t < frames; t++) s += data[t * bins + m]!
      return s / frames
    })
    const brightest = bandMeans.indexOf(Math.max(...bandMeans))
    return Console.log(
      `window ${String(w.index).padStart(2)}  ${w.start.toFixed(2)}–${w.end.toFixed(2)} s  ` +
        `mean ${(sum / data.length).toFixed(1)} dB  peak ${loudest.toFixed(1)} dB  strongest mel band ${brightest}`,
    )
  }),
)

Effect.runPromise(program).catch((error) => {
  console.error(String(error))
  process.exitCode = 1
})
