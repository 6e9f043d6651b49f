/**
 * The whole-clip analysis behind the features file (`analyzeSamples`), for a 30 s clip at 22050 Hz:
 * each step on its own, then the whole. The dataset build spends most of its time here.
 */
import { chromaStft } from "../src/dsp/chroma.ts"
import { spectralContrast } from "../src/dsp/contrast.ts"
import { powerToDb } from "../src/dsp/db.ts"
import { melFilterbank, melSpectrogram } from "../src/dsp/mel.ts"
import { mfcc } from "../src/dsp/mfcc.ts"
import { onsetStrength } from "../src/dsp/onset.ts"
import {
  spectralBandwidth,
  spectralCentroid,
  spectralFlatness,
  spectralRolloff,
} from "../src/dsp/spectral.ts"
import { powerSpectrogram } from "../src/dsp/stft.ts"
import { analyzeTempoAndKey } from "../src/dsp/tempo-key-analysis.ts"
import { rms, zeroCrossingRate } from "../src/dsp/temporal.ts"
import { tonnetz } from "../src/dsp/tonnetz.ts"
import { analyzeSamples } from "../src/stream/analyze.ts"
import { musicSignal } from "../test/support/music-signal.ts"
import { machine, table, timeMs } from "./support.ts"

const signal = musicSignal(22050, 1, 30)[0]!
const power = powerSpectrogram(signal)
const filters = melFilterbank()
const mel = melSpectrogram(power, filters)
const melDb = powerToDb(mel)
const chroma = chromaStft(power)
const envelope = onsetStrength(melDb, { scale: "db" })

const steps: [string, () => unknown][] = [
  ["power spectrogram", () => powerSpectrogram(signal)],
  ["mel", () => melSpectrogram(power, filters)],
  ["dB", () => powerToDb(mel)],
  ["MFCC", () => mfcc(melDb)],
  ["chroma (with tuning estimate)", () => chromaStft(power)],
  ["tonnetz", () => tonnetz(chroma)],
  ["spectral contrast", () => spectralContrast(power)],
  ["centroid", () => spectralCentroid(power)],
  ["bandwidth", () => spectralBandwidth(power)],
  ["rolloff", () => spectralRolloff(power)],
  ["flatness", () => spectralFlatness(power)],
  ["onset strength", () => onsetStrength(melDb, { scale: "db" })],
  ["ZCR", () => zeroCrossingRate(signal)],
  ["RMS", () => rms(signal)],
  ["tempo, beats, key", () => analyzeTempoAndKey({ onsetEnvelope: envelope, melDb, power, duration: 30 })],
]

console.log(`${machine()}; 30 s clip at 22050 Hz; median of 15 runs\n`)
const rows = steps.map(([name, fn]) => [name, timeMs(fn, 15, 3).toFixed(1)])
const whole = timeMs(() => analyzeSamples(signal), 15, 3)
rows.push(["**whole analysis (analyzeSamples)**", `**${whole.toFixed(1)}**`])
table(["step", "ms"], rows)
console.log(
  `\nTarget for the dataset build: ≥ 30 clips/s on 2 cores, i.e. ≤ 66 ms per clip per core, decoding included.`,
)
