/**
 * Resampling 30 s of audio to 22050 Hz from the common rates, one-shot and streamed, and stereo
 * mixdown; beside it, node-web-audio-api's own resampling (an OfflineAudioContext at 22050 Hz playing
 * a buffer at the input rate), measured in the same run, with the alias level each leaves for a
 * 12 kHz sine (our requirement: ≤ −80 dB).
 */
import { OfflineAudioContext } from "node-web-audio-api"
import { mixdown } from "../src/dsp/mix.ts"
import { createResampler, resample } from "../src/dsp/resample.ts"
import { figure, machine, noise, table, timeMs } from "./support.ts"

const seconds = 30
const out = 22050

const realtime = (ms: number): string => `${Math.round((seconds * 1000) / ms)}×`

/** node-web-audio-api's resampler: the context renders the buffer at its own rate. */
const webAudioResample = async (signal: Float32Array, rate: number): Promise<Float32Array> => {
  const context = new OfflineAudioContext({
    numberOfChannels: 1,
    length: Math.ceil((signal.length * out) / rate),
    sampleRate: out,
  })
  const buffer = context.createBuffer(1, signal.length, rate)
  buffer.getChannelData(0).set(signal)
  const source = context.createBufferSource()
  source.buffer = buffer
  source.connect(context.destination)
  source.start()
  return (await context.startRendering()).getChannelData(0)
}

const medianMsAsync = async (fn: () => Promise<unknown>, runs = 10): Promise<number> => {
  await fn()
  const times: Array<number> = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await fn()
    times.push(performance.now() - start)
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!
}

/** Level in dB, relative to the input's, of what a 12 kHz sine at 44.1 kHz leaves after resampling. */
const aliasDb = (resampled: Float32Array): number => {
  let sum = 0
  const from = 1000
  const to = resampled.length - 1000
  for (let n = from; n < to; n++) sum += resampled[n]! ** 2
  return 10 * Math.log10(sum / (to - from) / 0.5)
}

console.log(
  `${machine()}; 30 s of noise per figure, median of 10 runs (wall clock: noisy on a shared machine)\n`,
)

const rows: Array<Array<string>> = []
for (const rate of [44100, 48000, 96000, 8000]) {
  const signal = noise(rate * seconds)
  const ms = timeMs(() => resample(signal, rate, out), 10, 2)
  const peer = await medianMsAsync(() => webAudioResample(signal, rate))
  rows.push([`resample ${rate} → ${out} Hz`, ms.toFixed(1), realtime(ms), `${peer.toFixed(1)} ms`])
  if (rate === 44100)
    figure({
      area: "DSP",
      name: `resample ${seconds} s, 44100 → ${out} Hz, median`,
      value: ms,
      unit: "ms",
      peer: `node-web-audio-api ${peer.toFixed(1)} ms`,
    })
}
{
  const signal = noise(44100 * seconds)
  const streamed = timeMs(() => {
    const resampler = createResampler(44100, out)
    for (let at = 0; at < signal.length; at += 4096) resampler.process(signal.subarray(at, at + 4096))
    resampler.flush()
  }, 10)
  rows.push([
    "resample 44100 → 22050 Hz, streamed in 4096-sample chunks",
    streamed.toFixed(1),
    realtime(streamed),
    "",
  ])
  const left = noise(44100 * seconds, 2)
  const right = noise(44100 * seconds, 3)
  const mix = timeMs(() => mixdown([left, right]), 10)
  rows.push(["mixdown stereo 44100 Hz", mix.toFixed(1), realtime(mix), ""])
}
table(["figure", "ms", "× realtime", "peer: node-web-audio-api"], rows)

const ours = aliasDb(
  resample(
    Float32Array.from({ length: 44100 }, (_, i) => Math.sin((2 * Math.PI * 12000 * i) / 44100)),
    44100,
    out,
  ),
)
figure({
  area: "DSP",
  name: "resampler alias of a 12 kHz sine, 44.1 kHz → 22050 Hz",
  value: ours,
  unit: "dB",
  target: { atMost: -80 },
})
const tone = Float32Array.from({ length: 44100 }, (_, i) => Math.sin((2 * Math.PI * 12000 * i) / 44100))
console.log("\nAlias left by a 12 kHz sine, 44.1 kHz → 22050 Hz (requirement ≤ −80 dB):\n")
table(
  ["resampler", "alias level"],
  [
    ["mirflow resample", `${aliasDb(resample(tone, 44100, out)).toFixed(1)} dB`],
    ["node-web-audio-api", `${aliasDb(await webAudioResample(tone, 44100)).toFixed(1)} dB`],
  ],
)
