/**
 * Worker-thread entry that holds an ONNX Runtime session, so that inference never blocks the
 * server's event loop (onnxruntime-node's `run` occupies its calling thread for the whole run).
 * Deliberately lean (onnxruntime-node only, no Effect): it is a whole V8 isolate of its own.
 *
 * Messages in: `{ init: { model, options } }` once, then `{ id, feeds, outputs? }`.
 * Messages out: `{ ready: { provider, inputNames, outputNames, inputMetadata } }` or
 * `{ failed: reason }`; then `{ id, outputs }` or `{ id, error }` per run.
 *
 * @module
 */
import { parentPort } from "node:worker_threads"
import * as ort from "onnxruntime-node"
import { firstLine, ortOptions, type SessionOptions } from "../../model/onnx/session-options.ts"
import { type PlainTensor, plainTensor, tensorOf, transferables } from "./plain-tensor.ts"

const port = parentPort
if (port === null) throw new Error("session-worker.ts runs as a worker thread")

let session: ort.InferenceSession | undefined

/** The session on the requested provider, or on the CPU when that one cannot start. */
const open = async (model: Uint8Array, options: SessionOptions) => {
  const requested = options.provider ?? "cpu"
  if (requested !== "cpu") {
    try {
      return {
        session: await ort.InferenceSession.create(model, ortOptions(requested, options)),
        provider: requested,
      }
    } catch {
      // Falls through to the CPU; the main thread logs which provider runs.
    }
  }
  return {
    session: await ort.InferenceSession.create(model, ortOptions("cpu", options)),
    provider: "cpu" as const,
  }
}

interface RunMessage {
  readonly id: number
  readonly feeds: Readonly<Record<string, PlainTensor>>
  readonly outputs?: ReadonlyArray<string>
}

port.on(
  "message",
  async (message: { init?: { model: Uint8Array; options: SessionOptions } } & Partial<RunMessage>) => {
    if (message.init !== undefined) {
      try {
        const opened = await open(message.init.model, message.init.options)
        session = opened.session
        port.postMessage({
          ready: {
            provider: opened.provider,
            inputNames: [...session.inputNames],
            outputNames: [...session.outputNames],
            inputMetadata: session.inputMetadata,
          },
        })
      } catch (e) {
        port.postMessage({ failed: firstLine(e) })
      }
      return
    }
    const { id, feeds, outputs } = message as RunMessage
    try {
      const tensors = Object.fromEntries(Object.entries(feeds).map(([name, t]) => [name, tensorOf(t)]))
      const result =
        outputs === undefined ? await session!.run(tensors) : await session!.run(tensors, [...outputs])
      const plain = Object.fromEntries(Object.entries(result).map(([name, t]) => [name, plainTensor(t)]))
      port.postMessage({ id, outputs: plain }, transferables(plain))
    } catch (e) {
      port.postMessage({ id, error: firstLine(e) })
    }
  },
)
