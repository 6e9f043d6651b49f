/**
 * Tempo, beats, onsets, rhythm descriptors and key of a 30 s clip, given what the feature analysis
 * computes anyway (power spectrogram, mel dB spectrogram, onset strength). Target: at most 5 ms for
 * all of them together (issue 5).
 *
 * The input is real music: GTZAN rock's golden samples (10 s, from test/fixtures) tiled to 30 s, run
 * through mirflow's STFT, mel, dB and onset strength outside the timed region. The peer is aubio's
 * `aubio tempo` on the same 30 s written to a WAV file, timed as a whole process (start-up and
 * decoding included: aubio has no in-process API here), when aubio-tools is installed.
 *
 *     npx tsx bench/estimators.bench.ts
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { trackBeats } from "../src/dsp/beats.ts"
import { powerToDb } from "../src/dsp/db.ts"
import { combinePitchClassProfiles, estimateKey } from "../src/dsp/key.ts"
import { melFilterbank, melSpectrogram } from "../src/dsp/mel.ts"
import { checkMetricalLevel } from "../src/dsp/metrical-level.ts"
import { onsetStrength } from "../src/dsp/onset.ts"
import { bandOnsetStrength } from "../src/dsp/onset-bands.ts"
import { detectOnsets } from "../src/dsp/onset-detect.ts"
import { pitchClassProfile } from "../src/dsp/pitch-class-profile.ts"
import { rhythmFeatures } from "../src/dsp/rhythm-features.ts"
import { powerSpectrogram } from "../src/dsp/stft.ts"
import { estimateTempo } from "../src/dsp/tempo.ts"
import { analyzeTempoAndKey } from "../src/dsp/tempo-key-analysis.ts"
import { encodeWav } from "../src/dsp/wav.ts"
import { loadGolden } from "../test/support/golden.ts"
import { figure, machine, table, timeMs } from "./support.ts"

const SAMPLE_RATE = 22050
const CLIP_SECONDS = 30
const TARGET_MS = 5

const tenSeconds = loadGolden("gtzan_rock/input").data as Float32Array
const signal = new Float32Array(CLIP_SECONDS * SAMPLE_RATE)
for (let i = 0; i < signal.length; i += tenSeconds.length)
  signal.set(tenSeconds.subarray(0, signal.length - i), i)
const power = powerSpectrogram(signal)
const melDb = powerToDb(melSpectrogram(power, melFilterbank()))
const onsetEnvelope = onsetStrength(melDb)
const inputs = { onsetEnvelope, melDb, power, duration: CLIP_SECONDS }

const low = bandOnsetStrength(melDb)
const tempo = estimateTempo([
  { envelope: onsetEnvelope, weight: 1 },
  { envelope: low, weight: 4 },
])
const beats = trackBeats(onsetEnvelope, tempo.bpm)

const rows: ReadonlyArray<readonly [string, () => unknown]> = [
  [
    "tempo (low-band envelope + windowed ACF comb + prior)",
    () =>
      estimateTempo([
        { envelope: onsetEnvelope, weight: 1 },
        { envelope: bandOnsetStrength(melDb), weight: 4 },
      ]),
  ],
  ["beats (dynamic programming)", () => trackBeats(onsetEnvelope, tempo.bpm)],
  [
    "metrical-level check (here the low band alone rules halving out)",
    () => checkMetricalLevel(tempo.bpm, beats, low, melDb),
  ],
  [
    "metrical-level check, worst case (percussive medians at every beat)",
    () => checkMetricalLevel(tempo.bpm, beats, low, melDb, { threshold: 0 }),
  ],
  ["onsets + rhythm descriptors", () => rhythmFeatures(onsetEnvelope, beats, detectOnsets(onsetEnvelope))],
  [
    "key (spectral-peak pitch-class profile + 24 correlations)",
    () => estimateKey(combinePitchClassProfiles(pitchClassProfile(power))),
  ],
  ["all of it: analyzeTempoAndKey", () => analyzeTempoAndKey(inputs)],
]

// Warm every function up first: on a busy 2-core machine the optimizing compiler arrives late.
for (let i = 0; i < 30; i++) for (const [, fn] of rows) fn()

const aubioMs = (): number | undefined => {
  const dir = mkdtempSync(join(tmpdir(), "mirflow-bench-"))
  try {
    const wav = join(dir, "clip.wav")
    writeFileSync(wav, encodeWav([signal], SAMPLE_RATE))
    if (spawnSync("aubio", ["--help"], { stdio: "ignore" }).status !== 0) return undefined
    return timeMs(() => spawnSync("aubio", ["tempo", wav], { stdio: "ignore" }), 5, 1)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

console.log(`${machine()}; a ${CLIP_SECONDS} s clip = ${power.frames} frames; median wall time of 30 runs\n`)
const lines = rows.map(([name, fn]) => {
  const ms = timeMs(fn, 30, 10)
  return [
    name,
    ms.toFixed(2),
    name.startsWith("all") ? `≤ ${TARGET_MS}` : "",
    name.startsWith("all") && ms <= TARGET_MS ? "yes" : name.startsWith("all") ? "NO" : "",
  ]
})
table(["step", "mirflow ms / 30 s", "target", "met"], lines)
const peer = aubioMs()
const allSteps = rows.findIndex(([name]) => name.startsWith("all"))
figure({
  area: "estimators",
  name: `tempo, beats and key of a ${CLIP_SECONDS} s clip, median`,
  value: Number(lines[allSteps]![1]),
  unit: "ms",
  target: { atMost: TARGET_MS },
  peer: peer === undefined ? "aubio-tools absent" : `aubio tempo (whole process) ${peer.toFixed(0)} ms`,
})
console.log(
  peer === undefined
    ? "\naubio-tools is not installed: no peer figure (apt-get install -y aubio-tools)."
    : `\nPeer: \`aubio tempo\` on the same 30 s WAV, whole process (start-up, decoding, onset analysis, tempo): ${peer.toFixed(0)} ms.`,
)
