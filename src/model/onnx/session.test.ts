import { Effect, Logger } from "effect"
import * as ort from "onnxruntime-node"
import { describe, expect, it } from "vitest"
import { OnnxFeedError } from "../../schema/errors/model.ts"
import { Graph } from "./graph.ts"
import { add } from "./ops/elementwise.ts"
import { openSession } from "./session.ts"

const model = (() => {
  const g = new Graph()
  g.output("y", add(g.input("a", "float", ["batch", 2]), g.input("b", "float", [2])))
  return g.toModel()
})()

const t = (values: number[], dims: number[]) => new ort.Tensor("float32", Float32Array.from(values), dims)

/** Runs `program` and returns its result together with the messages it logged. */
const withLogs = async <A, E>(program: Effect.Effect<A, E>) => {
  const lines: string[] = []
  const logger = Logger.make<unknown, void>(({ message, logLevel }) => {
    lines.push(`${logLevel}: ${(Array.isArray(message) ? message : [message]).join(" ")}`)
  })
  const result = await Effect.runPromise(Effect.result(program.pipe(Effect.provide(Logger.layer([logger])))))
  return { result, lines }
}

describe("ONNX Runtime sessions", () => {
  it("runs, and rejects feeds that name unknown or miss inputs, or have the wrong type", async () => {
    const program = Effect.scoped(
      Effect.gen(function* () {
        const session = yield* openSession(model)
        expect(session.provider).toBe("cpu")
        expect(session.inputNames).toEqual(["a", "b"])
        const ok = yield* session.run({ a: t([1, 2], [1, 2]), b: t([10, 20], [2]) })
        expect(Array.from(ok.y!.data as Float32Array)).toEqual([11, 22])
        return yield* Effect.flip(session.run({ a: t([1, 2], [1, 2]), B: t([10, 20], [2]) }))
      }),
    )
    const error = await Effect.runPromise(program)
    expect(error).toBeInstanceOf(OnnxFeedError)
    expect(error._tag).toBe("OnnxFeedError")
    if (error._tag !== "OnnxFeedError") return
    expect(error.unknown).toEqual(["B"])
    expect(error.missing).toEqual(["b"])
    expect(error.message).toMatch(/unknown: B .*missing: b/)

    const typed = Effect.scoped(
      Effect.gen(function* () {
        const session = yield* openSession(model)
        const b = new ort.Tensor("float64", Float64Array.from([1, 2]), [2])
        return yield* Effect.flip(session.run({ a: t([1, 2], [1, 2]), b }))
      }),
    )
    const mistyped = await Effect.runPromise(typed)
    expect(mistyped._tag === "OnnxFeedError" && mistyped.mistyped).toEqual([
      "b (fed float64, expects float32)",
    ])
  })

  it.each(["cuda", "webgpu"] as const)(
    "falls back to the CPU when %s cannot start, and logs which provider runs",
    async (provider) => {
      const { result, lines } = await withLogs(
        Effect.scoped(
          Effect.gen(function* () {
            const session = yield* openSession(model, { provider, intraOpThreads: 1, optimization: "basic" })
            const out = yield* session.run({ a: t([1, 2], [1, 2]), b: t([1, 1], [2]) })
            return { provider: session.provider, y: Array.from(out.y!.data as Float32Array) }
          }),
        ),
      )
      expect(result._tag).toBe("Success")
      if (result._tag !== "Success") return
      // Where the provider can start (CUDA libraries and a GPU, or a WebGPU adapter) it runs and says so.
      if (result.success.provider === "cpu")
        expect(lines).toContainEqual(
          expect.stringMatching(
            new RegExp(
              `^Warn: onnxruntime: the ${provider} execution provider is unavailable \\(.+\\); running on cpu`,
            ),
          ),
        )
      else expect(lines).toContainEqual(expect.stringMatching(`running on ${provider}`))
      expect(result.success.y).toEqual([2, 3])
    },
  )

  it("releases the session when the scope closes", async () => {
    const leaked = await Effect.runPromise(Effect.scoped(openSession(model)))
    const after = await Effect.runPromise(
      Effect.flip(leaked.run({ a: t([1, 2], [1, 2]), b: t([1, 1], [2]) })),
    )
    expect(after._tag).toBe("OnnxRunError")
  })

  it("reports an invalid model as OnnxSessionError", async () => {
    const error = await Effect.runPromise(Effect.flip(Effect.scoped(openSession(Uint8Array.from([1, 2, 3])))))
    expect(error._tag).toBe("OnnxSessionError")
  })
})
