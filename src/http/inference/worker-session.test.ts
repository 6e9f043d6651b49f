import { readFileSync } from "node:fs"
import { Effect } from "effect"
import * as ort from "onnxruntime-node"
import { describe, expect, it } from "vitest"
import { testModelPath } from "../../../test/support/http-server.ts"
import { openSession } from "../../model/onnx/session.ts"
import { openWorkerSession } from "./worker-session.ts"

const model = new Uint8Array(readFileSync(`${testModelPath}/model.onnx`))

/** Feeds of `n` windows with deterministic content. */
const feeds = (n: number) => {
  const mel = Float32Array.from({ length: n * 128 * 128 }, (_, i) => 1e-3 * (1 + Math.sin(i * 0.37)) ** 2)
  const features = Float32Array.from({ length: n * 103 }, (_, i) => Math.cos(i * 0.11))
  return {
    spectrogram: new ort.Tensor("float32", mel, [n, 128, 128]),
    features: new ort.Tensor("float32", features, [n, 103]),
  }
}

describe("openWorkerSession", () => {
  it("answers exactly what a session in this thread answers", async () => {
    const [inThread, inWorker] = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const local = yield* openSession(model, { intraOpThreads: 1 })
          const remote = yield* openWorkerSession(model, { intraOpThreads: 1 })
          expect(remote.inputNames).toEqual(local.inputNames)
          expect(remote.outputNames).toEqual(local.outputNames)
          return [yield* local.run(feeds(3)), yield* remote.run(feeds(3))] as const
        }),
      ),
    )
    for (const name of Object.keys(inThread)) {
      expect(inWorker[name]!.dims).toEqual(inThread[name]!.dims)
      expect(Array.from(inWorker[name]!.data as Float32Array)).toEqual(
        Array.from(inThread[name]!.data as Float32Array),
      )
    }
  })

  it("leaves the event loop free while a run computes", async () => {
    const { ticks, runMs } = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const session = yield* openWorkerSession(model, { intraOpThreads: 1 })
          let ticks = 0
          const timer = setInterval(() => ticks++, 2)
          const started = performance.now()
          yield* session.run(feeds(256))
          const runMs = performance.now() - started
          clearInterval(timer)
          return { ticks, runMs }
        }),
      ),
    )
    // A run in this thread would let no timer fire until it ended.
    expect(runMs).toBeGreaterThan(30)
    expect(ticks).toBeGreaterThanOrEqual(5)
  })

  it("checks feeds against the model's inputs, and fails a bad model with OnnxSessionError", async () => {
    const error = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const session = yield* openWorkerSession(model)
          return yield* Effect.flip(
            session.run({ nope: new ort.Tensor("float32", new Float32Array(1), [1]) }),
          )
        }),
      ),
    )
    expect(error._tag).toBe("OnnxFeedError")
    const broken = await Effect.runPromise(
      Effect.scoped(Effect.flip(openWorkerSession(new Uint8Array([1, 2, 3])))),
    )
    expect(broken._tag).toBe("OnnxSessionError")
  })
})
