/**
 * Live classification over the `/classify/live` WebSocket: sends raw mono PCM as it would come from a
 * microphone, and prints each window's prediction as the server answers, then the summary.
 *
 *   npm run example examples/live-classification.ts -- [ws-url] [--speed N]
 *
 * The audio is the bundled demo, decoded and resampled to 16 kHz by mirflow's own stream stages and
 * sent as 32-bit float samples in 250 ms messages, paced like a live source (`--speed 4`: four times
 * faster). With a URL (`ws://localhost:8000/classify/live`) it talks to that server; without one it
 * starts the service in this process on 127.0.0.1 and a free port, with the bundled model.
 */
import { NodeServices } from "@effect/platform-node"
import { Effect, Schema } from "effect"
import { defaultServerConfig, LiveMessage, startServer } from "mirflow/http"
import { collectMono, monoStream } from "mirflow/stream"
import WebSocket from "ws"

const args = process.argv.slice(2)
const speedAt = args.indexOf("--speed")
const speed = speedAt >= 0 ? Number(args.splice(speedAt, 2)[1]) : 1
const url = args[0]
const demo = new URL("audio/demo.mp3", import.meta.url).pathname
const SAMPLE_RATE = 16000
const MESSAGE_SECONDS = 0.25

const decodeMessage = Schema.decodeUnknownSync(Schema.fromJsonString(LiveMessage))
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The demo as 250 ms messages of little-endian float32 samples (what `format=f32le` expects). */
const pcmMessages = async (): Promise<Buffer[]> => {
  const samples = await Effect.runPromise(collectMono(monoStream(demo, { sampleRate: SAMPLE_RATE })))
  const perMessage = MESSAGE_SECONDS * SAMPLE_RATE
  const messages: Buffer[] = []
  for (let at = 0; at < samples.length; at += perMessage) {
    const part = samples.slice(at, at + perMessage) // a copy, so its buffer holds only these samples
    messages.push(Buffer.from(part.buffer)) // float32 in memory is little-endian on every Node platform
  }
  return messages
}

const classifyLive = async (endpoint: string) => {
  const messages = await pcmMessages()
  const socket = new WebSocket(`${endpoint}?sample_rate=${SAMPLE_RATE}&format=f32le&window=3&hop=1.5`)
  const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)))
  socket.on("message", (data) => {
    const message = decodeMessage(String(data))
    if (message.type === "ready")
      console.log(
        `ready: ${message.sample_rate} Hz ${message.format}, ${message.window} s windows every ${message.hop} s`,
      )
    else if (message.type === "window")
      console.log(
        `  ${message.start.toFixed(1).padStart(5)}–${message.end.toFixed(1).padStart(4)} s  genre ${message.genre?.label}  mood ${message.mood?.label}  bpm ${message.bpm?.value.toFixed(0)}`,
      )
    else if (message.type === "summary")
      console.log(
        `summary of ${message.windows} windows (${message.duration.toFixed(1)} s): genre ${message.genre?.label} (${message.genre?.confidence.toFixed(2)} of the votes), bpm ${message.bpm?.value.toFixed(1)}, key ${message.key?.label}`,
      )
    else console.log(`error ${message.error.code}: ${message.error.message}`)
  })
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject))
  for (const message of messages) {
    socket.send(message)
    await sleep((MESSAGE_SECONDS * 1000) / speed) // a live source sends as fast as it records
  }
  socket.send("end") // the last windows and the summary follow, then the server closes with 1000
  const code = await closed
  if (code !== 1000) throw new Error(`the server closed the session with code ${code}`)
}

if (url !== undefined) await classifyLive(url)
else {
  const program = Effect.scoped(
    Effect.gen(function* () {
      const server = yield* startServer({ ...defaultServerConfig, host: "127.0.0.1", port: 0, workers: 1 })
      yield* server.modelLoaded
      yield* Effect.promise(() => classifyLive(`${server.url.replace(/^http/, "ws")}/classify/live`))
    }),
  )
  await Effect.runPromise(program.pipe(Effect.provide(NodeServices.layer)))
}
