/**
 * The decode → mel pipeline end to end, against issue 3's targets: decode and decode+mel of 30 s of
 * 44.1 kHz stereo MP3, FLAC and M4A (target: MP3 → mel ≤ 40 ms on one core), where the time goes on
 * the decoded MP3, and the peak resident memory of a one-hour streamed input (target < 200 MB).
 *
 * The inputs are the test music signal encoded by ffmpeg into a temporary folder; without ffmpeg only
 * a float WAV is measured and the memory check streams synthesized WAV. Wall times are the best and
 * the median of 15 runs; the main thread's mean CPU time is printed beside them because the
 * machine may be shared. The memory check runs each input in a child process of plain `node` (see
 * `pipeline-memory.ts`), compiled to JavaScript as the package ships, then says what the loaded code
 * holds, compiled and as TypeScript sources. Run: `npx tsx bench/pipeline.bench.ts` (about 5 minutes).
 */
import { spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Effect } from "effect"
import { applyMelFilterbank, melFilterbank } from "../src/dsp/mel.ts"
import { mixdown } from "../src/dsp/mix.ts"
import { resample } from "../src/dsp/resample.ts"
import { powerSpectrogram } from "../src/dsp/stft.ts"
import { encodeWav } from "../src/dsp/wav.ts"
import { decodeAll } from "../src/stream/decode/decode.ts"
import { collectMel, melStream } from "../src/stream/pipeline.ts"
import { musicSignal } from "../test/support/music-signal.ts"
import { figure, loadAverage, machine, type Timing, table, timeRuns } from "./support.ts"

const SECONDS = 30
const RATE = 44100
const TARGET_MS = 40
const MEMORY_SECONDS = 3600
const MEMORY_TARGET_MB = 200

const hasFfmpeg = spawnSync("ffmpeg", ["-version"]).status === 0
const ffmpeg = (args: ReadonlyArray<string>) => {
  const run = spawnSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", ...args])
  if (run.status !== 0) throw new Error(`ffmpeg ${args.join(" ")}: ${run.stderr}`)
}

interface Input {
  readonly label: string
  readonly file: string
  /** The ffmpeg muxer that loops it for the memory check (no re-encoding), if it can be streamed so. */
  readonly muxer?: string
}

/** Writes the 30 s music signal and encodes it into each format (MP3 without tags, so it loops cleanly). */
const makeInputs = (dir: string): Input[] => {
  const source = join(dir, "source.wav")
  writeFileSync(source, encodeWav(musicSignal(RATE, 2, SECONDS), RATE, "float32"))
  if (!hasFfmpeg) return [{ label: "WAV float", file: source }]
  const encode = (name: string, args: ReadonlyArray<string>) => {
    const file = join(dir, name)
    ffmpeg(["-i", source, ...args, file])
    return file
  }
  return [
    {
      label: "MP3 192 kb/s",
      file: encode("a.mp3", [
        "-c:a",
        "libmp3lame",
        "-b:a",
        "192k",
        "-id3v2_version",
        "0",
        "-write_xing",
        "0",
      ]),
      muxer: "mp3",
    },
    { label: "FLAC 16-bit", file: encode("a.flac", ["-c:a", "flac", "-sample_fmt", "s16"]), muxer: "flac" },
    {
      label: "M4A AAC 192 kb/s",
      file: encode("a.m4a", ["-c:a", "aac", "-b:a", "192k", "-movflags", "+faststart"]),
    },
    { label: "WAV float", file: source },
  ]
}

const ms = (t: Timing) => `${t.best.toFixed(1)} / ${t.median.toFixed(1)} / ${t.cpu.toFixed(1)}`
const realtime = (t: Timing) => `${Math.round((SECONDS * 1000) / t.best)}×`

const timings = async (inputs: ReadonlyArray<Input>) => {
  console.log(`${machine()}; load average ${loadAverage()}\n`)
  console.log(
    `${SECONDS} s of ${RATE} Hz stereo from bytes in memory; ms as best / median wall time / mean main-thread CPU time of 15 runs.\n`,
  )
  const rows: string[][] = []
  for (const input of inputs) {
    const bytes = new Uint8Array(readFileSync(input.file))
    const decode = await timeRuns(() => Effect.runPromise(decodeAll(bytes)))
    const mel = await timeRuns(() => Effect.runPromise(collectMel(melStream(bytes))))
    const target = input.label.startsWith("MP3") ? `≤ ${TARGET_MS} ms` : ""
    rows.push([input.label, ms(decode), realtime(decode), ms(mel), realtime(mel), target])
    figure({
      area: "pipeline",
      name: `decode + mel of ${SECONDS} s ${input.label} ${RATE / 1000} kHz stereo, CPU time`,
      value: mel.cpu,
      unit: "ms",
      ...(input.label.startsWith("MP3") ? { target: { atMost: TARGET_MS } } : {}),
    })
  }
  table(
    ["input", "decode (ms)", "× realtime", "decode + mel (ms)", "× realtime", "target, decode + mel"],
    rows,
  )
  console.log(`\nload average after: ${loadAverage()}`)
}

/** The whole-buffer kernels on the decoded first input, to show where decode + mel spends its time. */
const stages = async (input: Input) => {
  const decoded = await Effect.runPromise(decodeAll(new Uint8Array(readFileSync(input.file))))
  const mono = mixdown(decoded.channels)
  const resampled = resample(mono, decoded.sampleRate, 22050)
  const power = powerSpectrogram(resampled)
  const filters = melFilterbank({ sampleRate: 22050, nFft: 2048, nMels: 128 })
  const mel = new Float32Array(power.frames * filters.nMels)
  const rows: string[][] = []
  const row = async (label: string, fn: () => unknown) => {
    const t = await timeRuns(fn)
    rows.push([label, ms(t)])
  }
  await row("mixdown (stereo → mono)", () => mixdown(decoded.channels))
  await row(`resample ${decoded.sampleRate} → 22050 Hz`, () => resample(mono, decoded.sampleRate, 22050))
  await row("power spectrogram (2048 / 512)", () => powerSpectrogram(resampled))
  await row("mel filterbank design (128 bands)", () =>
    melFilterbank({ sampleRate: 22050, nFft: 2048, nMels: 128 }),
  )
  await row("mel filterbank applied", () => applyMelFilterbank(filters, power.data, 0, power.frames, mel, 0))
  console.log(`\nThe stages alone on the decoded ${input.label}, whole buffers (ms, best / median / CPU):\n`)
  table(["stage", "ms"], rows)
}

interface MemoryFigures {
  readonly seconds: number
  readonly wall: number
  readonly peak: { rss: number; heapTotal: number; heapUsed: number; external: number }
  readonly steps?: ReadonlyArray<{ step: string; rss: number }>
}

/** Runs the memory child under plain node (`script` is its .ts source or its compiled .js). */
const memoryChild = (script: string, args: ReadonlyArray<string>): MemoryFigures | string => {
  const result = spawnSync(process.execPath, [script, ...args], { encoding: "utf8" })
  const line = result.stdout.trim().split("\n").pop() ?? ""
  return result.status === 0 && line.startsWith("{")
    ? (JSON.parse(line) as MemoryFigures)
    : result.stderr.slice(0, 300)
}

/**
 * Compiles the memory child and the sources it imports to JavaScript (as the published package runs),
 * into `.tmp/` inside the project so that its imports find `node_modules`. Undefined when tsc fails.
 */
const compileMemoryChild = (): string | undefined => {
  const root = fileURLToPath(new URL("..", import.meta.url))
  const out = join(root, ".tmp", "pipeline-bench-js")
  mkdirSync(out, { recursive: true })
  writeFileSync(
    join(out, "tsconfig.json"),
    JSON.stringify({
      extends: "../../tsconfig.json",
      compilerOptions: { noEmit: false, rootDir: "../..", outDir: ".", sourceMap: false },
      include: [],
      files: ["../../bench/pipeline-memory.ts"],
    }),
  )
  const tsc = spawnSync(join(root, "node_modules", ".bin", "tsc"), ["-p", join(out, "tsconfig.json")], {
    encoding: "utf8",
  })
  return tsc.status === 0 ? join(out, "bench", "pipeline-memory.js") : undefined
}

/**
 * The one-hour memory check: each input in a fresh plain-node child running the compiled JavaScript,
 * peak resident memory and its parts; then what the resident memory of the loaded code is made of.
 */
const memory = (inputs: ReadonlyArray<Input>) => {
  const source = fileURLToPath(new URL("./pipeline-memory.ts", import.meta.url))
  const compiled = compileMemoryChild()
  const child = compiled ?? source
  const streamed = inputs
    .filter((input) => input.muxer !== undefined)
    .map((input) => ({
      label: `${input.label}, looped and piped by ffmpeg`,
      script: child,
      args: [input.muxer!, input.file, String(MEMORY_SECONDS)],
    }))
  const runs: Array<{ label: string; script: string; args: string[] }> = [
    ...streamed,
    { label: "WAV float, synthesized", script: child, args: ["wav", "", String(MEMORY_SECONDS)] },
    // The first input again, as a git checkout runs it (bin/mirflow.js): Node strips the types itself.
    ...(compiled === undefined || streamed[0] === undefined
      ? []
      : [{ ...streamed[0], label: `${streamed[0].label}, TypeScript sources`, script: source }]),
  ]
  console.log(
    `\nOne hour streamed through melStream (decode → mel), each in a fresh \`node\` process (Node ${process.versions.node}) running ${compiled === undefined ? "the TypeScript sources (tsc failed)" : "the sources compiled to JavaScript, as the package ships them"}; resident memory sampled after every mel block (MiB):\n`,
  )
  const rows: string[][] = []
  for (const run of runs) {
    const r = memoryChild(run.script, run.args)
    if (typeof r === "string") {
      rows.push([run.label, "failed", r, "", "", "", ""])
      continue
    }
    const mib = (x: number) => x.toFixed(0)
    figure({
      area: "pipeline",
      name: `peak RSS, one hour streamed through melStream: ${run.label}`,
      value: (r.peak.rss * 2 ** 20) / 1e6,
      unit: "MB",
      target: { below: MEMORY_TARGET_MB },
    })
    rows.push([
      run.label,
      `${(r.seconds / 60).toFixed(1)} min in ${r.wall.toFixed(1)} s`,
      `**${mib(r.peak.rss)}**`,
      mib(r.peak.heapTotal),
      mib(r.peak.heapUsed),
      mib(r.peak.external),
      `< ${MEMORY_TARGET_MB} MB`,
    ])
  }
  table(
    ["input", "streamed", "peak RSS", "V8 heap", "of it live", "external (buffers, WASM)", "target"],
    rows,
  )
  if (!hasFfmpeg) console.log("\nffmpeg is absent: the MP3 and FLAC streams are skipped.")

  // What the loaded code holds, before any audio: compiled JavaScript, then the TypeScript sources.
  const baselines = [
    ...(compiled === undefined
      ? []
      : [{ label: "compiled JavaScript", figures: memoryChild(compiled, ["baseline"]) }]),
    { label: "TypeScript sources (Node strips the types)", figures: memoryChild(source, ["baseline"]) },
  ]
  console.log("\nResident memory as the code loads, before any audio (MiB, cumulative):\n")
  const steps = baselines.flatMap(({ figures }) => (typeof figures === "string" ? [] : (figures.steps ?? [])))
  const names = [...new Set(steps.map((s) => s.step))]
  table(
    ["step", ...baselines.map((b) => b.label)],
    names.map((name) => [
      name,
      ...baselines.map(({ figures }) =>
        typeof figures === "string"
          ? "failed"
          : (figures.steps?.find((s) => s.step === name)?.rss.toFixed(0) ?? "—"),
      ),
    ]),
  )
}

const dir = mkdtempSync(join(tmpdir(), "mirflow-pipeline-bench-"))
try {
  if (!hasFfmpeg) {
    console.log(
      "ffmpeg is absent: only a float WAV is measured. Install it (Debian: `apt-get install -y ffmpeg`) for the MP3, FLAC and M4A figures.\n",
    )
  }
  const inputs = makeInputs(dir)
  await timings(inputs)
  await stages(inputs[0]!)
  memory(inputs)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
