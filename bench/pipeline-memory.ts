/**
 * The child process of `pipeline.bench.ts`'s memory check: streams one input through the whole mel
 * pipeline (decode → mixdown → resample(22050) → frame → stft → mel), consuming each mel block as it
 * comes, and prints one JSON line with its resident memory. It runs under plain `node` on the
 * TypeScript sources (Node 24 strips the types), not under tsx, whose compiler service would count
 * against the pipeline.
 *
 * Usage: `node bench/pipeline-memory.ts <mp3|flac|wav> <file> <seconds>`: a file of the format is
 * streamed again and again (`ffmpeg -stream_loop … -c copy`, no re-encoding) until `seconds` of audio
 * have gone through; `wav` synthesizes the samples instead (an endless WAV, sizes unknown).
 * `node bench/pipeline-memory.ts baseline` only loads the modules and the codecs, and says what each
 * added to the resident memory. `pipeline.bench.ts` also runs it compiled to JavaScript.
 */
import { spawn } from "node:child_process"

// Loaded one by one, so that the baseline can say what each part of the code costs in memory.
const steps: Array<{ step: string; rss: number }> = [{ step: "node itself", rss: process.memoryUsage.rss() }]
const loaded = <A>(step: string, module: A): A => {
  steps.push({ step, rss: process.memoryUsage.rss() })
  return module
}
const { Effect, Stream } = loaded("effect", await import("effect"))
const { melStream } = loaded("mirflow's pipeline modules", await import("../src/stream/pipeline.ts"))
const { createFormatDecoder } = await import("../src/stream/decode/format-decoders.ts")
const { musicSignal } = await import("../test/support/music-signal.ts")

const RATE = 44100

/** Resident memory and its parts (MiB): what V8's heap holds, what array buffers and WASM memories hold. */
const memory = () => {
  const m = process.memoryUsage()
  const mib = (bytes: number) => bytes / 2 ** 20
  return {
    rss: mib(m.rss),
    heapTotal: mib(m.heapTotal),
    heapUsed: mib(m.heapUsed),
    external: mib(m.external),
    arrayBuffers: mib(m.arrayBuffers),
  }
}

/** An endless-looking float WAV of the music signal (header sizes 0xFFFFFFFF), 1 s per chunk. */
const synthesizedWav = (seconds: number) => {
  const header = new Uint8Array(44)
  const view = new DataView(header.buffer)
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i))
  }
  ascii(0, "RIFF")
  view.setUint32(4, 0xffffffff, true)
  ascii(8, "WAVEfmt ")
  view.setUint32(16, 16, true)
  view.setUint16(20, 3, true) // IEEE float
  view.setUint16(22, 2, true)
  view.setUint32(24, RATE, true)
  view.setUint32(28, RATE * 8, true)
  view.setUint16(32, 8, true)
  view.setUint16(34, 32, true)
  ascii(36, "data")
  view.setUint32(40, 0xffffffff, true)
  const [left, right] = musicSignal(RATE, 2, 1)
  const second = new Float32Array(2 * RATE)
  for (let i = 0; i < RATE; i++) {
    second[2 * i] = left![i]!
    second[2 * i + 1] = right![i]!
  }
  const bytes = new Uint8Array(second.buffer)
  return Stream.concat(
    Stream.succeed(header),
    Stream.take(Stream.forever(Stream.succeed(bytes.slice())), seconds),
  )
}

/** `file` looped by ffmpeg without re-encoding until `seconds` have passed, as a piped byte stream. */
const loopedFile = (format: string, file: string, seconds: number) => {
  const child = spawn(
    "ffmpeg",
    [
      "-hide_banner",
      "-loglevel",
      "error",
      "-nostdin",
      "-stream_loop",
      "-1",
      "-i",
      file,
      "-t",
      String(seconds),
    ].concat(["-c", "copy", "-f", format, "-"]),
    { stdio: ["ignore", "pipe", "inherit"] },
  )
  return child.stdout
}

const [kind = "baseline", file = "", secondsArgument = "3600"] = process.argv.slice(2)
const seconds = Number(secondsArgument)
if (kind === "baseline") {
  loaded("the MP3 codec (mpg123, WebAssembly)", await createFormatDecoder("mp3"))
  loaded("the FLAC codec (libFLAC, WebAssembly)", await createFormatDecoder("flac"))
  const mib = steps.map(({ step, rss }) => ({ step, rss: rss / 2 ** 20 }))
  console.log(JSON.stringify({ seconds: 0, wall: 0, frames: 0, peak: memory(), steps: mib }))
} else {
  const input = kind === "wav" ? synthesizedWav(seconds) : loopedFile(kind, file, seconds)
  let peak = memory()
  let frames = 0
  const start = performance.now()
  await Effect.runPromise(
    Stream.runForEach(melStream(input, { decode: { maxDuration: 2 * seconds } }), (block) =>
      Effect.sync(() => {
        frames += block.mel.frames
        const now = memory()
        if (now.rss > peak.rss) peak = now
      }),
    ),
  )
  const wall = (performance.now() - start) / 1000
  console.log(JSON.stringify({ seconds: (frames * 512) / 22050, wall, frames, peak }))
}
