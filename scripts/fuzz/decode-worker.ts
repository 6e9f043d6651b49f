/**
 * The worker thread that decodes fuzz inputs, one at a time, so that the supervising thread can stop
 * a hang (a synchronous loop or a WebAssembly one cannot be interrupted from its own thread) and
 * survive a crash. Messages: `{ type: "decode", bytes, chunkSizes }` → a `DecodeReport`;
 * `{ type: "memory" }` → memory after a full garbage collection.
 *
 * @module
 */
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { parentPort } from "node:worker_threads"
import { Cause, Effect, Exit, References, Stream } from "effect"
import { decodeAll } from "../../src/stream/decode/decode.ts"
import type { DecodeReport } from "./outcome.ts"

setFlagsFromString("--expose-gc")
const gc = runInNewContext("gc") as () => void

const port = parentPort
if (port === null) throw new Error("decode-worker.ts runs as a worker thread")

const chunked = (bytes: Uint8Array, sizes: ReadonlyArray<number>): Uint8Array[] => {
  const out: Uint8Array[] = []
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length]!
    out.push(bytes.subarray(at, at + n))
    at += n
  }
  return out
}

/** Checks what every decoded result must satisfy; returns the broken rule. */
const invariant = (rate: number, channels: ReadonlyArray<Float32Array>): string | undefined => {
  if (!(rate > 0 && Number.isFinite(rate))) return `sample rate ${rate}`
  if (channels.length === 0) return "no channels"
  if (channels.some((c) => c.length !== channels[0]!.length)) return "channels of different lengths"
  if (channels[0]!.length === 0) return "audio of 0 frames"
  return undefined
}

const countNonFinite = (channels: ReadonlyArray<Float32Array>): number => {
  let n = 0
  for (const c of channels) for (let i = 0; i < c.length; i++) if (!Number.isFinite(c[i]!)) n++
  return n
}

const describeCause = (cause: unknown) =>
  cause instanceof Error || (typeof cause === "object" && cause !== null && "message" in cause)
    ? { name: (cause as Error).constructor?.name ?? "Error", message: String((cause as Error).message) }
    : { name: typeof cause, message: String(cause) }

const decode = async (bytes: Uint8Array, chunkSizes: ReadonlyArray<number> | undefined) => {
  const started = performance.now()
  const input =
    chunkSizes === undefined ? bytes : Stream.fromIterable(chunked(bytes, chunkSizes), { chunkSize: 1 })
  // A truncated input logs a warning; thousands of them would bury the summary.
  const exit = await Effect.runPromiseExit(
    decodeAll(input).pipe(Effect.provideService(References.MinimumLogLevel, "Error")),
  )
  const ms = performance.now() - started
  if (Exit.isSuccess(exit)) {
    const { sampleRate, channels, truncated } = exit.value
    const invalid = invariant(sampleRate, channels)
    return {
      kind: "audio",
      sampleRate,
      channels: channels.length,
      frames: channels[0]?.length ?? 0,
      truncated,
      nonFinite: countNonFinite(channels),
      ...(invalid === undefined ? {} : { invalid }),
      ms,
    } satisfies DecodeReport
  }
  const failure = Cause.findErrorOption(exit.cause)
  if (failure._tag === "Some") {
    const error = failure.value as { _tag?: string; message?: string; cause?: unknown }
    return {
      kind: "error",
      tag: error._tag ?? "untagged",
      message: String(error.message),
      ...(error.cause === undefined ? {} : { cause: describeCause(error.cause) }),
      ms,
    } satisfies DecodeReport
  }
  return { kind: "defect", message: Cause.pretty(exit.cause).slice(0, 2000), ms } satisfies DecodeReport
}

port.on(
  "message",
  async (message: { type: "decode"; bytes: Uint8Array; chunkSizes?: number[] } | { type: "memory" }) => {
    if (message.type === "memory") {
      // Twice, with a turn of the event loop between: WebAssembly memories and array buffers of freed
      // codecs are released by finalizers that run after the first collection.
      gc()
      await new Promise((resolve) => setImmediate(resolve))
      gc()
      port.postMessage(process.memoryUsage())
      return
    }
    port.postMessage(await decode(message.bytes, message.chunkSizes))
  },
)
