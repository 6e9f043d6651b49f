/**
 * An ONNX Runtime session that runs in a worker thread (`session-worker.ts`), with the same
 * interface as `openSession` of the model layer, so the classifier uses it unchanged
 * (`makeClassifier({ openSession: openWorkerSession })`). The server's event loop only moves
 * tensors; ORT's run, which blocks its thread, happens in the worker. Runs are answered in order.
 *
 * @module
 */
import { readFile } from "node:fs/promises"
import { Worker } from "node:worker_threads"
import { Effect, type Scope } from "effect"
import type * as ort from "onnxruntime-node"
import {
  checkFeeds,
  type ExecutionProvider,
  type OnnxSession,
  type SessionOptions,
} from "../../model/onnx/session.ts"
import { OnnxRunError, OnnxSessionError } from "../../schema/errors/model.ts"
import { type PlainTensor, plainTensor, tensorOf, transferables } from "./plain-tensor.ts"

const workerUrl = new URL(
  import.meta.url.endsWith(".ts") ? "./session-worker.ts" : "./session-worker.js",
  import.meta.url,
)

interface Ready {
  readonly provider: ExecutionProvider
  readonly inputNames: ReadonlyArray<string>
  readonly outputNames: ReadonlyArray<string>
  readonly inputMetadata: ReadonlyArray<ort.InferenceSession.ValueMetadata>
}

type Reply = { readonly id: number } & (
  | { readonly outputs: Record<string, PlainTensor> }
  | { readonly error: string }
)

/** Starts the worker and opens the session in it. */
const start = (model: Uint8Array, options: SessionOptions) =>
  Effect.callback<{ worker: Worker; ready: Ready }, OnnxSessionError>((resume) => {
    const provider = options.provider ?? "cpu"
    const failed = (reason: string) =>
      resume(
        Effect.fail(
          new OnnxSessionError({
            provider,
            reason,
            message: `onnxruntime could not create a session on ${provider}: ${reason}`,
          }),
        ),
      )
    // The worker's own young generation is kept small: it holds a session, not much garbage.
    const worker = new Worker(workerUrl, { resourceLimits: { maxYoungGenerationSizeMb: 8 } })
    worker.once("error", (e) => failed(e.message))
    worker.once("message", (m: { ready?: Ready; failed?: string }) => {
      if (m.ready !== undefined) resume(Effect.succeed({ worker, ready: m.ready }))
      else {
        void worker.terminate()
        failed(m.failed ?? "the session worker did not start")
      }
    })
    worker.postMessage({ init: { model, options } })
  })

/**
 * Opens a session for `model` in a worker thread, for the lifetime of the scope (the worker ends
 * with it). A provider other than `cpu` that cannot start falls back to the CPU (logged).
 */
export const openWorkerSession = (
  model: Uint8Array | string,
  options: SessionOptions = {},
): Effect.Effect<OnnxSession, OnnxSessionError, Scope.Scope> =>
  Effect.gen(function* () {
    const bytes =
      typeof model === "string" ? new Uint8Array(yield* Effect.promise(() => readFile(model))) : model
    const { worker, ready } = yield* Effect.acquireRelease(start(bytes, options), ({ worker }) =>
      Effect.promise(() => worker.terminate()),
    )
    const requested = options.provider ?? "cpu"
    if (ready.provider !== requested)
      yield* Effect.logWarning(
        `onnxruntime: the ${requested} execution provider is unavailable; running on cpu`,
      )

    let nextId = 0
    const pending = new Map<number, (reply: Reply) => void>()
    worker.on("message", (reply: Reply) => {
      pending.get(reply.id)?.(reply)
      pending.delete(reply.id)
    })
    const died = (reason: string) => {
      for (const [id, answer] of pending) answer({ id, error: `the inference worker died: ${reason}` })
      pending.clear()
    }
    worker.on("error", (e) => died(e.message))
    worker.on("exit", (code) => died(`exit code ${code}`))

    const run: OnnxSession["run"] = (feeds, outputs) => {
      const mismatch = checkFeeds(ready.inputMetadata, feeds)
      if (mismatch !== undefined) return Effect.fail(mismatch)
      return Effect.callback<Record<string, ort.Tensor>, OnnxRunError>((resume) => {
        const id = nextId++
        pending.set(id, (reply) =>
          resume(
            "error" in reply
              ? Effect.fail(new OnnxRunError({ message: reply.error }))
              : Effect.succeed(
                  Object.fromEntries(Object.entries(reply.outputs).map(([k, t]) => [k, tensorOf(t)])),
                ),
          ),
        )
        const plain = Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, plainTensor(t)]))
        worker.postMessage(
          { id, feeds: plain, ...(outputs !== undefined && { outputs }) },
          transferables(plain),
        )
      })
    }
    return {
      provider: ready.provider,
      inputNames: ready.inputNames,
      outputNames: ready.outputNames,
      run,
    } satisfies OnnxSession
  })
