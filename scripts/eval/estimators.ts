/**
 * `npm run eval:estimators`: tempo and key accuracy of mirflow's estimators next to aubio's tempo,
 * per data set, with the time per 30 s clip.
 *
 *   npm run eval:estimators [-- --corpus DIR [--corpus DIR2 …]] [--verbose]
 *
 * Data sets: the rendered General MIDI corpora (the default, seed 1, is rendered first when missing;
 * others are rendered with render-corpus.ts, `--style band` for the harder style) and the real
 * recordings of ../shared/data/tempo-key-dev/ when that folder exists (the script says so when it
 * does not). Each table has a row without the metrical-level check, to show what it changes.
 *
 * @module
 */
import { existsSync } from "node:fs"
import { join } from "node:path"
import { parseArgs } from "node:util"
import { chromaStft } from "../../src/dsp/chroma.ts"
import { powerToDb } from "../../src/dsp/db.ts"
import { combinePitchClassProfiles, estimateKey } from "../../src/dsp/key.ts"
import type { Key } from "../../src/dsp/key-label.ts"
import { type KeyProfileName, keyProfiles } from "../../src/dsp/key-profiles.ts"
import { melFilterbank, melSpectrogram } from "../../src/dsp/mel.ts"
import { summarizeKey, summarizeTempo } from "../../src/dsp/metrics.ts"
import { onsetStrength } from "../../src/dsp/onset.ts"
import { pitchClassProfile } from "../../src/dsp/pitch-class-profile.ts"
import { powerSpectrogram } from "../../src/dsp/stft.ts"
import { analyzeTempoAndKey, type TempoKeyAnalysis } from "../../src/dsp/tempo-key-analysis.ts"
import { aubioAvailable, aubioTempo } from "./aubio.ts"
import { type Dataset, type LabelledFile, readLabels, tempoKeyDev } from "./datasets.ts"
import { decodeMono } from "./decode.ts"
import { defaultCorpusDir, renderCorpus } from "./render-corpus.ts"

const sampleRate = 22050
const filters = melFilterbank({ sampleRate, nFft: 2048, nMels: 128 })

/** One file's results. */
interface Row {
  readonly file: LabelledFile
  readonly seconds: number
  readonly analysis: TempoKeyAnalysis
  /** The tempo without the metrical-level check (periodicity and beat tracking alone). */
  readonly tempoWithoutCheck: number
  /** Wall time of `analyzeTempoAndKey` alone, ms. */
  readonly estimatorMs: number
  readonly aubio?: { bpm: number; ms: number }
  /** The clip's pitch-class profile, for the profile comparison. */
  readonly pitchClasses: Float64Array
  /** chroma_stft summed over frames: the librosa-style key baseline's input. */
  readonly chromaSum: Float64Array
}

const analyseFile = async (file: LabelledFile, withAubio: boolean): Promise<Row> => {
  const samples = await decodeMono(file.path, sampleRate)
  const power = powerSpectrogram(samples)
  const melDb = powerToDb(melSpectrogram(power, filters))
  const onsetEnvelope = onsetStrength(melDb)
  const seconds = samples.length / sampleRate
  const inputs = { onsetEnvelope, melDb, power, duration: seconds }
  // Steady-state time: warm the compiler up, then the median of 5 runs (the first runs of a file are
  // slower on a busy machine; bench/estimators.bench.ts is the speed reference).
  for (let i = 0; i < 5; i++) analyzeTempoAndKey(inputs)
  const times: number[] = []
  let analysis = analyzeTempoAndKey(inputs)
  for (let i = 0; i < 5; i++) {
    const start = performance.now()
    analysis = analyzeTempoAndKey(inputs)
    times.push(performance.now() - start)
  }
  const estimatorMs = times.sort((a, b) => a - b)[2]!
  const tempoWithoutCheck = analyzeTempoAndKey(inputs, { subBeatThreshold: Number.POSITIVE_INFINITY }).tempo
  const chroma = chromaStft(power)
  const chromaSum = new Float64Array(12)
  for (let t = 0; t < chroma.frames; t++)
    for (let c = 0; c < 12; c++) chromaSum[c]! += chroma.data[t * 12 + c]!
  return {
    file,
    seconds,
    analysis,
    tempoWithoutCheck,
    estimatorMs,
    ...(withAubio ? { aubio: aubioTempo(file.path) } : {}),
    pitchClasses: combinePitchClassProfiles(pitchClassProfile(power)),
    chromaSum,
  }
}

const pct = (x: number) => (Number.isNaN(x) ? "–" : x.toFixed(3))

const report = (dataset: Dataset, rows: ReadonlyArray<Row>, verbose: boolean): void => {
  const tempoRows = rows.filter((r) => r.file.bpm !== undefined)
  const keyRows = rows.filter((r) => r.file.key !== undefined)
  const ours = summarizeTempo(tempoRows.map((r) => [r.analysis.tempo, r.file.bpm!]))
  const key = summarizeKey(keyRows.map((r) => [r.analysis.key.key, r.file.key!]))
  // Time per 30 s of audio over the whole set (scaling each short clip up would inflate its fixed costs).
  const per30 = (timed: ReadonlyArray<Row>, ms: (r: Row) => number) =>
    (30 * timed.reduce((sum, r) => sum + ms(r), 0)) / timed.reduce((sum, r) => sum + r.seconds, 0)
  console.log(
    `\n### ${dataset.name}: ${rows.length} files, ${tempoRows.length} with tempo, ${keyRows.length} with key\n`,
  )
  console.log("| estimator | tempo Acc1 | tempo Acc2 | key MIREX | key exact | ms per 30 s clip |")
  console.log("| --- | --- | --- | --- | --- | --- |")
  console.log(
    `| mirflow (tempo + beats + onsets + rhythm + key) | ${pct(ours.acc1)} | ${pct(ours.acc2)} | ${pct(key.mirex)} | ${pct(key.exact)} | ${per30(rows, (r) => r.estimatorMs).toFixed(2)} |`,
  )
  const withoutCheck = summarizeTempo(tempoRows.map((r) => [r.tempoWithoutCheck, r.file.bpm!]))
  console.log(
    `| mirflow without the metrical-level check (tempo from periodicity alone) | ${pct(withoutCheck.acc1)} | ${pct(withoutCheck.acc2)} | – | – | – |`,
  )
  const baseline = summarizeKey(
    keyRows.map((r) => [estimateKey(r.chromaSum, { profile: "krumhansl" }).key, r.file.key!]),
  )
  console.log(
    `| key baseline: chroma_stft + Krumhansl-Schmuckler (librosa-style) | – | – | ${pct(baseline.mirex)} | ${pct(baseline.exact)} | – |`,
  )
  const withAubio = tempoRows.filter((r) => r.aubio !== undefined)
  if (withAubio.length > 0) {
    const a = summarizeTempo(withAubio.map((r) => [r.aubio!.bpm, r.file.bpm!]))
    console.log(
      `| aubio tempo (aubio-tools, whole process incl. decoding) | ${pct(a.acc1)} | ${pct(a.acc2)} | – | – | ${per30(withAubio, (r) => r.aubio!.ms).toFixed(0)} |`,
    )
  }

  console.log("\nKey profiles on the same pitch-class profiles (MIREX / exact):\n")
  console.log("| profile | MIREX | exact |")
  console.log("| --- | --- | --- |")
  for (const name of Object.keys(keyProfiles) as KeyProfileName[]) {
    const s = summarizeKey(
      keyRows.map((r) => [estimateKey(r.pitchClasses, { profile: name }).key, r.file.key!] as [Key, Key]),
    )
    console.log(`| ${name} | ${pct(s.mirex)} | ${pct(s.exact)} |`)
  }
  if (verbose) {
    console.log("\n| file | bpm | ours | runner-up | conf | no check | aubio | key | ours | conf |")
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for (const r of rows) {
      const a = r.analysis
      console.log(
        `| ${r.file.name} | ${r.file.bpm?.toFixed(1) ?? ""} | ${a.tempo.toFixed(1)} | ${a.runnerUpTempo.toFixed(1)} | ${a.tempoConfidence.toFixed(2)} | ${r.tempoWithoutCheck.toFixed(1)} | ${r.aubio?.bpm.toFixed(1) ?? ""} | ${r.file.key ? `${r.file.key.tonic}:${r.file.key.mode}` : ""} | ${a.key.label} | ${a.key.confidence.toFixed(2)} |`,
      )
    }
  }
}

const main = async () => {
  const { values } = parseArgs({
    options: {
      corpus: { type: "string", multiple: true, default: [defaultCorpusDir] },
      verbose: { type: "boolean", default: false },
    },
  })
  const datasets: Dataset[] = []
  for (const corpus of values.corpus) {
    const corpusLabels = join(corpus, "labels.csv")
    if (!existsSync(corpusLabels)) {
      if (corpus !== defaultCorpusDir)
        throw new Error(
          `${corpusLabels} is missing: render it with npm run eval:render-corpus -- --out ${corpus}`,
        )
      console.log(`${corpusLabels} is missing: rendering the corpus (fluidsynth + ffmpeg, a few minutes)…`)
      renderCorpus(corpus, 40, 1)
    }
    datasets.push(readLabels(corpusLabels, `rendered General MIDI corpus (${corpus})`))
  }
  const withAubio = aubioAvailable()
  if (!withAubio)
    console.log("aubio is not installed (apt-get install -y aubio-tools): its rows are left out.")
  const real = tempoKeyDev()
  if (real.dataset) datasets.push(real.dataset)
  else console.log(`NOTE: ${real.missing}`)

  console.log("# Tempo, beats and key estimators\n")
  console.log(
    "Decoding, mixdown and resampling to 22050 Hz: mirflow's decoder and resampler. Features: mirflow's STFT, mel, dB and onset strength. Timing: analyzeTempoAndKey alone, given those, in ms per 30 s of audio over each set; noisy on a shared machine.",
  )
  for (const dataset of datasets) {
    const rows: Row[] = []
    for (const file of dataset.files) rows.push(await analyseFile(file, withAubio))
    report(dataset, rows, values.verbose)
  }
  if (!real.dataset) console.log(`\n(${real.missing})`)
}

await main()
