/**
 * Decoding: time to decode 30 s of 44.1 kHz stereo in each format, by mirflow (the WASM codecs behind
 * the streaming driver), by the same codec called directly, and by node-web-audio-api (a native peer
 * that only decodes whole buffers); the time to the first chunk when streaming; and the peak resident
 * memory of a process that decodes a one-hour stream (WAV synthesized on the fly, MP3 and FLAC piped
 * from a live ffmpeg).
 *
 * The inputs are the test music signal encoded by ffmpeg into a temporary folder; without ffmpeg only
 * the WAV figures are printed. Wall times are medians; CPU time (user + system) is printed beside them
 * because the machine may be shared. Run: `npx tsx bench/decode.bench.ts`.
 */
import { spawn, spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Effect, Stream } from "effect"
import { encodeWav } from "../src/dsp/wav.ts"
import { createFormatDecoder } from "../src/stream/decode/format-decoders.ts"
import { decodeAll, decodeAudio, openAudio } from "../src/stream/decode/index.ts"
import type { DecodableFormat } from "../src/stream/decode/sniff.ts"
import { type CodecName, loadCodec } from "../src/stream/decode/wasm-codec.ts"
import { musicSignal } from "../test/support/music-signal.ts"
import { figure, machine, table } from "./support.ts"

const SECONDS = 30
const RATE = 44100

/** Median wall and CPU milliseconds of an async function over `runs` runs after `warmup`. */
const timeAsync = async (fn: () => Promise<unknown>, runs = 7, warmup = 2) => {
  for (let i = 0; i < warmup; i++) await fn()
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    await fn()
    wall.push(performance.now() - t0)
    const c = process.cpuUsage(c0)
    cpu.push((c.user + c.system) / 1000)
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!
  return { wall: median(wall), min: Math.min(...wall), cpu: median(cpu) }
}
const ms = (t: { wall: number; min: number; cpu: number } | undefined) =>
  t === undefined ? "—" : `${t.wall.toFixed(0)} (min ${t.min.toFixed(0)}, cpu ${t.cpu.toFixed(0)})`

const hasFfmpeg = spawnSync("ffmpeg", ["-version"]).status === 0
const ffmpeg = (args: ReadonlyArray<string>) => {
  const run = spawnSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", ...args])
  if (run.status !== 0) throw new Error(`ffmpeg ${args.join(" ")}: ${run.stderr}`)
}

interface Case {
  readonly label: string
  readonly file: string
  readonly format: DecodableFormat
  readonly codec?: CodecName
}

/** Encodes the 30 s music signal into every format; returns the files. */
const makeInputs = (dir: string): Case[] => {
  const source = join(dir, "source.wav")
  writeFileSync(source, encodeWav(musicSignal(RATE, 2, SECONDS), RATE, "float32"))
  const wav = join(dir, "pcm16.wav")
  const cases: Case[] = [{ label: "WAV 16-bit", file: wav, format: "wav" }]
  if (!hasFfmpeg) {
    writeFileSync(wav, readFileSync(source)) // float WAV stands in for 16-bit
    return cases
  }
  ffmpeg(["-i", source, "-c:a", "pcm_s16le", wav])
  const encode = (label: string, name: string, format: DecodableFormat, codec: CodecName, args: string[]) => {
    const file = join(dir, name)
    ffmpeg(["-i", source, ...args, file])
    cases.push({ label, file, format, codec })
  }
  encode("MP3 192k", "a.mp3", "mp3", "mp3", ["-c:a", "libmp3lame", "-b:a", "192k"])
  encode("FLAC", "a.flac", "flac", "flac", ["-c:a", "flac", "-sample_fmt", "s16"])
  encode("M4A/AAC moov first", "fast.m4a", "mp4", "mp4", [
    "-c:a",
    "aac",
    "-b:a",
    "192k",
    "-movflags",
    "+faststart",
  ])
  encode("M4A/AAC moov last", "end.m4a", "mp4", "mp4", ["-c:a", "aac", "-b:a", "192k"])
  encode("Ogg Vorbis q5", "a.ogg", "ogg-vorbis", "vorbis", ["-c:a", "libvorbis", "-q:a", "5"])
  encode("Opus 128k", "a.opus", "ogg-opus", "opus", ["-c:a", "libopus", "-b:a", "128k"])
  return cases
}

/** The codec alone, whole buffer in one call (no driver, no chunking). */
const rawCodec = async (codec: CodecName, bytes: Uint8Array) => {
  const c = await loadCodec(codec)
  await c.decode(bytes)
  await c.flush()
  c.free()
}

/** node-web-audio-api at the file's own rate (no resampling): undefined when it cannot decode. */
const nativeDecode = async (bytes: Uint8Array) => {
  // Imported here so that the memory children do not load it.
  const { OfflineAudioContext } = await import("node-web-audio-api")
  const context = new OfflineAudioContext({ numberOfChannels: 2, length: 1, sampleRate: RATE })
  await context.decodeAudioData(bytes.slice().buffer)
}
const nativeTime = async (bytes: Uint8Array) => {
  try {
    await nativeDecode(bytes)
  } catch {
    return undefined
  }
  return timeAsync(() => nativeDecode(bytes))
}

/** Time from opening a file to holding its first decoded chunk. */
const firstChunk = (file: string) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const opened = yield* openAudio(file)
        yield* Stream.runHead(opened.chunks)
      }),
    ),
  )

const timings = async () => {
  console.log(
    `${machine()}; load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  )
  console.log(`\nDecode ${SECONDS} s of ${RATE} Hz stereo (ms, median of 7; lower is better).\n`)
  if (!hasFfmpeg)
    console.log("ffmpeg is absent: only WAV is measured (install Debian's ffmpeg for the others).\n")
  const dir = mkdtempSync(join(tmpdir(), "mirflow-decode-bench-"))
  try {
    const rows: (string | number)[][] = []
    for (const c of makeInputs(dir)) {
      const bytes = new Uint8Array(readFileSync(c.file))
      const mirflowBuffer = await timeAsync(() => Effect.runPromise(decodeAll(bytes)))
      const mirflowFile = await timeAsync(() => Effect.runPromise(decodeAll(c.file)))
      const raw = c.codec === undefined ? undefined : await timeAsync(() => rawCodec(c.codec!, bytes))
      const native = await nativeTime(bytes)
      const first = await timeAsync(() => firstChunk(c.file))
      figure({
        area: "decode",
        name: `decode ${SECONDS} s of ${c.label} from memory, median`,
        value: mirflowBuffer.wall,
        unit: "ms",
        peer: `node-web-audio-api ${native === undefined ? "fails" : `${native.wall.toFixed(0)} ms`}`,
      })
      rows.push([
        c.label,
        `${(bytes.length / 1024).toFixed(0)} KiB`,
        ms(mirflowBuffer),
        ms(mirflowFile),
        ms(raw),
        native === undefined ? "fails" : ms(native),
        ms(first),
      ])
    }
    table(
      [
        "format",
        "size",
        "mirflow, bytes",
        "mirflow, file",
        "codec alone",
        "node-web-audio-api",
        "first chunk",
      ],
      rows,
    )
    console.log("\nTarget: MP3 → mel ≤ 40 ms on one core (decode is its first part).")
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------------------------------------------
// Memory: one hour streamed, measured in a child process of its own (peak RSS = its maxRSS).

const HOUR = 3600

/** An endless-looking WAV (sizes unknown) of `seconds` of music, synthesized as it is pulled. */
const synthesizedWav = (seconds: number, rate = RATE): Stream.Stream<Uint8Array> => {
  const header = encodeWav([new Float32Array(0), new Float32Array(0)], rate, "float32")
  const view = new DataView(header.buffer)
  view.setUint32(4, 0xffffffff, true)
  view.setUint32(40, 0xffffffff, true)
  const block = musicSignal(rate, 2, 1)
  const pcm = new Uint8Array(rate * 2 * 4)
  const pcmView = new DataView(pcm.buffer)
  for (let i = 0; i < rate; i++) {
    pcmView.setFloat32(i * 8, block[0]![i]!, true)
    pcmView.setFloat32(i * 8 + 4, block[1]![i]!, true)
  }
  return Stream.concat(
    Stream.succeed(header),
    Stream.take(Stream.forever(Stream.succeed(pcm.slice())), seconds),
  )
}

const pipedFfmpeg = (args: ReadonlyArray<string>) => {
  const child = spawn("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", ...args, "-"], {
    stdio: ["ignore", "pipe", "inherit"],
  })
  return child.stdout
}

const memoryChild = async (kind: string) => {
  const lavfi = ["-f", "lavfi", "-i", `sine=frequency=440:sample_rate=${RATE}:duration=${HOUR}`, "-ac", "2"]
  const input =
    kind === "wav"
      ? synthesizedWav(HOUR)
      : kind === "mp3"
        ? pipedFfmpeg([...lavfi, "-c:a", "libmp3lame", "-b:a", "128k", "-f", "mp3"])
        : pipedFfmpeg([...lavfi, "-c:a", "flac", "-sample_fmt", "s16", "-f", "flac"])
  let frames = 0
  let rssAt5Min = 0
  let peakRss = 0
  const t0 = performance.now()
  await Effect.runPromise(
    Stream.runForEach(decodeAudio(input, { maxDuration: 2 * HOUR }), (chunk) =>
      Effect.sync(() => {
        const before = frames
        frames += chunk.channels[0]!.length
        // Sampled here rather than read from maxRSS, which a spawned child inherits from its parent.
        const rss = process.memoryUsage.rss() / 2 ** 20
        peakRss = Math.max(peakRss, rss)
        if (before < 300 * RATE && frames >= 300 * RATE) rssAt5Min = rss
      }),
    ),
  )
  const seconds = (performance.now() - t0) / 1000
  const rssAtEnd = process.memoryUsage.rss() / 2 ** 20
  console.log(JSON.stringify({ frames, seconds, rssAt5Min, rssAtEnd, peakRss }))
}

const memory = () => {
  console.log(
    "\nOne hour streamed through decodeAudio, each in a fresh `node --import tsx` process; resident memory sampled after every chunk.\n",
  )
  const rows: (string | number)[][] = []
  const self = fileURLToPath(import.meta.url)
  const kinds = hasFfmpeg ? ["baseline", "wav", "mp3", "flac"] : ["baseline", "wav"]
  for (const kind of kinds) {
    const run = spawnSync(process.execPath, ["--import", "tsx", self, "memory", kind], { encoding: "utf8" })
    const line = run.stdout.trim().split("\n").pop() ?? ""
    if (run.status !== 0 || !line.startsWith("{")) {
      rows.push([kind, "failed", run.stderr.slice(0, 200), "", ""])
      continue
    }
    const r = JSON.parse(line) as {
      frames: number
      seconds: number
      peakRss: number
      rssAt5Min?: number
      rssAtEnd?: number
    }
    rows.push([
      kind === "baseline"
        ? "baseline (modules loaded, nothing decoded)"
        : kind === "wav"
          ? "WAV float, synthesized"
          : `${kind.toUpperCase()} piped from ffmpeg`,
      r.frames === 0 ? "—" : `${(r.frames / RATE / 60).toFixed(1)} min`,
      r.frames === 0 ? "—" : `${r.seconds.toFixed(1)} s`,
      r.rssAt5Min === undefined ? "—" : `${r.rssAt5Min.toFixed(0)} → ${r.rssAtEnd!.toFixed(0)} MiB`,
      `${r.peakRss.toFixed(0)} MiB`,
    ])
  }
  table(["input", "decoded", "wall", "RSS after 5 min → after 60 min", "peak RSS"], rows)
  if (!hasFfmpeg) console.log("\nffmpeg is absent: the MP3 and FLAC streams are skipped.")
  console.log(
    "\nTarget: the whole pipeline under 200 MB for a one-hour stream; the decoder alone far below (peak minus baseline).",
  )
}

if (process.argv[2] === "memory") {
  if (process.argv[3] === "baseline") {
    await Effect.runPromise(decodeAll(encodeWav(musicSignal(RATE, 2, 0.1), RATE, "float32")))
    await createFormatDecoder("mp3")
    await createFormatDecoder("flac")
    console.log(JSON.stringify({ frames: 0, seconds: 0, peakRss: process.memoryUsage.rss() / 2 ** 20 }))
  } else await memoryChild(process.argv[3] ?? "wav")
} else {
  await timings()
  memory()
}
